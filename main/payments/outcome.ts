/**
 * Classifies what a gateway call tells us about money. The one rule that matters: never treat as "not charged"
 * anything that might have charged the customer.
 */
import { GatewayError, OmipayError, TransportError, isDefiniteDecline } from '../omipay';

export type CallOutcome =
  /** The gateway definitely did not take money (decline, bad request, bad credentials, nothing sent). */
  | { kind: 'not_charged'; code: string; detail: string }
  /** The customer is confirming on the phone; the order exists. */
  | { kind: 'userpaying'; orderNo: string | null }
  /** The gateway says this out_order_no is already paid. */
  | { kind: 'already_paid'; orderNo: string | null }
  /** We cannot tell: the reply was lost, garbled, or an error that does not rule out a charge. */
  | { kind: 'unknown'; code: string; detail: string; orderNo?: string | null };

export function classifyPaymentError(error: unknown): CallOutcome {
  if (error instanceof GatewayError) {
    if (error.code === 'USERPAYING') return { kind: 'userpaying', orderNo: error.orderNo };
    if (error.code === 'ORDER_PAID') return { kind: 'already_paid', orderNo: error.orderNo };
  }
  if (error instanceof TransportError) {
    const kind = error.outcome === 'not_sent' ? 'not_charged' : 'unknown';
    return { kind, code: error.code, detail: error.message };
  }
  if (error instanceof OmipayError) {
    const detail = error instanceof GatewayError ? error.detail : error.message;
    // The client's list of declines covers only codes after which the call cannot have moved money.
    if (isDefiniteDecline(error.code)) return { kind: 'not_charged', code: error.code, detail };
    return {
      kind: 'unknown',
      code: error.code,
      detail,
      orderNo: error instanceof GatewayError ? error.orderNo : null,
    };
  }
  return {
    kind: 'unknown',
    code: 'INTERNAL',
    detail: error instanceof Error ? error.message : String(error),
  };
}

/** Refund errors after which no refund exists at the gateway for this out_refund_no. */
const REFUND_REJECTIONS = new Set([
  'PARAMETER_INVALID',
  'SIGN_TIMEOUT',
  'SIGN_ERROR',
  'MERCHANTNO_INVALID',
  'PERMISSION_ERROR',
  'ORDER_NO_ERROR',
  'ORDER_NOT_PAID',
  'AMOUNT_OVER_LIMIT',
]);

export type RefundCallOutcome =
  { kind: 'rejected'; code: string; detail: string } | { kind: 'unknown'; code: string; detail: string };

export function classifyRefundError(error: unknown): RefundCallOutcome {
  if (error instanceof GatewayError) {
    if (REFUND_REJECTIONS.has(error.code))
      return { kind: 'rejected', code: error.code, detail: error.detail };
    return { kind: 'unknown', code: error.code, detail: error.detail };
  }
  if (error instanceof TransportError) {
    return {
      kind: error.outcome === 'not_sent' ? 'rejected' : 'unknown',
      code: error.code,
      detail: error.message,
    };
  }
  if (error instanceof OmipayError) return { kind: 'rejected', code: error.code, detail: error.message };
  return {
    kind: 'unknown',
    code: 'INTERNAL',
    detail: error instanceof Error ? error.message : String(error),
  };
}
