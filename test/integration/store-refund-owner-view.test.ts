/**
 * What the till that took a sale knows of refunds of it made at another till, with real parts on PGlite and
 * PostgreSQL 15: two real tills enrolled with a real store server. Its notice follows the refund's real state
 * (requested → refunded, or requested → failed with the reason), never "refunded" before the gateway closed it;
 * the sale's detail, History, receipt lookup and refund limit agree with the server's balance and say where and
 * when; with the link down it shows what it last heard and since when; what it missed comes at reconnection.
 */
import { expect, it, vi } from 'vitest';
import type { NoticeView, PosEvent } from '../../preload/api';
import type { Harness } from '../helpers/runtime-harness';
import { unwrap } from '../helpers/runtime-harness';
import { until } from '../helpers/wait-for';
import { PIN, describeOnBothDatabases, tillIdOf, waitDrained } from '../helpers/store-server';
import { sellPaid, startShop } from './store-shop-helpers';
import { useCleanups } from '../helpers/cleanups';

// The store suites' room: a PGlite start, three sandboxes and two tills on a loaded machine. Every wait inside
// is for a condition, with its own deadline.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const cleanups = useCleanups();

function elsewhereNotices(h: Harness, saleId: string): NoticeView[] {
  return h.events
    .filter((e): e is Extract<PosEvent, { type: 'notice' }> => e.type === 'notice')
    .map((e) => e.notice)
    .filter((n) => n.kind === 'refunded_elsewhere' && n.saleId === saleId);
}

const stateOf = (n: NoticeView) => n.id.split(':').pop();

async function refundFromB(b: Harness, a: Harness, saleId: string, amount: string) {
  return unwrap(
    await b.runtime.api.refundStoreSale({
      tillId: tillIdOf(a),
      saleId,
      amount,
      reason: 'returned at counter 2',
      pin: PIN,
    }),
  );
}

// The product's own wait for an Omipay reply (config gateway.callTimeoutMs default), with the tests' fast polls.
const PRODUCT_CALL_TIMEOUT = {
  maxWaitMs: 3_000,
  pollScale: 0.05,
  backgroundFirstMs: 100,
  callTimeoutMs: 20_000,
};

const refundOfFive = (a: Harness, saleId: string) => ({
  tillId: tillIdOf(a),
  saleId,
  amount: '5.00',
  reason: 'returned at counter 2',
  pin: PIN,
});

/** A is told B's refund of A$ 5.00 failed, never that it was refunded, and its balance counts it as not refunded. */
async function expectToldFailed(a: Harness, saleId: string) {
  const notices = await until('A told it failed', () => {
    const n = elsewhereNotices(a, saleId);
    return n.some((x) => stateOf(x) === 'failed') ? n : null;
  });
  expect(notices.map(stateOf)).not.toContain('refunded');
  expect(notices.map(stateOf)[0]).toBe('requested');
  const failed = notices.find((n) => stateOf(n) === 'failed')!;
  const [outRefundNo] = failed.id.split(':').slice(-2);
  expect(failed.message.en).toBe(
    `A refund of A$ 5.00 of one of this till's sales, asked for at Counter 2, failed: Omipay did not know the order. No money went back to the customer (refund ${outRefundNo}).`,
  );
  expect(failed.message.zh).toContain('Omipay 找不到该订单');
  expect(failed.message.zh).toContain('款项未退回顾客');

  const detail = unwrap(await a.runtime.api.getSaleDetail({ saleId }));
  expect(detail.sale.refundedCents).toBe(0);
  expect(detail.refundableCents).toBe(3000);
  expect(detail.refundsElsewhere).toEqual([
    expect.objectContaining({ tillName: 'Counter 2', amountCents: 500, state: 'failed' }),
  ]);
  const onServer = unwrap(await a.runtime.api.searchStoreSales({ query: detail.sale.outOrderNo!, pin: PIN }));
  expect(onServer.sales[0]).toMatchObject({ refundedCents: 0, refundableCents: 3000 });
}

describeOnBothDatabases("the owning till's view of refunds made elsewhere", (target) => {
  it('requested → refunded: A is told each step in words, and its detail, History, lookup and limit agree', async () => {
    const { server, sandbox, tills } = await startShop(target.fresh(), cleanups, ['Counter 1', 'Counter 2']);
    const [a, b] = tills as [Harness, Harness];
    const sale = await sellPaid(a, '30.00');
    await waitDrained(a, server, tillIdOf(a));

    const refund = await refundFromB(b, a, sale.id, '10.00');
    const notices = await until('A told it was refunded', () => {
      const n = elsewhereNotices(a, sale.id);
      return n.some((x) => stateOf(x) === 'refunded') ? n : null;
    });
    // In order, each state once; "refunded" is the last and only after the gateway closed the refund.
    const states = notices.map(stateOf);
    expect(states[0]).toBe('requested');
    expect(states[states.length - 1]).toBe('refunded');
    expect(new Set(states).size).toBe(states.length);
    expect(states.every((s) => ['requested', 'pending', 'refunded'].includes(s ?? ''))).toBe(true);
    expect(sandbox.control.listRefunds()).toEqual([
      expect.objectContaining({ outRefundNo: refund.outRefundNo, amount: 1000 }),
    ]);
    const requested = notices[0]!;
    expect(requested.message.en).toContain('Counter 2 is refunding A$ 10.00');
    expect(requested.message.en).not.toMatch(/was refunded/);
    expect(requested.message.zh).toContain('尚未退款');
    const done = notices[notices.length - 1]!;
    expect(done.message.en).toBe(
      `A$ 10.00 of one of this till's sales was refunded at Counter 2 (refund ${refund.outRefundNo}).`,
    );
    expect(done.message.zh).toContain('已在 Counter 2 退款 A$ 10.00');

    // The sale's detail: the refund, where and when, and one balance.
    const detail = unwrap(await a.runtime.api.getSaleDetail({ saleId: sale.id }));
    expect(detail.sale.refundedCents).toBe(1000);
    expect(detail.refundableCents).toBe(2000);
    expect(detail.refunds).toEqual([]);
    expect(detail.refundsElsewhere).toEqual([
      expect.objectContaining({
        outRefundNo: refund.outRefundNo,
        tillName: 'Counter 2',
        amountCents: 1000,
        state: 'refunded',
      }),
    ]);
    expect(detail.refundsElsewhere![0]!.requestedAt).toBeGreaterThan(sale.createdAt);
    expect(detail.elsewhereKnown).toEqual({ live: true, syncedAt: expect.any(Number) });
    expect(detail.history.map((h) => h.words.en)).toContain(done.message.en);
    // History and receipt lookup say the same.
    const listed = unwrap(await a.runtime.api.searchHistory({ text: sale.orderNo! }));
    expect(listed.map((s) => [s.id, s.refundedCents])).toEqual([[sale.id, 1000]]);
    const looked = unwrap(await a.runtime.api.findSale({ reference: sale.orderNo! }));
    expect(looked.refundableCents).toBe(2000);
    expect(looked.refundsElsewhere?.map((r) => r.state)).toEqual(['refunded']);
    // The server agrees.
    const onServer = unwrap(await a.runtime.api.searchStoreSales({ query: sale.outOrderNo!, pin: PIN }));
    expect(onServer.sales[0]).toMatchObject({ refundedCents: 1000, refundableCents: 2000 });

    // The refund form's limit is the same balance: 25.00 refused saying 20.00, 20.00 accepted.
    const tooMuch = await a.runtime.api.refund({ saleId: sale.id, amount: '25.00', reason: 'x', pin: PIN });
    expect(tooMuch.ok).toBe(false);
    if (!tooMuch.ok) expect(tooMuch.error.code).toBe('AMOUNT_OVER_LIMIT');
    const rest = unwrap(
      await a.runtime.api.refund({ saleId: sale.id, amount: '20.00', reason: 'rest', pin: PIN }),
    );
    expect(rest.amountCents).toBe(2000);
    const after = unwrap(await a.runtime.api.getSaleDetail({ saleId: sale.id }));
    expect(after.sale.refundedCents).toBe(3000);
    expect(after.refundableCents).toBe(0);
  });

  it('requested → failed: A is told it failed and why, and the money counts as not refunded again', async () => {
    // Till B charges its own gateway, which never heard of A's order: B's refund fails with ORDER_NO_ERROR. The
    // tills wait for Omipay's reply as long as the product does, so the refusal is B's first answer.
    const { server, sandbox, tills } = await startShop(target.fresh(), cleanups, ['Counter 1', 'Counter 2'], {
      ownGateway: ['Counter 2'],
      tuning: PRODUCT_CALL_TIMEOUT,
    });
    const [a, b] = tills as [Harness, Harness];
    const sale = await sellPaid(a, '30.00');
    await waitDrained(a, server, tillIdOf(a));

    const refused = await b.runtime.api.refundStoreSale(refundOfFive(a, sale.id));
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.code).toBe('ORDER_NO_ERROR');
    await expectToldFailed(a, sale.id);
    expect(sandbox.control.listRefunds()).toEqual([]);
  });

  it("requested → unknown → failed: Omipay's refusal arriving after B stopped waiting still ends failed", async () => {
    // B's gateway holds its first Refund reply past B's call timeout: B cannot say yet whether it was refused,
    // so it says "unknown" (never "refunded"), re-sends with the same out_refund_no and then hears the refusal.
    const { server, sandbox, tills, gateways } = await startShop(
      target.fresh(),
      cleanups,
      ['Counter 1', 'Counter 2'],
      { ownGateway: ['Counter 2'] },
    );
    const [a, b] = tills as [Harness, Harness];
    const sale = await sellPaid(a, '30.00');
    await waitDrained(a, server, tillIdOf(a));
    const own = gateways['Counter 2']!;
    own.control.injectFault({ fault: { kind: 'delay', ms: 3_000 }, api: 'Refund', times: 1 });

    const first = unwrap(await b.runtime.api.refundStoreSale(refundOfFive(a, sale.id)));
    expect(first).toMatchObject({ status: 'unknown', final: false, succeeded: false });
    await expectToldFailed(a, sale.id);
    const settled = await until('B refund final', async () => {
      const r = await b.runtime.api.getRemoteRefund({ refundId: first.id });
      return r.ok && r.value.status !== 'unknown' && r.value.status !== 'submitting' ? r.value : null;
    });
    expect(settled).toMatchObject({
      outRefundNo: first.outRefundNo,
      status: 'rejected',
      final: true,
      succeeded: false,
    });
    expect(sandbox.control.listRefunds()).toEqual([]);
    expect(own.control.listRefunds()).toEqual([]);
  });

  it('link down: A shows what it last heard and since when; a refund made meanwhile arrives at reconnection', async () => {
    const { server, tills, stopServer } = await startShop(target.fresh(), cleanups, [
      'Counter 1',
      'Counter 2',
    ]);
    const [a, b] = tills as [Harness, Harness];
    const sale = await sellPaid(a, '30.00');
    await waitDrained(a, server, tillIdOf(a));

    // A's link goes down; B refunds meanwhile.
    await a.runtime.storeLink.close();
    await until('A offline at the server', () => !server.context.links.connected(tillIdOf(a)));
    const refund = await refundFromB(b, a, sale.id, '10.00');
    await until('B refund closed', async () => {
      const r = await b.runtime.api.getRemoteRefund({ refundId: refund.id });
      return r.ok && r.value.status === 'CLOSED';
    });
    await waitDrained(b, server, tillIdOf(b));
    expect(elsewhereNotices(a, sale.id)).toEqual([]);
    const stale = unwrap(await a.runtime.api.getSaleDetail({ saleId: sale.id }));
    expect(stale.refundableCents).toBe(3000);

    // Back: A asks what it missed and learns the refund as it is now (refunded), told once.
    a.runtime.storeLink.start();
    const told = await until('A learns it at reconnection', () => {
      const n = elsewhereNotices(a, sale.id);
      return n.length > 0 ? n : null;
    });
    expect(told.map(stateOf)).toEqual(['refunded']);
    const synced = unwrap(await a.runtime.api.getSaleDetail({ saleId: sale.id }));
    expect(synced.refundableCents).toBe(2000);
    const syncedAt = synced.elsewhereKnown?.syncedAt;
    expect(syncedAt).toEqual(expect.any(Number));

    // The server goes away: A keeps its last known state and says it is not live, and since when.
    await stopServer();
    await until('A offline', () => a.runtime.storeLink.status().state === 'offline');
    const offline = unwrap(await a.runtime.api.getSaleDetail({ saleId: sale.id }));
    expect(offline.elsewhereKnown).toEqual({ live: false, syncedAt });
    expect(offline.refundableCents).toBe(2000);
    expect(offline.refundsElsewhere?.map((r) => [r.state, r.amountCents])).toEqual([['refunded', 1000]]);
  });
});
