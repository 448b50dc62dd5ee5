/** Journal rows → the plain views of the PosApi contract. */
import type { AttemptView, Bilingual, RefundView, SalePhase, SaleView } from '../../preload/api';
import type { AttemptRow, Journal, RefundRow, SaleRow } from '../journal/types';
import { cashierMessage } from '../omipay';
import { msg } from './messages';
import { maskCode } from './ids';
import { isFailedRefundStatus, isFinalRefundStatus } from './refund-engine';
import { isOpenAttempt, latePaymentRefund, salePhase } from './sale/lifecycle';
import type { StorageState } from './sale/storage-stalls';
import { storageMessages } from './storage-guard';

const AT_COUNTER: readonly SalePhase[] = ['submitting', 'waiting_customer', 'checking'];

/** A sale whose answer is waiting for the journal, or came once it could be written again, says so. */
function storageNote(phase: SalePhase, state: StorageState): { storageNote?: Bilingual } {
  if (state === 'stalled' && AT_COUNTER.includes(phase))
    return { storageNote: storageMessages.answerWaiting };
  if (state === 'recovered' && phase === 'paid') return { storageNote: storageMessages.paidAfterRecovery };
  if (state === 'recovered' && (phase === 'failed' || phase === 'declined'))
    return { storageNote: storageMessages.notPaidAfterRecovery };
  return {};
}

/**
 * Codes the engine gives itself from QueryOrder's status (not Omipay error codes): what they mean for the
 * customer at the counter.
 */
function paymentMessage(code: string): Bilingual {
  if (code === 'ORDER_FAILED') return msg.customerPaymentFailed;
  if (code === 'ORDER_CANCELLED') return msg.customerPaymentCancelled;
  return cashierMessage(code);
}

export function saleView(
  journal: Journal,
  sale: SaleRow,
  waitDeadline: (attemptId: string) => number | null,
  storageState: (attemptId: string) => StorageState = () => null,
): SaleView {
  const attempts = journal.listAttempts(sale.id);
  const current =
    (sale.paidAttemptId ? attempts.find((a) => a.id === sale.paidAttemptId) : undefined) ??
    attempts[attempts.length - 1];
  const phase = salePhase(
    sale,
    current,
    sale.status === 'voided' && sale.paidAttemptId
      ? latePaymentRefund(journal.listRefunds(sale.id))
      : undefined,
  );
  return {
    id: sale.id,
    kind: sale.kind,
    amountCents: sale.amountCents,
    platform: sale.platform,
    phase,
    attempts: attempts.length,
    outOrderNo: current?.outOrderNo ?? null,
    orderNo: current?.orderNo ?? null,
    createdAt: sale.createdAt,
    // When the customer paid (the gateway's pay_time); when the POS learned it is only the fallback.
    paidAt: sale.status === 'paid' ? (current?.payTime ?? sale.paidAt) : sale.paidAt,
    waitDeadline: current && phase === 'waiting_customer' ? waitDeadline(current.id) : null,
    message: saleMessage(sale, phase, current),
    ...storageNote(phase, current ? storageState(current.id) : null),
    errorCode:
      phase === 'declined' || phase === 'failed' || phase === 'unresolved'
        ? (current?.errorCode ?? null)
        : null,
    qrcode: current?.qrcode ?? null,
    payUrl: current?.payUrl ?? null,
    cnyAmount: sale.status === 'paid' ? (current?.cnyAmount ?? null) : null,
    exchangeRateScaled: sale.status === 'paid' ? (current?.exchangeRateScaled ?? null) : null,
    refundedCents: sale.status === 'paid' ? journal.refundedCents(sale.id) : 0,
    personName: journal.people.saleNames(sale.id).takenBy,
  };
}

function saleMessage(sale: SaleRow, phase: SalePhase, current: AttemptRow | undefined): Bilingual | null {
  switch (phase) {
    case 'submitting':
      return msg.submitting;
    case 'waiting_customer':
      return current?.kind === 'scan' ? msg.waitingCustomer : msg.qrWaiting;
    case 'checking':
      return msg.checking;
    case 'declined':
      return paymentMessage(current?.errorCode ?? sale.statusReason ?? 'SYSTEM_ERROR');
    case 'unresolved':
      return sale.statusReason === 'STOPPED_WAITING' ? msg.stoppedWaiting : msg.unresolved;
    case 'failed':
      return msg.failedAfterCheck;
    case 'paid':
      return msg.paid;
    case 'voided':
      return current && isOpenAttempt(current.status) ? msg.voided : msg.voidedNothingCharged;
    case 'late_paid':
      return msg.latePaid;
    case 'late_refunding':
      return msg.lateRefunding;
    case 'late_refunded':
      return msg.lateRefunded;
    default:
      return null;
  }
}

export function attemptView(a: AttemptRow): AttemptView {
  return {
    id: a.id,
    seq: a.seq,
    outOrderNo: a.outOrderNo,
    orderNo: a.orderNo,
    platform: a.platform,
    status: a.status,
    errorCode: a.errorCode,
    message: a.errorCode && a.status !== 'paid' ? paymentMessage(a.errorCode) : null,
    createdAt: a.createdAt,
    lastCheckedAt: a.lastCheckedAt,
    checkCount: a.checkCount,
    maskedCode: maskCode(a.paymentCode),
    payTime: a.payTime,
  };
}

/** A refund as the screens show it; with the journal, the names of who asked for it and who approved it. */
export function refundView(r: RefundRow, journal?: Journal): RefundView {
  const final = isFinalRefundStatus(r.status);
  let message: Bilingual | null = null;
  if (r.status === 'submitting' || r.status === 'unknown') message = msg.refundUnknown;
  else if (r.errorCode && isFailedRefundStatus(r.status)) message = cashierMessage(r.errorCode);
  return {
    id: r.id,
    saleId: r.saleId,
    outRefundNo: r.outRefundNo,
    refundNo: r.refundNo,
    amountCents: r.amountCents,
    reason: r.reason,
    status: r.status,
    final,
    succeeded: r.status === 'CLOSED',
    message,
    createdAt: r.createdAt,
    refundTime: r.refundTime,
    successTime: r.successTime,
    ...(journal ? refundNames(journal, r.id) : {}),
  };
}

function refundNames(journal: Journal, refundId: string) {
  const n = journal.people.refundNames(refundId);
  return { requestedByName: n.requestedBy, approvedByName: n.approvedBy };
}
