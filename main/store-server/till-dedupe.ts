/**
 * `store-server till dedupe [--apply]`: finds tills that are one journal stored twice (a till re-enrolled as a new
 * till before journals sent their identity) and merges each into the till it was first. Found by payment
 * attempts: an out_order_no is unique forever, so one stored under two tills is one journal's. Dry run by default.
 *
 * Both tills' records carry the same journal's outbox sequence, so a merge is exact: of each row the newer record
 * (src_seq) wins, the records the first till lacks move to it, its cursor becomes the later one, and it takes the
 * live till's credential and POS number (the till at the counter carries on, and learns its id from the cursor).
 * Refunds and reservations naming the dropped till are pointed at the kept one, then the dropped row goes.
 * Each merge is one transaction with both till rows locked; a duplicate pair in two stores is reported, not merged.
 */
import { audit } from './admin';
import type { Sql, StoreDb } from './db/types';

export interface DuplicateTill {
  storeId: string;
  storeName: string;
  keepTillId: string;
  keepName: string;
  dropTillId: string;
  dropName: string;
  /** Payment attempts stored under both. */
  sharedAttempts: number;
  /** Both in one store: merged by --apply. */
  mergeable: boolean;
}

interface TillRow {
  id: string;
  store_id: string;
  store_name: string;
  name: string;
  created_at: number;
}

/** Projection tables and the key of a row after till_id; each row keeps the record it came from (src_seq). */
const PROJECTIONS: readonly [string, string][] = [
  ['sales', 'id'],
  ['attempts', 'id'],
  ['refunds', 'id'],
  ['sessions', 'id'],
  ['sale_sessions', 'sale_id'],
  ['refund_sessions', 'refund_id'],
];

export async function findDuplicateTills(db: Sql): Promise<DuplicateTill[]> {
  const { rows: pairs } = await db.query<{ a: string; b: string; shared: number }>(
    `SELECT x.till_id AS a, y.till_id AS b, count(*)::integer AS shared
       FROM attempts x JOIN attempts y ON y.out_order_no = x.out_order_no AND y.till_id > x.till_id
      GROUP BY x.till_id, y.till_id`,
  );
  if (pairs.length === 0) return [];
  const { rows: tills } = await db.query<TillRow>(
    `SELECT t.id, t.store_id, s.name AS store_name, t.name, t.created_at
       FROM tills t JOIN stores s ON s.id = t.store_id`,
  );
  const byId = new Map(tills.map((t) => [t.id, t]));
  const older = (p: TillRow, q: TillRow) =>
    Number(p.created_at) - Number(q.created_at) || (p.id < q.id ? -1 : 1);
  // One journal may have been enrolled three times: every copy merges into the first of its group.
  const root = new Map<string, string>();
  const find = (id: string): string => {
    const r = root.get(id);
    return r === undefined || r === id ? id : find(r);
  };
  for (const p of pairs) {
    const [a, b] = [byId.get(find(p.a)), byId.get(find(p.b))];
    if (!a || !b || a.id === b.id) continue;
    const [first, later] = older(a, b) <= 0 ? [a, b] : [b, a];
    root.set(later.id, first.id);
  }
  const shared = new Map<string, number>();
  for (const p of pairs) {
    for (const id of [p.a, p.b]) shared.set(id, Math.max(shared.get(id) ?? 0, p.shared));
  }
  const found: DuplicateTill[] = [];
  for (const t of [...tills].sort(older)) {
    const keep = byId.get(find(t.id));
    if (!keep || keep.id === t.id) continue;
    found.push({
      storeId: keep.store_id,
      storeName: keep.store_name,
      keepTillId: keep.id,
      keepName: keep.name,
      dropTillId: t.id,
      dropName: t.name,
      sharedAttempts: shared.get(t.id) ?? 0,
      mergeable: keep.store_id === t.store_id,
    });
  }
  return found;
}

interface MergeRow {
  id: string;
  pos_no: string | null;
  credential_hash: string | null;
  journal_id: string | null;
  enrolled_at: number | null;
  revoked_at: number | null;
  last_seen_at: number | null;
  last_seq: number;
  refused_records: number;
}

/** Merges `dropId` into `keepId` (both of one journal); the caller's transaction. */
export async function mergeTill(tx: Sql, keepId: string, dropId: string): Promise<void> {
  const { rows } = await tx.query<MergeRow>(
    `SELECT id, pos_no, credential_hash, journal_id, enrolled_at, revoked_at, last_seen_at, last_seq,
            refused_records
       FROM tills WHERE id IN ($1, $2) ORDER BY id FOR UPDATE`,
    [keepId, dropId],
  );
  const keep = rows.find((r) => r.id === keepId);
  const drop = rows.find((r) => r.id === dropId);
  if (!keep || !drop) return;
  for (const [table, key] of PROJECTIONS) {
    await tx.query(
      `DELETE FROM ${table} k USING ${table} d
        WHERE k.till_id = $1 AND d.till_id = $2 AND d.${key} = k.${key} AND d.src_seq > k.src_seq`,
      [keepId, dropId],
    );
    await tx.query(
      `DELETE FROM ${table} d USING ${table} k WHERE d.till_id = $2 AND k.till_id = $1 AND k.${key} = d.${key}`,
      [keepId, dropId],
    );
    await tx.query(`UPDATE ${table} SET till_id = $1 WHERE till_id = $2`, [keepId, dropId]);
  }
  await tx.query('UPDATE refunds SET sale_till_id = $1 WHERE sale_till_id = $2', [keepId, dropId]);
  await tx.query('UPDATE refund_reservations SET sale_till_id = $1 WHERE sale_till_id = $2', [
    keepId,
    dropId,
  ]);
  await tx.query('UPDATE refund_reservations SET requesting_till_id = $1 WHERE requesting_till_id = $2', [
    keepId,
    dropId,
  ]);
  await tx.query('UPDATE notifications SET till_id = $1 WHERE till_id = $2', [keepId, dropId]);
  await tx.query('UPDATE enrol_codes SET till_id = $1 WHERE till_id = $2', [keepId, dropId]);
  // Records 1..keep.last_seq are the same journal's on both: keep the first copy, move the rest.
  await tx.query('DELETE FROM till_records WHERE till_id = $1 AND seq <= $2', [dropId, keep.last_seq]);
  await tx.query('UPDATE till_records SET till_id = $1 WHERE till_id = $2', [keepId, dropId]);
  // The till at the counter is the one still admitted; its credential and POS number carry on.
  const live = drop.revoked_at === null && drop.credential_hash !== null ? drop : keep;
  await tx.query('UPDATE tills SET pos_no = NULL, credential_hash = NULL, journal_id = NULL WHERE id = $1', [
    dropId,
  ]);
  await tx.query(
    `UPDATE tills SET pos_no = $2, credential_hash = $3, journal_id = $4, enrolled_at = $5, revoked_at = $6,
            last_seen_at = $7, last_seq = $8, refused_records = $9
      WHERE id = $1`,
    [
      keepId,
      live.pos_no,
      live.credential_hash,
      drop.journal_id ?? keep.journal_id,
      keep.enrolled_at ?? drop.enrolled_at,
      live.revoked_at,
      Math.max(Number(keep.last_seen_at ?? 0), Number(drop.last_seen_at ?? 0)) || null,
      Math.max(Number(keep.last_seq), Number(drop.last_seq)),
      Number(keep.refused_records) + Number(drop.refused_records),
    ],
  );
  await tx.query('DELETE FROM tills WHERE id = $1', [dropId]);
}

/** Merges every mergeable duplicate, one transaction each; returns what it found (merged when mergeable). */
export async function mergeDuplicateTills(db: StoreDb, by: string, now: number): Promise<DuplicateTill[]> {
  const found = await findDuplicateTills(db);
  for (const d of found.filter((x) => x.mergeable)) {
    await db.transaction(async (tx) => {
      await mergeTill(tx, d.keepTillId, d.dropTillId);
      await audit(tx, now, by, 'till_merge', {
        storeId: d.storeId,
        keptTillId: d.keepTillId,
        droppedTillId: d.dropTillId,
        droppedTillName: d.dropName,
        sharedAttempts: d.sharedAttempts,
      });
    });
  }
  return found;
}
