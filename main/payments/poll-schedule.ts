/**
 * When to ask the gateway again.
 *
 * Foreground (customer confirming on their phone): a budget of QueryOrder calls per wait, spent where customers
 * confirm. The wallets' own micropay guidance queries every few seconds and gives up at 30–45 s, so most
 * confirmations land in the first half minute: the plan is dense there and sparse after, and never asks more
 * than `maxQueries` times in one wait, the check at the wait's deadline included. A gateway that starts
 * refusing a POS mid-rush is a worse failure than a second of latency. How the default was chosen:
 * docs/payments.md and bench/README.md (paid-detection).
 *
 * Background follow-up of an attempt nobody waits on: ./follow-up-schedule (its own clock, from when the wait
 * ended). Refund tracking: a doubling backoff from a few seconds up to a cap, counted in checks.
 */
import { z } from 'zod';
import { DEFAULT_FOLLOW_UP_PLAN, followUpInterval, type FollowUpPlan } from './follow-up-schedule';

export interface PollSchedule {
  /** Delay before the n-th foreground query (n from 0), given the time already waited. */
  foregroundDelay(n: number, waitedMs: number): number;
  /** Delay before the n-th background check of a refund (n from 0). */
  backgroundDelay(n: number): number;
  /** Delay before the next follow-up check of an attempt, `elapsedMs` after its follow-up began. */
  followUpDelay(elapsedMs: number): number;
}

/**
 * A foreground plan: query every `everyMs` while less than `untilMs` has been waited, phase by phase (the last
 * phase's interval holds after its `untilMs`), and at most `maxQueries` times in one wait.
 */
export interface ForegroundPlan {
  maxQueries: number;
  phases: Array<{ untilMs: number; everyMs: number }>;
}

/** Polling alone: 20 queries 1.5 s apart over the first 30 s, then every 6 s — 25 in a 60 s wait. */
export const DEFAULT_POLLING_PLAN: ForegroundPlan = {
  maxQueries: 25,
  phases: [
    { untilMs: 30_000, everyMs: 1_500 },
    { untilMs: 60_000, everyMs: 6_000 },
  ],
};

/**
 * With a notification URL the notification brings the answer at once; polling is only the fallback for a
 * notification that never arrives: every 4 s over 30 s, then every 10 s — 11 in a 60 s wait, 12 at most.
 */
export const DEFAULT_NOTIFIED_PLAN: ForegroundPlan = {
  maxQueries: 12,
  phases: [
    { untilMs: 30_000, everyMs: 4_000 },
    { untilMs: 60_000, everyMs: 10_000 },
  ],
};

/**
 * A delay no foreground wait lasts (every wait is at most 180 s): the engine then sleeps to the wait's
 * deadline and makes its one final check there. Finite and below setTimeout's 2^31−1 ms limit on purpose.
 */
export const NO_MORE_QUERIES_MS = 24 * 60 * 60_000;

export const foregroundPlanSchema = z
  .object({
    maxQueries: z.number().int().min(1).max(120),
    phases: z
      .array(
        z
          .object({
            untilMs: z.number().int().min(1_000).max(600_000),
            everyMs: z.number().int().min(500).max(60_000),
          })
          .strict(),
      )
      .min(1)
      .max(8),
  })
  .strict()
  .refine((p) => p.phases.every((ph, i) => i === 0 || ph.untilMs > p.phases[i - 1]!.untilMs), {
    message: 'phases must end in increasing order (untilMs)',
  })
  .refine((p) => p.phases.every((ph, i) => i === 0 || ph.everyMs >= p.phases[i - 1]!.everyMs), {
    message: 'phases must not get denser (everyMs must not decrease)',
  });

/** `gateway.pollSchedule` in config.json: both plans optional, each replacing its default whole. */
export const pollScheduleConfigSchema = z
  .object({ polling: foregroundPlanSchema.optional(), withNotifications: foregroundPlanSchema.optional() })
  .strict();
export type PollScheduleConfig = z.infer<typeof pollScheduleConfigSchema>;

/** The plan in force: the notification one when a notification URL is configured. */
export function chooseForegroundPlan(
  config: PollScheduleConfig | undefined,
  notificationsOn: boolean,
): ForegroundPlan {
  if (notificationsOn) return config?.withNotifications ?? DEFAULT_NOTIFIED_PLAN;
  return config?.polling ?? DEFAULT_POLLING_PLAN;
}

export interface PollScheduleOptions {
  /** Multiplies every delay (tests run the real schedule faster). Default 1. */
  scale?: number;
  /** Foreground plan; default DEFAULT_POLLING_PLAN. */
  plan?: ForegroundPlan;
  backgroundFirstMs?: number;
  backgroundCapMs?: number;
  /** Attempts' follow-up; default DEFAULT_FOLLOW_UP_PLAN with `backgroundFirstMs` as its first delay. */
  followUp?: FollowUpPlan;
}

/** ±10 % so many terminals recovering at once do not query in lockstep. */
function jittered(ms: number, scale: number): number {
  const jitter = 1 + (Math.random() - 0.5) * 0.2;
  return Math.max(1, Math.round(ms * jitter * scale));
}

export function adaptiveSchedule(options: PollScheduleOptions = {}): PollSchedule {
  const scale = options.scale ?? 1;
  const plan = options.plan ?? DEFAULT_POLLING_PLAN;
  const first = options.backgroundFirstMs ?? 5_000;
  const cap = options.backgroundCapMs ?? 10 * 60_000;
  const followUp = options.followUp ?? {
    ...DEFAULT_FOLLOW_UP_PLAN,
    ...(options.backgroundFirstMs !== undefined ? { firstMs: options.backgroundFirstMs } : {}),
  };
  return {
    foregroundDelay(n, waitedMs) {
      // The engine checks once more at the wait's deadline, whatever this says: keep one query for it.
      if (n >= plan.maxQueries - 1) return NO_MORE_QUERIES_MS;
      return Math.round(planInterval(plan, waitedMs / scale) * scale);
    },
    backgroundDelay(n) {
      return jittered(Math.min(cap, first * 2 ** Math.min(n, 20)), scale);
    },
    followUpDelay(elapsedMs) {
      return jittered(followUpInterval(followUp, elapsedMs / scale), scale);
    },
  };
}

function planInterval(plan: ForegroundPlan, waitedMs: number): number {
  for (const phase of plan.phases) if (waitedMs < phase.untilMs) return phase.everyMs;
  return plan.phases[plan.phases.length - 1]!.everyMs;
}

/**
 * The moments (ms into the wait) at which a foreground wait of `waitMs` queries the gateway when nobody pays,
 * each query taking `callMs`: the engine's loop (sale-engine runForegroundWait) replayed without a gateway.
 * For the budget's tests and the benchmark's "full wait" column.
 */
export function plannedQueryTimes(schedule: PollSchedule, waitMs: number, callMs = 0): number[] {
  const times: number[] = [];
  let now = 0;
  // Bounded so a schedule without a budget (fixedSchedule(0)) cannot spin forever here.
  for (let n = 0; n < 100_000; n++) {
    const delay = schedule.foregroundDelay(n, now);
    if (now + delay > waitMs) {
      times.push(Math.max(now, waitMs));
      return times;
    }
    now += delay;
    times.push(now);
    now += callMs;
  }
  return times;
}

/** The plain baseline the benchmark compares against: a fixed interval. */
export function fixedSchedule(intervalMs: number): PollSchedule {
  return {
    foregroundDelay: () => intervalMs,
    backgroundDelay: () => intervalMs,
    followUpDelay: () => intervalMs,
  };
}
