/**
 * The foreground query budget (main/payments/poll-schedule.ts): the default plans' exact shape, and — for any
 * valid plan, wait length, call time and time scale — never more queries than the budget, never a query after
 * the wait, delays that only grow, and a config that refuses plans it could not honour.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { terminalConfigSchema } from '../../../main/config/config';
import {
  adaptiveSchedule,
  chooseForegroundPlan,
  DEFAULT_NOTIFIED_PLAN,
  DEFAULT_POLLING_PLAN,
  foregroundPlanSchema,
  NO_MORE_QUERIES_MS,
  plannedQueryTimes,
  type ForegroundPlan,
} from '../../../main/payments/poll-schedule';
import {
  DEFAULT_FOLLOW_UP_PLAN,
  followUpInterval,
  plannedFollowUpTimes,
} from '../../../main/payments/follow-up-schedule';

/** Valid plans: 1–5 phases ending in increasing order, intervals that never get denser. */
const planArb: fc.Arbitrary<ForegroundPlan> = fc
  .record({
    maxQueries: fc.integer({ min: 1, max: 120 }),
    ends: fc.uniqueArray(fc.integer({ min: 1_000, max: 600_000 }), { minLength: 1, maxLength: 5 }),
    everys: fc.array(fc.integer({ min: 500, max: 60_000 }), { minLength: 5, maxLength: 5 }),
  })
  .map(({ maxQueries, ends, everys }) => {
    const sortedEnds = [...ends].sort((a, b) => a - b);
    const sortedEverys = [...everys].sort((a, b) => a - b);
    return {
      maxQueries,
      phases: sortedEnds.map((untilMs, i) => ({ untilMs, everyMs: sortedEverys[i]! })),
    };
  });

const gaps = (times: number[]): number[] => times.map((t, i) => t - (i === 0 ? 0 : times[i - 1]!));

describe('the default plans', () => {
  it('polling alone: 20 queries 1.5 s apart over the first 30 s, then every 6 s — 25 in a 60 s wait', () => {
    const times = plannedQueryTimes(adaptiveSchedule(), 60_000);
    expect(times).toHaveLength(25);
    expect(times.filter((t) => t <= 30_000)).toHaveLength(20);
    expect(gaps(times.filter((t) => t <= 30_000)).every((g) => g === 1_500)).toBe(true);
    expect(gaps(times).slice(20)).toEqual([6_000, 6_000, 6_000, 6_000, 6_000]);
    expect(times.at(-1)).toBe(60_000);
  });

  it('with notifications: sparser, 11 queries in a 60 s wait, budget 12 for longer waits', () => {
    const schedule = adaptiveSchedule({ plan: DEFAULT_NOTIFIED_PLAN });
    expect(plannedQueryTimes(schedule, 60_000)).toHaveLength(11);
    expect(plannedQueryTimes(schedule, 180_000)).toHaveLength(12);
    expect(DEFAULT_NOTIFIED_PLAN.maxQueries).toBeLessThan(DEFAULT_POLLING_PLAN.maxQueries);
  });

  it('keeps the budget for every wait the config allows (15–180 s) and any call time', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 15_000, max: 180_000 }),
        fc.integer({ min: 0, max: 20_000 }),
        fc.boolean(),
        (waitMs, callMs, notified) => {
          const plan = notified ? DEFAULT_NOTIFIED_PLAN : DEFAULT_POLLING_PLAN;
          const times = plannedQueryTimes(adaptiveSchedule({ plan }), waitMs, callMs);
          expect(times.length).toBeLessThanOrEqual(plan.maxQueries);
          expect(times.length).toBeGreaterThanOrEqual(1);
        },
      ),
    );
  });

  it('the notification plan is the one in force only when a notification URL is configured', () => {
    expect(chooseForegroundPlan(undefined, false)).toBe(DEFAULT_POLLING_PLAN);
    expect(chooseForegroundPlan(undefined, true)).toBe(DEFAULT_NOTIFIED_PLAN);
    const own = { maxQueries: 5, phases: [{ untilMs: 10_000, everyMs: 2_000 }] };
    expect(chooseForegroundPlan({ polling: own }, false)).toBe(own);
    expect(chooseForegroundPlan({ polling: own }, true)).toBe(DEFAULT_NOTIFIED_PLAN);
    expect(chooseForegroundPlan({ withNotifications: own }, true)).toBe(own);
  });
});

describe('any valid plan', () => {
  it('never makes more queries than its budget, nor queries after the wait', () => {
    fc.assert(
      fc.property(
        planArb,
        fc.integer({ min: 1_000, max: 600_000 }),
        fc.integer({ min: 0, max: 5_000 }),
        fc.constantFrom(1, 0.5, 0.05, 0.02),
        (plan, waitMs, callMs, scale) => {
          const schedule = adaptiveSchedule({ plan, scale });
          const wait = Math.round(waitMs * scale);
          const times = plannedQueryTimes(schedule, wait, Math.round(callMs * scale));
          expect(times.length).toBeLessThanOrEqual(plan.maxQueries);
          // Every query but the deadline's own check is inside the wait; times never go back.
          for (let i = 1; i < times.length; i++) expect(times[i]!).toBeGreaterThanOrEqual(times[i - 1]!);
          expect(times.slice(0, -1).every((t) => t <= wait)).toBe(true);
        },
      ),
    );
  });

  it('asks less and less often as the wait goes on (monotone), with finite positive delays', () => {
    fc.assert(
      fc.property(
        planArb,
        fc.integer({ min: 0, max: 600_000 }),
        fc.integer({ min: 0, max: 600_000 }),
        (plan, a, b) => {
          const schedule = adaptiveSchedule({ plan });
          const [early, late] = a <= b ? [a, b] : [b, a];
          const n = Math.max(0, plan.maxQueries - 2);
          const d1 = schedule.foregroundDelay(0, early);
          const d2 = schedule.foregroundDelay(n, late);
          expect(d2).toBeGreaterThanOrEqual(d1);
          for (const d of [d1, d2]) {
            expect(Number.isFinite(d)).toBe(true);
            expect(d).toBeGreaterThan(0);
            expect(d).toBeLessThan(2 ** 31 - 1);
          }
        },
      ),
    );
  });

  it('spends its budget where customers confirm: no gap in the first phase longer than its interval', () => {
    fc.assert(
      fc.property(planArb, (plan) => {
        const first = plan.phases[0]!;
        const times = plannedQueryTimes(adaptiveSchedule({ plan }), 600_000);
        const inFirst = times.filter((t) => t <= first.untilMs).slice(0, plan.maxQueries - 1);
        expect(gaps(inFirst).every((g) => g <= first.everyMs)).toBe(true);
      }),
    );
  });

  it('stops asking once the budget is spent, whatever the time', () => {
    const schedule = adaptiveSchedule({
      plan: { maxQueries: 3, phases: [{ untilMs: 30_000, everyMs: 1_000 }] },
    });
    expect(schedule.foregroundDelay(0, 0)).toBe(1_000);
    expect(schedule.foregroundDelay(1, 1_000)).toBe(1_000);
    expect(schedule.foregroundDelay(2, 2_000)).toBe(NO_MORE_QUERIES_MS);
    expect(plannedQueryTimes(schedule, 60_000)).toEqual([1_000, 2_000, 60_000]);
  });
});

describe('gateway.pollSchedule in config.json', () => {
  const base = { gateway: { timeZone: 'Australia/Sydney' } };
  const withPlan = (polling: unknown) =>
    terminalConfigSchema.safeParse({ ...base, gateway: { ...base.gateway, pollSchedule: { polling } } });

  it('accepts a plan and keeps it', () => {
    const polling = {
      maxQueries: 20,
      phases: [
        { untilMs: 20_000, everyMs: 1_000 },
        { untilMs: 60_000, everyMs: 8_000 },
      ],
    };
    const parsed = withPlan(polling);
    expect(parsed.success).toBe(true);
    if (parsed.success) expect(parsed.data.gateway.pollSchedule?.polling).toEqual(polling);
  });

  it('is optional: without it the defaults apply', () => {
    const parsed = terminalConfigSchema.safeParse(base);
    expect(parsed.success).toBe(true);
    if (parsed.success) expect(parsed.data.gateway.pollSchedule).toBeUndefined();
  });

  it.each([
    ['no budget', { phases: [{ untilMs: 30_000, everyMs: 1_500 }] }],
    ['a budget of 0', { maxQueries: 0, phases: [{ untilMs: 30_000, everyMs: 1_500 }] }],
    ['a hammering interval', { maxQueries: 25, phases: [{ untilMs: 30_000, everyMs: 100 }] }],
    ['no phases', { maxQueries: 25, phases: [] }],
    [
      'phases out of order',
      {
        maxQueries: 25,
        phases: [
          { untilMs: 60_000, everyMs: 6_000 },
          { untilMs: 30_000, everyMs: 6_000 },
        ],
      },
    ],
    [
      'a later phase denser than an earlier one',
      {
        maxQueries: 25,
        phases: [
          { untilMs: 30_000, everyMs: 6_000 },
          { untilMs: 60_000, everyMs: 1_000 },
        ],
      },
    ],
    ['an unknown key', { maxQueries: 25, phases: [{ untilMs: 30_000, everyMs: 1_500 }], jitter: true }],
  ])('refuses %s', (_label, polling) => {
    expect(withPlan(polling).success).toBe(false);
    expect(foregroundPlanSchema.safeParse(polling).success).toBe(false);
  });
});

describe('the background follow-up', () => {
  it('counts from when it began: +5 s, every 10 s to 5 min, then a doubling to the 10 min cap', () => {
    const times = plannedFollowUpTimes(DEFAULT_FOLLOW_UP_PLAN, 60 * 60_000);
    expect(times.slice(0, 3)).toEqual([5_000, 15_000, 25_000]);
    expect(times.filter((t) => t <= 5 * 60_000)).toHaveLength(30);
    expect(times.filter((t) => t > 290_000).map((t) => t / 1000)).toEqual([
      295, 305, 325, 350, 400, 500, 700, 1100, 1700, 2300, 2900, 3500,
    ]);
    // The budget docs/payments.md states: 30 in the first 5 minutes, 41 in the first hour, then 6 an hour.
    expect(times).toHaveLength(41);
    expect(plannedFollowUpTimes(DEFAULT_FOLLOW_UP_PLAN, 2 * 60 * 60_000)).toHaveLength(47);
  });

  it('does not depend on how many queries the foreground wait made', () => {
    const schedule = adaptiveSchedule();
    for (let i = 0; i < 50; i++) {
      const d = schedule.followUpDelay(12_000);
      expect(d).toBeGreaterThanOrEqual(9_000);
      expect(d).toBeLessThanOrEqual(11_000);
    }
    expect(followUpInterval(DEFAULT_FOLLOW_UP_PLAN, 0)).toBe(5_000);
    expect(followUpInterval(DEFAULT_FOLLOW_UP_PLAN, 24 * 60 * 60_000)).toBe(600_000);
  });
});
