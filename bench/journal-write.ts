/**
 * Durable state change: one updateAttempt + one appendEvent in a journal transaction (synchronous=FULL, WAL), the
 * write the engine makes before every network call and after every reply. Beside it, in the same run on the same
 * disk: the same two statements through bare better-sqlite3 with synchronous=FULL (what the journal layer adds)
 * and with synchronous=OFF (the baseline: what the write costs without waiting for the disk). Last, the floor
 * the disk itself sets: a 4 KiB write + fdatasync on a plain file, the one flush a durable commit cannot avoid.
 *
 *   npx tsx bench/journal-write.ts [ops]     (default 2000; goal p99 ≤ 5 ms)
 */
import { closeSync, fdatasyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openJournal } from '../main/journal/journal';
import type { Journal } from '../main/journal/types';

const OPS = Number(process.argv[2] ?? 2000);
const WARMUP = 100;
const POS = 'POS01';

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? Number.NaN;
}

function summary(samples: number[]): { p50: number; p99: number; max: number } {
  const s = [...samples].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p99: percentile(s, 99), max: s[s.length - 1] ?? Number.NaN };
}

/** A journal holding `n` sales, each with one attempt waiting for the customer. */
function seed(dir: string, n: number): { journal: Journal; attemptIds: string[] } {
  const journal = openJournal({ dir, timeZone: 'Australia/Sydney' });
  const t0 = Date.UTC(2025, 0, 10, 1);
  const attemptIds = journal.transaction(() =>
    Array.from({ length: n }, (_, i) => {
      const at = t0 + i * 1000;
      const saleId = `sale-${i}`;
      journal.createSale({
        id: saleId,
        posNo: POS,
        kind: 'scan',
        amountCents: 100 + (i % 5000),
        currency: 'AUD',
        orderName: 'bench',
        platform: 'WECHATPAY',
        status: 'in_progress',
        createdAt: at,
      });
      return journal.createAttempt({
        id: `att-${i}`,
        saleId,
        kind: 'scan',
        outOrderNo: journal.nextOutOrderNo(POS, at),
        paymentCode: '134567890123456789',
        platform: 'WECHATPAY',
        createdAt: at,
        status: 'userpaying',
      }).id;
    }),
  );
  return { journal, attemptIds };
}

function timeJournal(journal: Journal, ids: string[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i] as string;
    const at = Date.UTC(2025, 0, 10, 2) + i;
    const t = performance.now();
    journal.transaction(() => {
      journal.updateAttempt(id, { checkCount: 1, lastCheckedAt: at, nextCheckAt: at + 1500 }, at);
      journal.appendEvent({
        at,
        actor: 'system',
        type: 'attempt.checked',
        entity: 'attempt',
        entityId: id,
        data: { status: 'USERPAYING', checkCount: 1 },
      });
    });
    out.push(performance.now() - t);
  }
  return out;
}

function timeBare(path: string, synchronous: 'FULL' | 'OFF', ids: string[]): number[] {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  db.pragma('foreign_keys = ON');
  const update = db.prepare(
    'UPDATE attempts SET check_count = ?, last_checked_at = ?, next_check_at = ?, updated_at = ? WHERE id = ?',
  );
  const insert = db.prepare(
    "INSERT INTO events (at, actor, type, entity, entity_id, data) VALUES (?, 'system', 'attempt.checked', 'attempt', ?, ?)",
  );
  const write = db.transaction((id: string, at: number) => {
    update.run(2, at, at + 1500, at, id);
    insert.run(at, id, JSON.stringify({ status: 'USERPAYING', checkCount: 2 }));
  });
  const out: number[] = [];
  for (let i = 0; i < ids.length; i++) {
    const at = Date.UTC(2025, 0, 10, 3) + i;
    const t = performance.now();
    write.immediate(ids[i] as string, at);
    out.push(performance.now() - t);
  }
  db.close();
  return out;
}

/** One 4 KiB page rewritten and flushed, as SQLite does to its WAL on each commit. */
function timeFsync(path: string, n: number): number[] {
  const fd = openSync(path, 'w');
  const page = Buffer.alloc(4096, 7);
  const out: number[] = [];
  try {
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      writeSync(fd, page, 0, page.length, (i % 64) * 4096);
      fdatasyncSync(fd);
      out.push(performance.now() - t);
    }
  } finally {
    closeSync(fd);
  }
  return out;
}

function main(): void {
  const root = mkdtempSync(join(tmpdir(), 'journal-write-bench-'));
  try {
    const { journal, attemptIds } = seed(join(root, 'data'), OPS + WARMUP);
    const warm = attemptIds.slice(0, WARMUP);
    const ids = attemptIds.slice(WARMUP);
    timeJournal(journal, warm);
    const journalFull = summary(timeJournal(journal, ids));
    const path = journal.path;
    journal.close();
    timeBare(path, 'FULL', warm);
    const bareFull = summary(timeBare(path, 'FULL', ids));
    timeBare(path, 'OFF', warm);
    const bareOff = summary(timeBare(path, 'OFF', ids));
    const fsyncFloor = summary(timeFsync(join(root, 'fsync.bin'), OPS));

    const row = (name: string, s: { p50: number; p99: number; max: number }) =>
      `| ${name} | ${s.p50.toFixed(3)} | ${s.p99.toFixed(3)} | ${s.max.toFixed(3)} |`;
    console.log(`Durable state change (updateAttempt + appendEvent in one transaction), ${OPS} ops, ms`);
    console.log('| variant | p50 | p99 | max |');
    console.log('|---|---|---|---|');
    console.log(row('journal, synchronous=FULL (the figure)', journalFull));
    console.log(row('bare better-sqlite3, synchronous=FULL', bareFull));
    console.log(row('bare better-sqlite3, synchronous=OFF (baseline)', bareOff));
    console.log(row('disk floor: 4 KiB write + fdatasync', fsyncFloor));
    console.log(
      `load average: ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} on ${cpus().length} CPUs`,
    );
    console.log(`goal p99 ≤ 5 ms: ${journalFull.p99 <= 5 ? 'met' : 'NOT met'}`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main();
