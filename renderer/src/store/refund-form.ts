/**
 * The refund form's rules, decided without the DOM: what a typed amount means in cents, whether it may be
 * sent, and what a refund's status means to a manager. The core re-checks everything; these checks only stop
 * an obviously wrong refund before a PIN-protected call is made.
 */
import type { RefundView, SaleDetail } from '../../../preload/api';
import { AmountParseError, parseAmountToCents } from '../../../main/shared/money';
import type { MessageKey } from '../i18n/en';

export type RefundAmountCheck = { ok: true; cents: number } | { ok: false; key: MessageKey };

/** Exact cents from the manager's text ("5", "5.5", "1,234.56"); never through a float. */
export function checkRefundAmount(text: string, refundableCents: number): RefundAmountCheck {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, key: 'refund.error.amountMissing' };
  let cents: number;
  try {
    cents = parseAmountToCents(trimmed);
  } catch (err) {
    if (err instanceof AmountParseError) return { ok: false, key: 'refund.error.amountInvalid' };
    throw err;
  }
  if (cents <= 0) return { ok: false, key: 'refund.error.amountInvalid' };
  if (cents > refundableCents) return { ok: false, key: 'refund.error.overRefundable' };
  return { ok: true, cents };
}

/** A refund whose outcome the gateway has not told us yet: sending another one could pay the customer twice. */
export function isOutcomeUnknown(refund: RefundView): boolean {
  return refund.status === 'submitting' || refund.status === 'unknown';
}

export type RefundOutcome = 'refunded' | 'in_progress' | 'unknown' | 'failed';

export function refundOutcome(refund: RefundView): RefundOutcome {
  if (isOutcomeUnknown(refund)) return 'unknown';
  if (refund.succeeded) return 'refunded';
  if (refund.final) return 'failed';
  return 'in_progress';
}

/** Why a new refund may not be started on this sale now, or null when it may. */
export function refundBlocker(detail: SaleDetail): MessageKey | null {
  if (detail.sale.phase !== 'paid') return 'refund.blocked.notPaid';
  if (detail.refunds.some(isOutcomeUnknown)) return 'refund.blocked.unknownPending';
  if (detail.refundableCents <= 0) {
    // What is left is held by refunds not yet final: it is not refunded yet, and may come back if one fails.
    const inFlight =
      detail.refunds.some((r) => !r.final) ||
      (detail.refundsElsewhere ?? []).some((r) => r.state === 'requested' || r.state === 'pending');
    return inFlight ? 'refund.blocked.allInFlight' : 'refund.blocked.nothingLeft';
  }
  return null;
}

/** Nothing is left to refund (all refunded, or the rest in flight): the form has nothing to offer and is hidden. */
export function refundFormHidden(detail: SaleDetail): boolean {
  return detail.sale.phase === 'paid' && detail.refundableCents <= 0;
}

/** Extra guidance for the refusals a manager meets, beside the core's own message. */
export function refundErrorHint(code: string): MessageKey | null {
  switch (code) {
    case 'AMOUNT_OVER_LIMIT':
      return 'refund.hint.AMOUNT_OVER_LIMIT';
    case 'ORDER_NOT_PAID':
      return 'refund.hint.ORDER_NOT_PAID';
    case 'PERMISSION_ERROR':
      return 'refund.hint.PERMISSION_ERROR';
    case 'WRONG_PIN':
      return 'refund.hint.WRONG_PIN';
    case 'PIN_LOCKED':
      return 'refund.hint.PIN_LOCKED';
    default:
      return null;
  }
}
