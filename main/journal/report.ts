/**
 * Reports. The day report covers one business date: sales count on the business date they were rung up,
 * refunds on the business date they were made. A session's X (so far) and Z (at its close) cover the sales and
 * refunds that belong to that session. Refunds that failed or were rejected are left out;
 * refunds still in flight count as refunded (the money is committed) and are also listed.
 */
import { businessDayRange } from '../shared/business-date';
import { PLATFORMS } from '../shared/platform';
import type { Platform } from '../shared/platform';
import type { RefundDb, SaleDb } from './rows';
import { refundFromDb, saleFromDb } from './rows';
import { FAILED_REFUND_STATUSES, OPEN_REFUND_STATUSES, UNSETTLED_SALE_STATUSES, sqlList } from './status';
import type { StatementCache } from './statements';
import type {
  DayReport,
  PersonTotals,
  PlatformTotals,
  SessionReport,
  SessionRow,
  UnresolvedEarlier,
} from './types';
import { businessDateSchema, parse, timeSchema } from './validation';
import { z } from 'zod';
import { JournalError } from './errors';
import { isBusinessDate } from '../shared/business-date';

/**
 * The money lines of a report, over one scope: a business date, or a session's members. Only 'paid' counts as
 * a sale; a voided sale with a payment recorded is a late payment; refunds count by their own status, and the
 * refunds of a voided sale are its late payment's (a manager's refund needs a paid sale).
 */
interface Scope {
  /** FROM … WHERE … selecting the scope's sales as `s`; one `?` parameter. */
  sales: string;
  /** FROM … WHERE … selecting the refunds counted in the scope as `r` (with their sale as `s`). */
  refunds: string;
}

/**
 * What a report's lines are grouped by: the platform (both sides by the sale's), or the person (a sale by who
 * took it, a refund by who asked for it: migration 11; NULL on rows from before people).
 */
interface Grouping {
  sale: string;
  refund: string;
}
const BY_PLATFORM: Grouping = { sale: 's.platform', refund: 's.platform' };
const BY_PERSON: Grouping = { sale: 's.person_id', refund: 'r.requested_by' };

function moneySql(scope: Scope, g: Grouping = BY_PLATFORM) {
  const failed = sqlList(FAILED_REFUND_STATUSES);
  const sum = (key: string, cents: string) =>
    `SELECT ${key} AS platform, count(*) AS n, total(${cents}) AS cents`;
  const sales = (where: string) =>
    `${sum(g.sale, 's.amount_cents')} ${scope.sales} ${where} GROUP BY ${g.sale}`;
  const refunds = (where: string) =>
    `${sum(g.refund, 'r.amount_cents')} ${scope.refunds} ${where} GROUP BY ${g.refund}`;
  return {
    sales: sales(`AND s.status = 'paid'`),
    late: sales(`AND s.status = 'voided' AND s.paid_attempt_id IS NOT NULL`),
    voided: `SELECT count(*) AS n ${scope.sales} AND s.status = 'voided' AND s.paid_attempt_id IS NULL`,
    refunds: refunds(`AND r.status NOT IN (${failed})`),
    lateRefunds: refunds(`AND s.status = 'voided' AND r.status NOT IN (${failed})`),
  };
}

const DAY_SCOPE: Scope = {
  sales: 'FROM sales s WHERE s.business_date = ?',
  refunds: 'FROM refunds r JOIN sales s ON s.id = r.sale_id WHERE r.business_date = ?',
};
const DAY = moneySql(DAY_SCOPE);
const UNRESOLVED_SQL = `SELECT * FROM sales WHERE business_date = ?
  AND status IN (${sqlList(UNSETTLED_SALE_STATUSES)}) ORDER BY created_at, rowid`;
// Still unresolved from an earlier date: outside this day's totals, but the status bar counts them, so the
// report lists them too (with the shift they belong to).
// SQLite uses a partial index only when the query repeats its WHERE term: this one is `sales_active`'s (journal
// schema v1), so the earlier-unresolved lists read the few active sales instead of every sale of every day.
const ACTIVE_SALES = `s.status IN ('open','in_progress','declined','unresolved')`;
const EARLIER_UNRESOLVED_SQL = `SELECT s.*, m.session_id AS from_session FROM sales s
  LEFT JOIN sale_sessions m ON m.sale_id = s.id
  WHERE ${ACTIVE_SALES} AND s.status IN (${sqlList(UNSETTLED_SALE_STATUSES)}) AND s.business_date < ?
  ORDER BY s.created_at, s.rowid`;
const PENDING_REFUNDS_SQL = `SELECT * FROM refunds WHERE business_date = ?
  AND status IN (${sqlList(OPEN_REFUND_STATUSES)}) ORDER BY created_at, rowid`;
const DAY_SQL: ScopeSql = {
  money: DAY,
  byPerson: moneySql(DAY_SCOPE, BY_PERSON),
  unresolved: UNRESOLVED_SQL,
  earlierUnresolved: EARLIER_UNRESOLVED_SQL,
  pendingRefunds: PENDING_REFUNDS_SQL,
};

interface Sum {
  platform: string | null;
  n: number;
  cents: number;
}

export function buildReport(
  stmts: StatementCache,
  timeZone: string | undefined,
  kind: 'X' | 'Z',
  businessDate: string,
  at: number,
): DayReport {
  parse(z.enum(['X', 'Z']), kind, 'report.kind');
  parse(businessDateSchema, businessDate, 'report.businessDate');
  if (!isBusinessDate(businessDate))
    throw new JournalError('invalid_input', 'report.businessDate: not a date');
  parse(timeSchema, at, 'report.at');
  const { from, to } = businessDayRange(businessDate, timeZone);

  return {
    kind,
    businessDate,
    from,
    to,
    generatedAt: at,
    ...scopeLines(stmts, DAY_SQL, businessDate),
  };
}

/** A scope's statements: its money lines (reversed ones only where refunds carry over), and its lists. */
interface ScopeSql {
  money: ReturnType<typeof moneySql>;
  byPerson: ReturnType<typeof moneySql>;
  reversed?: Grouped;
  reversedLate?: Grouped;
  unresolved: string;
  earlierUnresolved: string;
  pendingRefunds: string;
}

/** The totals and lists every report has, over one scope; `key` is the scope's one `?` parameter. */
function scopeLines(stmts: StatementCache, q: ScopeSql, key: string | number) {
  const sums = (sql: string | undefined) => (sql === undefined ? [] : (stmts.get(sql).all(key) as Sum[]));
  const lines = (money: ReturnType<typeof moneySql>, g: 'platform' | 'person') => ({
    sales: sums(money.sales),
    refunds: sums(money.refunds),
    reversed: sums(q.reversed?.[g]),
    reversedLate: sums(q.reversedLate?.[g]),
    late: sums(money.late),
    lateRefunds: sums(money.lateRefunds),
  });
  const { perPlatform, totals } = sumUp(lines(q.money, 'platform'));
  return {
    perPlatform,
    totals,
    byPerson: sumByPerson(stmts, lines(q.byPerson, 'person')),
    unresolved: (stmts.get(q.unresolved).all(key) as SaleDb[]).map(saleFromDb),
    unresolvedEarlier: earlier(stmts.get(q.earlierUnresolved).all(key)),
    pendingRefunds: (stmts.get(q.pendingRefunds).all(key) as RefundDb[]).map(refundFromDb),
    voidedCount: (stmts.get(q.money.voided).get(key) as { n: number }).n,
  };
}

function earlier(rows: unknown[]): UnresolvedEarlier[] {
  return (rows as Array<SaleDb & { from_session: number | null }>).map((r) => ({
    row: saleFromDb(r),
    fromSessionId: r.from_session,
  }));
}

interface Sums {
  sales: Sum[];
  refunds: Sum[];
  /** Refunds an earlier report counted that then failed: taken back out (of late refunds too, when theirs). */
  reversed: Sum[];
  reversedLate: Sum[];
  late: Sum[];
  lateRefunds: Sum[];
}

/** Per-person lines (who took the sales, who asked for the refunds), with each person's name; they add up to the totals. */
function sumByPerson(stmts: StatementCache, s: Sums): PersonTotals[] {
  const rows = addUp(s, (k) => k);
  const name = stmts.get('SELECT name FROM people WHERE id = ?');
  return [...rows.entries()]
    .map(([personId, t]) => ({
      personId,
      name: personId === null ? null : ((name.get(personId) as { name: string } | undefined)?.name ?? null),
      ...t,
    }))
    .sort((a, b) => (a.name ?? '\uffff').localeCompare(b.name ?? '\uffff'));
}

/** Per-platform and overall totals. */
function sumUp(s: Sums): { perPlatform: PlatformTotals[]; totals: Omit<PlatformTotals, 'platform'> } {
  const byPlatform = addUp<Platform | 'UNKNOWN'>(
    s,
    (p) => (p === 'WECHATPAY' || p === 'ALIPAY' ? p : 'UNKNOWN'),
    PLATFORMS,
  );
  const perPlatform = [...byPlatform.entries()].map(([platform, t]) => ({ platform, ...t }));
  const totals = emptyTotals();
  for (const t of perPlatform) for (const k of TOTAL_KEYS) totals[k] += t[k];
  return { perPlatform, totals };
}

/** The money lines summed per key (in the order of `first`, then as met), each with its net. */
function addUp<K>(s: Sums, keyOf: (k: string | null) => K, first: readonly K[] = []) {
  const lines = new Map<K, Omit<PlatformTotals, 'platform'>>();
  const bucket = (k: string | null) => {
    const key = keyOf(k);
    let t = lines.get(key);
    if (!t) {
      t = emptyTotals();
      lines.set(key, t);
    }
    return t;
  };
  for (const k of first) lines.set(k, emptyTotals());
  const add = (rows: Sum[], field: 'sales' | 'refunds' | 'latePayments' | 'lateRefunds', sign = 1) => {
    for (const r of rows) {
      const t = bucket(r.platform);
      t[`${field}Count`] += sign * r.n;
      t[`${field}Cents`] += sign * r.cents;
    }
  };
  add(s.sales, 'sales');
  add(s.refunds, 'refunds');
  add(s.reversed, 'refunds', -1);
  add(s.late, 'latePayments');
  add(s.lateRefunds, 'lateRefunds');
  add(s.reversedLate, 'lateRefunds', -1);
  for (const t of lines.values()) t.netCents = t.salesCents + t.latePaymentsCents - t.refundsCents;
  return lines;
}

/** Every count and sum of a report line, in their order (the store server's pages add the same ones). */
export const TOTAL_KEYS = [
  'salesCount',
  'salesCents',
  'refundsCount',
  'refundsCents',
  'netCents',
  'latePaymentsCount',
  'latePaymentsCents',
  'lateRefundsCount',
  'lateRefundsCents',
] as const;

export function emptyTotals(): Omit<PlatformTotals, 'platform'> {
  return Object.fromEntries(TOTAL_KEYS.map((k) => [k, 0])) as Omit<PlatformTotals, 'platform'>;
}

// Sessions. Only 'paid' counts as a sale (every other status took no money, or gave it back through a refund
// row); refunds count by their own status. A refund carried in from a closed session was counted by that
// session's Z (it was still in flight then), so here it only counts if it failed since: taken back out.
const SESSION_SCOPE: Scope = {
  sales: 'FROM sale_sessions m JOIN sales s ON s.id = m.sale_id WHERE m.session_id = ?',
  refunds: `FROM refund_sessions m JOIN refunds r ON r.id = m.refund_id JOIN sales s ON s.id = r.sale_id
    WHERE m.session_id = ? AND m.carried_from IS NULL`,
};
const SESSION = moneySql(SESSION_SCOPE);
/** A statement in both groupings. */
type Grouped = Record<'platform' | 'person', string>;
const reversedSql = (g: Grouping, late: string): string =>
  `SELECT ${g.refund} AS platform, count(*) AS n, total(r.amount_cents) AS cents
  FROM refund_sessions m JOIN refunds r ON r.id = m.refund_id JOIN sales s ON s.id = r.sale_id
  WHERE m.session_id = ? AND m.carried_from IS NOT NULL AND r.status IN (${sqlList(FAILED_REFUND_STATUSES)})
  ${late} GROUP BY ${g.refund}`;
const S_REVERSED: Grouped = { platform: reversedSql(BY_PLATFORM, ''), person: reversedSql(BY_PERSON, '') };
const S_REVERSED_LATE: Grouped = {
  platform: reversedSql(BY_PLATFORM, `AND s.status = 'voided'`),
  person: reversedSql(BY_PERSON, `AND s.status = 'voided'`),
};
// Sales of an earlier shift still unresolved now: the Z that closed it listed them; they stay on every later
// X and Z until they settle (then they move to the shift they settle in, as carried sales).
const S_EARLIER_UNRESOLVED_SQL = `SELECT s.*, m.session_id AS from_session FROM sales s
  JOIN sale_sessions m ON m.sale_id = s.id
  WHERE ${ACTIVE_SALES} AND s.status IN (${sqlList(UNSETTLED_SALE_STATUSES)}) AND m.session_id < ?
  ORDER BY s.created_at, s.id`;
const S_UNRESOLVED_SQL = `SELECT s.* FROM sale_sessions m JOIN sales s ON s.id = m.sale_id
  WHERE m.session_id = ? AND s.status IN (${sqlList(UNSETTLED_SALE_STATUSES)}) ORDER BY s.created_at, s.id`;
const S_PENDING_REFUNDS_SQL = `SELECT r.* FROM refund_sessions m JOIN refunds r ON r.id = m.refund_id
  WHERE m.session_id = ? AND r.status IN (${sqlList(OPEN_REFUND_STATUSES)}) ORDER BY r.created_at, r.id`;
const S_CARRIED_SQL = `SELECT s.*, m.carried_from AS carried_from FROM sale_sessions m JOIN sales s ON s.id = m.sale_id
  WHERE m.session_id = ? AND m.carried_from IS NOT NULL ORDER BY s.created_at, s.id`;
const S_CARRIED_REFUNDS_SQL = `SELECT r.*, m.carried_from AS carried_from FROM refund_sessions m
  JOIN refunds r ON r.id = m.refund_id
  WHERE m.session_id = ? AND m.carried_from IS NOT NULL ORDER BY r.created_at, r.id`;
const SESSION_SQL: ScopeSql = {
  money: SESSION,
  byPerson: moneySql(SESSION_SCOPE, BY_PERSON),
  reversed: S_REVERSED,
  reversedLate: S_REVERSED_LATE,
  unresolved: S_UNRESOLVED_SQL,
  earlierUnresolved: S_EARLIER_UNRESOLVED_SQL,
  pendingRefunds: S_PENDING_REFUNDS_SQL,
};

export function buildSessionReport(
  stmts: StatementCache,
  kind: 'X' | 'Z',
  session: SessionRow,
  at: number,
): SessionReport {
  parse(z.enum(['X', 'Z']), kind, 'sessionReport.kind');
  parse(timeSchema, at, 'sessionReport.at');
  const id = session.id;
  return {
    kind,
    businessDate: session.businessDate,
    from: session.openedAt,
    to: session.closedAt ?? at,
    generatedAt: at,
    ...scopeLines(stmts, SESSION_SQL, id),
    session,
    carried: (stmts.get(S_CARRIED_SQL).all(id) as Array<SaleDb & { carried_from: number }>).map((r) => ({
      row: saleFromDb(r),
      fromSessionId: r.carried_from,
    })),
    carriedRefunds: (
      stmts.get(S_CARRIED_REFUNDS_SQL).all(id) as Array<RefundDb & { carried_from: number }>
    ).map((r) => ({ row: refundFromDb(r), fromSessionId: r.carried_from })),
  };
}
