/** Taking a payment: the counter's snapshot, starting a sale (scan or QR), codes, waiting, voiding, clearing. */
import { STORE_LINK_OFF } from '../../store-link/off-status';
import { recognisePaymentCode } from '../../scanner/payment-code';
import { maskCode } from '../ids';
import { msg } from '../messages';
import type { Handlers, ServiceContext } from './context';
import { fail, ok } from './results';
import { handleScan } from './scans';
import { looksLikeBadge } from '../../people/badges';
import { peopleWords } from '../../people/words';

export function saleHandlers(ctx: ServiceContext) {
  const { engine } = ctx.deps;
  return {
    getSnapshot: () => {
      const active = engine.activeSale;
      return ok({
        terminal: ctx.terminal,
        activeSale: active ? ctx.view(active) : null,
        scanner: ctx.scannerView(),
        gateway: ctx.gateway,
        unresolvedCount: engine.unresolvedCount(),
        storeLink: ctx.deps.storeLink?.status() ?? STORE_LINK_OFF,
        people: ctx.peopleView(),
      });
    },
    startSale: ({ amount, heldScanId }) => {
      const gate = ctx.people.requireSignedIn('startSale');
      if (gate) return fail(gate.code, gate.message);
      const cents = ctx.parseAmount(amount);
      const blocked = ctx.storage.check();
      if (blocked) return fail(blocked.code, blocked.message, blocked.detail);
      if (heldScanId === undefined) return ok(ctx.view(engine.startSale(cents)));
      if (!ctx.held.isHeld(heldScanId)) return fail('HELD_SCAN_EXPIRED', msg.heldScanExpired);
      const code = ctx.held.take(heldScanId) ?? '';
      const started = engine.startSale(cents);
      const { sale } = engine.submitCode(started.id, code);
      const recognised = recognisePaymentCode(code);
      if (recognised.ok) {
        ctx.emit({ type: 'scan-accepted', platform: recognised.platform, maskedCode: maskCode(code) ?? '' });
      }
      return ok(ctx.view(sale));
    },
    startQrSale: async ({ amount, platform, kind }) => {
      const gate = ctx.people.requireSignedIn('startQrSale');
      if (gate) return fail(gate.code, gate.message);
      const cents = ctx.parseAmount(amount);
      const blocked = ctx.storage.check();
      if (blocked) return fail(blocked.code, blocked.message, blocked.detail);
      const { sale } = await engine.startQrSale(cents, platform, kind);
      return ok(ctx.view(sale));
    },
    submitCode: ({ saleId, code }) => {
      // A badge typed or pasted into the code field is never a payment code.
      if (looksLikeBadge(code)) return fail('CODE_REJECTED', peopleWords.badgeNotPayment);
      const gate = ctx.people.requireSignedIn('submitCode');
      if (gate) return fail(gate.code, gate.message);
      const blocked = ctx.storage.check();
      if (blocked) return fail(blocked.code, blocked.message, blocked.detail);
      const { sale } = engine.submitCode(saleId, code);
      return ok(ctx.view(sale));
    },
    reportKeypad: ({ hasAmount }) => {
      ctx.keypad.report(hasAmount);
      return ok(null);
    },
    submitWedgeScan: ({ code }) => {
      ctx.noteWedgeScan();
      // Through the scanner service when attached, so a wedge scan is de-duplicated like any other scan.
      if (ctx.wedgeSink) ctx.wedgeSink(code);
      else handleScan(ctx, code);
      return ok(undefined);
    },
    stopWaiting: ({ saleId }) => {
      const gate = ctx.people.requireSignedIn('stopWaiting');
      if (gate) return fail(gate.code, gate.message);
      return ok(ctx.view(engine.stopWaiting(saleId)));
    },
    clearSale: ({ saleId }) => {
      const gate = ctx.people.requireSignedIn('clearSale');
      if (gate) return fail(gate.code, gate.message);
      engine.clearSale(saleId);
      // The counter moved on: the customer display stops showing this sale's words, and an idle sign-out that
      // waited for the sale (an unresolved one leaves the counter without a sale event) happens now.
      ctx.emit({ type: 'counter-free', saleId });
      ctx.people.saleChanged();
      return ok(null);
    },
    voidSale: ({ saleId, pin, personId }) => {
      const gate = ctx.people.requireSignedIn('voidSale');
      if (gate) return fail(gate.code, gate.message);
      // No-sign-in mode keeps the counter's void as it always was (no PIN); signed in, voiding is a permission.
      let by = ctx.people.actingId();
      if (pin !== undefined) {
        const auth = ctx.authorise({ pin, personId }, 'void', 'void');
        if (!auth.ok) return auth;
        by = auth.person.id;
      } else if (ctx.people.mode() === 'sign_in' && !ctx.people.actingMay('void')) {
        const refused = ctx.people.notAllowedNow('void');
        return fail(refused.code, refused.message);
      }
      return ok(ctx.view(engine.voidSale(saleId, by)));
    },
  } satisfies Partial<Handlers>;
}
