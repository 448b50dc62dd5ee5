/** Manager settings, the gateway secret, the connection test, the cashier's language and the scanners. */
import type { Language, SettingsView } from '../../../preload/api';
import { msg } from '../messages';
import type { Handlers, ServiceContext } from './context';
import { fail, ok } from './results';
import { isValidTimeZone } from '../../shared/business-date';

export function settingsHandlers(ctx: ServiceContext) {
  const { journal } = ctx.deps;
  return {
    getSettings: () => ok(ctx.requireSettings().view()),
    updateSettings: async ({ pin, personId, patch }) => {
      const auth = ctx.authorise({ pin, personId }, 'settings', 'settings');
      if (!auth.ok) return auth;
      const result = await ctx.requireSettings().update(patch);
      if (!result.ok) return fail(result.code, result.message, result.issues);
      journal.appendEvent({
        at: ctx.now(),
        actor: 'manager',
        type: 'settings.changed',
        personId: auth.person.id,
        entity: 'settings',
        entityId: null,
        data: { keys: result.changed.join(',') },
      });
      adopt(ctx, result.view);
      return ok(result.view);
    },
    answerShopZone: async ({ zone, pin, personId }) => {
      const question = ctx.terminal.shopZoneQuestion;
      const settings = ctx.requireSettings();
      if (!question || !settings.chooseShopZone) return fail('SHOP_ZONE_ANSWERED', msg.shopZoneAnswered);
      if (!isValidTimeZone(zone)) return fail('INVALID_TIME_ZONE', msg.invalidTimeZone(zone));
      // Settings are the manager's once a PIN exists; before that, whoever sets the till up answers (docs/screens.md).
      if (ctx.deps.auth.hasPin()) {
        if (pin === undefined) return fail('WRONG_PIN', msg.shopZonePinNeeded);
        const auth = ctx.authorise({ pin, personId }, 'settings', 'shop_zone');
        if (!auth.ok) return auth;
      }
      const result = await settings.chooseShopZone(zone);
      if (!result.ok) return fail(result.code, result.message, result.issues);
      journal.appendEvent({
        at: ctx.now(),
        actor: ctx.deps.auth.hasPin() ? 'manager' : 'cashier',
        type: 'settings.shop_zone_chosen',
        entity: 'settings',
        entityId: null,
        data: { zone, machineZone: question.machineZone },
      });
      adopt(ctx, result.view);
      return ok(ctx.terminal);
    },
    setSecretKey: async ({ pin, personId, secretKey }) => {
      const auth = ctx.authorise({ pin, personId }, 'settings', 'secret_key');
      if (!auth.ok) return auth;
      await ctx.requireSettings().setSecret(secretKey);
      journal.appendEvent({
        at: ctx.now(),
        actor: 'manager',
        type: 'settings.secret_key_changed',
        personId: auth.person.id,
        entity: 'settings',
        entityId: null,
        data: {},
      });
      return ok(null);
    },
    testConnection: async ({ pin, personId, ...target }) => {
      const auth = ctx.authorise({ pin, personId }, 'settings', 'test_connection');
      if (!auth.ok) return auth;
      const result = await ctx.requireSettings().testConnection(target);
      if (result.clockSkewMs !== null && Math.abs(result.clockSkewMs) > 60_000) {
        ctx.gateway = { ...ctx.gateway, clockSkewMs: result.clockSkewMs };
        ctx.emit({ type: 'gateway', status: ctx.gateway });
      }
      return ok(result);
    },
    setLanguage: ({ language }) => {
      ctx.terminal = { ...ctx.terminal, language: language as Language };
      ctx.deps.saveTerminal?.(ctx.terminal);
      ctx.emit({ type: 'terminal', terminal: ctx.terminal });
      return ok(ctx.terminal);
    },
    listScannerDevices: async () => {
      if (!ctx.deps.scanners) return fail('UNAVAILABLE', msg.internal, 'no scanner service');
      return ok(await ctx.deps.scanners.listDevices());
    },
    setScannerTestMode: ({ on }) => {
      if (!ctx.scannerTest) return fail('UNAVAILABLE', msg.internal, 'no scanner service');
      ctx.scannerTest.set(on);
      return ok(null);
    },
  } satisfies Partial<Handlers>;
}

/** Saved settings become the terminal's at once (zone included: History, reports and receipts follow it). */
function adopt(ctx: ServiceContext, v: SettingsView): void {
  ctx.terminal = {
    ...ctx.terminal,
    posNo: v.posNo,
    merchantName: v.merchantName,
    timeZone: v.timeZone,
    language: v.language,
    soundOn: v.soundOn,
    maxAmountCents: v.maxAmountCents,
    ...(v.amountEntry ? { amountEntry: v.amountEntry } : {}),
    ...(v.largeAmountCents !== undefined ? { largeAmountCents: v.largeAmountCents } : {}),
    latePayments: v.latePayments,
  };
  ctx.emit({ type: 'terminal', terminal: ctx.terminal });
}
