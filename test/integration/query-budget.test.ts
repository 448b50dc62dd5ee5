/**
 * The query budget on the real core: a customer who never confirms (sandbox scenario 0007 stays PAYING) costs
 * at most the plan's budget of QueryOrder calls over the whole foreground wait — the engine's own loop, over
 * real HTTP, with the timings scaled down (harness: 60 s → 3 s). With a notification URL the sparser plan holds.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { PaymentGateway } from '../../main/payments/gateway';
import {
  adaptiveSchedule,
  DEFAULT_NOTIFIED_PLAN,
  DEFAULT_POLLING_PLAN,
  type ForegroundPlan,
  type PollSchedule,
} from '../../main/payments/poll-schedule';
import { queryCountingGateway } from '../helpers/counting-gateway';
import { scenario, startHarness, unwrap, type Harness } from '../helpers/runtime-harness';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const WAIT_MS = 3_000;
const SCALE = 0.05;

/**
 * QueryOrder calls over a wait nobody confirms, and how many the plan allows at the pace this machine
 * actually managed: each cycle costs the plan's delay plus the check itself and the timer's lateness, which on
 * a loaded machine is far from zero, so a fixed floor would measure the machine, not the engine.
 */
async function queriesForAWaitNobodyConfirms(
  plan: ForegroundPlan,
  notifyUrl?: string,
): Promise<{ queries: number; allowed: number }> {
  const starts: number[] = [];
  const counting = (g: PaymentGateway): PaymentGateway =>
    queryCountingGateway(g, () => {
      starts.push(performance.now());
    });
  h = await startHarness({ wrapGateway: counting, ...(notifyUrl ? { notifyUrl } : {}) });
  const sale = unwrap(await h.runtime.api.startSale({ amount: '4.20' }));
  unwrap(await h.runtime.api.submitCode({ saleId: sale.id, code: scenario('wechat', '0007') }));
  await h.waitForSale(sale.id, (s) => s.phase === 'unresolved', 10_000);
  // The background resolver takes over from here; its own backoff is not part of the foreground budget.
  const schedule = adaptiveSchedule({ scale: SCALE, plan });
  const first = schedule.foregroundDelay(0, 0);
  // What each cycle cost beyond its planned delay. Time waited is underestimated (the wait began before the
  // first delay), so a planned delay is never overestimated and a cycle's extra cost never underestimated.
  const extra = starts
    .slice(1, -1)
    .map((t, i) =>
      Math.max(0, t - starts[i]! - schedule.foregroundDelay(i + 1, starts[i]! - starts[0]! + first)),
    );
  const mean = extra.length === 0 ? 0 : extra.reduce((a, b) => a + b, 0) / extra.length;
  return { queries: starts.length, allowed: replayedQueries(schedule, [mean, ...extra]) };
}

/**
 * The engine's loop (sale/resolver runForegroundWait) replayed with the cost each cycle actually had: how many
 * queries the plan fits in the wait at this pace. Cycles past the measured ones cost nothing extra, so an
 * engine that stopped polling early is allowed more than it made.
 */
function replayedQueries(schedule: PollSchedule, extraMs: number[]): number {
  let now = 0;
  for (let n = 0; ; n++) {
    const delay = schedule.foregroundDelay(n, now);
    if (now + delay > WAIT_MS) return n + 1; // the final check at the deadline
    now += delay + (extraMs[n] ?? 0);
  }
}

describe('foreground query budget', () => {
  it('polling alone: at most 25 QueryOrder calls in a full wait, and most of them used', async () => {
    const { queries, allowed } = await queriesForAWaitNobodyConfirms(DEFAULT_POLLING_PLAN);
    expect(queries).toBeLessThanOrEqual(DEFAULT_POLLING_PLAN.maxQueries);
    // Most used: all the plan allows at this machine's pace, give or take the one cycle cut at the deadline.
    expect(queries).toBeGreaterThanOrEqual(Math.min(15, allowed - 1));
  });

  it('with a notification URL: the sparser plan, at most 12', async () => {
    const { queries, allowed } = await queriesForAWaitNobodyConfirms(
      DEFAULT_NOTIFIED_PLAN,
      'http://127.0.0.1:9/omipay/notify',
    );
    expect(queries).toBeLessThanOrEqual(DEFAULT_NOTIFIED_PLAN.maxQueries);
    expect(queries).toBeGreaterThanOrEqual(Math.min(6, allowed - 1));
  });
});
