/**
 * Reconciliation against the real sandbox over HTTP: orders made at the gateway with the sandbox's merchant,
 * records pushed through the till API that agree with some and deliberately disagree with others; the page
 * must list exactly the differences, and query each order once.
 */
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { startSandbox } from '../../main/sandbox';
import type { SandboxHandle } from '../../main/sandbox/types';
import { setStoreMerchant } from '../../main/store-server/admin';
import { CONCURRENCY } from '../../main/store-server/web/reconcile';
import { DAY, describeOnBothDatabases, FeedTill, serversPerTest, WebClient } from '../helpers/store-server';
import { until } from '../helpers/wait-for';

// Each test starts its own server (migrations, scrypt hashes) and the suite removes its PGlite data dirs: both
// are slow on a busy machine.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

let sandbox: SandboxHandle;
beforeAll(async () => {
  // The unpaid order seeded below must still be READY when the page asks, however long a loaded machine takes
  // to get there (5 minutes × 0.02 is 6 s): expiry is not what this suite checks.
  sandbox = await startSandbox({ timeScale: 0.02, switches: { unpaidExpiryMs: 0 } });
});
afterAll(async () => {
  await sandbox.close();
});

describeOnBothDatabases('managers’ reconciliation', (target) => {
  const servers = serversPerTest(target);
  afterEach(() => {
    sandbox.control.reset();
  });

  it('lists every difference between the gateway and the replicated rows, with its progress', async () => {
    const world = await servers.world({ gatewayBaseUrl: sandbox.url });
    const merchant = sandbox.merchants[0]!;
    await setStoreMerchant(
      world.server.db,
      { storeId: world.storeA, merchantNo: merchant.mNumber, merchantSecret: merchant.secretKey },
      world.server.context.sealer,
      world.clock.now,
    );
    const till = await FeedTill.enrol(world, world.storeA, 'Front', 'A1');
    const gw = (outOrderNo: string, amount: number, status: 'PAID' | 'READY' = 'PAID') =>
      sandbox.control.seedOrder({ outOrderNo, amount, status }).orderNo;

    const agree = gw('A1-ok', 1250);
    const paidThere = gw('A1-there', 3000);
    const differs = gw('A1-differs', 2000);
    const notPaidThere = gw('A1-here', 700, 'READY');
    await till.push(
      ...till.sale('ok', { status: 'paid', cents: 1250, orderNo: agree, outOrderNo: 'A1-ok' }),
      ...till.sale('there', {
        status: 'unresolved',
        cents: 3000,
        orderNo: paidThere,
        outOrderNo: 'A1-there',
      }),
      ...till.sale('differs', { status: 'paid', cents: 2500, orderNo: differs, outOrderNo: 'A1-differs' }),
      ...till.sale('here', { status: 'paid', cents: 700, orderNo: notPaidThere, outOrderNo: 'A1-here' }),
      ...till.sale('ghost', { status: 'paid', cents: 900, orderNo: 'ZZ0000000001', outOrderNo: 'A1-ghost' }),
      ...till.sale('never', { status: 'unresolved', cents: 100, orderNo: null, outOrderNo: 'A1-never' }),
      ...till.sale('declined', { status: 'declined', cents: 100, orderNo: null, outOrderNo: 'A1-declined' }),
    );
    // Many agreeing orders, so the run takes several rounds of CONCURRENCY queries.
    for (let i = 0; i < 12; i++) {
      const no = gw(`A1-bulk${i}`, 100 + i);
      await till.push(
        ...till.sale(`bulk${i}`, { status: 'paid', cents: 100 + i, orderNo: no, outOrderNo: `A1-bulk${i}` }),
      );
    }

    const ho = new WebClient(world.server.url);
    await ho.signIn('ho');
    const before = sandbox.control.requestCount('QueryOrder');
    const started = await ho.post('/web/reconcile', {
      csrf: await ho.csrf(),
      store: world.storeA,
      date: DAY,
    });
    expect(started.status).toBe(303);
    const location = started.headers.get('location')!;
    const jobId = new URL(location, world.server.url).searchParams.get('job')!;

    type Job = { finished: boolean; done: number; total: number; differences: Record<string, unknown>[] };
    const job = await until(
      'the reconcile job to finish',
      async () => {
        const now = (await ho.json(`/web/api/reconcile/${jobId}`)).body as Job;
        return now.finished ? now : null;
      },
      30_000,
    );
    expect(job.total).toBe(19);
    expect(job.done).toBe(19);
    // The declined attempt without an order number is not asked about; every other order is asked once.
    expect(sandbox.control.requestCount('QueryOrder') - before).toBe(17);
    const byOrder = Object.fromEntries(job.differences.map((d) => [d.outOrderNo, d]));
    expect(Object.keys(byOrder).sort()).toEqual([
      'A1-differs',
      'A1-ghost',
      'A1-here',
      'A1-never',
      'A1-there',
    ]);
    expect(byOrder['A1-there']).toMatchObject({
      kind: 'paid_at_gateway_only',
      hereStatus: 'unknown',
      gatewayStatus: 'PAID',
      gatewayAmountCents: 3000,
    });
    expect(byOrder['A1-differs']).toMatchObject({
      kind: 'amount_differs',
      hereAmountCents: 2500,
      gatewayAmountCents: 2000,
    });
    expect(byOrder['A1-here']).toMatchObject({ kind: 'paid_here_only', gatewayStatus: 'READY' });
    expect(byOrder['A1-ghost']).toMatchObject({ kind: 'order_unknown' });
    expect(byOrder['A1-never']).toMatchObject({ kind: 'no_order_no' });
    expect(CONCURRENCY).toBeGreaterThan(1);

    const page = await (await ho.get(location)).text();
    expect(page).toContain('19 / 19');
    expect(page).toContain('Paid at the gateway, not paid here');
    expect(page).toContain('Amount differs');
    expect(page).toContain('Order unknown to the gateway');
    expect(page).not.toContain(merchant.secretKey);
  });

  it('refuses a store with no merchant on the server, in words', async () => {
    const world = await servers.world({ gatewayBaseUrl: sandbox.url });
    const ho = new WebClient(world.server.url);
    await ho.signIn('ho');
    const r = await ho.post('/web/reconcile', { csrf: await ho.csrf(), store: world.storeB, date: DAY });
    expect(r.status).toBe(409);
    expect(await r.text()).toContain('This store has no Omipay merchant number and secret on the server.');
  });
});
