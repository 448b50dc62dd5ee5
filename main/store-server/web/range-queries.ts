/**
 * A report over any range of business dates, from the report_hours rollup (db/report-hours.ts): the same money
 * lines as the day reports (queries.ts) by store, till and platform, by day and by local hour, with the CNY the
 * gateway gave for the sales. One query with GROUPING SETS reads each rollup row once. The lists beside it
 * (refunds with their reasons, late payments and what became of them, unresolved sales) read the rows.
 */
import type { Sql } from '../db/types';
import { FAILED_REFUND_STATUSES, UNSETTLED_SALE_STATUSES, sqlList } from '../../journal/status';
import { keyOf, peopleInScope, type PersonFilter } from './range-people';
import {
  emptyTotals,
  platformKey,
  refundState,
  scopeSkeleton,
  scopeSql,
  sumUp,
  type DayTotals,
  type PlatformKey,
  type Scope,
  type Totals,
} from './queries';

const FAILED = sqlList(FAILED_REFUND_STATUSES);

export interface RangeFilter {
  from: string;
  to: string;
  scope: Scope;
  platform: PlatformKey | null;
  /** Who served the sales / asked for the refunds (range-people.ts); null = everyone. */
  person?: PersonFilter | null;
}

/** CNY the gateway reported for the sales (and late payments): `withCny` of `of` carried an amount. */
export interface CnyLine {
  cents: number;
  withCny: number;
  of: number;
}

export interface Bucket extends Totals {
  key: string;
}

export interface RangeReport {
  from: string;
  to: string;
  /** The store / till / platform lines, shaped as a day's so the day reports' table shows them. */
  totals: DayTotals;
  cny: CnyLine;
  cnyByPlatform: Record<PlatformKey, CnyLine>;
  /** Every date of the range in order, zeros included. */
  byDay: Bucket[];
  /** Hours 0–23 of the store's clock, summed over the range. */
  byHour: Bucket[];
  /** By who served / asked for the refund, best net first; key '' = rows from before people were recorded. */
  byPerson: PersonLine[];
}

export interface PersonLine extends Bucket {
  /** null: not recorded (before people), or a person the tills have not named. */
  name: string | null;
  tillName: string | null;
}

/** The dates from `from` to `to`, both included (YYYY-MM-DD, checked by the caller). */
export function datesOf(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000)
    out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

/**
 * The filter on report_hours or a table with store_id / till_id: platform on `platformCol`, the person on
 * `personCol` (with the person's till for a till's own person).
 */
function filterSql(
  f: RangeFilter,
  alias: string,
  params: unknown[],
  platformCol: string,
  personCol: string,
): string {
  let sql = `${alias}.business_date BETWEEN $${params.push(f.from)} AND $${params.push(f.to)}`;
  sql += scopeSql(f.scope, alias, params);
  if (f.person) {
    sql += ` AND ${personCol} = $${params.push(f.person.personId)}`;
    if (f.person.tillId !== null) sql += ` AND ${alias}.till_id = $${params.push(f.person.tillId)}`;
  }
  if (f.platform !== null)
    sql +=
      f.platform === 'UNKNOWN'
        ? ` AND coalesce(${platformCol}, '') NOT IN ('WECHATPAY', 'ALIPAY')`
        : ` AND ${platformCol} = $${params.push(f.platform)}`;
  return sql;
}

const KIND_LINES: Record<string, [keyof Totals, keyof Totals][]> = {
  sale: [['salesCount', 'salesCents']],
  late: [['latePaymentsCount', 'latePaymentsCents']],
  refund: [['refundsCount', 'refundsCents']],
  late_refund: [
    ['refundsCount', 'refundsCents'],
    ['lateRefundsCount', 'lateRefundsCents'],
  ],
};

function put(into: Totals, kind: string, n: number, cents: number): void {
  for (const [c, m] of KIND_LINES[kind] ?? []) {
    into[c] += n;
    into[m] += cents;
  }
}

function bucket(key: string): Bucket {
  return { key, ...emptyTotals() };
}

interface RollupRow {
  set: number;
  till_id: string | null;
  platform: string | null;
  business_date: string | null;
  hour: number | null;
  kind: string;
  person_id: string | null;
  n: number;
  cents: number;
  cny_n: number;
  cny_cents: number;
}

/**
 * The range's hours (set 2): a store's or the chain's from report_store_hours (server migration 7, ~7 times fewer
 * rows); with a till, platform or person chosen, from report_hours' covering index.
 */
async function hoursOf(db: Sql, f: RangeFilter): Promise<RollupRow[]> {
  const byStore = f.scope.tillId === null && f.platform === null && !f.person;
  const params: unknown[] = [];
  const where = byStore
    ? `h.business_date BETWEEN $${params.push(f.from)} AND $${params.push(f.to)}${scopeSql(f.scope, 'h', params)}`
    : filterSql(f, 'h', params, "nullif(h.platform, '')", 'h.person_id');
  const { rows } = await db.query<RollupRow>(
    `SELECT 2 AS set, NULL AS till_id, NULL AS platform, NULL AS business_date, h.hour, h.kind,
            NULL AS person_id, sum(h.n) AS n, sum(h.cents) AS cents, 0 AS cny_n, 0 AS cny_cents
       FROM ${byStore ? 'report_store_hours' : 'report_hours'} h
      WHERE ${where}
      GROUP BY h.hour, h.kind`,
    params,
  );
  return rows;
}

export async function rangeReport(db: Sql, f: RangeFilter): Promise<RangeReport> {
  const params: unknown[] = [];
  const where = filterSql(f, 'h', params, "nullif(h.platform, '')", 'h.person_id');
  // Four independent reads, sent together: on PostgreSQL each takes its own pooled connection (and core), so the
  // page waits for the longest rather than the sum; PGlite runs them one after another.
  const [{ stores, tills }, days_, hours_, people] = await Promise.all([
    scopeSkeleton(db, f.scope),
    // The day-level sets from report_days; GROUPING tells them apart: 0 = till × platform, 1 = day,
    // 3 = till × person.
    db.query<RollupRow>(
      `SELECT CASE WHEN GROUPING(h.platform) = 0 THEN 0 WHEN GROUPING(h.business_date) = 0 THEN 1 ELSE 3 END AS set,
              h.till_id, h.platform, h.business_date, NULL::smallint AS hour, h.kind, h.person_id,
              sum(h.n) AS n, sum(h.cents) AS cents, sum(h.cny_n) AS cny_n, sum(h.cny_cents) AS cny_cents
         FROM report_days h
        WHERE ${where}
        GROUP BY GROUPING SETS ((h.till_id, h.platform, h.kind), (h.business_date, h.kind),
                                (h.till_id, h.person_id, h.kind))`,
      params,
    ),
    hoursOf(db, f),
    peopleInScope(db, f.scope),
  ]);
  const rows = [...days_.rows, ...hours_];
  const byPerson = new Map<string, PersonLine>();
  const days = new Map(datesOf(f.from, f.to).map((d) => [d, bucket(d)]));
  const hours = Array.from({ length: 24 }, (_, i) => bucket(String(i)));
  const cnyByPlatform: Record<PlatformKey, CnyLine> = {
    WECHATPAY: { cents: 0, withCny: 0, of: 0 },
    ALIPAY: { cents: 0, withCny: 0, of: 0 },
    UNKNOWN: { cents: 0, withCny: 0, of: 0 },
  };
  for (const r of rows) {
    const n = Number(r.n);
    const cents = Number(r.cents);
    if (Number(r.set) === 0) {
      const till = tills.get(r.till_id ?? '');
      const p = platformKey(r.platform === '' ? null : r.platform);
      if (till) put(till.perPlatform[p], r.kind, n, cents);
      if (r.kind === 'sale' || r.kind === 'late') {
        const c = cnyByPlatform[p];
        c.cents += Number(r.cny_cents);
        c.withCny += Number(r.cny_n);
        c.of += n;
      }
    } else if (Number(r.set) === 1) {
      const d = days.get(r.business_date ?? '');
      if (d) put(d, r.kind, n, cents);
    } else if (Number(r.set) === 2) {
      const h = hours[Number(r.hour)];
      if (h) put(h, r.kind, n, cents);
    } else {
      // A staff id is one person at every till; anyone else is their till's.
      const pid = r.person_id ?? '';
      const key = pid === '' ? '' : people.has(pid) ? pid : keyOf('till', r.till_id ?? '', pid);
      let line = byPerson.get(key);
      if (!line) {
        const who = people.get(key);
        line = { ...bucket(key), name: who?.name ?? null, tillName: who?.tillName ?? null };
        byPerson.set(key, line);
      }
      put(line, r.kind, n, cents);
    }
  }
  for (const b of [...days.values(), ...hours, ...byPerson.values()])
    b.netCents = b.salesCents + b.latePaymentsCents - b.refundsCents;
  const all = sumUp(stores);
  const cny = { cents: 0, withCny: 0, of: 0 };
  for (const c of Object.values(cnyByPlatform)) {
    cny.cents += c.cents;
    cny.withCny += c.withCny;
    cny.of += c.of;
  }
  return {
    from: f.from,
    to: f.to,
    totals: { businessDate: f.from === f.to ? f.from : `${f.from} – ${f.to}`, stores, ...all },
    cny,
    cnyByPlatform,
    byDay: [...days.values()],
    byHour: hours,
    byPerson: [...byPerson.values()].sort((a, b) => b.netCents - a.netCents),
  };
}

export interface RangeRefund {
  storeName: string;
  tillName: string;
  saleTillName: string | null;
  refundId: string;
  saleId: string;
  businessDate: string;
  createdAt: number;
  platform: string | null;
  amountCents: number;
  state: 'refunded' | 'failed' | 'pending';
  reason: string | null;
  remote: boolean;
  /** Names as the till knows them (null before people, or a person it has not named). */
  requestedBy: string | null;
  approvedBy: string | null;
}

/** The range's refunds (failed ones too, marked), newest first, at most `limit`, and how many there are. */
export async function rangeRefunds(
  db: Sql,
  f: RangeFilter,
  limit: number,
): Promise<{ rows: RangeRefund[]; total: number }> {
  const params: unknown[] = [];
  const where = filterSql(f, 'r', params, 's.platform', 'r.requested_by');
  // The sale is joined only where the platform filter needs it: a chain's month has ~27,000 refunds, counted
  // and the newest `limit` chosen from refunds_range's entries alone (server migration 7); their rows, names and
  // platforms are then read for those alone.
  const sale = 'LEFT JOIN sales s ON s.till_id = r.sale_till_id AND s.id = r.sale_id';
  const from = `FROM refunds r ${f.platform !== null ? sale : ''} WHERE ${where}`;
  const [total, { rows }] = await Promise.all([
    db.query<{ n: number }>(`SELECT count(*) AS n ${from}`, params),
    db.query<Record<string, unknown>>(
      `WITH top AS (SELECT r.till_id, r.id ${from} ORDER BY r.created_at DESC, r.till_id, r.id
                    LIMIT ${Math.trunc(limit)})
     SELECT r.id, r.sale_id, r.business_date, r.created_at, r.amount_cents, r.status, r.remote,
            r.data->>'reason' AS reason, s.platform, st.name AS store_name, t.name AS till_name,
            stt.name AS sale_till_name, rq.name AS requested_by, ap.name AS approved_by
       FROM top k JOIN refunds r ON r.till_id = k.till_id AND r.id = k.id ${sale}
       LEFT JOIN till_people rq ON rq.till_id = r.till_id AND rq.person_id = r.requested_by
       LEFT JOIN till_people ap ON ap.till_id = r.till_id AND ap.person_id = r.approved_by
       JOIN stores st ON st.id = r.store_id JOIN tills t ON t.id = r.till_id
       LEFT JOIN tills stt ON stt.id = r.sale_till_id
      ORDER BY r.created_at DESC, r.till_id, r.id`,
      params,
    ),
  ]);
  return {
    total: Number(total.rows[0]?.n ?? 0),
    rows: rows.map((x) => ({
      storeName: String(x.store_name),
      tillName: String(x.till_name),
      saleTillName: (x.sale_till_name as string | null) ?? null,
      refundId: String(x.id),
      saleId: String(x.sale_id),
      businessDate: String(x.business_date),
      createdAt: Number(x.created_at),
      platform: (x.platform as string | null) ?? null,
      amountCents: Number(x.amount_cents),
      state: refundState(String(x.status)),
      reason: (x.reason as string | null) ?? null,
      remote: Boolean(x.remote),
      requestedBy: (x.requested_by as string | null) ?? null,
      approvedBy: (x.approved_by as string | null) ?? null,
    })),
  };
}

export interface RangeSaleLine {
  storeName: string;
  tillName: string;
  saleId: string;
  servedBy: string | null;
  businessDate: string;
  createdAt: number;
  paidAt: number | null;
  platform: string | null;
  amountCents: number;
  status: string;
  /** Given back by refunds that went through, and still in flight. */
  refundedCents: number;
  pendingCents: number;
  /** A late payment's outcome: refunded in full, a refund in flight, or kept (not, or not all, given back). */
  outcome: 'refunded' | 'pending' | 'kept';
}

const LATE = `s.status = 'voided' AND s.paid_attempt_id IS NOT NULL`;
const UNRESOLVED = `s.status IN (${sqlList(UNSETTLED_SALE_STATUSES)})`;

/** Late payments (paid after the sale was voided) or unresolved sales of the range, newest first. */
export async function rangeSales(
  db: Sql,
  f: RangeFilter,
  which: 'late' | 'unresolved',
  limit: number,
): Promise<{ rows: RangeSaleLine[]; total: number }> {
  const params: unknown[] = [];
  const where = `${filterSql(f, 's', params, 's.platform', 's.served_by')} AND ${which === 'late' ? LATE : UNRESOLVED}`;
  const [total, { rows }] = await Promise.all([
    db.query<{ n: number }>(`SELECT count(*) AS n FROM sales s WHERE ${where}`, params),
    db.query<Record<string, unknown>>(
      `SELECT s.id, s.business_date, s.created_at, s.paid_at, s.platform, s.amount_cents, s.status,
            st.name AS store_name, t.name AS till_name, sb.name AS served_by,
            (SELECT coalesce(sum(r.amount_cents), 0) FROM refunds r WHERE r.sale_till_id = s.till_id
                AND r.sale_id = s.id AND r.status = 'CLOSED') AS refunded,
            (SELECT coalesce(sum(r.amount_cents), 0) FROM refunds r WHERE r.sale_till_id = s.till_id
                AND r.sale_id = s.id AND r.status NOT IN ('CLOSED', ${FAILED})) AS pending
       FROM sales s JOIN stores st ON st.id = s.store_id JOIN tills t ON t.id = s.till_id
       LEFT JOIN till_people sb ON sb.till_id = s.till_id AND sb.person_id = s.served_by
      WHERE ${where}
      ORDER BY s.created_at DESC, s.till_id, s.id LIMIT ${Math.trunc(limit)}`,
      params,
    ),
  ]);
  return {
    total: Number(total.rows[0]?.n ?? 0),
    rows: rows.map((x) => {
      const amountCents = Number(x.amount_cents);
      const refundedCents = Number(x.refunded);
      const pendingCents = Number(x.pending);
      return {
        storeName: String(x.store_name),
        tillName: String(x.till_name),
        saleId: String(x.id),
        servedBy: (x.served_by as string | null) ?? null,
        businessDate: String(x.business_date),
        createdAt: Number(x.created_at),
        paidAt: x.paid_at === null ? null : Number(x.paid_at),
        platform: (x.platform as string | null) ?? null,
        amountCents,
        status: String(x.status),
        refundedCents,
        pendingCents,
        outcome: pendingCents > 0 ? 'pending' : refundedCents >= amountCents ? 'refunded' : 'kept',
      };
    }),
  };
}

/**
 * What the range page shows: the report, the refunds with their reasons and the late payments, `limit` of each
 * list. The three are read side by side (see rangeReport).
 */
export async function rangePageData(
  db: Sql,
  f: RangeFilter,
  limit: number,
): Promise<{
  report: RangeReport;
  refunds: Awaited<ReturnType<typeof rangeRefunds>>;
  late: Awaited<ReturnType<typeof rangeSales>>;
}> {
  const [report, refunds, late] = await Promise.all([
    rangeReport(db, f),
    rangeRefunds(db, f, limit),
    rangeSales(db, f, 'late', limit),
  ]);
  return { report, refunds, late };
}
