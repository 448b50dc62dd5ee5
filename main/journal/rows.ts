/** SQLite row shapes (snake_case, as stored) and their mapping to the contract's rows. */
import { businessDateOf } from '../shared/business-date';
import type { Platform } from '../shared/platform';
import type {
  Actor,
  AttemptRow,
  AttemptStatus,
  DayClose,
  DayReport,
  EventRow,
  RefundRow,
  RefundStatus,
  RefundTracking,
  SaleKind,
  SaleRow,
  SaleStatus,
} from './types';

export interface SaleDb {
  id: string;
  pos_no: string;
  kind: string;
  amount_cents: number;
  currency: string;
  order_name: string;
  platform: string | null;
  status: string;
  paid_attempt_id: string | null;
  created_at: number;
  updated_at: number;
  paid_at: number | null;
  business_date: string;
  status_reason: string | null;
}

export interface AttemptDb {
  id: string;
  sale_id: string;
  seq: number;
  kind: string;
  out_order_no: string;
  payment_code: string | null;
  platform: string | null;
  status: string;
  order_no: string | null;
  error_code: string | null;
  error_detail: string | null;
  order_time: number | null;
  pay_time: number | null;
  exchange_rate_scaled: string | null;
  pay_currency: string | null;
  cny_amount: number | null;
  qrcode: string | null;
  pay_url: string | null;
  created_at: number;
  updated_at: number;
  last_checked_at: number | null;
  next_check_at: number | null;
  check_count: number;
  resolved_by: string | null;
}

/** The columns every refund ledger shares (`refunds`, `remote_refunds`): the refund and how it is followed. */
export interface RefundTrackingDb {
  order_no: string;
  out_refund_no: string;
  amount_cents: number;
  reason: string;
  status: string;
  refund_no: string | null;
  error_code: string | null;
  error_detail: string | null;
  refund_time: number | null;
  success_time: number | null;
  created_at: number;
  updated_at: number;
  last_checked_at: number | null;
  next_check_at: number | null;
  check_count: number;
  business_date: string;
}

export interface RefundDb extends RefundTrackingDb {
  id: string;
  sale_id: string;
  attempt_id: string;
}

export interface EventDb {
  id: number;
  at: number;
  actor: string;
  type: string;
  entity: string;
  entity_id: string | null;
  data: string;
  person_id?: string | null;
}

export interface DayCloseDb {
  id: number;
  business_date: string;
  closed_at: number;
  report: string;
  unresolved_count: number;
  forced: number;
}

// The CHECK constraints guarantee the enum columns hold only the listed values, so the casts below are sound.

export function saleFromDb(r: SaleDb): SaleRow {
  return {
    id: r.id,
    posNo: r.pos_no,
    kind: r.kind as SaleKind,
    amountCents: r.amount_cents,
    currency: 'AUD',
    orderName: r.order_name,
    platform: r.platform as Platform | null,
    status: r.status as SaleStatus,
    paidAttemptId: r.paid_attempt_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    paidAt: r.paid_at,
    businessDate: r.business_date,
    statusReason: r.status_reason,
  };
}

export function saleToDb(s: SaleRow): SaleDb {
  return {
    id: s.id,
    pos_no: s.posNo,
    kind: s.kind,
    amount_cents: s.amountCents,
    currency: s.currency,
    order_name: s.orderName,
    platform: s.platform,
    status: s.status,
    paid_attempt_id: s.paidAttemptId,
    created_at: s.createdAt,
    updated_at: s.updatedAt,
    paid_at: s.paidAt,
    business_date: s.businessDate,
    status_reason: s.statusReason,
  };
}

export function attemptFromDb(r: AttemptDb): AttemptRow {
  return {
    id: r.id,
    saleId: r.sale_id,
    seq: r.seq,
    kind: r.kind as SaleKind,
    outOrderNo: r.out_order_no,
    paymentCode: r.payment_code,
    platform: r.platform as Platform | null,
    status: r.status as AttemptStatus,
    orderNo: r.order_no,
    errorCode: r.error_code,
    errorDetail: r.error_detail,
    orderTime: r.order_time,
    payTime: r.pay_time,
    exchangeRateScaled: r.exchange_rate_scaled,
    payCurrency: r.pay_currency,
    cnyAmount: r.cny_amount,
    qrcode: r.qrcode,
    payUrl: r.pay_url,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    lastCheckedAt: r.last_checked_at,
    nextCheckAt: r.next_check_at,
    checkCount: r.check_count,
    resolvedBy: r.resolved_by,
  };
}

export function attemptToDb(a: AttemptRow): AttemptDb {
  return {
    id: a.id,
    sale_id: a.saleId,
    seq: a.seq,
    kind: a.kind,
    out_order_no: a.outOrderNo,
    payment_code: a.paymentCode,
    platform: a.platform,
    status: a.status,
    order_no: a.orderNo,
    error_code: a.errorCode,
    error_detail: a.errorDetail,
    order_time: a.orderTime,
    pay_time: a.payTime,
    exchange_rate_scaled: a.exchangeRateScaled,
    pay_currency: a.payCurrency,
    cny_amount: a.cnyAmount,
    qrcode: a.qrcode,
    pay_url: a.payUrl,
    created_at: a.createdAt,
    updated_at: a.updatedAt,
    last_checked_at: a.lastCheckedAt,
    next_check_at: a.nextCheckAt,
    check_count: a.checkCount,
    resolved_by: a.resolvedBy,
  };
}

/** The fields a refund starts with before the gateway has said anything. */
export function refundTrackingAtStart(createdAt: number, timeZone: string | undefined) {
  return {
    refundNo: null,
    errorCode: null,
    errorDetail: null,
    refundTime: null,
    successTime: null,
    updatedAt: createdAt,
    lastCheckedAt: null,
    nextCheckAt: null,
    checkCount: 0,
    businessDate: businessDateOf(createdAt, timeZone),
  } satisfies Partial<RefundTracking>;
}

export function refundTrackingFromDb(r: RefundTrackingDb): RefundTracking {
  return {
    orderNo: r.order_no,
    outRefundNo: r.out_refund_no,
    amountCents: r.amount_cents,
    reason: r.reason,
    status: r.status as RefundStatus,
    refundNo: r.refund_no,
    errorCode: r.error_code,
    errorDetail: r.error_detail,
    refundTime: r.refund_time,
    successTime: r.success_time,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    lastCheckedAt: r.last_checked_at,
    nextCheckAt: r.next_check_at,
    checkCount: r.check_count,
    businessDate: r.business_date,
  };
}

export function refundTrackingToDb(r: RefundTracking): RefundTrackingDb {
  return {
    order_no: r.orderNo,
    out_refund_no: r.outRefundNo,
    amount_cents: r.amountCents,
    reason: r.reason,
    status: r.status,
    refund_no: r.refundNo,
    error_code: r.errorCode,
    error_detail: r.errorDetail,
    refund_time: r.refundTime,
    success_time: r.successTime,
    created_at: r.createdAt,
    updated_at: r.updatedAt,
    last_checked_at: r.lastCheckedAt,
    next_check_at: r.nextCheckAt,
    check_count: r.checkCount,
    business_date: r.businessDate,
  };
}

export function refundFromDb(r: RefundDb): RefundRow {
  return { id: r.id, saleId: r.sale_id, attemptId: r.attempt_id, ...refundTrackingFromDb(r) };
}

export function refundToDb(r: RefundRow): RefundDb {
  return { id: r.id, sale_id: r.saleId, attempt_id: r.attemptId, ...refundTrackingToDb(r) };
}

export function eventFromDb(r: EventDb): EventRow {
  return {
    id: r.id,
    at: r.at,
    actor: r.actor as Actor,
    type: r.type,
    entity: r.entity as EventRow['entity'],
    entityId: r.entity_id,
    data: JSON.parse(r.data) as Record<string, unknown>,
    ...(r.person_id ? { personId: r.person_id } : {}),
  };
}

export function dayCloseFromDb(r: DayCloseDb): DayClose {
  return {
    id: r.id,
    businessDate: r.business_date,
    closedAt: r.closed_at,
    report: JSON.parse(r.report) as DayReport,
    unresolvedCount: r.unresolved_count,
    forced: r.forced === 1,
  };
}
