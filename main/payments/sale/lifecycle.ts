/**
 * The sale, attempt and refund lifecycles, written down as tables. Every status the engines write goes through
 * `saleTransition`, `attemptTransition` or `refundTransition`: a pair that is not in its table throws, so an
 * illegal change is refused before anything reaches the journal. docs/payments.md draws its state diagrams from
 * these tables (a test keeps the two in step).
 *
 * Pure: no I/O, no clock, no journal.
 */
import type { SalePhase } from '../../../preload/api';
import type {
  AttemptRow,
  AttemptStatus,
  RefundRow,
  RefundStatus,
  SaleRow,
  SaleStatus,
} from '../../journal/types';
import {
  OPEN_ATTEMPT_STATUSES,
  OPEN_REFUND_STATUSES,
  isFailedRefundStatus,
  isOpenAttemptStatus,
  isOpenRefundStatus,
} from '../../journal/status';
import { REFUND_STATUSES as GATEWAY_REFUND_STATUSES } from '../../omipay/types';

export class LifecycleError extends Error {
  constructor(
    readonly entity: 'sale' | 'attempt' | 'refund',
    readonly from: string,
    readonly event: string,
  ) {
    super(`illegal ${entity} transition: ${event} from ${from}`);
    this.name = 'LifecycleError';
  }
}

/** One row of a lifecycle table: in any of `from`, `event` leads to `to` and is journalled as `journal`. */
export interface Transition<S extends string, E extends string> {
  event: E;
  from: readonly S[];
  to: S;
  journal: string;
}

// ——— sales ———

/**
 * start         the cashier entered an amount
 * send          a payment code was scanned, or a merchant QR order is being created
 * abandon       the cashier cleared a sale (or started another) while nothing could have charged it
 * paid          an attempt of the sale is paid (gateway reply or QueryOrder)
 * late_paid     an attempt of a sale the shop had given up on turned out paid: it must be refunded
 * unpaid        the attempt in flight ended without money moving
 * wait_expired  the foreground wait ran out with the outcome still unknown
 * stop_waiting  the cashier stopped waiting; the customer may still pay (followed in the background)
 * restart       the process restarted while the cashier was waiting
 * void          the customer pays another way: the shop gives the sale up; any payment that lands is refunded
 * keep          a manager decided to keep a late payment (the customer did not pay another way after all)
 */
export type SaleEvent =
  | 'start'
  | 'send'
  | 'abandon'
  | 'paid'
  | 'late_paid'
  | 'unpaid'
  | 'wait_expired'
  | 'stop_waiting'
  | 'restart'
  | 'void'
  | 'keep';

export const SALE_TRANSITIONS: readonly Transition<SaleStatus, SaleEvent>[] = [
  { event: 'send', from: ['open', 'declined'], to: 'in_progress', journal: 'sale.sending' },
  { event: 'abandon', from: ['open', 'declined'], to: 'abandoned', journal: 'sale.abandoned' },
  { event: 'paid', from: ['in_progress', 'unresolved'], to: 'paid', journal: 'sale.paid' },
  // A gateway that contradicts its own final answer: money wins, and the manager sees the trace.
  { event: 'paid', from: ['declined', 'failed'], to: 'paid', journal: 'sale.paid_after_final' },
  { event: 'late_paid', from: ['voided', 'abandoned'], to: 'voided', journal: 'sale.late_payment' },
  { event: 'unpaid', from: ['in_progress'], to: 'declined', journal: 'sale.declined' },
  { event: 'unpaid', from: ['unresolved'], to: 'failed', journal: 'sale.failed' },
  { event: 'unpaid', from: ['voided'], to: 'voided', journal: 'sale.void_confirmed' },
  { event: 'wait_expired', from: ['in_progress'], to: 'unresolved', journal: 'sale.unresolved' },
  { event: 'stop_waiting', from: ['in_progress'], to: 'unresolved', journal: 'sale.stopped_waiting' },
  { event: 'restart', from: ['in_progress'], to: 'unresolved', journal: 'sale.unresolved_after_restart' },
  { event: 'void', from: ['in_progress', 'unresolved'], to: 'voided', journal: 'sale.voided' },
  { event: 'void', from: ['open', 'declined'], to: 'abandoned', journal: 'sale.abandoned' },
  { event: 'keep', from: ['voided'], to: 'paid', journal: 'sale.late_payment_kept' },
];

/** A new sale starts `open` (journalled as sale.started); every later status comes from the table above. */
export const SALE_START = { status: 'open', journal: 'sale.started' } as const;

// ——— attempts ———

/**
 * created        journalled with the customer's code before MakeScanOrder is sent (or before MakeQROrder)
 * qr_created     the merchant QR / JSAPI order exists and is shown to the customer
 * userpaying     the customer is confirming on the phone
 * unknown        no clear answer (timeout, reset, 5xx, SYSTEM_ERROR, ORDER_PAID awaiting confirmation)
 * paid           the gateway's reply or QueryOrder says paid
 * declined       a definite decline: no money moved
 * failed         QueryOrder says the order ended unpaid (FAILED, CANCELLED, CLOSED without pay_time)
 */
export type AttemptEvent = 'qr_created' | 'userpaying' | 'unknown' | 'paid' | 'declined' | 'failed';

const OPEN_ATTEMPT = OPEN_ATTEMPT_STATUSES;

export const ATTEMPT_TRANSITIONS: readonly Transition<AttemptStatus, AttemptEvent>[] = [
  { event: 'qr_created', from: ['submitting'], to: 'pending', journal: 'attempt.qr_created' },
  { event: 'userpaying', from: OPEN_ATTEMPT, to: 'userpaying', journal: 'attempt.userpaying' },
  { event: 'unknown', from: OPEN_ATTEMPT, to: 'unknown', journal: 'attempt.outcome_unknown' },
  { event: 'paid', from: OPEN_ATTEMPT, to: 'paid', journal: 'attempt.paid' },
  { event: 'paid', from: ['declined', 'failed'], to: 'paid', journal: 'attempt.paid_after_final' },
  { event: 'declined', from: OPEN_ATTEMPT, to: 'declined', journal: 'attempt.declined' },
  { event: 'failed', from: OPEN_ATTEMPT, to: 'failed', journal: 'attempt.failed' },
];

export const ATTEMPT_START = { status: 'submitting', journal: 'attempt.created' } as const;

// ——— refunds ———

/**
 * accepted        the gateway accepted the Refund call (APPLIED); QueryRefund follows it
 * rejected        the gateway refused it: no refund exists for this out_refund_no
 * unknown         no clear answer: re-sent with the same out_refund_no only
 * gateway_status  QueryRefund reported a (new) status
 */
export type RefundEvent = 'accepted' | 'rejected' | 'unknown' | 'gateway_status';

const TRACKED_REFUND: readonly RefundStatus[] = OPEN_REFUND_STATUSES.filter(
  (s) => s !== 'submitting' && s !== 'unknown',
);

export const REFUND_TRANSITIONS: readonly Transition<RefundStatus, RefundEvent>[] = [
  { event: 'accepted', from: ['submitting', 'unknown'], to: 'APPLIED', journal: 'refund.accepted' },
  { event: 'rejected', from: ['submitting', 'unknown'], to: 'rejected', journal: 'refund.rejected' },
  { event: 'unknown', from: ['submitting', 'unknown'], to: 'unknown', journal: 'refund.outcome_unknown' },
  ...GATEWAY_REFUND_STATUSES.map((to): Transition<RefundStatus, RefundEvent> => ({
    event: 'gateway_status',
    from: TRACKED_REFUND,
    to,
    journal: 'refund.status',
  })),
];

export const REFUND_START = { status: 'submitting', journal: 'refund.created' } as const;

// ——— applying the tables ———

function find<S extends string, E extends string>(
  table: readonly Transition<S, E>[],
  entity: 'sale' | 'attempt' | 'refund',
  from: S,
  event: E,
  to?: S,
): Transition<S, E> {
  const row = table.find(
    (t) => t.event === event && t.from.includes(from) && (to === undefined || t.to === to),
  );
  if (!row) throw new LifecycleError(entity, from, to === undefined ? event : `${event}→${to}`);
  return row;
}

export function saleTransition(from: SaleStatus, event: SaleEvent): Transition<SaleStatus, SaleEvent> {
  return find(SALE_TRANSITIONS, 'sale', from, event);
}

export function attemptTransition(
  from: AttemptStatus,
  event: AttemptEvent,
): Transition<AttemptStatus, AttemptEvent> {
  return find(ATTEMPT_TRANSITIONS, 'attempt', from, event);
}

/** For gateway_status the target is the gateway's status, so it is part of the lookup. */
export function refundTransition(
  from: RefundStatus,
  event: RefundEvent,
  to?: RefundStatus,
): Transition<RefundStatus, RefundEvent> {
  return find(REFUND_TRANSITIONS, 'refund', from, event, to);
}

export function canSale(from: SaleStatus, event: SaleEvent): boolean {
  return SALE_TRANSITIONS.some((t) => t.event === event && t.from.includes(from));
}

// ——— predicates ———

/** The sale can take a payment code (a new attempt) right now. */
export function acceptsCode(sale: Pick<SaleRow, 'status' | 'kind'>): boolean {
  return sale.kind === 'scan' && canSale(sale.status, 'send');
}

/** Nothing of the sale is in flight: the cashier may clear it or replace it with a new one. */
export function isIdleSale(status: SaleStatus): boolean {
  return canSale(status, 'abandon');
}

/** The cashier is waiting on the gateway for this sale (the screen is busy). */
export function isBusySale(status: SaleStatus): boolean {
  return status === 'in_progress';
}

/** The shop may still be charged for this sale, or already was, without knowing it yet. */
export function mayMoveMoney(status: SaleStatus): boolean {
  return status === 'in_progress' || status === 'unresolved';
}

/** The cashier may void it: the customer pays another way, and anything that still lands is refunded. */
export function canVoid(status: SaleStatus): boolean {
  return status === 'in_progress' || status === 'unresolved';
}

// The status sets themselves live with the journal schema (../../journal/status), which spells them in SQL.
export {
  isOpenAttemptStatus as isOpenAttempt,
  isOpenRefundStatus as isOpenRefund,
  isFailedRefundStatus as isFailedRefund,
};

/** A late-payment refund is marked by its reason; the engine writes exactly this text. */
export const LATE_PAYMENT_REASON = 'Late payment after void (automatic)';

/** The refund of a late payment, when one exists (the newest that did not fail, else the newest). */
export function latePaymentRefund(refunds: readonly RefundRow[]): RefundRow | undefined {
  const late = refunds.filter((r) => r.reason === LATE_PAYMENT_REASON);
  return late.filter((r) => !isFailedRefundStatus(r.status)).at(-1) ?? late.at(-1);
}

/**
 * The screen a sale is on. A voided sale with a payment that landed afterwards shows where its refund is:
 * late_paid (no refund yet, or it failed: the manager decides), late_refunding, late_refunded.
 */
export function salePhase(
  sale: Pick<SaleRow, 'status' | 'paidAttemptId'>,
  current: Pick<AttemptRow, 'status'> | undefined,
  lateRefund: Pick<RefundRow, 'status'> | undefined,
): SalePhase {
  switch (sale.status) {
    case 'open':
      return 'awaiting_code';
    case 'in_progress':
      if (!current || current.status === 'submitting') return 'submitting';
      if (current.status === 'unknown') return 'checking';
      return 'waiting_customer';
    case 'voided':
      if (sale.paidAttemptId === null) return 'voided';
      if (!lateRefund || isFailedRefundStatus(lateRefund.status)) return 'late_paid';
      return lateRefund.status === 'CLOSED' ? 'late_refunded' : 'late_refunding';
    default:
      return sale.status;
  }
}

/** The journal statuses a phase filter selects (history search); the phase itself is then checked per row. */
export function statusesForPhase(phase: SalePhase): SaleStatus[] {
  switch (phase) {
    case 'awaiting_code':
      return ['open'];
    case 'submitting':
    case 'waiting_customer':
    case 'checking':
      return ['in_progress'];
    case 'voided':
    case 'late_paid':
    case 'late_refunding':
    case 'late_refunded':
      return ['voided'];
    default:
      return [phase];
  }
}
