/**
 * What the server holds against what the tills journalled, each till's journal read directly (SQLite, read only):
 * compareServerWithTills lists every difference across several tills (an empty list is the pass);
 * expectServerEqualsJournal asserts one till's projection row for row.
 */
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import type { StoreDb } from '../../../main/store-server/db/types';
import type { StoreServerHandle } from '../../../main/store-server/server';
import type { Harness } from '../runtime-harness';

export interface TillJournal {
  tillId: string;
  journalPath: string;
}

const TILL_TABLES = [
  { name: 'sales', key: 'id', cols: ['status', 'amount_cents', 'paid_attempt_id', 'business_date'] },
  { name: 'attempts', key: 'id', cols: ['sale_id', 'status', 'out_order_no', 'order_no'] },
  { name: 'refunds', key: 'id', cols: ['sale_id', 'status', 'amount_cents', 'out_refund_no'] },
  { name: 'sessions', key: 'id', cols: ['business_date', 'seq', 'closed_at'] },
] as const;

function norm(v: unknown): string {
  return v === null || v === undefined ? '∅' : String(v);
}

export async function compareServerWithTills(db: StoreDb, tills: readonly TillJournal[]): Promise<string[]> {
  const diffs: string[] = [];
  for (const t of tills) {
    const j = new Database(t.journalPath, { readonly: true, fileMustExist: true });
    try {
      const outboxLast = (
        j.prepare('SELECT coalesce(max(seq), 0) AS n FROM replication_outbox').get() as { n: number }
      ).n;
      const rec = (
        await db.query<{ n: number; lo: number | null; hi: number | null }>(
          'SELECT count(*) AS n, min(seq) AS lo, max(seq) AS hi FROM till_records WHERE till_id = $1',
          [t.tillId],
        )
      ).rows[0]!;
      const till = (
        await db.query<{ last_seq: number }>('SELECT last_seq FROM tills WHERE id = $1', [t.tillId])
      ).rows[0];
      if (rec.n !== outboxLast || (outboxLast > 0 && (rec.lo !== 1 || rec.hi !== outboxLast))) {
        diffs.push(
          `${t.tillId}: server holds records ${rec.lo}..${rec.hi} (${rec.n}), till has 1..${outboxLast}`,
        );
      }
      if (till?.last_seq !== outboxLast)
        diffs.push(`${t.tillId}: last_seq ${till?.last_seq} ≠ ${outboxLast}`);
      for (const table of TILL_TABLES) {
        const cols = [table.key, ...table.cols].join(', ');
        const local = new Map(
          (j.prepare(`SELECT ${cols} FROM ${table.name}`).all() as Record<string, unknown>[]).map((r) => [
            String(r[table.key]),
            r,
          ]),
        );
        const remote = new Map(
          (
            await db.query<Record<string, unknown>>(`SELECT ${cols} FROM ${table.name} WHERE till_id = $1`, [
              t.tillId,
            ])
          ).rows.map((r) => [String(r[table.key]), r]),
        );
        for (const [id, row] of local) {
          const other = remote.get(id);
          if (!other) {
            diffs.push(`${t.tillId}: ${table.name} ${id} missing on the server`);
            continue;
          }
          for (const c of table.cols) {
            if (norm(row[c]) !== norm(other[c])) {
              diffs.push(
                `${t.tillId}: ${table.name} ${id}.${c} till=${norm(row[c])} server=${norm(other[c])}`,
              );
            }
          }
        }
        for (const id of remote.keys()) {
          if (!local.has(id)) diffs.push(`${t.tillId}: ${table.name} ${id} on the server only`);
        }
      }
    } finally {
      j.close();
    }
  }
  return diffs;
}

const JOURNAL_TABLES = [
  { journal: 'sales', server: 'sales', key: 'id' },
  { journal: 'attempts', server: 'attempts', key: 'id' },
  { journal: 'refunds', server: 'refunds', key: 'id' },
] as const;

/**
 * The server's projection of this till equals its journal: the same sales, attempts and refunds, each row's
 * data column for column (the payment code excepted: it never leaves the till), sessions with their Z, and
 * exactly one stored record per outbox sequence. Called after waitDrained: the till is quiet, so one look is
 * the answer.
 */
export async function expectServerEqualsJournal(
  h: Harness,
  server: StoreServerHandle,
  tillId: string,
): Promise<{ sales: number; attempts: number; refunds: number; records: number }> {
  return compareServerWithJournalOnce(h, server, tillId);
}

async function compareServerWithJournalOnce(
  h: Harness,
  server: StoreServerHandle,
  tillId: string,
): Promise<{ sales: number; attempts: number; refunds: number; records: number }> {
  const db = new Database(`${h.dataDir}/journal.sqlite`, { readonly: true });
  const counts = { sales: 0, attempts: 0, refunds: 0, records: 0 };
  try {
    for (const t of JOURNAL_TABLES) {
      const local = (
        db.prepare(`SELECT * FROM ${t.journal} ORDER BY ${t.key}`).all() as Record<string, unknown>[]
      ).map((r) => {
        const { payment_code: _never, ...rest } = r;
        return rest;
      });
      const { rows } = await server.db.query<{ id: string; data: Record<string, unknown> }>(
        `SELECT id, data FROM ${t.server} WHERE till_id = $1 ORDER BY id`,
        [tillId],
      );
      expect(rows.map((r) => r.id).sort()).toEqual(local.map((r) => String(r[t.key])).sort());
      const byId = new Map(rows.map((r) => [r.id, r.data]));
      for (const row of local)
        expect(byId.get(String(row[t.key])), `${t.journal} ${String(row[t.key])}`).toEqual(row);
      counts[t.journal] = local.length;
    }
    const sessions = db.prepare('SELECT id, closed_at, report FROM sessions ORDER BY id').all() as Array<{
      id: number;
      closed_at: number | null;
      report: string | null;
    }>;
    const { rows: serverSessions } = await server.db.query<{
      id: number;
      closed_at: number | null;
      report: unknown;
    }>('SELECT id, closed_at, report FROM sessions WHERE till_id = $1 ORDER BY id', [tillId]);
    expect(
      serverSessions.map((s) => [Number(s.id), s.closed_at === null ? null : Number(s.closed_at), s.report]),
    ).toEqual(sessions.map((s) => [s.id, s.closed_at, s.report === null ? null : JSON.parse(s.report)]));
    const last = (
      db.prepare('SELECT coalesce(max(seq), 0) AS n FROM replication_outbox').get() as { n: number }
    ).n;
    const { rows: recs } = await server.db.query<{ n: number; distinct_seq: number; max_seq: number }>(
      'SELECT count(*) AS n, count(DISTINCT seq) AS distinct_seq, max(seq) AS max_seq FROM till_records WHERE till_id = $1',
      [tillId],
    );
    expect(Number(recs[0]?.n)).toBe(last);
    expect(Number(recs[0]?.distinct_seq)).toBe(last);
    expect(Number(recs[0]?.max_seq)).toBe(last);
    counts.records = last;
  } finally {
    db.close();
  }
  return counts;
}
