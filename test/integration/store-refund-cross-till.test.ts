/**
 * Refund anywhere and relayed notifications with real parts, on PGlite and PostgreSQL 15: two real till
 * runtimes (their own journals) enrolled with one real store server, both charging one sandbox merchant over
 * real HTTP (as two counters of one shop do). A sale taken on till A is found and refunded from till B through the
 * server: one refund at the sandbox, with the server's out_refund_no; till A is told; the server shows it. Two
 * tills refunding one sale at once never exceed what was paid at the sandbox. A notification the sandbox sends to
 * the server's notify URL settles the sale on till A at once (its own polling is slowed right down here).
 */
import { freePort } from '../helpers/child-process';
import { expect, it, vi } from 'vitest';
import type { NoticeView } from '../../preload/api';
import { startSandbox, type SandboxHandle } from '../../main/sandbox';
import { setStoreMerchant } from '../../main/store-server/admin';
import type { StoreServerHandle } from '../../main/store-server/server';
import {
  describeOnBothDatabases,
  enrolledTill,
  newStore,
  PIN,
  sell,
  startServer,
  tillIdOf,
  waitDrained,
} from '../helpers/store-server';
import { scenario, unwrap, type Harness } from '../helpers/runtime-harness';
import { until } from '../helpers/wait-for';
import { useCleanups } from '../helpers/cleanups';

// The store suites' room. Measured at load ~11–18: the first store server a worker starts on PGlite takes 9–14 s
// (later ones 1–2 s), a till's start and enrolment 2–4 s, each later step 1–4 s; every wait is for a condition.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const cleanups = useCleanups();

interface Shop {
  server: StoreServerHandle;
  sandbox: SandboxHandle;
  storeId: string;
  tills: Harness[];
}

const SLOW_POLLING = { maxWaitMs: 60_000, pollScale: 20, backgroundFirstMs: 60_000, callTimeoutMs: 2_000 };

describeOnBothDatabases('refund anywhere across real tills', (target) => {
  async function shop(names: string[], tuning?: typeof SLOW_POLLING): Promise<Shop> {
    const sandbox = await startSandbox({ timeScale: 0.02, refundStepMs: 200 });
    cleanups.push(() => sandbox.close());
    const merchant = sandbox.merchants[0]!;
    const port = await freePort();
    const server = await startServer(target.fresh(), { port, publicUrl: `http://127.0.0.1:${port}` });
    cleanups.push(() => server.close());
    const storeId = await newStore(server);
    await setStoreMerchant(
      server.db,
      { storeId, merchantNo: merchant.mNumber, merchantSecret: merchant.secretKey },
      server.context.sealer,
      Date.now(),
    );
    const tills: Harness[] = [];
    for (const [i, name] of names.entries()) {
      const h = await enrolledTill(server, storeId, name, {
        posNo: `POS${i + 1}`,
        runtime: {
          env: {
            OMIPAY_BASE_URL: sandbox.url,
            OMIPAY_M_NUMBER: merchant.mNumber,
            OMIPAY_SECRET_KEY: merchant.secretKey,
          },
          ...(tuning ? { tuning } : {}),
        },
      });
      cleanups.push(() => h.close());
      await until(`${name} linked`, () => server.context.links.connected(tillIdOf(h)));
      tills.push(h);
    }
    return { server, sandbox, storeId, tills };
  }

  it('refunds a sale of till A from till B through the server: one refund at the gateway, A told, server shows it', async () => {
    const { server, sandbox, tills } = await shop(['Counter 1', 'Counter 2']);
    const [a, b] = tills as [Harness, Harness];
    const sale = await sell(a, '20.00');
    await waitDrained(a, server, tillIdOf(a));

    const found = unwrap(await b.runtime.api.searchStoreSales({ query: sale.outOrderNo!, pin: PIN }));
    expect(found.server).toBe('ok');
    expect(found.sales).toEqual([
      expect.objectContaining({ saleId: sale.id, tillName: 'Counter 1', own: false, refundableCents: 2000 }),
    ]);
    // Till A finds the same sale as its own.
    const mine = unwrap(await a.runtime.api.searchStoreSales({ query: sale.orderNo!, pin: PIN }));
    expect(mine.sales.map((s) => s.own)).toEqual([true]);

    const hit = found.sales[0]!;
    const refund = unwrap(
      await b.runtime.api.refundStoreSale({
        tillId: hit.tillId,
        saleId: hit.saleId,
        outOrderNo: hit.outOrderNo,
        amount: '7.50',
        reason: 'returned at counter 2',
        pin: PIN,
      }),
    );
    expect(refund.outRefundNo).toMatch(/^SV\d{6}[0-9A-Z]{12}$/);
    expect(refund.ownerTillName).toBe('Counter 1');
    // Followed to the gateway's final status by till B.
    await until('the remote refund CLOSED', async () => {
      const r = await b.runtime.api.getRemoteRefund({ refundId: refund.id });
      return r.ok && r.value.status === 'CLOSED';
    });
    const atGateway = sandbox.control.listRefunds();
    expect(atGateway).toHaveLength(1);
    expect(atGateway[0]).toMatchObject({
      outRefundNo: refund.outRefundNo,
      amount: 750,
      orderNo: sale.orderNo,
    });

    // The outcome replicates: the hold becomes a refund, and till A is told over its link.
    // Its last notice of this refund says refunded; the earlier ones said requested and waiting.
    const notice = await until('A told it was refunded', () => {
      const e = a.events.find(
        (x) =>
          x.type === 'notice' && x.notice.kind === 'refunded_elsewhere' && x.notice.id.endsWith(':refunded'),
      );
      return e && e.type === 'notice' ? e.notice : null;
    });
    expect(notice).toMatchObject<Partial<NoticeView>>({ saleId: sale.id, amountCents: 750 });
    expect(notice.message.en).toContain('Counter 2');
    const after = unwrap(await a.runtime.api.searchStoreSales({ query: sale.outOrderNo!, pin: PIN }));
    expect(after.sales[0]).toMatchObject({ refundedCents: 750, reservedCents: 0, refundableCents: 1250 });
    const held = await server.db.query<{ status: string }>('SELECT status FROM refund_reservations');
    expect(held.rows.map((r) => r.status)).toEqual(['refunded']);

    // A's own refund of the rest goes through the server too, with its number, and the gateway's total is the sale.
    const own = unwrap(
      await a.runtime.api.refund({ saleId: sale.id, amount: '12.50', reason: 'rest', pin: PIN }),
    );
    expect(own.outRefundNo).toMatch(/^SV/);
    const more = await b.runtime.api.refundStoreSale({
      tillId: hit.tillId,
      saleId: hit.saleId,
      amount: '0.01',
      reason: 'one cent too many',
      pin: PIN,
    });
    expect(more.ok).toBe(false);
    if (!more.ok) {
      expect(more.error.code).toBe('AMOUNT_OVER_LIMIT');
      expect(more.error.message.zh).toContain('可退');
    }
    expect(sandbox.control.listRefunds().reduce((t, r) => t + r.amount, 0)).toBe(2000);
  });

  it('two tills refunding one sale at once never refund more than was paid at the gateway', async () => {
    const { server, sandbox, tills } = await shop(['Counter 1', 'Counter 2']);
    const [a, b] = tills as [Harness, Harness];
    const sale = await sell(a, '10.00');
    await waitDrained(a, server, tillIdOf(a));
    const tillA = tillIdOf(a);
    const results = await Promise.all([
      a.runtime.api.refund({ saleId: sale.id, amount: '6.00', reason: 'a', pin: PIN }),
      b.runtime.api.refundStoreSale({
        tillId: tillA,
        saleId: sale.id,
        amount: '6.00',
        reason: 'b',
        pin: PIN,
      }),
      b.runtime.api.refundStoreSale({
        tillId: tillA,
        saleId: sale.id,
        amount: '6.00',
        reason: 'c',
        pin: PIN,
      }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    for (const r of results) if (!r.ok) expect(r.error.code).toBe('AMOUNT_OVER_LIMIT');
    const refunded = sandbox.control.listRefunds();
    expect(refunded).toHaveLength(1);
    expect(refunded.reduce((t, r) => t + r.amount, 0)).toBeLessThanOrEqual(1000);
  });

  it('a notification the sandbox sends to the server settles the sale on the till that took it, at once', async () => {
    const { server, sandbox, tills } = await shop(['Counter 1'], SLOW_POLLING);
    const [a] = tills as [Harness];
    const sale = unwrap(await a.runtime.api.startSale({ amount: '3.30' }));
    unwrap(await a.runtime.api.submitCode({ saleId: sale.id, code: scenario('wechat', '0007') }));
    // USERPAYING: the customer has not confirmed yet; the till would next ask the gateway in a minute.
    const waiting = await a.waitForSale(sale.id, (s) => s.orderNo !== null && s.phase !== 'paid');
    const queriesBefore = sandbox.control.requestCount('QueryOrder');
    sandbox.control.payOrder(waiting.orderNo!);
    // A deadline for the condition only: what shows "at once" is the order below, not a measure of wall time.
    await a.waitForSale(sale.id, (s) => s.phase === 'paid', 60_000);
    // The till had the notification before it had the payment, and asked the gateway once after the customer
    // paid: the check the notification asked for (its own schedule, slowed 20-fold, would ask first after 30 s).
    const detail = unwrap(await a.runtime.api.getSaleDetail({ saleId: sale.id }));
    const types = detail.history.map((e) => e.type);
    expect(types).toContain('notification.received');
    expect(types.indexOf('notification.received')).toBeLessThan(types.indexOf('attempt.paid'));
    expect(sandbox.control.requestCount('QueryOrder') - queriesBefore).toBe(1);
    // The server answered the sandbox SUCCESS (recorded just after the till was told).
    await until('delivered', () =>
      sandbox.control.notificationsSent().some((n) => n.delivered && n.url.startsWith(server.url)),
    );
    const relayed = await server.db.query<{ verdict: string; delivered: boolean; till_id: string }>(
      'SELECT verdict, delivered, till_id FROM notifications',
    );
    expect(relayed.rows).toEqual([{ verdict: 'relayed', delivered: true, till_id: tillIdOf(a) }]);
  });
});
