/**
 * When to ask the gateway again.
 *
 * Foreground (customer entering a password): most customers finish within 5–20 s, so ask every second at first
 * (paid shows within ~0.5 s on average), then back off; over a full minute this stays under 60 queries.
 * Background (unresolved): a doubling backoff from a few seconds up to a cap, for as long as it takes —
 * Omipay has no cancel, so an unresolved order is watched until it is final.
 */
export interface PollSchedule {
  /** Delay before the n-th foreground query (n from 0), given the time already waited. */
  foregroundDelay(n: number, waitedMs: number): number;
  /** Delay before the n-th background check (n from 0). */
  backgroundDelay(n: number): number;
}

export interface PollScheduleOptions {
  /** Multiplies every delay (tests run the real schedule faster). Default 1. */
  scale?: number;
  backgroundFirstMs?: number;
  backgroundCapMs?: number;
}

export function adaptiveSchedule(options: PollScheduleOptions = {}): PollSchedule {
  const scale = options.scale ?? 1;
  const first = options.backgroundFirstMs ?? 5_000;
  const cap = options.backgroundCapMs ?? 10 * 60_000;
  return {
    foregroundDelay(_n, waitedMs) {
      const base = waitedMs < 20_000 * scale ? 1_000 : waitedMs < 40_000 * scale ? 1_500 : 2_000;
      return Math.round(base * scale);
    },
    backgroundDelay(n) {
      const raw = Math.min(cap, first * 2 ** Math.min(n, 20));
      // ±10 % jitter so many terminals recovering at once do not query in lockstep.
      const jitter = 1 + (Math.random() - 0.5) * 0.2;
      return Math.max(1, Math.round(raw * jitter * scale));
    },
  };
}

/** The plain baseline the benchmark compares against: a fixed interval. */
export function fixedSchedule(intervalMs: number): PollSchedule {
  return { foregroundDelay: () => intervalMs, backgroundDelay: () => intervalMs };
}
