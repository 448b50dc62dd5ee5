/**
 * History search and the day report on a 1,000,000-sale journal. Builds the journal in a temp dir (bulk inserts in
 * big transactions, indexes built after the load): 365 business days in Australia/Sydney, both platforms, ~5 % of
 * sales with a declined first attempt, ~3 % refunded (partly, fully, some rejected or in flight), a few unresolved.
 * Then times each query through the journal (p50/p99 over repeated runs with varying arguments) beside the same
 * question asked as a bare SELECT on a plain better-sqlite3 connection, in the same run.
 *
 *   npx tsx bench/journal-scale.ts [sales] [runs]     (defaults 1000000, 200; goals search ≤ 50 ms, report ≤ 200 ms)
 *   JOURNAL_BENCH_DIR=/path keeps the built journal there and reuses it on the next run.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openJournal } from '../main/journal/journal';
import type { Journal } from '../main/journal/types';
import { formatCents } from '../main/shared/money';
import { DAYS, FIRST_DAY, POS, build, days, time, ZONE } from './journal-builder';

const SALES = Number(process.argv[2] ?? 1_000_000);
const RUNS = Number(process.argv[3] ?? 200);

function main(): void {
  const keep = process.env.JOURNAL_BENCH_DIR;
  const root = keep ?? mkdtempSync(join(tmpdir(), 'journal-scale-bench-'));
  const dir = join(root, 'data');
  const samplePath = join(dir, 'journal.sqlite');
  try {
    let sample: { orderNos: string[]; outOrderNos: string[] };
    if (keep && existsSync(samplePath)) {
      const db = new Database(samplePath, { readonly: true });
      sample = {
        orderNos: db
          .prepare('SELECT order_no FROM attempts WHERE order_no IS NOT NULL AND rowid % 997 = 0')
          .pluck()
          .all() as string[],
        outOrderNos: db
          .prepare('SELECT out_order_no FROM attempts WHERE rowid % 991 = 0')
          .pluck()
          .all() as string[],
      };
      db.close();
      console.log(`reusing ${samplePath}`);
    } else {
      sample = build(dir, SALES).sample;
    }
    const j: Journal = openJournal({ dir, timeZone: ZONE });
    const bare = new Database(samplePath, { readonly: true });
    const all = days();
    const pick = <T>(xs: T[], i: number): T => xs[(i * 7919) % xs.length] as T;
    const amounts = [1250, 450, 2000, 1990, 37_45, 100, 15_000];
    const rowsOf = (n: number) => Array.from({ length: n });

    const orderPrefix = (i: number, n: number) => pick(sample.orderNos, i).slice(0, n);
    const receipt = (i: number) => pick(sample.outOrderNos, i);
    const week = (i: number) => {
      const d = pick(all, i);
      return { from: d.from, to: d.from + 7 * 86_400_000 };
    };

    const bareOrderPrefix = bare.prepare(`SELECT s.* FROM attempts a JOIN sales s ON s.id = a.sale_id
      WHERE a.order_no >= ? AND a.order_no < ? ORDER BY s.created_at DESC LIMIT 50`);
    const bareOutOrder = bare.prepare(`SELECT s.* FROM attempts a JOIN sales s ON s.id = a.sale_id
      WHERE a.out_order_no >= ? AND a.out_order_no < ? ORDER BY s.created_at DESC LIMIT 50`);
    const bareAmount = bare.prepare(
      'SELECT * FROM sales WHERE amount_cents = ? ORDER BY created_at DESC LIMIT 50',
    );
    const bareRange = bare.prepare(
      'SELECT * FROM sales WHERE created_at >= ? AND created_at < ? ORDER BY created_at DESC LIMIT 50',
    );
    const bareUnresolved = bare.prepare(`SELECT * FROM sales WHERE status = 'unresolved'
      AND created_at >= ? AND created_at < ? ORDER BY created_at DESC LIMIT 50`);
    const bareBroad = bare.prepare(`SELECT s.* FROM attempts a JOIN sales s ON s.id = a.sale_id
      WHERE a.out_order_no >= ? AND a.out_order_no < ? ORDER BY s.created_at DESC LIMIT 50`);
    const bareReportSales = bare.prepare(`SELECT platform, count(*), sum(amount_cents) FROM sales
      WHERE business_date = ? AND status = 'paid' GROUP BY platform`);
    const bareReportRefunds = bare.prepare(`SELECT s.platform, count(*), sum(r.amount_cents) FROM refunds r
      JOIN sales s ON s.id = r.sale_id WHERE r.business_date = ?
      AND r.status NOT IN ('rejected','MERCHANTREJECTED','TIMEOUTCLOSED','ORGANIZATIONFAILED','CUSTOMERCANCELLED')
      GROUP BY s.platform`);
    const top = '\u{10FFFF}';
    // The same substring questions asked bare: SQLite's own plan over the trigram index, and with no index at all.
    const bareContains =
      bare.prepare(`SELECT DISTINCT s.* FROM attempt_numbers n JOIN attempts a ON a.rowid = n.rowid
      JOIN sales s ON s.id = a.sale_id WHERE attempt_numbers MATCH ? ORDER BY s.created_at DESC LIMIT 50`);
    const bareContainsInRange = bare.prepare(`SELECT DISTINCT s.* FROM attempt_numbers n
      JOIN attempts a ON a.rowid = n.rowid JOIN sales s ON s.id = a.sale_id WHERE attempt_numbers MATCH ?
      AND s.created_at >= ? AND s.created_at < ? ORDER BY s.created_at DESC LIMIT 50`);
    const bareLike = bare.prepare(`SELECT DISTINCT s.* FROM attempts a JOIN sales s ON s.id = a.sale_id
      WHERE a.order_no LIKE ? OR a.out_order_no LIKE ? ORDER BY s.created_at DESC LIMIT 50`);
    const bareAmounts = bare.prepare(
      'SELECT * FROM sales WHERE amount_cents IN (?, ?) ORDER BY created_at DESC LIMIT 50',
    );
    const phrase = (x: string) => `"${x}"`;
    const orderTail = (i: number) => pick(sample.orderNos, i).slice(-7);
    const receiptTail = (i: number) => receipt(i).slice(-9);
    // "2503…": the digits of a month, inside every order and receipt number of March 2025 (~85,000 attempts).
    const months = ['2407', '2409', '2412', '2502', '2503', '2505'];
    const day = (i: number) => {
      const d = pick(all, i);
      return { from: d.from, to: d.to };
    };

    const cases: {
      name: string;
      goal: number;
      journal: (i: number) => unknown[];
      bare: (i: number) => unknown[];
    }[] = [
      {
        name: 'search: order_no prefix, 17 chars (~10 matches)',
        goal: 50,
        journal: (i) => j.searchSales({ text: orderPrefix(i, 17) }),
        bare: (i) => bareOrderPrefix.all(orderPrefix(i, 17), orderPrefix(i, 17) + top),
      },
      {
        name: 'search: order_no prefix, 14 chars (a day: ~2,700 matches)',
        goal: 50,
        journal: (i) => j.searchSales({ text: orderPrefix(i, 14) }),
        bare: (i) => bareOrderPrefix.all(orderPrefix(i, 14), orderPrefix(i, 14) + top),
      },
      {
        name: 'search: full out_order_no (receipt)',
        goal: 50,
        journal: (i) => j.searchSales({ text: receipt(i) }),
        bare: (i) => bareOutOrder.all(receipt(i), receipt(i) + top),
      },
      {
        name: 'search: amount "12.50"-style',
        goal: 50,
        journal: (i) => j.searchSales({ text: formatCents(pick(amounts, i)) }),
        bare: (i) => bareAmount.all(pick(amounts, i)),
      },
      {
        name: 'search: order_no, last 7 digits (any part)',
        goal: 50,
        journal: (i) => j.searchSales({ text: orderTail(i) }),
        bare: (i) => bareContains.all(phrase(orderTail(i))),
      },
      {
        name: 'search: out_order_no, middle 9 chars (~365 matches)',
        goal: 50,
        journal: (i) => j.searchSales({ text: receiptTail(i) }),
        bare: (i) => bareContains.all(phrase(receiptTail(i))),
      },
      {
        name: 'search: part matching a month (~85,000 matches)',
        goal: 50,
        journal: (i) => j.searchSales({ text: pick(months, i) }),
        bare: (i) => bareContains.all(phrase(pick(months, i))),
      },
      {
        name: 'search: part matching a month, within one day',
        goal: 50,
        journal: (i) => j.searchSales({ text: pick(months, i), ...day(i) }),
        bare: (i) => bareContainsInRange.all(phrase(pick(months, i)), day(i).from, day(i).to),
      },
      {
        name: 'search: order_no part, no index (bare LIKE scan)',
        goal: 50,
        journal: (i) => j.searchSales({ text: orderTail(i) }),
        bare: (i) => bareLike.all(`%${orderTail(i)}%`, `%${orderTail(i)}%`),
      },
      {
        name: 'search: amount as cents "1250"',
        goal: 50,
        journal: (i) => j.searchSales({ text: String(pick(amounts, i)) }),
        bare: (i) => bareAmounts.all(pick(amounts, i), pick(amounts, i) * 100),
      },
      {
        name: 'search: amount "A$ 12.50"',
        goal: 50,
        journal: (i) => j.searchSales({ text: `A$ ${formatCents(pick(amounts, i))}` }),
        bare: (i) => bareAmount.all(pick(amounts, i)),
      },
      {
        name: 'search: one day in the shop zone',
        goal: 50,
        journal: (i) => j.searchSales(day(i)),
        bare: (i) => bareRange.all(day(i).from, day(i).to),
      },
      {
        name: 'search: date range (one week)',
        goal: 50,
        journal: (i) => j.searchSales(week(i)),
        bare: (i) => bareRange.all(week(i).from, week(i).to),
      },
      {
        name: 'search: unresolved in the last year',
        goal: 50,
        journal: () =>
          j.searchSales({ statuses: ['unresolved'], from: FIRST_DAY, to: FIRST_DAY + DAYS * 86_400_000 }),
        bare: () => bareUnresolved.all(FIRST_DAY, FIRST_DAY + DAYS * 86_400_000),
      },
      {
        name: 'search: broad prefix (pos_no only)',
        goal: 50,
        journal: () => j.searchSales({ text: POS }),
        bare: () => bareBroad.all(POS, POS + top),
      },
      {
        name: 'report(Z) for one day',
        goal: 200,
        journal: (i) => {
          const r = j.report('Z', pick(all, i).date, Date.now());
          return rowsOf(r.perPlatform.length);
        },
        bare: (i) => [...bareReportSales.all(pick(all, i).date), ...bareReportRefunds.all(pick(all, i).date)],
      },
    ];

    console.log(`\n${SALES.toLocaleString('en-AU')}-sale journal, ${RUNS} runs per query, ms`);
    console.log(
      '| query | journal p50 | journal p99 | journal CPU p99 | bare SELECT p50 | bare SELECT p99 | rows | goal (p99) |',
    );
    console.log('|---|---|---|---|---|---|---|---|');
    for (const c of cases) {
      const js = time(RUNS, c.journal);
      const slowBare = c.name.startsWith('search: broad') || c.name.includes('bare LIKE');
      const bs = time(Math.min(RUNS, slowBare ? 5 : RUNS), c.bare);
      console.log(
        `| ${c.name} | ${js.p50.toFixed(2)} | ${js.p99.toFixed(2)} | ${js.cpuP99.toFixed(2)} | ` +
          `${bs.p50.toFixed(2)} | ${bs.p99.toFixed(2)} | ` +
          `${js.rows.toFixed(0)} | ≤ ${c.goal} ${js.p99 <= c.goal ? 'met' : 'NOT met'} |`,
      );
    }
    console.log(
      `load average: ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} on ${cpus().length} CPUs`,
    );
    j.close();
    bare.close();
  } finally {
    if (!keep) rmSync(root, { recursive: true, force: true });
  }
}

main();
