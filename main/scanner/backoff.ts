export interface BackoffOptions {
  /** First retry delay. */
  initialMs: number;
  /** Longest delay between two attempts; bounds how long a replugged scanner waits to be picked up. */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 250, maxMs: 1600 };

/**
 * Exponential backoff with "equal jitter": the delay is between half and all of the exponential step,
 * never above maxMs, so counters that lose power together do not retry in lockstep while a replugged
 * scanner is still picked up within maxMs.
 */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number): number {
  const step = Math.min(options.maxMs, options.initialMs * 2 ** Math.min(attempt, 30));
  return Math.round(step / 2 + random() * (step / 2));
}
