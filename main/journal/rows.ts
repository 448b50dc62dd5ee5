/** SQLite row shapes (snake_case, as stored) and their mapping to the contract's rows. */
import { businessDateOf } from '../shared/business-date';
import { rowCodec } from './row-codec';
import type {
  Actor,
  AttemptRow,
  DayClose,
  DayReport,
  EventRow,
  RefundRow,
  RefundTracking,
  SaleRow,
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

const SALE = rowCodec<SaleRow, SaleDb>()([
  'id',
  'posNo',
  'kind',
  'amountCents',
  'currency',
  'orderName',
  'platform',
  'status',
  'paidAttemptId',
  'createdAt',
  'updatedAt',
  'paidAt',
  'businessDate',
  'statusReason',
]);

/** The currency is always AUD on the way out, whatever the column holds. */
export function saleFromDb(r: SaleDb): SaleRow {
  return { ...SALE.fromDb(r), currency: 'AUD' };
}

export const saleToDb = (s: SaleRow): SaleDb => SALE.toDb(s);

const ATTEMPT = rowCodec<AttemptRow, AttemptDb>()([
  'id',
  'saleId',
  'seq',
  'kind',
  'outOrderNo',
  'paymentCode',
  'platform',
  'status',
  'orderNo',
  'errorCode',
  'errorDetail',
  'orderTime',
  'payTime',
  'exchangeRateScaled',
  'payCurrency',
  'cnyAmount',
  'qrcode',
  'payUrl',
  'createdAt',
  'updatedAt',
  'lastCheckedAt',
  'nextCheckAt',
  'checkCount',
  'resolvedBy',
]);

export const attemptFromDb = (r: AttemptDb): AttemptRow => ATTEMPT.fromDb(r);
export const attemptToDb = (a: AttemptRow): AttemptDb => ATTEMPT.toDb(a);

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

/** The fields every refund ledger shares, in their order. */
export const REFUND_TRACKING_FIELDS = [
  'orderNo',
  'outRefundNo',
  'amountCents',
  'reason',
  'status',
  'refundNo',
  'errorCode',
  'errorDetail',
  'refundTime',
  'successTime',
  'createdAt',
  'updatedAt',
  'lastCheckedAt',
  'nextCheckAt',
  'checkCount',
  'businessDate',
] as const satisfies readonly (keyof RefundTracking)[];
const TRACKING = rowCodec<RefundTracking, RefundTrackingDb>()(REFUND_TRACKING_FIELDS);

export const refundTrackingFromDb = (r: RefundTrackingDb): RefundTracking => TRACKING.fromDb(r);
export const refundTrackingToDb = (r: RefundTracking): RefundTrackingDb => TRACKING.toDb(r);

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
