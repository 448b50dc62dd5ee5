/**
 * The sales and refunds of a business date or a range of them as CSV, in the till's export format
 * (main/journal/csv.ts, export.ts: same columns in the same order, same cell rules, people by name as the till
 * writes them), with the store and till that each row came from added at the end. Rows are those of the business
 * date, in the scope the person may see; local times are on the store's clock.
 */
import type { Sql } from '../db/types';
import { csvAmount, csvDocument, csvLocalTime, csvTime, type CsvValue } from '../../journal/csv';
import { REFUNDS_CSV_HEADER, SALES_CSV_HEADER, refundStateWord } from '../../journal/export';
import { FAILED_REFUND_STATUSES, sqlList } from '../../journal/status';
import { personNameSql } from './person-names';
import { scopeSql, type Scope } from './queries';

const FAILED = sqlList(FAILED_REFUND_STATUSES);

const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** Business dates from..to, both included (one date: from = to). */
export interface DateRange {
  from: string;
  to: string;
}

export async function salesCsv(db: Sql, range: DateRange, scope: Scope): Promise<string> {
  const params: unknown[] = [range.from, range.to];
  const r = await db.query<Record<string, unknown>>(
    `SELECT s.*, st.name AS store_name, st.time_zone, t.name AS till_name, t.pos_no AS till_pos_no,
            a.out_order_no, a.order_no, ${personNameSql('s.till_id', 's.served_by')} AS served_by_name,
            (SELECT count(*) FROM attempts c WHERE c.till_id = s.till_id AND c.sale_id = s.id) AS attempt_count,
            (SELECT coalesce(sum(f.amount_cents), 0) FROM refunds f
              WHERE f.sale_till_id = s.till_id AND f.sale_id = s.id AND f.status NOT IN (${FAILED})) AS refunded_cents
       FROM sales s JOIN stores st ON st.id = s.store_id JOIN tills t ON t.id = s.till_id
       LEFT JOIN attempts a ON a.till_id = s.till_id AND a.id = coalesce(s.paid_attempt_id,
         (SELECT l.id FROM attempts l WHERE l.till_id = s.till_id AND l.sale_id = s.id
           ORDER BY l.created_at DESC, l.id DESC LIMIT 1))
      WHERE s.business_date BETWEEN $1 AND $2${scopeSql(scope, 's', params)}
      ORDER BY st.name, t.name, s.created_at, s.id`,
    params,
  );
  const rows = r.rows.map((x): CsvValue[] => {
    const d = (x.data ?? {}) as Record<string, unknown>;
    const tz = String(x.time_zone);
    const created = Number(x.created_at);
    const paid = num(x.paid_at);
    return [
      String(x.id),
      String(x.business_date),
      csvTime(created),
      csvLocalTime(created, tz),
      String(x.status),
      text(x.platform),
      csvAmount(Number(x.amount_cents)),
      text(d.currency) ?? 'AUD',
      csvAmount(Number(x.refunded_cents)),
      text(d.order_name),
      String(x.kind),
      text(d.pos_no) ?? text(x.till_pos_no),
      text(x.out_order_no),
      text(x.order_no),
      csvTime(paid),
      csvLocalTime(paid, tz),
      Number(x.attempt_count),
      text(d.status_reason),
      text(x.served_by_name),
      String(x.store_name),
      String(x.till_name),
    ];
  });
  return csvDocument([...SALES_CSV_HEADER, 'store', 'till'], rows);
}

export async function refundsCsv(db: Sql, range: DateRange, scope: Scope): Promise<string> {
  const params: unknown[] = [range.from, range.to];
  const r = await db.query<Record<string, unknown>>(
    `SELECT r.*, s.platform, st.name AS store_name, st.time_zone, t.name AS till_name, stt.name AS sale_till_name,
            ${personNameSql('r.till_id', 'r.requested_by')} AS requested_by_name,
            ${personNameSql('r.till_id', 'r.approved_by')} AS approved_by_name
       FROM refunds r JOIN stores st ON st.id = r.store_id JOIN tills t ON t.id = r.till_id
       LEFT JOIN tills stt ON stt.id = r.sale_till_id
       LEFT JOIN sales s ON s.till_id = r.sale_till_id AND s.id = r.sale_id
      WHERE r.business_date BETWEEN $1 AND $2${scopeSql(scope, 'r', params)}
      ORDER BY st.name, t.name, r.created_at, r.id`,
    params,
  );
  const rows = r.rows.map((x): CsvValue[] => {
    const d = (x.data ?? {}) as Record<string, unknown>;
    const tz = String(x.time_zone);
    const created = Number(x.created_at);
    const success = num(d.success_time);
    return [
      String(x.id),
      String(x.sale_id),
      String(x.business_date),
      csvTime(created),
      csvLocalTime(created, tz),
      refundStateWord(String(x.status)),
      text(x.platform),
      csvAmount(Number(x.amount_cents)),
      'AUD',
      text(x.order_no),
      String(x.out_refund_no),
      text(x.refund_no),
      text(d.reason),
      csvTime(success),
      csvLocalTime(success, tz),
      text(d.error_code),
      String(x.status),
      text(x.requested_by_name),
      text(x.approved_by_name),
      String(x.store_name),
      String(x.till_name),
      x.remote ? 'remote' : 'own',
      text(x.sale_till_name),
    ];
  });
  return csvDocument([...REFUNDS_CSV_HEADER, 'store', 'till', 'sale_of', 'sale_till'], rows);
}
