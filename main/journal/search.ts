/**
 * History search. Each way a sale can match (order_no prefix, out_order_no prefix, amount) is answered by its own
 * index-ordered query, newest first; the results are merged. That keeps every branch on an index on a
 * 1,000,000-sale journal, where one OR-ed query would scan.
 */
import { businessDateWindow } from '../shared/business-date';
import { parseAmountToCents } from '../shared/money';
import type { SaleDb } from './rows';
import { saleFromDb } from './rows';
import { ACTIVE_SALE_STATUSES, sqlList } from './status';
import type { StatementCache } from './statements';
import type { SaleRow, SaleSearch, SaleStatus } from './types';
import { parse, saleSearchSchema } from './validation';

export const SEARCH_DEFAULT_LIMIT = 50;
export const SEARCH_MAX_LIMIT = 500;
/**
 * Prefix matches beyond this many attempts are "broad" (e.g. just the terminal's pos_no): then walking sales
 * newest-first and testing each is cheaper than collecting and sorting every match.
 */
const BROAD_PREFIX = 5000;
/** Above every character an order number may hold, so [p, p + TOP) is "starts with p" on a BINARY index. */
const TOP = '\u{10FFFF}';
const PREFIX_TEXT = /^[A-Za-z0-9_-]{1,64}$/;
const ACTIVE_SQL = `s.status IN (${sqlList(ACTIVE_SALE_STATUSES)})`;

type Hit = SaleDb;

interface Filters {
  sql: string;
  params: unknown[];
  /** Statuses all within the partial index of active sales. */
  activeOnly: boolean;
  /** Only a date range (or nothing): a prefix can then be answered from the attempts index alone. */
  rangeOnly: boolean;
  from: number | undefined;
  to: number | undefined;
}

export function searchSales(stmts: StatementCache, input: SaleSearch): SaleRow[] {
  const q = withinBusinessDate(parse(saleSearchSchema, input, 'searchSales'));
  const limit = q.limit ?? SEARCH_DEFAULT_LIMIT;
  const offset = q.offset ?? 0;
  if (q.statuses && q.statuses.length === 0) return [];
  if (q.from !== undefined && q.to !== undefined && q.from >= q.to) return [];
  const want = limit + offset;
  const f = filters(q);
  const text = q.text?.trim() ?? '';

  const branches: Hit[][] = [];
  if (text === '') {
    branches.push(plain(stmts, f, q.amountCents, want));
  } else {
    if (PREFIX_TEXT.test(text)) {
      const variants = text.toUpperCase() === text ? [text] : [text, text.toUpperCase()];
      for (const p of variants) {
        branches.push(byPrefix(stmts, 'out_order_no', p, f, want));
        branches.push(byPrefix(stmts, 'order_no', p, f, want));
      }
    }
    const cents = amountOf(text);
    if (cents !== undefined && (q.amountCents === undefined || q.amountCents === cents)) {
      branches.push(plain(stmts, f, cents, want));
    }
  }
  return merge(branches, offset, limit).map(saleFromDb);
}

type Query = ReturnType<typeof saleSearchSchema.parse>;

/** A business date narrows the range to the instants that can carry it, so the created_at indexes still serve. */
function withinBusinessDate(q: Query): Query {
  if (q.businessDate === undefined) return q;
  const w = businessDateWindow(q.businessDate);
  return { ...q, from: Math.max(q.from ?? w.from, w.from), to: Math.min(q.to ?? w.to, w.to) };
}

function amountOf(text: string): number | undefined {
  try {
    return parseAmountToCents(text);
  } catch {
    return undefined;
  }
}

function filters(q: Query): Filters {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (q.from !== undefined) {
    parts.push('s.created_at >= ?');
    params.push(q.from);
  }
  if (q.to !== undefined) {
    parts.push('s.created_at < ?');
    params.push(q.to);
  }
  if (q.businessDate !== undefined) {
    parts.push('s.business_date = ?');
    params.push(q.businessDate);
  }
  let activeOnly = false;
  if (q.statuses) {
    const statuses = [...new Set(q.statuses)] as SaleStatus[];
    parts.push(`s.status IN (${statuses.map(() => '?').join(',')})`);
    params.push(...statuses);
    activeOnly = statuses.every((s) => ACTIVE_SALE_STATUSES.includes(s));
  }
  if (q.amountCents !== undefined) {
    parts.push('s.amount_cents = ?');
    params.push(q.amountCents);
  }
  if (q.orderNo !== undefined) {
    parts.push('EXISTS (SELECT 1 FROM attempts e WHERE e.sale_id = s.id AND e.order_no = ?)');
    params.push(q.orderNo);
  }
  if (q.outOrderNo !== undefined) {
    parts.push('EXISTS (SELECT 1 FROM attempts e WHERE e.sale_id = s.id AND e.out_order_no = ?)');
    params.push(q.outOrderNo);
  }
  const rangeOnly =
    q.businessDate === undefined &&
    q.statuses === undefined &&
    q.amountCents === undefined &&
    q.orderNo === undefined &&
    q.outOrderNo === undefined;
  return {
    sql: parts.map((p) => ` AND ${p}`).join(''),
    params,
    activeOnly,
    rangeOnly,
    from: q.from,
    to: q.to,
  };
}

// Newest first; the id breaks ties so that every branch, and the merge, order the same way.
const ORDER = ' ORDER BY s.created_at DESC, s.id DESC LIMIT ?';

/** No text: pick the index that yields rows already in order, so LIMIT stops early. */
function plain(stmts: StatementCache, f: Filters, amountCents: number | undefined, want: number): Hit[] {
  if (amountCents !== undefined) {
    const sql = `SELECT s.* FROM sales s INDEXED BY sales_amount_created WHERE s.amount_cents = ?${f.sql}${ORDER}`;
    return stmts.get(sql).all(amountCents, ...f.params, want) as Hit[];
  }
  if (f.activeOnly) {
    // The partial index is usable only when the query repeats its condition word for word.
    const sql = `SELECT s.* FROM sales s INDEXED BY sales_active WHERE ${ACTIVE_SQL}${f.sql}${ORDER}`;
    return stmts.get(sql).all(...f.params, want) as Hit[];
  }
  const sql = `SELECT s.* FROM sales s INDEXED BY sales_created WHERE 1${f.sql}${ORDER}`;
  return stmts.get(sql).all(...f.params, want) as Hit[];
}

function byPrefix(
  stmts: StatementCache,
  column: 'out_order_no' | 'order_no',
  prefix: string,
  f: Filters,
  want: number,
): Hit[] {
  const hi = prefix + TOP;
  const probe = stmts
    .get(
      `SELECT count(*) AS c FROM (SELECT 1 FROM attempts WHERE ${column} >= ? AND ${column} < ? LIMIT ${BROAD_PREFIX})`,
    )
    .get(prefix, hi) as { c: number };
  if (probe.c === 0) return [];
  if (probe.c < BROAD_PREFIX && f.rangeOnly) {
    // The index holds (number, sale created_at, sale id): matches are ranked without reading a sale, and only the
    // page asked for is fetched.
    const index = column === 'order_no' ? 'attempts_order_no' : 'attempts_out_order_no_recent';
    let sql =
      `SELECT sale_id, max(sale_created_at) AS at FROM attempts INDEXED BY ${index} ` +
      `WHERE ${column} >= ? AND ${column} < ?`;
    const params: unknown[] = [prefix, hi];
    if (f.from !== undefined) {
      sql += ' AND sale_created_at >= ?';
      params.push(f.from);
    }
    if (f.to !== undefined) {
      sql += ' AND sale_created_at < ?';
      params.push(f.to);
    }
    sql += ' GROUP BY sale_id ORDER BY at DESC, sale_id DESC LIMIT ?';
    const ids = stmts
      .get(sql)
      .pluck()
      .all(...params, want) as string[];
    const get = stmts.get('SELECT * FROM sales WHERE id = ?');
    return ids.map((id) => get.get(id) as Hit);
  }
  if (probe.c < BROAD_PREFIX) {
    // CROSS JOIN fixes the loop order in SQLite: walk the few matching attempts, then fetch their sales.
    const sql =
      `SELECT DISTINCT s.* FROM attempts a CROSS JOIN sales s ON s.id = a.sale_id ` +
      `WHERE a.${column} >= ? AND a.${column} < ?${f.sql}${ORDER}`;
    return stmts.get(sql).all(prefix, hi, ...f.params, want) as Hit[];
  }
  const sql =
    `SELECT s.* FROM sales s INDEXED BY sales_created WHERE EXISTS ` +
    `(SELECT 1 FROM attempts a WHERE a.sale_id = s.id AND a.${column} >= ? AND a.${column} < ?)${f.sql}${ORDER}`;
  return stmts.get(sql).all(prefix, hi, ...f.params, want) as Hit[];
}

function merge(branches: Hit[][], offset: number, limit: number): Hit[] {
  if (branches.length === 1) return (branches[0] ?? []).slice(offset, offset + limit);
  const seen = new Set<string>();
  const all: Hit[] = [];
  for (const b of branches) {
    for (const h of b) {
      if (seen.has(h.id)) continue;
      seen.add(h.id);
      all.push(h);
    }
  }
  all.sort((a, b) => b.created_at - a.created_at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  return all.slice(offset, offset + limit);
}
