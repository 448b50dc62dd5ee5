/**
 * The Sales view's queries on a 1,000,000-sale journal (a busy till's year, bench/journal-builder.ts), each
 * beside the bare SELECT COUNT of the same sales in the same run, and beside the same sums added up from the
 * sale rows themselves (what the view would cost without migration 12's running totals):
 *
 *   - a year's chart data (by hour of day, by day, platform and person: `insightBuckets`), goal ≤ 100 ms;
 *   - a day's chart data, goal ≤ 50 ms; and the whole answer (`salesInsights`, the week before included).
 *
 *   npx tsx bench/sales-insights.ts [sales] [runs]     (defaults 1000000, 50)
 *   JOURNAL_BENCH_DIR=/path keeps the built journal there and reuses it on the next run.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openJournal } from '../main/journal/journal';
import { insightBuckets } from '../main/journal/insights';
import { StatementCache } from '../main/journal/statements';
import { build, days, time, ZONE } from './journal-builder';

const SALES = Number(process.argv[2] ?? 1_000_000);
const RUNS = Number(process.argv[3] ?? 50);

function main(): void {
  const keep = process.env.JOURNAL_BENCH_DIR;
  const root = keep ?? mkdtempSync(join(tmpdir(), 'sales-insights-bench-'));
  const dir = join(root, 'data');
  const path = join(dir, 'journal.sqlite');
  try {
    if (keep && existsSync(path)) console.log(`reusing ${path}`);
    else build(dir, SALES);
    const j = openJournal({ dir, timeZone: ZONE });
    const db = new Database(path, { readonly: true });
    const stmts = new StatementCache(db);
    const all = days();
    const first = (all[0] as { date: string }).date;
    const last = (all[all.length - 1] as { date: string }).date;
    const pick = (i: number) => (all[(i * 7919) % all.length] as { date: string }).date;

    const count = db.prepare(
      'SELECT count(*) AS n FROM sales WHERE business_date >= ? AND business_date <= ?',
    );
    // The same by-hour sums from the rows: Sydney's offset by the sale's time, for a range without a change of
    // offset inside (the running totals' reader handles any zone; this baseline only needs one span).
    const fromRows = db.prepare(`SELECT ((created_at + 36000000) / 3600000) % 24 AS hour, platform,
      count(*) AS n, total(amount_cents) AS cents FROM sales
      WHERE business_date >= ? AND business_date <= ? AND status = 'paid' GROUP BY 1, 2`);

    const cases = [
      {
        name: "a year's chart data (hours, days, platforms, people)",
        goal: 100,
        run: () => [insightBuckets(stmts, ZONE, first, last)],
        bare: () => count.all(first, last),
        rows: () => fromRows.all(first, last),
      },
      {
        name: "a day's chart data",
        goal: 50,
        run: (i: number) => [insightBuckets(stmts, ZONE, pick(i), pick(i))],
        bare: (i: number) => count.all(pick(i), pick(i)),
        rows: (i: number) => fromRows.all(pick(i), pick(i)),
      },
      {
        name: "a day's whole answer (the week before too)",
        goal: 50,
        run: (i: number) => [j.salesInsights({ from: pick(i), to: pick(i) }, Date.now())],
        bare: (i: number) => count.all(pick(i), pick(i)),
        rows: (i: number) => fromRows.all(pick(i), pick(i)),
      },
      {
        name: "a year's whole answer (the year before's last week too)",
        goal: 200,
        run: () => [j.salesInsights({ from: first, to: last }, Date.now())],
        bare: () => count.all(first, last),
        rows: () => fromRows.all(first, last),
      },
    ];

    const year = j.salesInsights({ from: first, to: last }, Date.now());
    console.log(
      `year ${first} … ${last}: ${year.totals.salesCount.toLocaleString('en-AU')} paid sales, ` +
        `CNY for ${year.totals.cnySalesCount.toLocaleString('en-AU')} of them, ` +
        `${year.byPerson.length} people, running-total rows ` +
        `${(db.prepare('SELECT count(*) AS n FROM sales_quarters').get() as { n: number }).n.toLocaleString('en-AU')}`,
    );
    console.log(`\n${SALES.toLocaleString('en-AU')}-sale journal, ${RUNS} runs per query, ms`);
    console.log(
      '| query | p50 | p99 | CPU p99 | bare SELECT COUNT p50 | bare SELECT COUNT p99 | from the rows p50 | goal (p99) |',
    );
    console.log('|---|---|---|---|---|---|---|---|');
    for (const c of cases) {
      const s = time(RUNS, c.run);
      const b = time(RUNS, c.bare);
      // Seconds a run over a year: a few runs say enough.
      const r = time(c.name.includes('year') ? 3 : RUNS, c.rows);
      console.log(
        `| ${c.name} | ${s.p50.toFixed(2)} | ${s.p99.toFixed(2)} | ${s.cpuP99.toFixed(2)} | ` +
          `${b.p50.toFixed(2)} | ${b.p99.toFixed(2)} | ${r.p50.toFixed(2)} | ` +
          `≤ ${c.goal} ${s.p99 <= c.goal ? 'met' : 'NOT met'} |`,
      );
    }
    console.log(
      `load average: ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} on ${cpus().length} CPUs`,
    );
    j.close();
    db.close();
  } finally {
    if (!keep) rmSync(root, { recursive: true, force: true });
  }
}

main();
