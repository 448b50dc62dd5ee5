/**
 * The closed loop, against the real core, journal and sandbox: a sale the cashier voids (the customer pays
 * another way) is still followed; a payment that lands afterwards is refunded in full automatically — exactly
 * once at the gateway — or held for the manager when the store chose so. Stop waiting keeps today's meaning.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { NoticeView, SaleView } from '../../preload/api';
import { startSandbox } from '../../main/sandbox';
import {
  scenario,
  startHarness,
  startHarnessWithPin,
  unwrap,
  type Harness,
  gatewayEnv,
} from '../helpers/runtime-harness';
import { until } from '../helpers/until';

const PIN = '4826';
let h: Harness;

beforeAll(async () => {
  h = await startHarnessWithPin(PIN);
});
afterAll(async () => {
  await h?.close();
});
afterEach(async () => {
  unwrap(await h.runtime.api.updateSettings({ pin: PIN, patch: { latePayments: 'refund' } }));
});

/** A scan sale whose customer is still confirming (0007: PAYING until the test settles it at the sandbox). */
const confirming = (amount: string): Promise<SaleView> =>
  h.sell(amount, scenario('alipay', '0007'), (s) => s.phase === 'waiting_customer' && s.orderNo !== null);

function gatewayRefunds(orderNo: string) {
  return h.runtime.sandbox!.control.listRefunds().filter((r) => r.orderNo === orderNo);
}

/** Voids the sale, then its customer pays: the payment goes back by itself, exactly once. */
async function voidedThenPaidIsRefundedOnce(saleId: string, orderNo: string): Promise<void> {
  unwrap(await h.runtime.api.voidSale({ saleId }));
  h.runtime.sandbox!.control.payOrder(orderNo);
  await h.waitForSale(saleId, (s) => s.phase === 'late_refunded', 10_000);
  expect(gatewayRefunds(orderNo)).toHaveLength(1);
}

function noticesFor(saleId: string): NoticeView[] {
  return h.events.flatMap((e) => (e.type === 'notice' && e.notice.saleId === saleId ? [e.notice] : []));
}

describe('void, then the customer pays anyway', () => {
  it('is refunded in full automatically, once, with a notice and a refund receipt', async () => {
    const sale = await confirming('23.45');
    const voided = unwrap(await h.runtime.api.voidSale({ saleId: sale.id }));
    expect(voided.phase).toBe('voided');
    expect(voided.message?.en).toMatch(/refunded to them automatically/);
    // The screen is free at once: a new sale can start while the old one is still followed.
    const next = unwrap(await h.runtime.api.startSale({ amount: '1.00' }));
    expect(next.phase).toBe('awaiting_code');

    h.runtime.sandbox!.control.payOrder(sale.orderNo!);
    const refunded = await h.waitForSale(sale.id, (s) => s.phase === 'late_refunded', 10_000);
    expect(refunded.message?.en).toMatch(/has been refunded/);

    const atGateway = gatewayRefunds(sale.orderNo!);
    expect(atGateway).toHaveLength(1);
    expect(atGateway[0]!.amount).toBe(2345);
    const detail = unwrap(await h.runtime.api.getSaleDetail({ saleId: sale.id }));
    expect(detail.refunds).toHaveLength(1);
    expect(detail.refunds[0]!.outRefundNo).toBe(`${sale.outOrderNo}L`);
    expect(detail.refunds[0]!.succeeded).toBe(true);
    expect(detail.refundableCents).toBe(0);
    expect(detail.history.map((e) => e.type)).toEqual(
      expect.arrayContaining(['sale.voided', 'attempt.paid', 'sale.late_payment', 'refund.created']),
    );
    const notice = noticesFor(sale.id).find((n) => n.kind === 'late_payment_refunded');
    // Says when the sale began ("from"), as the journal has no void time; the amount as the counter shows it.
    expect(notice?.message.en).toMatch(
      /^The A\$ 23\.45 sale from \d\d:\d\d was voided, then paid by the customer\. It has been refunded to them in full\.$/,
    );
    expect(notice?.message.zh).toMatch(
      /^\d\d:\d\d 的 A\$ 23\.45 交易已作废，之后顾客仍付了款，已全额退回给顾客。$/,
    );

    const receipt = unwrap(
      await h.runtime.api.getReceipt({ saleId: sale.id, refundId: detail.refunds[0]!.id }),
    );
    expect(receipt.kind).toBe('refund');
    expect(receipt.amountCents).toBe(2345);

    // The manager's list of late payments finds it.
    const late = unwrap(await h.runtime.api.searchHistory({ phases: ['late_refunded'] }));
    expect(late.map((s) => s.id)).toContain(sale.id);
    unwrap(await h.runtime.api.clearSale({ saleId: next.id }));
  });

  it('a voided sale whose payment then fails ends voided, with nothing charged and nothing refunded', async () => {
    const sale = await confirming('9.10');
    unwrap(await h.runtime.api.voidSale({ saleId: sale.id }));
    h.runtime.sandbox!.control.failOrder(sale.orderNo!);
    await expect
      .poll(async () => unwrap(await h.runtime.api.getSaleDetail({ saleId: sale.id })).attempts[0]!.status)
      .toBe('failed');
    const d = unwrap(await h.runtime.api.getSaleDetail({ saleId: sale.id }));
    expect(d.sale.phase).toBe('voided');
    expect(d.sale.message?.en).toMatch(/Nothing was charged/);
    expect(d.refunds).toHaveLength(0);
    expect(gatewayRefunds(sale.orderNo!)).toHaveLength(0);
  });

  it('a merchant-QR sale closed unpaid and paid afterwards is refunded the same way', async () => {
    const qr = unwrap(await h.runtime.api.startQrSale({ amount: '6.60', platform: 'WECHATPAY', kind: 'qr' }));
    const shown = await h.waitForSale(qr.id, (s) => s.phase === 'waiting_customer' && s.orderNo !== null);
    await voidedThenPaidIsRefundedOnce(qr.id, shown.orderNo!);
  });

  it('an unresolved sale voided from the manager’s list is refunded if it turns out paid', async () => {
    const sale = await confirming('4.05');
    const stopped = unwrap(await h.runtime.api.stopWaiting({ saleId: sale.id }));
    expect(stopped.phase).toBe('unresolved');
    await voidedThenPaidIsRefundedOnce(sale.id, sale.orderNo!);
  });

  it('stop waiting is not void: the customer who pays later has paid, and the cashier is told', async () => {
    const sale = await confirming('5.55');
    unwrap(await h.runtime.api.stopWaiting({ saleId: sale.id }));
    h.runtime.sandbox!.control.payOrder(sale.orderNo!);
    await h.waitForSale(sale.id, (s) => s.phase === 'paid', 10_000);
    expect(gatewayRefunds(sale.orderNo!)).toHaveLength(0);
  });

  it('a paid sale cannot be voided, and nothing changes', async () => {
    const sale = unwrap(await h.runtime.api.startSale({ amount: '3.00' }));
    unwrap(await h.runtime.api.submitCode({ saleId: sale.id, code: scenario('wechat', '0000') }));
    await h.waitForSale(sale.id, (s) => s.phase === 'paid');
    const refused = await h.runtime.api.voidSale({ saleId: sale.id });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.code).toBe('SALE_NOT_VOIDABLE');
    expect(unwrap(await h.runtime.api.getSaleDetail({ saleId: sale.id })).sale.phase).toBe('paid');
  });
});

describe('when the store asks the manager to decide', () => {
  it('holds the late payment with a notice; the manager keeps one and refunds another (PIN required)', async () => {
    unwrap(await h.runtime.api.updateSettings({ pin: PIN, patch: { latePayments: 'ask_manager' } }));
    const keep = await confirming('7.70');
    unwrap(await h.runtime.api.voidSale({ saleId: keep.id }));
    h.runtime.sandbox!.control.payOrder(keep.orderNo!);
    await h.waitForSale(keep.id, (s) => s.phase === 'late_paid', 10_000);
    expect(noticesFor(keep.id).map((n) => n.kind)).toContain('late_payment_held');
    expect(gatewayRefunds(keep.orderNo!)).toHaveLength(0);

    const wrongPin = await h.runtime.api.decideLatePayment({
      saleId: keep.id,
      decision: 'keep',
      pin: '0000',
    });
    expect(wrongPin.ok).toBe(false);
    expect(unwrap(await h.runtime.api.getSaleDetail({ saleId: keep.id })).sale.phase).toBe('late_paid');

    const kept = unwrap(
      await h.runtime.api.decideLatePayment({ saleId: keep.id, decision: 'keep', pin: PIN }),
    );
    expect(kept.sale.phase).toBe('paid');
    expect(kept.history.map((e) => e.type)).toContain('sale.late_payment_kept');

    const give = await confirming('8.80');
    unwrap(await h.runtime.api.voidSale({ saleId: give.id }));
    h.runtime.sandbox!.control.payOrder(give.orderNo!);
    await h.waitForSale(give.id, (s) => s.phase === 'late_paid', 10_000);
    unwrap(await h.runtime.api.decideLatePayment({ saleId: give.id, decision: 'refund', pin: PIN }));
    await h.waitForSale(give.id, (s) => s.phase === 'late_refunded', 10_000);
    expect(gatewayRefunds(give.orderNo!)).toHaveLength(1);
    // Decided once: a second decision is refused.
    const twice = await h.runtime.api.decideLatePayment({ saleId: give.id, decision: 'keep', pin: PIN });
    expect(twice.ok).toBe(false);
  });

  it('a held late payment is refunded at start-up once the store switches to automatic refunds', async () => {
    // A sandbox that outlives the restart, reached as a live gateway.
    const gateway = await startSandbox({ timeScale: 0.02, refundStepMs: 300 });
    const env = gatewayEnv(gateway);
    const dataDir = mkdtempSync(join(tmpdir(), 'pos-loop-'));
    let own = await startHarness({ dataDir, env });
    try {
      unwrap(await own.runtime.api.setManagerPin({ newPin: PIN, setupCode: own.runtime.setupCode() ?? '' }));
      unwrap(await own.runtime.api.updateSettings({ pin: PIN, patch: { latePayments: 'ask_manager' } }));
      const sale = unwrap(await own.runtime.api.startSale({ amount: '2.20' }));
      unwrap(await own.runtime.api.submitCode({ saleId: sale.id, code: scenario('wechat', '0007') }));
      const waiting = await own.waitForSale(
        sale.id,
        (s) => s.orderNo !== null && s.phase === 'waiting_customer',
      );
      unwrap(await own.runtime.api.voidSale({ saleId: sale.id }));
      gateway.control.payOrder(waiting.orderNo!);
      await own.waitForSale(sale.id, (s) => s.phase === 'late_paid', 10_000);
      unwrap(await own.runtime.api.updateSettings({ pin: PIN, patch: { latePayments: 'refund' } }));
      await own.close();

      own = await startHarness({ dataDir, env });
      await own.waitForSale(sale.id, (s) => s.phase === 'late_refunded', 10_000);
      const atGateway = gateway.control.listRefunds().filter((r) => r.orderNo === waiting.orderNo);
      expect(atGateway).toHaveLength(1);
      expect(atGateway[0]!.outRefundNo).toBe(`${waiting.outOrderNo}L`);
    } finally {
      await own.close();
      await gateway.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('reports', () => {
  it('show voided sales, late payments and their refunds as their own lines, netting to the gateway', async () => {
    const gateway = await startSandbox({ timeScale: 0.02, refundStepMs: 200 });
    const env = gatewayEnv(gateway);
    const own = await startHarness({ env });
    try {
      const api = own.runtime.api;
      unwrap(await api.setManagerPin({ newPin: PIN, setupCode: own.runtime.setupCode() ?? '' }));
      const paid = unwrap(await api.startSale({ amount: '10.00' }));
      unwrap(await api.submitCode({ saleId: paid.id, code: scenario('wechat', '0000') }));
      await own.waitForSale(paid.id, (s) => s.phase === 'paid');
      // Voided, nothing charged.
      const nothing = unwrap(await api.startSale({ amount: '2.00' }));
      unwrap(await api.submitCode({ saleId: nothing.id, code: scenario('alipay', '0007') }));
      const n = await own.waitForSale(
        nothing.id,
        (s) => s.orderNo !== null && s.phase === 'waiting_customer',
      );
      unwrap(await api.voidSale({ saleId: nothing.id }));
      gateway.control.failOrder(n.orderNo!);
      // Voided before a Z, paid after it: counted in the shift it landed in.
      const late = unwrap(await api.startSale({ amount: '5.00' }));
      unwrap(await api.submitCode({ saleId: late.id, code: scenario('alipay', '0007') }));
      const l = await own.waitForSale(late.id, (s) => s.orderNo !== null && s.phase === 'waiting_customer');
      unwrap(await api.voidSale({ saleId: late.id }));
      await expect
        .poll(async () => unwrap(await api.getSaleDetail({ saleId: nothing.id })).attempts[0]!.status)
        .toBe('failed');
      const z1 = unwrap(await api.closeDay({ pin: PIN, confirmUnresolved: true }));
      // Both are voided with nothing charged so far; one is still followed and may turn late-paid.
      expect(z1.voidedCount).toBe(2);
      expect(z1.totals.latePaymentsCount).toBe(0);
      expect(z1.totals.netCents).toBe(1000);

      gateway.control.payOrder(l.orderNo!);
      await own.waitForSale(late.id, (s) => s.phase === 'late_refunded', 10_000);
      const x = unwrap(await api.report({ kind: 'X' }));
      expect(x.totals).toMatchObject({
        salesCents: 0,
        latePaymentsCount: 1,
        latePaymentsCents: 500,
        refundsCents: 500,
        lateRefundsCount: 1,
        lateRefundsCents: 500,
        netCents: 0,
      });
      const z2 = unwrap(await api.closeDay({ pin: PIN, confirmUnresolved: true }));
      // The Zs add up to what the gateway holds: paid orders less refunds.
      const ledger =
        gateway.control
          .listOrders()
          .filter((o) => o.paidAt !== undefined)
          .reduce((a, o) => a + o.amount, 0) -
        gateway.control.listRefunds().reduce((a, r) => a + r.amount, 0);
      expect(z1.totals.netCents + z2.totals.netCents).toBe(ledger);
      const html = unwrap(await api.getReportHtml({ kind: 'Z', sessionId: z2.session!.id }));
      expect(html.html).toContain('Paid after void');
    } finally {
      await own.close();
      await gateway.close();
    }
  });
});

describe('a merchant QR voided, then paid much later', () => {
  // A long wait, so a QR the engine kept waiting on after the void would next be asked about only at its deadline
  // (3 × 60 s); the background follow-up asks every 0.5 s here (10 s unscaled). The sandbox keeps its real
  // five minutes before an unpaid order expires, so the order is still payable when the customer pays.
  let q: Harness;
  beforeAll(async () => {
    q = await startHarnessWithPin(PIN, {
      sandbox: { timeScale: 1, refundStepMs: 200 },
      tuning: { maxWaitMs: 60_000, pollScale: 0.05, backgroundFirstMs: 100, callTimeoutMs: 2_000 },
    });
  });
  afterAll(async () => {
    await q?.close();
  });

  const checks = async (saleId: string): Promise<number> => {
    const d = await q.runtime.api.getSaleDetail({ saleId });
    return d.ok ? (d.value.attempts[0]?.checkCount ?? 0) : 0;
  };

  /** Voids the shown QR once it has been checked `before` times; the customer pays `after` checks later. */
  async function voidThenPay(amount: string, before: number, after: number) {
    const api = q.runtime.api;
    const control = q.runtime.sandbox!.control;
    const qr = unwrap(await api.startQrSale({ amount, platform: 'WECHATPAY', kind: 'qr' }));
    const shown = await q.waitForSale(qr.id, (s) => s.phase === 'waiting_customer' && s.orderNo !== null);
    await until(`${before} checks while the QR is on screen`, async () =>
      (await checks(qr.id)) >= before ? true : null,
    );
    const voided = unwrap(await api.voidSale({ saleId: qr.id }));
    expect(voided.waitDeadline).toBeNull();
    const atVoid = await checks(qr.id);

    await until(
      `${after} follow-up checks after the void`,
      async () => ((await checks(qr.id)) >= atVoid + after ? true : null),
      60_000,
    );
    control.payOrder(shown.orderNo!);
    await q.waitForSale(qr.id, (s) => s.phase === 'late_refunded', 20_000);
    expect(control.listRefunds().filter((r) => r.orderNo === shown.orderNo)).toHaveLength(1);
  }

  it('voided as soon as it is shown: the follow-up finds the payment and refunds it at once', async () => {
    await voidThenPay('7.70', 0, 6);
  });

  it('voided after its on-screen checks are spent: followed in the background all the same', async () => {
    // The foreground plan asks at most 25 times per wait, the last one kept for the deadline: after 24 it is
    // silent until then.
    await voidThenPay('7.80', 24, 6);
  });
});
