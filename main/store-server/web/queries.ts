/**
 * What the managers' pages read, from the rows the tills replicated. The money lines mirror the till's own
 * report (main/journal/report.ts): only 'paid' counts as a sale; a voided sale with a payment recorded is a late
 * payment; refunds count by their own status (failed ones left out, in-flight ones counted: the money is
 * committed), on the business date they were made, to the till that sent them; the refunds of a voided sale are
 * its late payment's. Net = sales + late payments − refunds. A store's lines are the sum of its tills', the
 * chain's the sum of its stores'.
 */
import type { Sql } from '../db/types';
import type { PlatformTotals } from '../../journal/types';
import { TOTAL_KEYS, emptyTotals } from '../../journal/report';
import { FAILED_REFUND_STATUSES, UNSETTLED_SALE_STATUSES, sqlList } from '../../journal/status';
import { personNameSql } from './person-names';

/** Which rows a person may see and asked for: one till, one store, or (head office) the chain. */
export interface Scope {
  storeId: string | null;
  tillId: string | null;
}

export type Totals = Omit<PlatformTotals, 'platform'>;
export type PlatformKey = 'WECHATPAY' | 'ALIPAY' | 'UNKNOWN';

// The same totals, in the same order, as the till's own report.
export { emptyTotals };

export function addInto(into: Totals, t: Totals): void {
  for (const k of TOTAL_KEYS) into[k] += t[k];
}

export interface TillTotals {
  tillId: string;
  tillName: string;
  revoked: boolean;
  perPlatform: Record<PlatformKey, Totals>;
  totals: Totals;
}
export interface StoreTotals {
  storeId: string;
  storeName: string;
  tills: TillTotals[];
  perPlatform: Record<PlatformKey, Totals>;
  totals: Totals;
}
export interface DayTotals {
  businessDate: string;
  stores: StoreTotals[];
  perPlatform: Record<PlatformKey, Totals>;
  totals: Totals;
}

const FAILED = sqlList(FAILED_REFUND_STATUSES);

/** `AND …` restricting `alias`'s store_id / till_id to the scope; pushes its parameters. */
export function scopeSql(scope: Scope, alias: string, params: unknown[]): string {
  let sql = '';
  if (scope.storeId !== null) {
    params.push(scope.storeId);
    sql += ` AND ${alias}.store_id = $${params.length}`;
  }
  if (scope.tillId !== null) {
    params.push(scope.tillId);
    sql += ` AND ${alias}.till_id = $${params.length}`;
  }
  return sql;
}

interface SumRow {
  store_id: string;
  till_id: string;
  platform: string | null;
  n: number;
  cents: number;
}

export function platformKey(p: string | null): PlatformKey {
  return p === 'WECHATPAY' || p === 'ALIPAY' ? p : 'UNKNOWN';
}

export function emptyPerPlatform(): Record<PlatformKey, Totals> {
  return { WECHATPAY: emptyTotals(), ALIPAY: emptyTotals(), UNKNOWN: emptyTotals() };
}

async function sums(db: Sql, date: string, scope: Scope, kind: 'sales' | 'late' | 'refunds' | 'lateRefunds') {
  const params: unknown[] = [date];
  let sql: string;
  if (kind === 'sales' || kind === 'late') {
    const status =
      kind === 'sales' ? `s.status = 'paid'` : `s.status = 'voided' AND s.paid_attempt_id IS NOT NULL`;
    sql = `SELECT s.store_id, s.till_id, s.platform, count(*) AS n, coalesce(sum(s.amount_cents), 0) AS cents
      FROM sales s WHERE s.business_date = $1 AND ${status}${scopeSql(scope, 's', params)}
      GROUP BY s.store_id, s.till_id, s.platform`;
  } else {
    sql = `SELECT r.store_id, r.till_id, s.platform, count(*) AS n, coalesce(sum(r.amount_cents), 0) AS cents
      FROM refunds r LEFT JOIN sales s ON s.till_id = r.sale_till_id AND s.id = r.sale_id
      WHERE r.business_date = $1 AND r.status NOT IN (${FAILED})
      ${kind === 'lateRefunds' ? `AND s.status = 'voided'` : ''}${scopeSql(scope, 'r', params)}
      GROUP BY r.store_id, r.till_id, s.platform`;
  }
  const r = await db.query<SumRow>(sql, params);
  return r.rows.map((x) => ({ ...x, n: Number(x.n), cents: Number(x.cents) }));
}

/** Every store and till in the scope with empty lines (a store with no till yet too; one till's scope, its own). */
export async function scopeSkeleton(
  db: Sql,
  scope: Scope,
): Promise<{ stores: StoreTotals[]; tills: Map<string, TillTotals> }> {
  const tillParams: unknown[] = [];
  const storeWhere =
    scope.tillId !== null
      ? `s.id = (SELECT store_id FROM tills WHERE id = $${tillParams.push(scope.tillId)})`
      : scope.storeId !== null
        ? `s.id = $${tillParams.push(scope.storeId)}`
        : 'true';
  const tillOn = scope.tillId !== null ? `AND t.id = $1` : '';
  const tills = await db.query<{
    till_id: string | null;
    till_name: string | null;
    revoked: boolean | null;
    store_id: string;
    store_name: string;
  }>(
    `SELECT t.id AS till_id, t.name AS till_name, t.revoked_at IS NOT NULL AS revoked, s.id AS store_id,
            s.name AS store_name
       FROM stores s LEFT JOIN tills t ON t.store_id = s.id ${tillOn}
      WHERE ${storeWhere}
      ORDER BY s.name, t.name`,
    tillParams,
  );
  const stores = new Map<string, StoreTotals>();
  const tillMap = new Map<string, TillTotals>();
  for (const row of tills.rows) {
    let s = stores.get(row.store_id);
    if (!s) {
      s = {
        storeId: row.store_id,
        storeName: row.store_name,
        tills: [],
        perPlatform: emptyPerPlatform(),
        totals: emptyTotals(),
      };
      stores.set(row.store_id, s);
    }
    if (row.till_id === null) continue;
    const t: TillTotals = {
      tillId: row.till_id,
      tillName: row.till_name ?? '',
      revoked: row.revoked === true,
      perPlatform: emptyPerPlatform(),
      totals: emptyTotals(),
    };
    s.tills.push(t);
    tillMap.set(row.till_id, t);
  }
  return { stores: [...stores.values()], tills: tillMap };
}

/** Each till's platform lines filled in: nets, and the sums up to the till, its store and the whole view. */
export function sumUp(stores: StoreTotals[]): { perPlatform: Record<PlatformKey, Totals>; totals: Totals } {
  const all = { perPlatform: emptyPerPlatform(), totals: emptyTotals() };
  for (const s of stores) {
    for (const t of s.tills) {
      for (const k of Object.keys(t.perPlatform) as PlatformKey[]) {
        const p = t.perPlatform[k];
        p.netCents = p.salesCents + p.latePaymentsCents - p.refundsCents;
        addInto(t.totals, p);
        addInto(s.perPlatform[k], p);
        addInto(all.perPlatform[k], p);
      }
      addInto(s.totals, t.totals);
    }
    addInto(all.totals, s.totals);
  }
  return all;
}

/** The day's money lines for every till in the scope (tills with nothing that day are listed with zeros). */
export async function dayTotals(db: Sql, date: string, scope: Scope): Promise<DayTotals> {
  const { stores, tills: tillMap } = await scopeSkeleton(db, scope);
  const apply = (rows: SumRow[], n: keyof Totals, c: keyof Totals) => {
    for (const r of rows) {
      const t = tillMap.get(r.till_id);
      if (!t) continue;
      const p = t.perPlatform[platformKey(r.platform)];
      p[n] += r.n;
      p[c] += r.cents;
    }
  };
  apply(await sums(db, date, scope, 'sales'), 'salesCount', 'salesCents');
  apply(await sums(db, date, scope, 'late'), 'latePaymentsCount', 'latePaymentsCents');
  apply(await sums(db, date, scope, 'refunds'), 'refundsCount', 'refundsCents');
  apply(await sums(db, date, scope, 'lateRefunds'), 'lateRefundsCount', 'lateRefundsCents');
  return { businessDate: date, stores, ...sumUp(stores) };
}

export interface RecentSale {
  tillId: string;
  tillName: string;
  storeName: string;
  saleId: string;
  platform: string | null;
  amountCents: number;
  status: string;
  paidAt: number | null;
  /** Who took the sale (null: a till from before people). */
  servedBy: string | null;
}

export async function recentPaidSales(
  db: Sql,
  date: string,
  scope: Scope,
  limit = 20,
): Promise<RecentSale[]> {
  const params: unknown[] = [date];
  const r = await db.query<Record<string, unknown>>(
    `SELECT s.till_id, t.name AS till_name, st.name AS store_name, s.id, s.platform, s.amount_cents, s.status,
            s.paid_at, ${personNameSql('s.till_id', 's.served_by')} AS served_by
       FROM sales s JOIN tills t ON t.id = s.till_id JOIN stores st ON st.id = s.store_id
      WHERE s.business_date = $1 AND s.paid_attempt_id IS NOT NULL${scopeSql(scope, 's', params)}
      ORDER BY coalesce(s.paid_at, s.updated_at) DESC, s.id LIMIT ${Math.trunc(limit)}`,
    params,
  );
  return r.rows.map(saleOf);
}

/** The columns a recent sale and a problem sale share, from a row of either query. */
function saleOf(x: Record<string, unknown>): RecentSale {
  return {
    tillId: String(x.till_id),
    tillName: String(x.till_name),
    storeName: String(x.store_name),
    saleId: String(x.id),
    platform: (x.platform as string | null) ?? null,
    amountCents: Number(x.amount_cents),
    status: String(x.status),
    paidAt: x.paid_at === null ? null : Number(x.paid_at),
    servedBy: (x.served_by as string | null) ?? null,
  };
}

export interface ProblemSale extends RecentSale {
  businessDate: string;
  createdAt: number;
  outOrderNo: string | null;
  refunds: { outRefundNo: string; amountCents: number; status: string; tillName: string }[];
}

/**
 * Sales needing a person, on any date: unresolved (money may have moved, the outcome is not known) and late
 * payments (a payment that landed on a sale the shop had given up: voided with a paid attempt), the latter with
 * the refunds that gave it back.
 */
export async function problemSales(
  db: Sql,
  scope: Scope,
): Promise<{ unresolved: ProblemSale[]; late: ProblemSale[] }> {
  const run = async (where: string): Promise<ProblemSale[]> => {
    const params: unknown[] = [];
    const r = await db.query<Record<string, unknown>>(
      `SELECT s.till_id, t.name AS till_name, st.name AS store_name, s.id, s.business_date, s.platform,
              s.amount_cents, s.status, s.created_at, s.paid_at,
              ${personNameSql('s.till_id', 's.served_by')} AS served_by,
              (SELECT a.out_order_no FROM attempts a WHERE a.till_id = s.till_id AND a.sale_id = s.id
                ORDER BY (a.id = s.paid_attempt_id) DESC, a.created_at DESC LIMIT 1) AS out_order_no,
              (SELECT coalesce(json_agg(json_build_object('outRefundNo', r.out_refund_no,
                        'amountCents', r.amount_cents, 'status', r.status, 'tillName', rt.name)
                        ORDER BY r.created_at), '[]'::json)
                 FROM refunds r JOIN tills rt ON rt.id = r.till_id
                WHERE r.sale_till_id = s.till_id AND r.sale_id = s.id) AS refunds
         FROM sales s JOIN tills t ON t.id = s.till_id JOIN stores st ON st.id = s.store_id
        WHERE ${where}${scopeSql(scope, 's', params)}
        ORDER BY s.created_at DESC LIMIT 500`,
      params,
    );
    return r.rows.map((x) => ({
      ...saleOf(x),
      businessDate: String(x.business_date),
      createdAt: Number(x.created_at),
      outOrderNo: (x.out_order_no as string | null) ?? null,
      refunds: ((x.refunds as ProblemSale['refunds'] | null) ?? []).map((f) => ({
        ...f,
        amountCents: Number(f.amountCents),
      })),
    }));
  };
  return {
    unresolved: await run(`s.status IN (${sqlList(UNSETTLED_SALE_STATUSES)})`),
    late: await run(`s.status = 'voided' AND s.paid_attempt_id IS NOT NULL`),
  };
}

/** refunded / failed / pending, as the till's CSV words it (main/journal/export.ts). */
export function refundState(status: string): 'refunded' | 'failed' | 'pending' {
  if (status === 'CLOSED') return 'refunded';
  if ((FAILED_REFUND_STATUSES as readonly string[]).includes(status)) return 'failed';
  return 'pending';
}

export interface RefundLine {
  tillId: string;
  tillName: string;
  storeName: string;
  refundId: string;
  remote: boolean;
  saleTillId: string;
  saleTillName: string | null;
  saleId: string;
  platform: string | null;
  outRefundNo: string;
  orderNo: string | null;
  refundNo: string | null;
  amountCents: number;
  status: string;
  state: 'refunded' | 'failed' | 'pending';
  reason: string | null;
  createdAt: number;
  businessDate: string;
  /** Who asked for the refund and who approved it, by name (null: not recorded, or a till from before people). */
  requestedBy: string | null;
  approvedBy: string | null;
}

export async function refundsOfDay(db: Sql, date: string, scope: Scope): Promise<RefundLine[]> {
  const params: unknown[] = [date];
  const r = await db.query<Record<string, unknown>>(
    `SELECT r.*, t.name AS till_name, st.name AS store_name, stt.name AS sale_till_name, s.platform,
            ${personNameSql('r.till_id', 'r.requested_by')} AS requested_by_name,
            ${personNameSql('r.till_id', 'r.approved_by')} AS approved_by_name
       FROM refunds r JOIN tills t ON t.id = r.till_id JOIN stores st ON st.id = r.store_id
       LEFT JOIN tills stt ON stt.id = r.sale_till_id
       LEFT JOIN sales s ON s.till_id = r.sale_till_id AND s.id = r.sale_id
      WHERE r.business_date = $1${scopeSql(scope, 'r', params)}
      ORDER BY r.created_at, r.till_id, r.id`,
    params,
  );
  return r.rows.map((x) => {
    const data = (x.data ?? {}) as Record<string, unknown>;
    return {
      tillId: String(x.till_id),
      tillName: String(x.till_name),
      storeName: String(x.store_name),
      refundId: String(x.id),
      remote: Boolean(x.remote),
      saleTillId: String(x.sale_till_id),
      saleTillName: (x.sale_till_name as string | null) ?? null,
      saleId: String(x.sale_id),
      platform: (x.platform as string | null) ?? null,
      outRefundNo: String(x.out_refund_no),
      orderNo: (x.order_no as string | null) ?? null,
      refundNo: (x.refund_no as string | null) ?? null,
      amountCents: Number(x.amount_cents),
      status: String(x.status),
      state: refundState(String(x.status)),
      reason: typeof data.reason === 'string' ? data.reason : null,
      createdAt: Number(x.created_at),
      businessDate: String(x.business_date),
      requestedBy: (x.requested_by_name as string | null) ?? null,
      approvedBy: (x.approved_by_name as string | null) ?? null,
    };
  });
}

export interface SessionLine {
  tillId: string;
  tillName: string;
  storeId: string;
  storeName: string;
  sessionId: number;
  seq: number;
  businessDate: string;
  openedAt: number;
  closedAt: number | null;
  kind: 'X' | 'Z';
  /** Z: the totals the till froze at its close; X: computed now from the replicated rows. */
  totals: Totals;
  perPlatform: Record<PlatformKey, Totals>;
  unresolvedCount: number | null;
  forced: boolean;
  /** Who closed the Z, by name (null: open, or a till from before people). */
  closedBy: string | null;
}

/** The sessions of a date in the scope: a closed session's frozen Z, an open one's X computed now. */
export async function sessionsOfDay(db: Sql, date: string, scope: Scope): Promise<SessionLine[]> {
  const params: unknown[] = [date];
  const r = await db.query<Record<string, unknown>>(
    `SELECT x.*, t.name AS till_name, st.name AS store_name,
            ${personNameSql('x.till_id', 'x.closed_by')} AS closed_by_name
       FROM sessions x JOIN tills t ON t.id = x.till_id JOIN stores st ON st.id = x.store_id
      WHERE x.business_date = $1${scopeSql(scope, 'x', params)}
      ORDER BY st.name, t.name, x.opened_at`,
    params,
  );
  const out: SessionLine[] = [];
  for (const x of r.rows) {
    // Checked at ingest; read defensively all the same, so a stored row can never break a page.
    const report = x.report as { totals?: Totals; perPlatform?: PlatformTotals[] } | null;
    const closed = x.closed_at !== null && typeof report?.totals === 'object' && report.totals !== null;
    let totals: Totals;
    let perPlatform: Record<PlatformKey, Totals>;
    if (closed) {
      perPlatform = emptyPerPlatform();
      const lines = Array.isArray(report.perPlatform) ? report.perPlatform : [];
      for (const p of lines) addInto(perPlatform[platformKey(p?.platform ?? null)], pickTotals(p ?? {}));
      totals = { ...emptyTotals(), ...pickTotals(report.totals!) };
    } else {
      ({ totals, perPlatform } = await sessionX(db, String(x.till_id), Number(x.id)));
    }
    out.push({
      tillId: String(x.till_id),
      tillName: String(x.till_name),
      storeId: String(x.store_id),
      storeName: String(x.store_name),
      sessionId: Number(x.id),
      seq: Number(x.seq),
      businessDate: String(x.business_date),
      openedAt: Number(x.opened_at),
      closedAt: x.closed_at === null ? null : Number(x.closed_at),
      kind: closed ? 'Z' : 'X',
      totals,
      perPlatform,
      unresolvedCount: x.unresolved_count === null ? null : Number(x.unresolved_count),
      forced: Boolean(x.forced),
      closedBy: (x.closed_by_name as string | null) ?? null,
    });
  }
  return out;
}

function pickTotals(t: Partial<Totals>): Totals {
  const o = emptyTotals();
  for (const k of TOTAL_KEYS) {
    const n = Number(t[k] ?? 0);
    o[k] = Number.isFinite(n) ? n : 0;
  }
  return o;
}

/**
 * An open session's X from its members, with the till's session definitions (main/journal/report.ts): a refund
 * carried in from an earlier session was counted by that session's Z, so it counts here only if it failed
 * since, taken back out.
 */
async function sessionX(
  db: Sql,
  tillId: string,
  sessionId: number,
): Promise<{ totals: Totals; perPlatform: Record<PlatformKey, Totals> }> {
  const salesFrom = `FROM sale_sessions m JOIN sales s ON s.till_id = m.till_id AND s.id = m.sale_id
    WHERE m.till_id = $1 AND m.session_id = $2`;
  const membersFrom = `FROM refund_sessions m JOIN refunds r ON r.till_id = m.till_id AND r.id = m.refund_id
    LEFT JOIN sales s ON s.till_id = r.sale_till_id AND s.id = r.sale_id
    WHERE m.till_id = $1 AND m.session_id = $2`;
  const refundsFrom = `${membersFrom} AND m.carried_from IS NULL AND r.status NOT IN (${FAILED})`;
  const reversedFrom = `${membersFrom} AND m.carried_from IS NOT NULL AND r.status IN (${FAILED})`;
  const q = async (sql: string) =>
    (await db.query<{ platform: string | null; n: number; cents: number }>(sql, [tillId, sessionId])).rows;
  const perPlatform = emptyPerPlatform();
  const put = (
    rows: { platform: string | null; n: number; cents: number }[],
    n: keyof Totals,
    c: keyof Totals,
  ) => {
    for (const row of rows) {
      perPlatform[platformKey(row.platform)][n] += Number(row.n);
      perPlatform[platformKey(row.platform)][c] += Number(row.cents);
    }
  };
  const sum = (cents: string) => `SELECT s.platform, count(*) AS n, coalesce(sum(${cents}), 0) AS cents`;
  put(
    await q(`${sum('s.amount_cents')} ${salesFrom} AND s.status = 'paid' GROUP BY s.platform`),
    'salesCount',
    'salesCents',
  );
  put(
    await q(
      `${sum('s.amount_cents')} ${salesFrom} AND s.status = 'voided' AND s.paid_attempt_id IS NOT NULL GROUP BY s.platform`,
    ),
    'latePaymentsCount',
    'latePaymentsCents',
  );
  put(await q(`${sum('r.amount_cents')} ${refundsFrom} GROUP BY s.platform`), 'refundsCount', 'refundsCents');
  for (const row of await q(`${sum('r.amount_cents')} ${reversedFrom} GROUP BY s.platform`)) {
    perPlatform[platformKey(row.platform)].refundsCount -= Number(row.n);
    perPlatform[platformKey(row.platform)].refundsCents -= Number(row.cents);
  }
  put(
    await q(`${sum('r.amount_cents')} ${refundsFrom} AND s.status = 'voided' GROUP BY s.platform`),
    'lateRefundsCount',
    'lateRefundsCents',
  );
  const totals = emptyTotals();
  for (const p of Object.values(perPlatform)) {
    p.netCents = p.salesCents + p.latePaymentsCents - p.refundsCents;
    addInto(totals, p);
  }
  return { totals, perPlatform };
}
