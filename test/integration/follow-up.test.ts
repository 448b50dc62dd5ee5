/**
 * The background follow-up against the real core and the sandbox over HTTP, with every interval of the core
 * scaled to a quarter (SCALE): a payment that lands after the wait ended, or after a void, is found on the
 * follow-up's own schedule — not after a backoff inflated by the foreground wait's queries. The first three
 * run on a fake clock (test/helpers/fake-clock.ts) that the core and the sandbox share: the schedule is
 * measured in the clock's time, which the machine's load cannot stretch.
 */
import { afterEach, expect, it } from 'vitest';
import type { SaleView } from '../../preload/api';
import { installFakeClock, type FakeClock } from '../helpers/fake-clock';
import { scenario, startHarness, unwrap, type Harness } from '../helpers/runtime-harness';
import { waitFor } from '../helpers/wait-for';

const SCALE = 0.25;
const at = (realMs: number) => realMs * SCALE;
let h: Harness | null = null;
let clock: FakeClock | null = null;

afterEach(async () => {
  clock?.uninstall();
  clock = null;
  await h?.close();
  h = null;
});

async function start(): Promise<{ h: Harness; clock: FakeClock }> {
  clock = installFakeClock();
  // The sandbox keeps the clock's full time, so its unpaid orders expire after 5 minutes, not during the test.
  h = await startHarness({
    sandbox: { timeScale: 1, refundStepMs: 200 },
    tuning: { maxWaitMs: 3_000, pollScale: SCALE, callTimeoutMs: 2_000 },
  });
  clock.follow(h.runtime);
  return { h, clock };
}

/** Runs the clock until the sale is in `phase`, within `limitMs` of the clock's time. */
async function untilPhase(
  h: Harness,
  clock: FakeClock,
  saleId: string,
  phase: SaleView['phase'],
  limitMs = 10_000,
): Promise<SaleView> {
  let sale: SaleView | null = null;
  await clock.advanceUntil(
    `sale ${saleId} ${phase}`,
    async () => {
      sale = unwrap(await h.runtime.api.getSaleDetail({ saleId })).sale;
      return sale.phase === phase;
    },
    limitMs,
  );
  return sale!;
}

it('a payment 8 s after the wait ended is seen within 20 s, without notifications', async () => {
  const { h, clock } = await start();
  const api = h.runtime.api;
  const sale = unwrap(await api.startSale({ amount: '6.00' }));
  unwrap(await api.submitCode({ saleId: sale.id, code: scenario('alipay', '0007') }));
  const unresolved = await untilPhase(h, clock, sale.id, 'unresolved');
  const waitEnded = clock.now();
  const foregroundQueries = h.runtime.sandbox!.control.requestCount('QueryOrder');
  expect(foregroundQueries).toBeGreaterThan(3); // the wait spent its own budget; the follow-up must not count it

  await clock.advance(Math.max(0, waitEnded + at(8_000) - clock.now()));
  h.runtime.sandbox!.control.payOrder(unresolved.orderNo!);
  const paidAt = clock.now();
  await untilPhase(h, clock, sale.id, 'paid', at(20_000) + 2_000);
  expect(clock.now() - paidAt).toBeLessThanOrEqual(at(20_000));
});

it('a void followed by a payment 30 s later is refunded in full within 30 s, once', async () => {
  const { h, clock } = await start();
  const api = h.runtime.api;
  const sale = unwrap(await api.startSale({ amount: '23.45' }));
  unwrap(await api.submitCode({ saleId: sale.id, code: scenario('wechat', '0007') }));
  let waiting: SaleView | null = null;
  await clock.advanceUntil(
    'the order to be waiting for the customer',
    async () => {
      waiting = unwrap(await api.getSaleDetail({ saleId: sale.id })).sale;
      return waiting.phase === 'waiting_customer' && waiting.orderNo !== null;
    },
    10_000,
  );
  const orderNo = waiting!.orderNo!;
  unwrap(await api.voidSale({ saleId: sale.id }));
  const voidedAt = clock.now();

  await clock.advance(Math.max(0, voidedAt + at(30_000) - clock.now()));
  h.runtime.sandbox!.control.payOrder(orderNo);
  const paidAt = clock.now();
  await untilPhase(h, clock, sale.id, 'late_refunded', at(30_000) + 2_000);
  expect(clock.now() - paidAt).toBeLessThanOrEqual(at(30_000));
  const refunds = h.runtime.sandbox!.control.listRefunds().filter((r) => r.orderNo === orderNo);
  expect(refunds.map((r) => r.amount)).toEqual([2345]);
});

it('spends the follow-up densely while the customer may still pay: about every 10 s, not one check in minutes', async () => {
  const { h, clock } = await start();
  const api = h.runtime.api;
  const sale = unwrap(await api.startSale({ amount: '4.00' }));
  unwrap(await api.submitCode({ saleId: sale.id, code: scenario('alipay', '0007') }));
  await untilPhase(h, clock, sale.id, 'unresolved');
  const before = h.runtime.sandbox!.control.requestCount('QueryOrder');
  await clock.advance(at(60_000));
  const inAMinute = h.runtime.sandbox!.control.requestCount('QueryOrder') - before;
  // +5 s, then every 10 s (±10 % jitter): 6 checks in the first minute. The schedule it replaced made 1.
  expect(inAMinute).toBeGreaterThanOrEqual(4);
  expect(inAMinute).toBeLessThanOrEqual(7);
});

it('while every gateway call is lost the follow-up keeps asking and nothing turns paid; once Omipay answers it does', async () => {
  h = await startHarness();
  const api = h.runtime.api;
  const gateway = h.runtime.sandbox!.control;
  const sale = unwrap(await api.startSale({ amount: '5.00' }));
  gateway.injectFault({ fault: { kind: 'drop' }, times: 10_000 });
  // Scenario 0000 pays the moment MakeScanOrder reaches the gateway: any call that slipped past the fault would
  // show as a paid sale.
  unwrap(await api.submitCode({ saleId: sale.id, code: scenario('wechat', '0000') }));
  await h.waitForSale(sale.id, (s) => s.phase === 'unresolved');
  const checks = async () => {
    const d = unwrap(await api.getSaleDetail({ saleId: sale.id }));
    return d.attempts[0]?.checkCount ?? 0;
  };
  // Past the foreground wait's 25 checks and several of the follow-up's, every one of them dropped.
  await waitFor(async () => (await checks()) >= 30, {
    what: '30 checks of the lost order',
    describe: () => gateway.requestCount('MakeScanOrder'),
  });
  const paidEvents = () =>
    h!.events.filter((e) => e.type === 'sale' && e.sale.id === sale.id && e.sale.phase === 'paid');
  expect(paidEvents()).toEqual([]);
  expect(unwrap(await api.getSaleDetail({ saleId: sale.id })).sale.phase).toBe('unresolved');
  expect(gateway.listOrders()).toEqual([]);

  gateway.clearFaults();
  await h.waitForSale(sale.id, (s) => s.phase === 'paid');
  expect(gateway.listOrders()).toHaveLength(1);
});
