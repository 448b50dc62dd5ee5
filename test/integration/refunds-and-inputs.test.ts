/**
 * Refunds, manager PIN enforcement and hostile inputs through PosService, against the real
 * sandbox and journal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PosMethod } from '../../contract';
import { dispatchPosCall } from '../../contract/edge';
import type { SaleView } from '../../preload/api';
import { scenario, startHarness, unwrap, type Harness } from '../helpers/runtime-harness';

let h: Harness;
const PIN = '2468';

beforeAll(async () => {
  h = await startHarness();
  unwrap(await h.runtime.api.setManagerPin({ newPin: PIN, setupCode: h.runtime.setupCode() ?? '' }));
});
afterAll(async () => {
  await h?.close();
});

const paidSale = (amount: string): Promise<SaleView> => h.sell(amount, scenario('wechat', '0000'));
/** A refund the manager's PIN approves. */
const refundWithPin = (saleId: string, amount: string, reason: string) =>
  h.runtime.api.refund({ saleId, amount, reason, pin: PIN });

function journalCounts() {
  // Observable state: history and sale details are all read through the API.
  return h.runtime.api.searchHistory({ limit: 500 }).then((r) => (r.ok ? r.value.length : -1));
}

describe('refunds', () => {
  it('partial then full refund; the remaining balance is enforced before sending', async () => {
    const sale = await paidSale('30.00');
    const first = unwrap(await refundWithPin(sale.id, '10.00', 'one item'));
    expect(first.status).toBe('APPLIED');
    expect(first.refundNo).toBeTruthy();
    const over = await refundWithPin(sale.id, '20.01', 'too much');
    expect(over.ok).toBe(false);
    if (!over.ok) expect(over.error.code).toBe('AMOUNT_OVER_LIMIT');
    const rest = unwrap(await refundWithPin(sale.id, '20.00', 'rest'));
    expect(rest.amountCents).toBe(2000);
    const detail = unwrap(await h.runtime.api.getSaleDetail({ saleId: sale.id }));
    expect(detail.refundableCents).toBe(0);
    expect(detail.refunds).toHaveLength(2);
    const sandboxRefunds = h.runtime.sandbox!.control.listRefunds().filter((r) => r.orderNo === sale.orderNo);
    expect(sandboxRefunds.map((r) => r.amount).sort((a, b) => a - b)).toEqual([1000, 2000]);
  });

  it('tracks a refund with QueryRefund until Omipay closes it', async () => {
    const sale = await paidSale('7.00');
    const refund = unwrap(await refundWithPin(sale.id, '7.00', ''));
    const closed = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('refund never closed')), 10_000);
      const off = h.runtime.api.onEvent((e) => {
        if (e.type === 'refund' && e.refund.id === refund.id && e.refund.final) {
          clearTimeout(timer);
          off();
          resolve(e.refund.status);
        }
      });
    });
    expect(closed).toBe('CLOSED');
  });

  it('an unknown refund outcome is retried with the same out_refund_no and never refunds twice', async () => {
    const sale = await paidSale('15.00');
    h.runtime.sandbox!.control.injectFault({ fault: { kind: 'reset' }, api: 'Refund', times: 1 });
    const refund = unwrap(await refundWithPin(sale.id, '15.00', 'lost reply'));
    expect(refund.status).toBe('unknown');
    expect(refund.message?.en).toMatch(/do not refund again/i);
    // A second refund is refused while the first one counts against the balance.
    const again = await refundWithPin(sale.id, '1.00', 'again');
    expect(again.ok).toBe(false);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('refund not retried')), 10_000);
      const off = h.runtime.api.onEvent((e) => {
        if (e.type === 'refund' && e.refund.id === refund.id && e.refund.refundNo) {
          clearTimeout(timer);
          off();
          resolve();
        }
      });
    });
    const atGateway = h.runtime.sandbox!.control.listRefunds().filter((r) => r.orderNo === sale.orderNo);
    expect(atGateway).toHaveLength(1);
    expect(atGateway[0]!.outRefundNo).toBe(refund.outRefundNo);
  });

  it('refuses refunds of unpaid sales', async () => {
    const sale = unwrap(await h.runtime.api.startSale({ amount: '3.00' }));
    const r = await refundWithPin(sale.id, '1.00', '');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('ORDER_NOT_PAID');
  });
});

describe('manager PIN', () => {
  it('locks after five wrong PINs, also for the right PIN, and every attempt is logged', async () => {
    const sale = await paidSale('2.00');
    for (let i = 0; i < 5; i++) {
      const r = await h.runtime.api.refund({ saleId: sale.id, amount: '1.00', reason: '', pin: '0000' });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(['WRONG_PIN', 'PIN_LOCKED']).toContain(r.error.code);
    }
    const locked = await refundWithPin(sale.id, '1.00', '');
    expect(locked.ok).toBe(false);
    if (!locked.ok) {
      expect(locked.error.code).toBe('PIN_LOCKED');
      expect(locked.error.retryAfter).toBeGreaterThan(Date.now());
    }
    const detail = unwrap(await h.runtime.api.getSaleDetail({ saleId: sale.id }));
    expect(detail.refunds).toHaveLength(0);
  });
});

describe('hostile and malformed arguments', () => {
  const bad: Array<[PosMethod, unknown]> = [
    ['startSale', { amount: '-5' }],
    ['startSale', { amount: '1e3' }],
    ['startSale', { amount: '0.001' }],
    ['startSale', { amount: 12.5 }],
    ['startSale', { amount: '99999999999' }],
    ['startSale', { amount: '1', extra: true }],
    ['startSale', null],
    ['submitCode', { saleId: '../../etc', code: scenario('wechat', '0000') }],
    ['submitCode', { saleId: 'S1', code: '\u0000\u0001' }],
    ['submitCode', { saleId: 'S1', code: 'x'.repeat(10_000) }],
    ['stopWaiting', { saleId: { $gt: '' } }],
    ['refund', { saleId: 'S1', amount: '1', reason: '', pin: '12' }],
    [
      'refund',
      JSON.parse('{"__proto__":{"polluted":1},"saleId":"S1","amount":"1","reason":"","pin":"1234"}'),
    ],
    ['searchHistory', { limit: 1e9 }],
    ['report', { kind: 'Y' }],
    ['closeDay', { pin: '1234', confirmUnresolved: 'yes' }],
    ['exportCsv', { from: -1, to: 5, pin: '1234' }],
    ['setLanguage', { language: 'fr' }],
    ['getExchangeRate', { platform: 'PAYPAL' }],
  ];
  // As a call from a screen arrives: through the contract's edge (hub socket and Electron IPC both use it).
  it.each(bad)('%s(%j) → typed error, nothing changes', async (method, args) => {
    const before = await journalCounts();
    const result = await dispatchPosCall(h.runtime.api, method, args);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.message.en.length).toBeGreaterThan(5);
      expect(result.error.message.zh.length).toBeGreaterThan(2);
    }
    expect(await journalCounts()).toBe(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
