/**
 * Every sandbox scenario code end to end through PosService: real sandbox over HTTP, real SQLite journal.
 * Asserts the phases the cashier sees, the journal rows and the gateway's own truth (no second charge).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openJournal } from '../../main/journal/journal';
import { scenario, startHarness, unwrap, type Harness } from '../helpers/runtime-harness';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

async function sell(amount: string, code: string) {
  const sale = unwrap(await h.runtime.api.startSale({ amount }));
  unwrap(await h.runtime.api.submitCode({ saleId: sale.id, code }));
  return sale;
}

function sandboxOrdersFor(outOrderNo: string | null) {
  const control = h.runtime.sandbox!.control;
  return control.listOrders().filter((o) => o.outOrderNo === outOrderNo);
}

describe('scan sale scenarios', () => {
  it('0000 pays at once and journals the reply', async () => {
    const sale = await sell('12.50', scenario('wechat', '0000'));
    const paid = await h.waitForSale(sale.id, (s) => s.phase === 'paid');
    expect(paid.amountCents).toBe(1250);
    expect(paid.platform).toBe('WECHATPAY');
    expect(paid.orderNo).toMatch(/^TR\d{22}$/);
    const detail = unwrap(await h.runtime.api.getSaleDetail({ saleId: sale.id }));
    expect(detail.attempts).toHaveLength(1);
    expect(detail.attempts[0]!.status).toBe('paid');
    expect(detail.attempts[0]!.maskedCode).toMatch(/0000$/);
    expect(detail.attempts[0]!.maskedCode).not.toContain('13000000');
    expect(detail.history.map((e) => e.type)).toEqual(
      expect.arrayContaining(['sale.started', 'attempt.created', 'attempt.paid']),
    );
    expect(sandboxOrdersFor(paid.outOrderNo).map((o) => o.status)).toEqual(['PAID']);
    expect(detail.refundableCents).toBe(1250);
  });

  it('0001 waits for the customer with a countdown, then pays', async () => {
    const sale = await sell('8.00', scenario('alipay', '0001'));
    const waiting = await h.waitForSale(sale.id, (s) => s.phase === 'waiting_customer');
    expect(waiting.waitDeadline).toBeGreaterThan(Date.now());
    expect(waiting.platform).toBe('ALIPAY');
    const paid = await h.waitForSale(sale.id, (s) => s.phase === 'paid');
    const detail = unwrap(await h.runtime.api.getSaleDetail({ saleId: paid.id }));
    expect(detail.attempts[0]!.checkCount).toBeGreaterThan(0);
    expect(detail.history.map((e) => e.type)).toContain('attempt.userpaying');
  });

  it('0002 ends declined after USERPAYING, and a fresh code retries the same sale as a new attempt', async () => {
    const sale = await sell('5.00', scenario('wechat', '0002'));
    const declined = await h.waitForSale(sale.id, (s) => s.phase === 'declined');
    expect(declined.message?.en).toBeTruthy();
    unwrap(await h.runtime.api.submitCode({ saleId: sale.id, code: scenario('wechat', '0000') }));
    const paid = await h.waitForSale(sale.id, (s) => s.phase === 'paid');
    expect(paid.attempts).toBe(2);
    const detail = unwrap(await h.runtime.api.getSaleDetail({ saleId: sale.id }));
    const [first, second] = detail.attempts;
    expect(first!.outOrderNo).not.toBe(second!.outOrderNo);
    expect(first!.status).toBe('failed');
    expect(second!.status).toBe('paid');
  });

  it.each([
    ['0003', 'NOT_ENOUGH'],
    ['0004', 'QRCODE_EXPIRED'],
    ['0008', 'CARD_NOT_SUPPORT'],
    ['0009', 'QRCODE_ERROR'],
  ])('%s is a definite decline (%s) with a cashier message in both languages', async (suffix, code) => {
    const sale = await sell('3.20', scenario('alipay', suffix));
    const declined = await h.waitForSale(sale.id, (s) => s.phase === 'declined');
    expect(declined.errorCode).toBe(code);
    expect(declined.message!.en.length).toBeGreaterThan(10);
    expect(declined.message!.zh).toMatch(/[\u4e00-\u9fff]/);
    // Nothing was charged: the sandbox has no paid order for it.
    expect(sandboxOrdersFor(declined.outOrderNo).filter((o) => o.status === 'PAID')).toHaveLength(0);
  });

  it('0005 SYSTEM_ERROR but paid: resolved by re-submitting the same out_order_no, charged once', async () => {
    const sale = await sell('21.00', scenario('wechat', '0005'));
    const paid = await h.waitForSale(sale.id, (s) => s.phase === 'paid');
    const detail = unwrap(await h.runtime.api.getSaleDetail({ saleId: sale.id }));
    expect(detail.attempts).toHaveLength(1);
    expect(detail.history.map((e) => e.type)).toEqual(
      expect.arrayContaining(['attempt.outcome_unknown', 'attempt.resubmitted', 'attempt.paid']),
    );
    const orders = sandboxOrdersFor(paid.outOrderNo);
    expect(orders).toHaveLength(1);
    expect(orders[0]!.status).toBe('PAID');
  });

  it('0006 reply lost to a timeout but paid: the engine settles it as paid, charged once', async () => {
    const sale = await sell('6.66', scenario('alipay', '0006'));
    const checking = await h.waitForSale(sale.id, (s) => s.phase === 'checking' || s.phase === 'paid');
    expect(['checking', 'paid']).toContain(checking.phase);
    const paid = await h.waitForSale(sale.id, (s) => s.phase === 'paid');
    expect(sandboxOrdersFor(paid.outOrderNo)).toHaveLength(1);
    // A second connection to the same journal file, as a manager's inspection tool would open it.
    const journal = openJournal({ dir: h.dataDir });
    try {
      const attempt = journal.listAttempts(sale.id)[0]!;
      expect(attempt.status).toBe('paid');
      expect(['resubmit', 'query', 'notification']).toContain(attempt.resolvedBy);
    } finally {
      journal.close();
    }
  });

  it('0007 stays PAYING past the wait: unresolved, kept checking, settled when the gateway closes it', async () => {
    const sale = await sell('9.99', scenario('wechat', '0007'));
    const unresolved = await h.waitForSale(sale.id, (s) => s.phase === 'unresolved', 10_000);
    expect(unresolved.message?.en).toMatch(/may have paid/);
    const snapshot = unwrap(await h.runtime.api.getSnapshot());
    expect(snapshot.unresolvedCount).toBeGreaterThanOrEqual(1);
    // A new sale is not blocked by the unresolved one.
    const next = await sell('1.00', scenario('wechat', '0000'));
    await h.waitForSale(next.id, (s) => s.phase === 'paid');
    h.runtime.sandbox!.control.closeOrder(unresolved.orderNo!);
    const failed = await h.waitForSale(sale.id, (s) => s.phase === 'failed', 10_000);
    expect(failed.errorCode).toBe('ORDER_CLOSED');
    const detail = unwrap(await h.runtime.api.getSaleDetail({ saleId: sale.id }));
    expect(detail.attempts[0]!.status).toBe('failed');
  });

  it('stop waiting moves the sale to background checks, which later find it paid', async () => {
    const sale = await sell('4.40', scenario('alipay', '0001'));
    await h.waitForSale(sale.id, (s) => s.phase === 'waiting_customer');
    const stopped = unwrap(await h.runtime.api.stopWaiting({ saleId: sale.id }));
    expect(stopped.phase).toBe('unresolved');
    expect(stopped.message?.en).toMatch(/background/);
    await h.waitForSale(sale.id, (s) => s.phase === 'paid', 10_000);
  });

  it('a product barcode is refused with a clear message and changes nothing', async () => {
    const sale = unwrap(await h.runtime.api.startSale({ amount: '2.00' }));
    const r = await h.runtime.api.submitCode({ saleId: sale.id, code: '9300633603120' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('CODE_REJECTED');
      expect(r.error.message.en).toMatch(/product barcode/i);
    }
    const detail = unwrap(await h.runtime.api.getSaleDetail({ saleId: sale.id }));
    expect(detail.attempts).toHaveLength(0);
    expect(detail.sale.phase).toBe('awaiting_code');
  });
});
