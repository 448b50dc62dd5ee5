/**
 * The background follow-up of an attempt nobody waits on any more (the wait ended unpaid, "Stop waiting", a
 * void, a restart). It counts from the moment the follow-up began, never from the foreground wait's queries: a
 * customer who is still finishing on the phone pays in the next minutes, so those are checked densely; after
 * that the order is watched with a backoff up to a cap until the gateway calls it final (Omipay has no cancel).
 *
 * Default budget per attempt left open: a check at +5 s, then every 10 s (30 queries in the first 5 minutes —
 * when Omipay expires an unpaid order), then delays growing 20 s, 25 s, 50 s … to the 10 min cap (41 in the first
 * hour), then 6 an hour until the order is final. docs/payments.md states it.
 */

export interface FollowUpPlan {
  /** Delay of the first check after the follow-up began. */
  firstMs: number;
  /** Dense phase: a check every `everyMs` until `untilMs` after the follow-up began. */
  denseUntilMs: number;
  everyMs: number;
  /** After the dense phase, each delay is as long as the time already spent past it (a doubling), capped. */
  capMs: number;
}

export const DEFAULT_FOLLOW_UP_PLAN: FollowUpPlan = {
  firstMs: 5_000,
  denseUntilMs: 5 * 60_000,
  everyMs: 10_000,
  capMs: 10 * 60_000,
};

/**
 * Delay before the next background check, `elapsedMs` after the follow-up began (unjittered, unscaled).
 * Stateless on purpose: a check asked for in between (a notification, a manual check) does not push the
 * schedule back, and a restart that knows when the follow-up began continues it where it was.
 */
export function followUpInterval(plan: FollowUpPlan, elapsedMs: number): number {
  if (elapsedMs <= 0) return plan.firstMs;
  if (elapsedMs < plan.denseUntilMs) return plan.everyMs;
  const past = elapsedMs - plan.denseUntilMs;
  return Math.min(plan.capMs, Math.max(2 * plan.everyMs, past));
}

/**
 * Queries a follow-up spends from its start to `horizonMs` when the order never becomes final (each check
 * taken at once): the budget in docs/payments.md and the bench's column, computed from the same rule.
 */
export function plannedFollowUpTimes(plan: FollowUpPlan, horizonMs: number): number[] {
  const times: number[] = [];
  let t = 0;
  for (;;) {
    t += followUpInterval(plan, t);
    if (t > horizonMs) return times;
    times.push(t);
  }
}
