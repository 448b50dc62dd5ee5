/**
 * The range reports on the chain's year that bench/store-server-scale.ts builds (10 M sales, 50 stores × 4
 * tills, 365 days): migrates it to the newest schema (server migration 6 builds the report_hours rollup from the
 * existing sales, migration 7 report_store_hours from it — timed), then times the real functions of the range
 * page (main/store-server/web/range-queries.ts) — p50/p95 over RUNS runs with varying windows and stores, each
 * beside the bare SELECT that reads the same rows, and beside the plain aggregate over the sales the rollup
 * replaces. Each line's CPU is the PostgreSQL backends' (from /proc: the server must run on this machine) and
 * this process's, beside the baseline's, measured in the same runs.
 *
 *   STORE_BENCH_URL=postgres://… npx tsx bench/store-server-reports.ts [runs]   (the scale bench's database)
 *
 * Goals: a chain's month (all 50 stores, 30 days) range report and the whole range page (the report and its
 * lists, as GET /web/range reads them) ≤ 500 ms p95; a day's chart data ≤ 50 ms.
 */
import { readFileSync } from 'node:fs';
import { migrate } from '../main/store-server/db/migrate';
import { openPostgres } from '../main/store-server/db/postgres';
import type { Sql, StoreDb } from '../main/store-server/db/types';
import { peopleInScope } from '../main/store-server/web/range-people';
import { rangePageData, rangeReport, type RangeFilter } from '../main/store-server/web/range-queries';
import { load, ms, rng, summarise } from './store-server-common';

const RUNS = Math.max(20, Number(process.argv[2] ?? 50));
const FIRST_DATE = '2025-01-01';
const DAYS = 365;
const STORES = 50;

interface Case {
  name: string;
  goal: number | null;
  runs?: number;
  ours: (i: number) => Promise<number>;
  bare: (i: number) => Promise<number>;
}

/** This bench's connections are named so their server processes can be found (their CPU is read from /proc). */
const APP = 'range-bench';

/**
 * CPU time in ms so far of this process and of every PostgreSQL backend serving it: /proc/<pid>/schedstat's
 * first field is a task's time on a CPU in ns. The server is local (the bench's own cluster, or the lead's on
 * this machine); a backend that is gone counts nothing, one that appears counts from zero.
 */
async function cpuNow(probe: Sql): Promise<Map<number, number>> {
  const { rows } = await probe.query<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE application_name = $1',
    [APP],
  );
  const out = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      out.set(pid, Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6);
    } catch {
      // a backend that has just ended
    }
  }
  const own = process.cpuUsage();
  out.set(0, (own.user + own.system) / 1000);
  return out;
}

function cpuSpent(before: Map<number, number>, after: Map<number, number>): number {
  let ms = 0;
  for (const [pid, t] of after) ms += t - (before.get(pid) ?? 0);
  return ms;
}

async function time(c: Case, probe: Sql): Promise<void> {
  const runs = c.runs ?? RUNS;
  await c.ours(runs);
  await c.bare(runs);
  const wall = { ours: [] as number[], bare: [] as number[] };
  const cpu = { ours: [] as number[], bare: [] as number[] };
  for (let i = 0; i < runs; i++) {
    for (const which of i % 2 === 0 ? (['ours', 'bare'] as const) : (['bare', 'ours'] as const)) {
      const c0 = await cpuNow(probe);
      const t = performance.now();
      await c[which](i);
      wall[which].push(performance.now() - t);
      cpu[which].push(cpuSpent(c0, await cpuNow(probe)));
    }
  }
  const o = summarise(wall.ours);
  const b = summarise(wall.bare);
  const oc = summarise(cpu.ours);
  const bc = summarise(cpu.bare);
  const verdict =
    c.goal === null ? '' : o.p95 <= c.goal ? `   goal ${c.goal} ms met` : `   goal ${c.goal} ms NOT met`;
  console.log(
    `${c.name.padEnd(52)} p50 ${ms(o.p50)} p95 ${ms(o.p95)}   beside p50 ${ms(b.p50)} p95 ${ms(b.p95)}  (${runs} runs)${verdict}`,
  );
  console.log(
    `${'  CPU (PostgreSQL backends + this process)'.padEnd(52)} p50 ${ms(oc.p50)} p95 ${ms(oc.p95)}   beside p50 ${ms(bc.p50)} p95 ${ms(bc.p95)}`,
  );
}

const day = (n: number) =>
  new Date(Date.parse(`${FIRST_DATE}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

async function main(): Promise<void> {
  const url = process.env.STORE_BENCH_URL;
  if (!url) throw new Error('STORE_BENCH_URL: the database bench/store-server-scale.ts built');
  // The server's own pool size (db/open.ts), so the page's reads run side by side as they do there.
  const named = `${url}${url.includes('?') ? '&' : '?'}application_name=${APP}`;
  const db: StoreDb = await openPostgres(named, 10);
  const probe: StoreDb = await openPostgres(url, 1);
  try {
    const t0 = performance.now();
    const had = await db.query<{ v: number }>('SELECT max(version) AS v FROM schema_migrations');
    await migrate(db);
    console.log(
      `migrated from version ${had.rows[0]?.v} in ${((performance.now() - t0) / 1000).toFixed(0)} s (${load()})`,
    );
    const rollup = await db.query<{ n: number; size: string }>(
      `SELECT count(*) AS n, pg_size_pretty(pg_total_relation_size('report_hours')) AS size FROM report_hours`,
    );
    const sales = await db.query<{ n: number }>('SELECT count(*) AS n FROM sales');
    console.log(
      `sales ${Number(sales.rows[0]!.n).toLocaleString('en-AU')}, report_hours ${Number(rollup.rows[0]!.n).toLocaleString('en-AU')} rows (${rollup.rows[0]!.size})`,
    );
    if (Number(sales.rows[0]!.n) > 0 && Number(rollup.rows[0]!.n) === 0)
      throw new Error('report_hours is empty beside the sales: every figure would read nothing');
    await db.exec('VACUUM ANALYZE report_hours, report_days, report_store_hours, refunds');

    const random = rng(23);
    const starts = Array.from({ length: RUNS + 1 }, () => Math.floor(random() * (DAYS - 30)));
    const days = Array.from({ length: RUNS + 1 }, () => Math.floor(random() * DAYS));
    const stores = Array.from(
      { length: RUNS + 1 },
      () => `store-${String(Math.floor(random() * STORES)).padStart(2, '0')}`,
    );
    const chainMonth = (i: number): RangeFilter => ({
      from: day(starts[i]!),
      to: day(starts[i]! + 29),
      scope: { storeId: null, tillId: null },
      platform: null,
    });
    const storeDay = (i: number): RangeFilter => ({
      from: day(days[i]!),
      to: day(days[i]!),
      scope: { storeId: stores[i]!, tillId: null },
      platform: null,
    });
    const chainDay = (i: number): RangeFilter => ({ ...storeDay(i), scope: { storeId: null, tillId: null } });
    const count = (d: Awaited<ReturnType<typeof rangeReport>>) =>
      d.totals.totals.salesCount + d.totals.totals.latePaymentsCount + d.totals.totals.refundsCount;
    // What GET /web/range runs after the session's stores and tills: the person chooser (range-view.ts), then the
    // report and its lists of 100 (range-routes.ts).
    const page = async (f: RangeFilter) => {
      await peopleInScope(db, f.scope);
      return rangePageData(db, f, 100);
    };
    const bareRollup = async (f: RangeFilter) =>
      (
        await db.query(
          `SELECT * FROM report_hours WHERE business_date BETWEEN $1 AND $2${f.scope.storeId ? ' AND store_id = $3' : ''}`,
          f.scope.storeId ? [f.from, f.to, f.scope.storeId] : [f.from, f.to],
        )
      ).rowCount;
    const bareSales = async (f: RangeFilter) =>
      (
        await db.query(
          `SELECT till_id, platform, status, amount_cents, created_at FROM sales
            WHERE business_date BETWEEN $1 AND $2${f.scope.storeId ? ' AND store_id = $3' : ''}`,
          f.scope.storeId ? [f.from, f.to, f.scope.storeId] : [f.from, f.to],
        )
      ).rowCount;

    console.log(`\n${load()}`);
    /** The range report alone (what the charts draw) and the whole page, each beside the bare rollup read. */
    const reportCase = (name: string, window: (i: number) => RangeFilter): Case => ({
      name: `${name}: chart data (rangeReport)`,
      goal: 50,
      ours: async (i) => count(await rangeReport(db, window(i))),
      bare: async (i) => bareRollup(window(i)),
    });
    const pageCase = (name: string, goal: number, window: (i: number) => RangeFilter): Case => ({
      name: `${name}: the whole page (report + lists)`,
      goal,
      ours: async (i) => count((await page(window(i))).report),
      bare: async (i) => bareRollup(window(i)),
    });
    const cases: Case[] = [
      {
        ...reportCase('chain month', chainMonth),
        name: 'chain month: range report (rangeReport)',
        goal: 500,
      },
      pageCase('chain month', 500, chainMonth),
      {
        name: 'chain month: report vs aggregating the sales',
        goal: null,
        runs: 5,
        ours: async (i) => count(await rangeReport(db, chainMonth(i))),
        bare: async (i) =>
          (
            await db.query(
              `SELECT till_id, platform, status, count(*), sum(amount_cents) FROM sales
                WHERE business_date BETWEEN $1 AND $2 AND (status = 'paid' OR (status = 'voided' AND paid_attempt_id IS NOT NULL))
                GROUP BY till_id, platform, status`,
              [chainMonth(i).from, chainMonth(i).to],
            )
          ).rowCount,
      },
      // One store's day beside reading its sales themselves: the rollup must not cost more than the rows.
      { ...reportCase('store day', storeDay), bare: async (i) => bareSales(storeDay(i)) },
      pageCase('chain day', 50, chainDay),
      reportCase('chain day', chainDay),
    ];
    for (const c of cases) await time(c, probe);
    console.log(load());
  } finally {
    await probe.close();
    await db.close();
  }
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
