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
import { V9_BACKFILL } from '../main/journal/schema/v9-number-search';
import type { Journal } from '../main/journal/types';
import { businessDayRange } from '../main/shared/business-date';
import { formatCents } from '../main/shared/money';
import { rng } from './store-server-common';

const SALES = Number(process.argv[2] ?? 1_000_000);
const RUNS = Number(process.argv[3] ?? 200);
const ZONE = 'Australia/Sydney';
const POS = 'POS01';
const INSTALL = 'B3NC';
const DAYS = 365;
const FIRST_DAY = Date.UTC(2024, 6, 1); // 2024-07-01 … 2025-06-30

interface Day {
  date: string;
  yymmdd: string;
  from: number;
  to: number;
}

function days(): Day[] {
  return Array.from({ length: DAYS }, (_, i) => {
    const date = new Date(FIRST_DAY + i * 86_400_000).toISOString().slice(0, 10);
    const { from, to } = businessDayRange(date, ZONE);
    return { date, yymmdd: date.slice(2).replace(/-/g, ''), from, to };
  });
}

function dayOf(all: Day[], at: number): Day {
  let lo = 0;
  let hi = all.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((all[mid] as Day).from <= at) lo = mid;
    else hi = mid - 1;
  }
  return all[lo] as Day;
}

/** Amounts cluster on round prices (many sales of 12.50), with a long tail up to a few hundred dollars. */
function amount(r: () => number): number {
  const x = r();
  if (x < 0.3) return [450, 500, 550, 1000, 1250, 1500, 2000, 2500][Math.floor(r() * 8)] as number;
  if (x < 0.8) return 100 + Math.floor(r() * 300) * 10;
  return 100 + Math.floor(r() * 50_000);
}

function build(dir: string): { path: string; sample: { orderNos: string[]; outOrderNos: string[] } } {
  const j = openJournal({ dir, timeZone: ZONE });
  j.setSetting('journal.installId', INSTALL);
  const path = j.path;
  j.close();
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF'); // the load only: the timed queries are reads
  db.pragma('foreign_keys = OFF');
  // Indexes are built once after the load (a sorted build), much faster than maintaining them row by row.
  const indexes = db
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
    .all() as { name: string; sql: string }[];
  for (const ix of indexes) db.exec(`DROP INDEX ${ix.name}`);
  // Likewise the order-number search index: its triggers are dropped for the load and the index is then filled by
  // the same statement the v9 migration runs on an existing journal, which times that backfill.
  const searchTriggers = db
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'attempt_numbers_%'")
    .all() as { name: string; sql: string }[];
  for (const tr of searchTriggers) db.exec(`DROP TRIGGER ${tr.name}`);

  const insSale =
    db.prepare(`INSERT INTO sales (id, pos_no, kind, amount_cents, currency, order_name, platform,
    status, paid_attempt_id, created_at, updated_at, paid_at, business_date, status_reason)
    VALUES (?, '${POS}', 'scan', ?, 'AUD', 'Counter sale', ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insAttempt =
    db.prepare(`INSERT INTO attempts (id, sale_id, seq, kind, out_order_no, payment_code, platform,
    status, order_no, error_code, created_at, updated_at, check_count, resolved_by, sale_created_at)
    VALUES (?, ?, ?, 'scan', ?, NULL, ?, ?, ?, ?, ?, ?, 0, ?, ?)`);
  const insRefund =
    db.prepare(`INSERT INTO refunds (id, sale_id, attempt_id, order_no, out_refund_no, amount_cents,
    reason, status, created_at, updated_at, check_count, business_date)
    VALUES (?, ?, ?, ?, ?, ?, 'customer request', ?, ?, ?, 0, ?)`);

  const r = rng(20240701);
  const all = days();
  const outSeq = new Map<string, number>();
  const refundSeq = new Map<string, number>();
  const next = (m: Map<string, number>, k: string) => {
    const v = (m.get(k) ?? 0) + 1;
    m.set(k, v);
    return String(v).padStart(5, '0');
  };
  const sample = { orderNos: [] as string[], outOrderNos: [] as string[] };
  let orderSerial = 0;
  let refundCount = 0;
  const BATCH = 50_000;
  const started = performance.now();

  for (let base = 0; base < SALES; base += BATCH) {
    db.transaction(() => {
      for (let i = base; i < Math.min(SALES, base + BATCH); i++) {
        const day = all[Math.floor((i * DAYS) / SALES)] as Day;
        const perDay = SALES / DAYS;
        const k = i - Math.ceil((Math.floor((i * DAYS) / SALES) * SALES) / DAYS);
        // Trading hours 08:00–20:00 local, in order through the day.
        const at =
          day.from + 8 * 3600_000 + Math.floor((k / perDay) * 12 * 3600_000) + Math.floor(r() * 1000);
        const platform = r() < 0.6 ? 'WECHATPAY' : 'ALIPAY';
        const cents = amount(r);
        const saleId = `s${i.toString(36).padStart(8, '0')}`;
        const x = r();
        const status =
          x < 0.94
            ? 'paid'
            : x < 0.965
              ? 'abandoned'
              : x < 0.98
                ? 'failed'
                : x < 0.999
                  ? 'declined'
                  : 'unresolved';
        let seq = 1;
        let attemptAt = at;
        if (r() < 0.05) {
          insAttempt.run(
            `${saleId}a1`,
            saleId,
            1,
            `${POS}${day.yymmdd}${INSTALL}${next(outSeq, day.yymmdd)}`,
            platform,
            'declined',
            null,
            'QRCODE_EXPIRED',
            at,
            at + 800,
            'reply',
            at,
          );
          seq = 2;
          attemptAt = at + 20_000;
        }
        const attemptId = `${saleId}a${seq}`;
        const outOrderNo = `${POS}${day.yymmdd}${INSTALL}${next(outSeq, day.yymmdd)}`;
        orderSerial += 1;
        const orderNo =
          status === 'abandoned' ? null : `OM${day.yymmdd}${String(orderSerial).padStart(10, '0')}`;
        const attemptStatus =
          status === 'paid'
            ? 'paid'
            : status === 'unresolved'
              ? 'unknown'
              : status === 'failed'
                ? 'failed'
                : 'declined';
        insAttempt.run(
          attemptId,
          saleId,
          seq,
          outOrderNo,
          platform,
          attemptStatus,
          orderNo,
          status === 'declined' ? 'NOT_ENOUGH' : null,
          attemptAt,
          attemptAt + 3000,
          status === 'paid' ? 'reply' : null,
          at,
        );
        const paid = status === 'paid';
        insSale.run(
          saleId,
          cents,
          status === 'abandoned' ? null : platform,
          status,
          paid ? attemptId : null,
          at,
          attemptAt + 3000,
          paid ? attemptAt + 3000 : null,
          day.date,
          null,
        );
        if (i % 997 === 0 && orderNo) sample.orderNos.push(orderNo);
        if (i % 991 === 0) sample.outOrderNos.push(outOrderNo);
        if (paid && r() < 0.03) {
          const y = r();
          const refundAt = at + Math.floor(r() * 3 * 86_400_000);
          const rday = dayOf(all, refundAt);
          const rstatus =
            y < 0.85 ? 'CLOSED' : y < 0.93 ? 'MERCHANTREJECTED' : y < 0.98 ? 'APPLIED' : 'unknown';
          refundCount += 1;
          insRefund.run(
            `r${refundCount}`,
            saleId,
            attemptId,
            orderNo,
            `${POS}R${rday.yymmdd}${INSTALL}${next(refundSeq, rday.yymmdd)}`,
            r() < 0.5 ? cents : Math.max(1, Math.floor(cents / 2)),
            rstatus,
            refundAt,
            refundAt + 5000,
            rday.date,
          );
        }
      }
    })();
  }
  const loaded = performance.now();
  for (const ix of indexes) db.exec(ix.sql);
  const indexed = performance.now();
  db.transaction(() => {
    db.exec(V9_BACKFILL);
    for (const tr of searchTriggers) db.exec(tr.sql);
  })();
  const backfilled = performance.now();
  db.exec('ANALYZE');
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  console.log(
    `built ${SALES.toLocaleString('en-AU')} sales, ${refundCount.toLocaleString('en-AU')} refunds: ` +
      `load ${((loaded - started) / 1000).toFixed(1)} s, indexes ${((indexed - loaded) / 1000).toFixed(1)} s, ` +
      `order-number search backfill (migration v9) ${((backfilled - indexed) / 1000).toFixed(1)} s`,
  );
  return { path, sample };
}

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? Number.NaN;
}

interface Stat {
  p50: number;
  p99: number;
  /** CPU time of the query (user + system), which the scheduler's pauses on a busy machine do not inflate. */
  cpuP99: number;
  rows: number;
}

function time(runs: number, fn: (i: number) => unknown[]): Stat {
  fn(0); // warm the statement and the page cache
  const xs: number[] = [];
  const cpu: number[] = [];
  let rows = 0;
  for (let i = 0; i < runs; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    rows += fn(i).length;
    xs.push(performance.now() - t);
    const d = process.cpuUsage(c);
    cpu.push((d.user + d.system) / 1000);
  }
  xs.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return { p50: percentile(xs, 50), p99: percentile(xs, 99), cpuP99: percentile(cpu, 99), rows: rows / runs };
}

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
      sample = build(dir).sample;
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
