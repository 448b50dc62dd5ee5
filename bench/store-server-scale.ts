/**
 * The managers' reports and the refund search on a chain's year: N sales (default 10,000,000) across 50 stores ×
 * 4 tills over 365 business days, with attempts (5 % with a declined first one), refunds (~3 %, closed, rejected
 * or in flight; every late payment refunded), one session per till per day (closed with its frozen Z, the last
 * day open) and every sale's session membership. Built on a real PostgreSQL 15 with INSERT … SELECT
 * generate_series in chunks, the secondary indexes dropped for the load and rebuilt after it, then ANALYZE.
 * till_records (the raw replicated log) is not built: no report or search reads it.
 *
 * Then times the real query functions of the web pages and the refund search (main/store-server/web/queries.ts,
 * refunds/search.ts) — p50/p95 over RUNS runs with varying arguments, each beside the bare SELECT that reads the
 * same rows, alternating run by run.
 *
 *   npx tsx bench/store-server-scale.ts [sales] [runs]     (defaults 10000000, 60; goal p95 ≤ 300 ms)
 *   STORE_BENCH_URL=postgres://… builds into that database, or reuses it when it already holds [sales] sales.
 */
import { openPostgres } from '../main/store-server/db/postgres';
import { migrate } from '../main/store-server/db/migrate';
import type { StoreDb } from '../main/store-server/db/types';
import { dayTotals, sessionsOfDay } from '../main/store-server/web/queries';
import { searchSales } from '../main/store-server/refunds/search';
import { freshPostgres, load, ms, rng, summarise, type BenchPg } from './store-server-common';

const SALES = Number(process.argv[2] ?? 10_000_000);
const RUNS = Math.max(50, Number(process.argv[3] ?? 60));
const STORES = 50;
const TILLS_PER_STORE = 4;
const TILLS = STORES * TILLS_PER_STORE;
const DAYS = 365;
const FIRST_DATE = '2025-01-01';
const CHUNK = 500_000;
const GOAL_MS = 300;

const TABLES = ['sales', 'attempts', 'refunds', 'sessions', 'sale_sessions', 'refund_sessions'];

/** A pseudo-random integer in [0, m) per sale n and seed: the same database on every build. */
const h = (seed: number, m: number) => `((hashint8extended(g.n, ${seed}) & 2147483647) % ${m})`;

/** One row per sale n in [from, to]: the columns every table's rows are made of. */
function baseSql(from: number, to: number): string {
  return `
  SELECT g.n,
         'sale-' || g.n AS sale_id,
         'till-' || lpad(t.ti::text, 3, '0') AS till_id,
         'store-' || lpad((t.ti / ${TILLS_PER_STORE})::text, 2, '0') AS store_id,
         'P' || lpad(t.ti::text, 3, '0') AS pos_no,
         to_char(d.day, 'YYYY-MM-DD') AS bd,
         to_char(d.day, 'YYMMDD') AS yymmdd,
         d.di,
         c.created,
         k.k,
         CASE WHEN k.k < 960 THEN 'paid' WHEN k.k < 980 THEN 'voided' WHEN k.k < 990 THEN 'failed'
              WHEN k.k < 995 THEN 'voided' WHEN k.k < 999 THEN 'abandoned' ELSE 'unresolved' END AS status,
         (k.k < 960 OR k.k BETWEEN 990 AND 994) AS paid_like,
         (k.k BETWEEN 990 AND 994) AS late,
         CASE WHEN ${h(3, 10)} < 6 THEN 'WECHATPAY' ELSE 'ALIPAY' END AS platform,
         (100 + ${h(2, 19900)})::bigint AS amount,
         (${h(4, 20)} = 0) AS declined_first,
         ${h(5, 100000)} AS r
    FROM generate_series(${from}::bigint, ${to}::bigint) AS g(n)
    CROSS JOIN LATERAL (SELECT ((g.n - 1) % ${TILLS})::int AS ti) t
    CROSS JOIN LATERAL (SELECT ((g.n - 1) * ${DAYS} / ${SALES})::int AS di,
                               DATE '${FIRST_DATE}' + ((g.n - 1) * ${DAYS} / ${SALES})::int AS day) d
    CROSS JOIN LATERAL (SELECT (extract(epoch FROM d.day::timestamp) * 1000)::bigint - 39600000
                               + 25200000 + ${h(6, 46800000)} AS created) c
    CROSS JOIN LATERAL (SELECT ${h(1, 1000)} AS k) k`;
}

function attemptId(b: string, which: 1 | 2): string {
  return `${b}.sale_id || '-a${which}'`;
}

function chunkSql(from: number, to: number): string[] {
  const base = `WITH b AS MATERIALIZED (${baseSql(from, to)})`;
  const finalAttempt = `CASE WHEN b.declined_first THEN ${attemptId('b', 2)} ELSE ${attemptId('b', 1)} END`;
  const outOrderNo = (mark: string) =>
    `b.pos_no || b.yymmdd || '${mark}' || lpad((b.n % 100000)::text, 5, '0')`;
  const refunded = `b.paid_like AND (b.late OR b.r < 2900)`;
  const refundStatus = `CASE WHEN b.late THEN 'CLOSED' WHEN b.r < 150 THEN 'rejected' WHEN b.r < 300 THEN 'APPLIED' ELSE 'CLOSED' END`;
  const refundAmount = `CASE WHEN b.late OR b.r % 2 = 0 THEN b.amount ELSE greatest(1, b.amount / 2) END`;
  return [
    `${base}
     INSERT INTO sales (till_id, id, store_id, kind, amount_cents, platform, status, paid_attempt_id, created_at,
                        updated_at, paid_at, business_date, src_seq, data)
     SELECT b.till_id, b.sale_id, b.store_id, 'scan', b.amount, b.platform, b.status,
            CASE WHEN b.paid_like THEN ${finalAttempt} END, b.created, b.created + 5000,
            CASE WHEN b.paid_like THEN b.created + 4000 END, b.bd, b.n * 8,
            jsonb_build_object('id', b.sale_id, 'pos_no', b.pos_no, 'kind', 'scan', 'amount_cents', b.amount,
              'currency', 'AUD', 'order_name', 'Goods', 'platform', b.platform, 'status', b.status,
              'paid_attempt_id', CASE WHEN b.paid_like THEN ${finalAttempt} END, 'created_at', b.created,
              'updated_at', b.created + 5000, 'paid_at', CASE WHEN b.paid_like THEN b.created + 4000 END,
              'business_date', b.bd, 'status_reason', NULL)
       FROM b`,
    `${base}
     INSERT INTO attempts (till_id, id, sale_id, store_id, out_order_no, order_no, platform, status, created_at,
                           updated_at, pay_time, src_seq, data)
     SELECT b.till_id, a.id, b.sale_id, b.store_id, a.out_order_no, a.order_no, b.platform, a.status,
            b.created + a.dt, b.created + a.dt + 3000, a.pay_time, b.n * 8 + a.dt / 1000,
            jsonb_build_object('id', a.id, 'sale_id', b.sale_id, 'out_order_no', a.out_order_no,
              'order_no', a.order_no, 'platform', b.platform, 'status', a.status, 'amount_cents', b.amount,
              'currency', 'AUD', 'created_at', b.created + a.dt, 'updated_at', b.created + a.dt + 3000,
              'pay_time', a.pay_time, 'error_code', NULL, 'error_detail', NULL, 'check_count', 1)
       FROM b CROSS JOIN LATERAL (
         SELECT ${attemptId('b', 1)} AS id, ${outOrderNo('B3NC')} AS out_order_no,
                NULL::text AS order_no, 'declined' AS status, 0 AS dt, NULL::bigint AS pay_time
          WHERE b.declined_first
         UNION ALL
         SELECT ${finalAttempt}, ${outOrderNo('B3ND')},
                CASE WHEN b.paid_like OR b.status = 'unresolved'
                     THEN '1' || b.yymmdd || lpad(b.n::text, 12, '0') END,
                CASE WHEN b.paid_like THEN 'paid' WHEN b.status = 'unresolved' THEN 'unknown'
                     WHEN b.status = 'failed' THEN 'failed' ELSE 'declined' END,
                CASE WHEN b.declined_first THEN 2000 ELSE 0 END,
                CASE WHEN b.paid_like THEN b.created + 4000 END) a`,
    `${base}
     INSERT INTO refunds (till_id, id, store_id, sale_till_id, sale_id, remote, out_refund_no, order_no,
                          amount_cents, status, refund_no, created_at, updated_at, business_date, src_seq, data)
     SELECT b.till_id, 'refund-' || b.n, b.store_id, b.till_id, b.sale_id, false,
            b.pos_no || 'R' || b.yymmdd || 'B3NC' || lpad((b.n % 100000)::text, 5, '0'),
            '1' || b.yymmdd || lpad(b.n::text, 12, '0'), ${refundAmount}, ${refundStatus},
            CASE WHEN ${refundStatus} = 'CLOSED' THEN 'RF' || b.n END, b.created + 3600000, b.created + 3605000,
            b.bd, b.n * 8 + 5,
            jsonb_build_object('id', 'refund-' || b.n, 'sale_id', b.sale_id, 'amount_cents', ${refundAmount},
              'reason', 'changed mind', 'status', ${refundStatus}, 'created_at', b.created + 3600000,
              'business_date', b.bd)
       FROM b WHERE ${refunded}`,
    `${base}
     INSERT INTO sale_sessions (till_id, sale_id, session_id, carried_from, src_seq)
     SELECT b.till_id, b.sale_id, b.di + 1, NULL, b.n * 8 + 6 FROM b`,
    `${base}
     INSERT INTO refund_sessions (till_id, refund_id, session_id, carried_from, src_seq)
     SELECT b.till_id, 'refund-' || b.n, b.di + 1, NULL, b.n * 8 + 7 FROM b WHERE ${refunded}`,
  ];
}

/** One session per till and day; closed ones carry the Z the till froze (computed here from its sales). */
const SESSIONS_SQL = `
  INSERT INTO sessions (till_id, id, store_id, business_date, seq, opened_at, closed_at, report,
                        unresolved_count, forced, src_seq)
  SELECT s.till_id, (s.business_date::date - DATE '${FIRST_DATE}') + 1, s.store_id, s.business_date, 1,
         min(s.created_at) - 600000,
         CASE WHEN s.business_date < to_char(DATE '${FIRST_DATE}' + ${DAYS - 1}, 'YYYY-MM-DD')
              THEN max(s.created_at) + 600000 END,
         CASE WHEN s.business_date < to_char(DATE '${FIRST_DATE}' + ${DAYS - 1}, 'YYYY-MM-DD')
              THEN jsonb_build_object('totals', jsonb_build_object(
                'salesCount', count(*) FILTER (WHERE s.status = 'paid'),
                'salesCents', coalesce(sum(s.amount_cents) FILTER (WHERE s.status = 'paid'), 0),
                'refundsCount', 0, 'refundsCents', 0,
                'netCents', coalesce(sum(s.amount_cents) FILTER (WHERE s.status = 'paid'), 0),
                'latePaymentsCount', 0, 'latePaymentsCents', 0, 'lateRefundsCount', 0, 'lateRefundsCents', 0),
                'perPlatform', '[]'::jsonb) END,
         count(*) FILTER (WHERE s.status = 'unresolved'), false, 0
    FROM sales s GROUP BY s.till_id, s.store_id, s.business_date`;

async function count(db: StoreDb, table: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`);
  return Number(rows[0]?.n ?? 0);
}

async function build(db: StoreDb): Promise<void> {
  const t0 = performance.now();
  // Settings per statement: a pooled connection is not the same one from one call to the next.
  const run = (sql: string) =>
    db.exec(
      `SET synchronous_commit = off; SET maintenance_work_mem = '512MB'; SET work_mem = '128MB'; ${sql}`,
    );
  for (const t of TABLES) await db.exec(`TRUNCATE ${t} CASCADE`);
  await db.exec(`DELETE FROM tills; DELETE FROM stores`);
  await db.query(
    `INSERT INTO stores (id, name, created_at)
     SELECT 'store-' || lpad(i::text, 2, '0'), 'Store ' || lpad(i::text, 2, '0'), 0 FROM generate_series(0, $1 - 1) i`,
    [STORES],
  );
  await db.query(
    `INSERT INTO tills (id, store_id, name, pos_no, created_at)
     SELECT 'till-' || lpad(i::text, 3, '0'), 'store-' || lpad((i / $2)::text, 2, '0'), 'Till ' || (i % $2 + 1),
            'P' || lpad(i::text, 3, '0'), 0 FROM generate_series(0, $1 - 1) i`,
    [TILLS, TILLS_PER_STORE],
  );
  const { rows: idx } = await db.query<{ indexname: string; indexdef: string }>(
    `SELECT indexname, indexdef FROM pg_indexes
      WHERE schemaname = 'public' AND tablename = ANY($1::text[]) AND indexname NOT LIKE '%_pkey'`,
    [TABLES],
  );
  for (const i of idx) await db.exec(`DROP INDEX ${i.indexname}`);
  // Foreign keys are checked by a trigger per row; the rows are built consistent, so the load goes without them.
  for (const t of TABLES) await db.exec(`ALTER TABLE ${t} DISABLE TRIGGER ALL`);
  for (let from = 1; from <= SALES; from += CHUNK) {
    const to = Math.min(SALES, from + CHUNK - 1);
    const t = performance.now();
    for (const sql of chunkSql(from, to)) await run(sql);
    process.stdout.write(
      `  loaded sales ${from.toLocaleString('en-AU')}–${to.toLocaleString('en-AU')} in ${((performance.now() - t) / 1000).toFixed(1)} s (${load()})\n`,
    );
  }
  await run(SESSIONS_SQL);
  for (const t of TABLES) await db.exec(`ALTER TABLE ${t} ENABLE TRIGGER ALL`);
  const loaded = performance.now();
  for (const i of idx) await run(i.indexdef);
  const indexed = performance.now();
  // The range reports' rollups (server migration 6) are kept by triggers, which were off for the load: build them
  // from the loaded rows with the migration's own refresh function, as an upgrade from version 5 would
  // (report_store_hours, migration 7, follows report_hours by its own triggers).
  await run(`SELECT report_hours_refresh(array_agg(store_id), array_agg(till_id), array_agg(business_date))
               FROM (SELECT DISTINCT store_id, till_id, business_date FROM sales
                     UNION SELECT DISTINCT store_id, till_id, business_date FROM refunds) k`);
  await db.exec('ANALYZE');
  const done = performance.now();
  const sizes = await db.query<{ t: string; size: string }>(
    `SELECT relname AS t, pg_size_pretty(pg_total_relation_size(oid)) AS size FROM pg_class
      WHERE relname = ANY($1::text[]) ORDER BY pg_total_relation_size(oid) DESC`,
    [TABLES],
  );
  console.log(
    `built in ${((done - t0) / 1000).toFixed(0)} s: load ${((loaded - t0) / 1000).toFixed(0)} s, ` +
      `${idx.length} indexes ${((indexed - loaded) / 1000).toFixed(0)} s, rollups + ANALYZE ${((done - indexed) / 1000).toFixed(0)} s`,
  );
  console.log(`sizes (with indexes): ${sizes.rows.map((r) => `${r.t} ${r.size}`).join(', ')}`);
}

interface Case {
  name: string;
  ours: (i: number) => Promise<number>;
  bare: (i: number) => Promise<number>;
}

async function time(c: Case): Promise<void> {
  await c.ours(RUNS);
  await c.bare(RUNS); // warm both
  const ours: number[] = [];
  const bare: number[] = [];
  let rowsOurs = 0;
  let rowsBare = 0;
  for (let i = 0; i < RUNS; i++) {
    // Alternate which goes first, so neither always finds the other's pages in the cache.
    for (const which of i % 2 === 0 ? (['ours', 'bare'] as const) : (['bare', 'ours'] as const)) {
      const t = performance.now();
      const n = await c[which](i);
      const dt = performance.now() - t;
      if (which === 'ours') {
        ours.push(dt);
        rowsOurs += n;
      } else {
        bare.push(dt);
        rowsBare += n;
      }
    }
  }
  const o = summarise(ours);
  const b = summarise(bare);
  console.log(
    `${c.name.padEnd(44)} p50 ${ms(o.p50)} p95 ${ms(o.p95)}   bare SELECT p50 ${ms(b.p50)} p95 ${ms(b.p95)}` +
      `   rows ${(rowsOurs / RUNS).toFixed(0)}/${(rowsBare / RUNS).toFixed(0)}   ${o.p95 <= GOAL_MS ? 'met' : 'NOT met'}`,
  );
}

async function main(): Promise<void> {
  let pg: BenchPg | null = null;
  const url = process.env.STORE_BENCH_URL ?? (pg = await freshPostgres('scale')).url;
  const db = await openPostgres(url, 4);
  try {
    await migrate(db);
    const have = await count(db, 'sales');
    if (have === SALES) console.log(`reusing ${SALES.toLocaleString('en-AU')} sales at STORE_BENCH_URL`);
    else {
      console.log(`building ${SALES.toLocaleString('en-AU')} sales (${load()})`);
      await build(db);
    }
    const counts = await Promise.all(
      TABLES.map(async (t) => `${t} ${(await count(db, t)).toLocaleString('en-AU')}`),
    );
    console.log(counts.join(', '));

    const random = rng(12);
    const dates = Array.from({ length: RUNS + 1 }, () => {
      const d = new Date(Date.parse(`${FIRST_DATE}T00:00:00Z`) + Math.floor(random() * DAYS) * 86_400_000);
      return d.toISOString().slice(0, 10);
    });
    const stores = Array.from(
      { length: RUNS + 1 },
      () => `store-${String(Math.floor(random() * STORES)).padStart(2, '0')}`,
    );
    // Real numbers to look up: attempts of randomly chosen sales (paid ones for the Omipay order number).
    const picks = await db.query<{ store_id: string; out_order_no: string; order_no: string | null }>(
      `SELECT store_id, out_order_no, order_no FROM attempts
        WHERE (till_id, id) IN (SELECT 'till-' || lpad(((n - 1) % ${TILLS})::text, 3, '0'), 'sale-' || n || '-a1'
                                  FROM unnest($1::bigint[]) n)`,
      [Array.from({ length: 3 * (RUNS + 1) }, () => 1 + Math.floor(random() * SALES))],
    );
    const withOrder = picks.rows.filter((p) => p.order_no !== null);
    const pick = (i: number) => picks.rows[i % picks.rows.length]!;
    const pickOrder = (i: number) => withOrder[i % withOrder.length]!;
    const amounts = Array.from({ length: RUNS + 1 }, () => 100 + Math.floor(random() * 19900));
    const chain = { storeId: null, tillId: null };
    // Rows a report covers: its sales, late payments and refunds.
    const rowsOf = (d: Awaited<ReturnType<typeof dayTotals>>) =>
      d.totals.salesCount + d.totals.latePaymentsCount + d.totals.refundsCount;

    console.log(
      `\n${RUNS} runs each, varying arguments, goal p95 ≤ ${GOAL_MS} ms (rows = ours / bare per run; ${load()})`,
    );
    const cases: Case[] = [
      {
        name: 'chain day report (dayTotals, all stores)',
        ours: async (i) => rowsOf(await dayTotals(db, dates[i]!, chain)),
        bare: async (i) =>
          (
            await db.query(
              `SELECT store_id, till_id, platform, status, amount_cents, paid_attempt_id FROM sales WHERE business_date = $1`,
              [dates[i]],
            )
          ).rowCount +
          (
            await db.query(
              `SELECT store_id, till_id, sale_till_id, sale_id, status, amount_cents FROM refunds WHERE business_date = $1`,
              [dates[i]],
            )
          ).rowCount,
      },
      {
        name: 'store day report (dayTotals, one store)',
        ours: async (i) => rowsOf(await dayTotals(db, dates[i]!, { storeId: stores[i]!, tillId: null })),
        bare: async (i) =>
          (
            await db.query(
              `SELECT till_id, platform, status, amount_cents, paid_attempt_id FROM sales
                WHERE store_id = $2 AND business_date = $1`,
              [dates[i], stores[i]],
            )
          ).rowCount +
          (
            await db.query(
              `SELECT till_id, sale_till_id, sale_id, status, amount_cents FROM refunds
                WHERE store_id = $2 AND business_date = $1`,
              [dates[i], stores[i]],
            )
          ).rowCount,
      },
      {
        name: 'store X/Z of a day (sessionsOfDay)',
        ours: async (i) => (await sessionsOfDay(db, dates[i]!, { storeId: stores[i]!, tillId: null })).length,
        bare: async (i) =>
          (
            await db.query(`SELECT * FROM sessions WHERE store_id = $2 AND business_date = $1`, [
              dates[i],
              stores[i],
            ])
          ).rowCount,
      },
      {
        name: 'search: receipt out_order_no (searchSales)',
        ours: async (i) => (await searchSales(db, pick(i).store_id, pick(i).out_order_no, 20)).length,
        bare: async (i) =>
          (await db.query(`SELECT * FROM attempts WHERE out_order_no = $1`, [pick(i).out_order_no])).rowCount,
      },
      {
        name: 'search: Omipay order number (searchSales)',
        ours: async (i) => (await searchSales(db, pickOrder(i).store_id, pickOrder(i).order_no!, 20)).length,
        bare: async (i) =>
          (await db.query(`SELECT * FROM attempts WHERE order_no = $1`, [pickOrder(i).order_no])).rowCount,
      },
      {
        name: 'search: amount "12.34" in a store (searchSales)',
        ours: async (i) => (await searchSales(db, stores[i]!, (amounts[i]! / 100).toFixed(2), 20)).length,
        bare: async (i) =>
          (
            await db.query(
              `SELECT * FROM sales WHERE store_id = $1 AND amount_cents = $2 AND status = 'paid'
                ORDER BY created_at DESC LIMIT 20`,
              [stores[i], amounts[i]],
            )
          ).rowCount,
      },
    ];
    for (const c of cases) await time(c);
    console.log(load());
  } finally {
    await db.close();
    pg?.close();
  }
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
