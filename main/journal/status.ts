/**
 * Which statuses are final, open or failed. The SQL schema (partial indexes, triggers) spells the same sets out
 * literally; `test/integration/journal-schema.test.ts` keeps the two in step.
 */
import type { AttemptStatus, RefundStatus, SaleStatus } from './types';
import { REFUND_STATUSES as GATEWAY_REFUND_STATUSES } from '../omipay/types';

export const SALE_STATUSES: readonly SaleStatus[] = [
  'open',
  'in_progress',
  'paid',
  'declined',
  'unresolved',
  'abandoned',
  'failed',
  'voided',
];
/** Not final: the engine still owns these sales (listActiveSales). */
export const ACTIVE_SALE_STATUSES: readonly SaleStatus[] = ['open', 'in_progress', 'declined', 'unresolved'];
/** Money may have moved and the outcome is not known: listed apart in reports. */
export const UNSETTLED_SALE_STATUSES: readonly SaleStatus[] = ['in_progress', 'unresolved'];

export const ATTEMPT_STATUSES: readonly AttemptStatus[] = [
  'submitting',
  'userpaying',
  'pending',
  'unknown',
  'paid',
  'declined',
  'failed',
];
export const OPEN_ATTEMPT_STATUSES: readonly AttemptStatus[] = [
  'submitting',
  'userpaying',
  'pending',
  'unknown',
];

export const REFUND_STATUSES: readonly RefundStatus[] = [
  'submitting',
  'unknown',
  'rejected',
  ...GATEWAY_REFUND_STATUSES,
];
/** Final, and no money went back: these do not count against the refundable amount nor in report totals. */
export const FAILED_REFUND_STATUSES: readonly RefundStatus[] = [
  'rejected',
  'MERCHANTREJECTED',
  'TIMEOUTCLOSED',
  'ORGANIZATIONFAILED',
  'CUSTOMERCANCELLED',
];
/** Not final yet: tracked by QueryRefund until final, also after a restart. */
export const OPEN_REFUND_STATUSES: readonly RefundStatus[] = [
  'submitting',
  'unknown',
  'APPLIED',
  'MERCHANTCONFIRMED',
  'ORGANIZATIONCONFIRMED',
  'ORGANIZATIONPAYBACK',
];

export function isFinalSaleStatus(s: SaleStatus): boolean {
  return !ACTIVE_SALE_STATUSES.includes(s);
}
export function isOpenAttemptStatus(s: AttemptStatus): boolean {
  return OPEN_ATTEMPT_STATUSES.includes(s);
}
export function isOpenRefundStatus(s: RefundStatus): boolean {
  return OPEN_REFUND_STATUSES.includes(s);
}
export function isFailedRefundStatus(s: RefundStatus): boolean {
  return FAILED_REFUND_STATUSES.includes(s);
}

/** A quoted SQL list, for schema text and queries built once at start-up (values are the constants above). */
export function sqlList(values: readonly string[]): string {
  return values.map((v) => `'${v}'`).join(',');
}

/** A refund as the people at the counter and in the office see it: the money went back, did not, or not yet. */
export function refundOutcome(status: string): 'refunded' | 'failed' | 'pending' {
  if (status === 'CLOSED') return 'refunded';
  return (FAILED_REFUND_STATUSES as readonly string[]).includes(status) ? 'failed' : 'pending';
}

/**
 * A refund of this till's sale made at another till, from the status the store server reports: `held` (the
 * server's hold, no refund replicated yet) and `submitting` are only requested; `released` (the hold given back
 * unused) is cancelled; the rest as refundOutcome.
 */
export function refundElsewhereState(
  status: string,
): 'requested' | 'pending' | 'refunded' | 'failed' | 'cancelled' {
  if (status === 'held' || status === 'submitting') return 'requested';
  if (status === 'released') return 'cancelled';
  return refundOutcome(status);
}
