/**
 * The sale engine against the sandbox's realistic lifecycle: unpaid orders that expire to CANCELLED, paid orders
 * that settle to CLOSED. Real sandbox over HTTP, real journal. (ORDER_PAID without an order number, the
 * sandbox's orderNoOnOrderPaid=false, is the engine's own open question: see docs/sandbox.md.)
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { scenario, startHarness, unwrap, type Harness } from '../helpers/runtime-harness';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});
const control = () => h.runtime.sandbox!.control;
beforeEach(() => {
  control().setSwitches({
    unpaidExpiryMs: 5 * 60_000,
    settlementDelayMs: 24 * 3_600_000,
    orderNoOnOrderPaid: true,
  });
});

describe('engine with realistic sandbox defaults', () => {
  it('a QR sale the cashier stops waiting for ends when the unpaid order expires to CANCELLED', async () => {
    control().setSwitches({ unpaidExpiryMs: 10_000 }); // 200 ms at the harness's time scale
    const sale = unwrap(
      await h.runtime.api.startQrSale({ amount: '4.00', platform: 'WECHATPAY', kind: 'qr' }),
    );
    await h.waitForSale(sale.id, (s) => s.qrcode !== null);
    unwrap(await h.runtime.api.stopWaiting({ saleId: sale.id }));
    const ended = await h.waitForSale(sale.id, (s) => s.phase === 'failed', 10_000);
    expect(ended.errorCode).toBe('ORDER_CANCELLED');
    const order = control()
      .listOrders()
      .find((o) => o.outOrderNo === ended.outOrderNo);
    expect(order?.status).toBe('CANCELLED');
  });

  it('a USERPAYING order paid and settled before the engine looks reads CLOSED with pay_time: the sale is paid', async () => {
    control().setSwitches({ settlementDelayMs: 1 });
    unwrap(await h.runtime.api.setManagerPin({ newPin: '2468', setupCode: h.runtime.setupCode() ?? '' }));
    const sale = unwrap(await h.runtime.api.startSale({ amount: '6.00' }));
    unwrap(await h.runtime.api.submitCode({ saleId: sale.id, code: scenario('wechat', '0001') }));
    const ended = await h.waitForSale(sale.id, (s) => s.phase === 'paid', 10_000);
    const order = control()
      .listOrders()
      .find((o) => o.outOrderNo === ended.outOrderNo);
    expect(order?.status).toBe('CLOSED');
    expect(ended.paidAt).not.toBeNull();
    const refund = await h.runtime.api.refund({
      saleId: sale.id,
      amount: '6.00',
      reason: 'settled',
      pin: '2468',
    });
    expect(refund.ok, JSON.stringify(refund)).toBe(true);
  });
});
