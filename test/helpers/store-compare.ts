/**
 * "The server equals the union of the tills' journals": reads each till's journal file directly (SQLite, read
 * only) and the server's tables, and lists every difference — a missing, extra or stale row, a record sequence
 * that is not exactly 1..N. An empty list is the pass.
 */
import Database from 'better-sqlite3';
import type { StoreDb } from '../../main/store-server/db/types';

export interface TillJournal {
  tillId: string;
  journalPath: string;
}

const TABLES = [
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
      for (const table of TABLES) {
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
