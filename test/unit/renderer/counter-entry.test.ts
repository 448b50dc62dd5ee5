/**
 * Cents-first (EFTPOS) entry, refused digits, the large-amount second Enter and the held-scan keys, on the store
 * with a throwaway PosApi; and the two new settings through the settings form.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { SettingsView } from '../../../preload/api';
import { applyAmountKey, amountTextToCents, pressCentsKey } from '../../../renderer/src/store/amount-entry';
import { routeCashierKey } from '../../../renderer/src/store/cashier-keys';
import { createPosStore } from '../../../renderer/src/store/pos-store';
import { draftFromSettings, patchFromDraft } from '../../../renderer/src/store/settings-form';
import { createFakePosApi, ok, sale, settle, snapshot, TERMINAL } from './fake-pos-api';
import { SANDBOX_GATEWAY_VIEW } from '../../helpers/view-fixtures';

const plain = { editable: false, onButton: false };

async function setup(terminal = { ...TERMINAL, amountEntry: 'cents' as const }) {
  const api = createFakePosApi();
  api.on('getSnapshot', () => ok(snapshot({ terminal })));
  api.on('getExchangeRate', () => ({ ok: false, error: { code: 'X', message: { en: 'x', zh: 'x' } } }));
  api.on('getSettings', () => ({ ok: false, error: { code: 'X', message: { en: 'x', zh: 'x' } } }));
  const store = createPosStore(api);
  store.getState().start();
  await settle();
  return { api, store };
}

describe('cents-first entry', () => {
  it('fills from the cents: 1-2-5-0 is 12.50; Backspace takes the last digit; the point is ignored', () => {
    let text = '';
    for (const k of ['1', '2', '5', '0'] as const) text = pressCentsKey(text, k) as string;
    expect(text).toBe('12.50');
    expect(pressCentsKey(text, '.')).toBe('12.50');
    expect(pressCentsKey(text, 'Backspace')).toBe('1.25');
    expect(pressCentsKey('0.05', 'Backspace')).toBe('');
    expect(pressCentsKey('', '0')).toBe('');
  });

  it('any digits give exactly the integer they spell, in cents', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 9 }), (digits) => {
        let text = '';
        for (const d of digits) text = pressCentsKey(text, String(d) as '0') as string;
        const expected = Number(digits.join('') || '0');
        expect(amountTextToCents(text) ?? 0).toBe(expected);
      }),
    );
  });

  it('refuses a digit past the maximum or past the length, in both modes', () => {
    expect(applyAmountKey('100.00', '1', 'cents', 100_000)).toEqual({ text: '100.00', refused: 'max' });
    expect(applyAmountKey('1000000.00', '1', 'cents')).toEqual({ text: '1000000.00', refused: 'length' });
    expect(applyAmountKey('999', '9', 'decimal', 100_000)).toEqual({ text: '999', refused: 'max' });
    expect(applyAmountKey('9.99', '9', 'decimal')).toEqual({ text: '9.99', refused: 'length' });
    expect(applyAmountKey('0', '0', 'decimal')).toEqual({ text: '0', refused: null });
  });

  it('the store says why a digit was refused instead of dropping it', async () => {
    const { store } = await setup({ ...TERMINAL, amountEntry: 'cents', maxAmountCents: 10_000 });
    for (const k of '10000') routeCashierKey(store, k, plain);
    expect(store.getState().amount).toBe('100.00');
    routeCashierKey(store, '1', plain);
    expect(store.getState().amount).toBe('100.00');
    expect(store.getState().notice).toEqual({
      source: 'ui',
      key: 'notice.amountOverMax',
      vars: { amount: 'A$ 100.00' },
    });
  });
});

describe('large amounts and held scans', () => {
  it('asks for a second Enter at or above the threshold; a changed amount asks again', async () => {
    const { api, store } = await setup({ ...TERMINAL, amountEntry: 'cents', largeAmountCents: 50_000 });
    api.on('startSale', ({ amount }) => ok(sale({ amountCents: amountTextToCents(amount) ?? 0 })));
    for (const k of '50000') routeCashierKey(store, k, plain);
    routeCashierKey(store, 'Enter', plain);
    await settle();
    expect(store.getState().confirmLarge).toBe(50_000);
    expect(api.callsOf('startSale')).toEqual([]);
    routeCashierKey(store, 'Backspace', plain);
    routeCashierKey(store, '0', plain);
    expect(store.getState().confirmLarge).toBeNull();
    routeCashierKey(store, 'Enter', plain);
    routeCashierKey(store, 'Enter', plain);
    await settle();
    expect(api.callsOf('startSale')).toEqual([{ amount: '500.00' }]);
  });

  it('a held scan with an amount typed: Enter charges with it, Esc drops it', async () => {
    const { api, store } = await setup();
    api.on('startSale', () => ok(sale()));
    for (const k of '440') routeCashierKey(store, k, plain);
    const held = { holdId: 'H1', platform: 'WECHATPAY' as const, maskedCode: '••••0000' };
    api.emit({ type: 'scan-held', ...held, expiresAt: Date.now() + 10_000 });
    expect(store.getState().heldScan?.holdId).toBe('H1');
    routeCashierKey(store, 'Escape', plain);
    expect(store.getState().heldScan).toBeNull();
    expect(store.getState().amount).toBe('4.40');
    expect(store.getState().scanNotice?.message.en).toContain('dropped');
    api.emit({ type: 'scan-held', ...held, holdId: 'H2', expiresAt: Date.now() + 10_000 });
    routeCashierKey(store, 'Enter', plain);
    await settle();
    expect(api.callsOf('startSale')).toEqual([{ amount: '4.40', heldScanId: 'H2' }]);
  });

  it('a held scan with no amount typed says so and is not kept', async () => {
    const { store, api } = await setup();
    api.emit({ type: 'scan-held', holdId: 'H1', platform: 'ALIPAY', maskedCode: '••0000', expiresAt: 1e15 });
    expect(store.getState().heldScan).toBeNull();
    expect(store.getState().scanNotice?.message.en).toContain('type the amount first');
  });
});

describe('settings: amount entry and large amount', () => {
  const view = {
    posNo: 'T01',
    merchantName: 'M',
    orderName: 'O',
    timeZone: 'Australia/Sydney',
    language: 'en',
    soundOn: true,
    maxAmountCents: 5_000_000,
    latePayments: 'refund',
    gateway: SANDBOX_GATEWAY_VIEW,
    scanner: { kind: 'none' },
    printer: null,
    secretStorage: 'none',
  } satisfies SettingsView;

  it('defaults to cents first and A$ 500; sends what the manager chose', () => {
    const draft = draftFromSettings(view);
    expect(draft.amountEntry).toBe('cents');
    expect(draft.largeAmount).toBe('500.00');
    const result = patchFromDraft({ ...draft, amountEntry: 'decimal', largeAmount: '1,000' }, view);
    expect(result.ok && result.patch).toMatchObject({ amountEntry: 'decimal', largeAmountCents: 100_000 });
    const never = patchFromDraft({ ...draft, largeAmount: '0' }, view);
    expect(never.ok && never.patch.largeAmountCents).toBe(0);
    const bad = patchFromDraft({ ...draft, largeAmount: 'lots' }, view);
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.errors.largeAmount).toBe('settings.error.largeAmount');
  });
});
