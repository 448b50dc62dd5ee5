/** Sales and refunds created in [from, to) (or of one business date) as two CSV documents (see csv.ts for the format rules). */
import type { CsvValue } from './csv';
import { csvAmount, csvDocument, csvLocalTime, csvTime } from './csv';
import { FAILED_REFUND_STATUSES, sqlList } from './status';
import { refundState, type RefundState } from '../shared/refund-words';
import type { StatementCache } from './statements';

/** The columns sales and refunds share, in the same order, so the two files read alike. */
const ROW_COLUMNS = [
  'business_date',
  'created_at_utc',
  'created_at_local',
  'status',
  'platform',
  'amount',
  'currency',
] as const;

export const SALES_CSV_HEADER = [
  'sale_id',
  ...ROW_COLUMNS,
  'refunded',
  'order_name',
  'kind',
  'pos_no',
  'out_order_no',
  'order_no',
  'paid_at_utc',
  'paid_at_local',
  'attempts',
  'status_reason',
  // Who took the sale (journal migration 11; empty on sales from before people).
  'served_by',
] as const;

export const REFUNDS_CSV_HEADER = [
  'refund_id',
  'sale_id',
  ...ROW_COLUMNS,
  'order_no',
  'out_refund_no',
  'refund_no',
  'reason',
  'success_at_utc',
  'success_at_local',
  'error_code',
  'gateway_status',
  // Who asked for the refund and whose PIN approved it (empty before people).
  'requested_by',
  'approved_by',
] as const;

/**
 * The refund's state in the one vocabulary of main/shared/refund-words.ts (sending, checking, processing,
 * refunded, failed: its English word, lower-cased), whatever the journal's own status was; the raw status
 * stays beside it as gateway_status.
 */
export function refundStateWord(status: string): RefundState {
  return refundState(status);
}

// The attempt shown is the one that took the money, else the latest one.
const SALES_SQL = `SELECT s.*, a.out_order_no, a.order_no, (SELECT p.name FROM people p WHERE p.id = s.person_id) AS served_by,
    (SELECT count(*) FROM attempts c WHERE c.sale_id = s.id) AS attempt_count,
    (SELECT coalesce(sum(r.amount_cents), 0) FROM refunds r
       WHERE r.sale_id = s.id AND r.status NOT IN (${sqlList(FAILED_REFUND_STATUSES)})) AS refunded_cents
  FROM sales s INDEXED BY sales_created
  LEFT JOIN attempts a ON a.id = coalesce(s.paid_attempt_id,
    (SELECT l.id FROM attempts l WHERE l.sale_id = s.id ORDER BY l.seq DESC LIMIT 1))
  WHERE s.created_at >= @from AND s.created_at < @to AND (@day IS NULL OR s.business_date = @day)
  ORDER BY s.created_at, s.rowid`;

const REFUNDS_SQL = `SELECT r.*, s.platform,
    (SELECT p.name FROM people p WHERE p.id = r.requested_by) AS requested_by_name,
    (SELECT p.name FROM people p WHERE p.id = r.approved_by) AS approved_by_name
  FROM refunds r INDEXED BY refunds_created
  JOIN sales s ON s.id = r.sale_id
  WHERE r.created_at >= @from AND r.created_at < @to AND (@day IS NULL OR r.business_date = @day)
  ORDER BY r.created_at, r.rowid`;

interface SaleExportRow {
  id: string;
  business_date: string;
  created_at: number;
  status: string;
  platform: string | null;
  amount_cents: number;
  currency: string;
  refunded_cents: number;
  order_name: string;
  kind: string;
  pos_no: string;
  out_order_no: string | null;
  order_no: string | null;
  paid_at: number | null;
  attempt_count: number;
  status_reason: string | null;
  served_by: string | null;
}

interface RefundExportRow {
  id: string;
  sale_id: string;
  business_date: string;
  created_at: number;
  status: string;
  platform: string | null;
  amount_cents: number;
  order_no: string;
  out_refund_no: string;
  refund_no: string | null;
  reason: string;
  success_time: number | null;
  error_code: string | null;
  requested_by_name: string | null;
  approved_by_name: string | null;
}

/** `day` keeps only rows recorded with that business date (the window then just narrows the index scan). */
export function exportCsv(
  stmts: StatementCache,
  from: number,
  to: number,
  timeZone?: string,
  day: string | null = null,
): { salesCsv: string; refundsCsv: string } {
  const params = { from, to, day };
  const sales = stmts.get(SALES_SQL).iterate(params) as IterableIterator<SaleExportRow>;
  const salesCsv = csvDocument(
    SALES_CSV_HEADER,
    mapIter(sales, (r) => saleCells(r, timeZone)),
  );
  const refunds = stmts.get(REFUNDS_SQL).iterate(params) as IterableIterator<RefundExportRow>;
  const refundsCsv = csvDocument(
    REFUNDS_CSV_HEADER,
    mapIter(refunds, (r) => refundCells(r, timeZone)),
  );
  return { salesCsv, refundsCsv };
}

function saleCells(r: SaleExportRow, timeZone: string | undefined): CsvValue[] {
  return [
    r.id,
    r.business_date,
    csvTime(r.created_at),
    csvLocalTime(r.created_at, timeZone),
    r.status,
    r.platform,
    csvAmount(r.amount_cents),
    r.currency,
    csvAmount(r.refunded_cents),
    r.order_name,
    r.kind,
    r.pos_no,
    r.out_order_no,
    r.order_no,
    csvTime(r.paid_at),
    csvLocalTime(r.paid_at, timeZone),
    r.attempt_count,
    r.status_reason,
    r.served_by,
  ];
}

function refundCells(r: RefundExportRow, timeZone: string | undefined): CsvValue[] {
  return [
    r.id,
    r.sale_id,
    r.business_date,
    csvTime(r.created_at),
    csvLocalTime(r.created_at, timeZone),
    refundStateWord(r.status),
    r.platform,
    csvAmount(r.amount_cents),
    'AUD',
    r.order_no,
    r.out_refund_no,
    r.refund_no,
    r.reason,
    csvTime(r.success_time),
    csvLocalTime(r.success_time, timeZone),
    r.error_code,
    r.status,
    r.requested_by_name,
    r.approved_by_name,
  ];
}

function* mapIter<A, B>(it: Iterable<A>, f: (a: A) => B): Generator<B> {
  for (const a of it) yield f(a);
}
