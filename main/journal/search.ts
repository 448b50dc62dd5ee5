/**
 * History search. Each way a sale can match (any part of an order_no or out_order_no, an amount in cents or
 * dollars) is answered by its own index-served query, newest first; the results are merged. That keeps every branch
 * on an index on a 1,000,000-sale journal, where one OR-ed query would scan. Parts of numbers of three characters
 * or more come from the trigram index (schema v9); one or two characters can only match the start of a number.
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
/** The trigram index needs three characters to match inside a number. */
const TRIGRAM = 3;
/** Characters of a longer text looked up in the trigram index; the rest is checked on the candidates. */
const KEY = 6;
/** A key with this few index matches is good enough: probing more windows would cost more than it saves. */
const FEW = 200;
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
    if (PREFIX_TEXT.test(text) && text.length >= TRIGRAM) {
      branches.push(bySubstring(stmts, text, f, want));
    } else if (PREFIX_TEXT.test(text)) {
      const variants = text.toUpperCase() === text ? [text] : [text, text.toUpperCase()];
      for (const p of variants) {
        branches.push(byPrefix(stmts, 'out_order_no', p, f, want));
        branches.push(byPrefix(stmts, 'order_no', p, f, want));
      }
    }
    for (const cents of amountsOf(text)) {
      if (q.amountCents === undefined || q.amountCents === cents) branches.push(plain(stmts, f, cents, want));
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

/**
 * The amounts a search text can mean. Money typed with a point, a comma or a currency sign is dollars ("18.80",
 * "$18.80", "A$ 18.80"); bare digits are read both ways, because a cashier copies "1880" from a receipt's cents as
 * often as they type whole dollars: "1880" finds A$ 18.80 and A$ 1,880.00.
 */
export function amountsOf(text: string): number[] {
  const found: number[] = [];
  if (/^\d{1,13}$/.test(text) && Number(text) > 0) found.push(Number(text));
  try {
    const dollars = parseAmountToCents(text);
    if (!found.includes(dollars)) found.push(dollars);
  } catch {
    // not money
  }
  return found;
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

/**
 * Ranks matching attempts by their sale's time from an index's own (sale_id, sale_created_at) columns and fetches
 * only the page of sales asked for. `matchSql` selects from the index, aliased `a`, with its parameters.
 */
function rankedFromIndex(
  stmts: StatementCache,
  matchSql: string,
  matchParams: unknown[],
  f: Filters,
  want: number,
): Hit[] {
  let sql = `SELECT a.sale_id, max(a.sale_created_at) AS at ${matchSql}`;
  const params: unknown[] = [...matchParams];
  if (f.from !== undefined) {
    sql += ' AND a.sale_created_at >= ?';
    params.push(f.from);
  }
  if (f.to !== undefined) {
    sql += ' AND a.sale_created_at < ?';
    params.push(f.to);
  }
  sql += ' GROUP BY a.sale_id ORDER BY at DESC, a.sale_id DESC LIMIT ?';
  const ids = stmts
    .get(sql)
    .pluck()
    .all(...params, want) as string[];
  const get = stmts.get('SELECT * FROM sales WHERE id = ?');
  return ids.map((id) => get.get(id) as Hit);
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
    const match = `FROM attempts a INDEXED BY ${index} WHERE a.${column} >= ? AND a.${column} < ?`;
    return rankedFromIndex(stmts, match, [prefix, hi], f, want);
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

/**
 * Sales with an attempt whose order_no or out_order_no contains `text` (three characters or more), from the
 * trigram index. Few matches: all are ranked by the sale's time, reading one attempt row each and then only the
 * page of sales asked for. Many (a month's date digits, the pos_no): ranking them all would read up to a
 * million rows, so the index is walked newest-recorded first and stops at a page; with a date range, status or
 * amount the (smaller) set of such sales is walked newest first and each tested.
 */
/**
 * The part of a long text to look up in the trigram index: an FTS5 phrase costs the sum of its trigrams' match
 * lists, and the common parts of numbers ("OM24…", "…000…", the install id) are in nearly every row. Windows of
 * KEY characters are probed (each probe stops at BROAD_PREFIX matches) and the one with fewest matches is used;
 * the whole text is then checked on those candidates.
 */
function rarestKey(stmts: StatementCache, text: string): { key: string; count: number } {
  const count = (key: string, cap: number) =>
    (
      stmts
        .get(
          'SELECT count(*) AS c FROM (SELECT 1 FROM attempt_numbers WHERE attempt_numbers MATCH ? LIMIT ?)',
        )
        .get(`"${key}"`, cap) as { c: number }
    ).c;
  if (text.length <= KEY) return { key: text, count: count(text, BROAD_PREFIX) };
  // The end of a number varies most, so it is tried first; then windows every few characters from the start,
  // each probe stopping at the best count so far.
  let best = { key: text.slice(-KEY), count: count(text.slice(-KEY), BROAD_PREFIX) };
  for (let at = 0; at + KEY < text.length && best.count > FEW; at += KEY / 2) {
    const key = text.slice(at, at + KEY);
    const c = count(key, best.count);
    if (c < best.count) best = { key, count: c };
  }
  return best;
}

function bySubstring(stmts: StatementCache, text: string, f: Filters, want: number): Hit[] {
  const { key, count } = rarestKey(stmts, text);
  // [A-Za-z0-9_-] only, so inside double quotes it is one literal FTS5 string: a run of trigrams.
  const phrase = `"${key}"`;
  const check: { sql: string; params: unknown[] } =
    key === text
      ? { sql: '', params: [] }
      : {
          sql: ' AND (instr(upper(a.order_no), ?) > 0 OR instr(upper(a.out_order_no), ?) > 0)',
          params: [text.toUpperCase(), text.toUpperCase()],
        };
  const probe = { c: count };
  if (probe.c === 0) return [];
  const get = stmts.get('SELECT * FROM sales WHERE id = ?');
  // Matches are checked and ranked from the index's own columns (schema v9), reading no attempt row.
  const fromIndex = `FROM attempt_numbers a WHERE attempt_numbers MATCH ?${check.sql}`;
  if (probe.c < BROAD_PREFIX && f.rangeOnly) {
    return rankedFromIndex(stmts, fromIndex, [phrase, ...check.params], f, want);
  }
  if (probe.c < BROAD_PREFIX) {
    // CROSS JOIN fixes the loop order: the few index matches first, then their sales by key.
    const sql =
      `SELECT DISTINCT s.* FROM attempt_numbers a CROSS JOIN sales s ON s.id = a.sale_id ` +
      `WHERE attempt_numbers MATCH ?${check.sql}${f.sql}${ORDER}`;
    return stmts.get(sql).all(phrase, ...check.params, ...f.params, want) as Hit[];
  }
  if (f.sql === '') {
    // Attempts are appended as they happen, so the highest rowids are the newest; a sale's second attempt may
    // come after a newer sale's first, which only reorders within the page (sorted by sale time in merge()).
    const sql = `SELECT DISTINCT a.sale_id ${fromIndex} ORDER BY a.rowid DESC LIMIT ?`;
    const ids = stmts
      .get(sql)
      .pluck()
      .all(phrase, ...check.params, want) as string[];
    return ids.map((id) => get.get(id) as Hit);
  }
  const needle = text.toUpperCase();
  const contains =
    `EXISTS (SELECT 1 FROM attempts a WHERE a.sale_id = s.id AND ` +
    `(instr(upper(a.order_no), ?) > 0 OR instr(upper(a.out_order_no), ?) > 0))`;
  const index = f.activeOnly ? `sales_active WHERE ${ACTIVE_SQL} AND ` : 'sales_created WHERE ';
  const sql = `SELECT s.* FROM sales s INDEXED BY ${index}${contains}${f.sql}${ORDER}`;
  return stmts.get(sql).all(needle, needle, ...f.params, want) as Hit[];
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
