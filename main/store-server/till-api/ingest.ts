/**
 * Store and forward, the server's half: a till pushes its outbox in order; the server stores each (till, seq)
 * exactly once and projects it, in ONE transaction that also advances tills.last_seq, so last_seq always means
 * "every record 1..last_seq is here". The till's row is locked (FOR UPDATE) first: two pushes of one till (a
 * retry racing its original) run one after the other, and the second finds its records already stored.
 *
 * Records at or below last_seq are duplicates and ignored (at-least-once delivery). The first new record must be
 * last_seq + 1 and the rest consecutive, else 409 gap with the server's lastSeq: the till rewinds to it (this is
 * how a server restored from an older backup gets back what it lost).
 */
import type { SettledReservation } from '../refunds/settle';
import type { ReplicatedRecord } from '../../shared/store-link-protocol';
import type { Sql } from '../db/types';
import { HttpError, type StoreServerContext } from '../http/router';
import type { AuthenticatedTill } from './auth';
import { mergeKnownJournal } from './known-journal';
import { noteRefused } from './refused-records';
import { applyProjection, planProjection, withStoreScope } from './project';

/** The till's card number must never leave it; a till that sends one anyway has it dropped here. */
const NEVER_STORED: Record<string, readonly string[]> = { attempt: ['payment_code'] };

function scrub(r: ReplicatedRecord): ReplicatedRecord {
  const drop = NEVER_STORED[r.entity];
  if (!drop || !drop.some((k) => k in r.data)) return r;
  const data = { ...r.data };
  for (const k of drop) delete data[k];
  return { ...r, data };
}

export async function lockTill(tx: Sql, tillId: string): Promise<number> {
  const { rows } = await tx.query<{ last_seq: number; revoked_at: number | null }>(
    'SELECT last_seq, revoked_at FROM tills WHERE id = $1 FOR UPDATE',
    [tillId],
  );
  const t = rows[0];
  if (!t || t.revoked_at !== null) {
    throw new HttpError(403, { error: 'revoked', detail: 'this till was revoked on the server' });
  }
  return t.last_seq;
}

export async function ingestPush(
  ctx: Pick<StoreServerContext, 'db' | 'now' | 'log'>,
  till: AuthenticatedTill,
  records: readonly ReplicatedRecord[],
): Promise<{
  lastSeq: number;
  stored: number;
  unprojected: number;
  settled: SettledReservation[];
  remoteRefunds: string[];
}> {
  const settled: SettledReservation[] = [];
  const remoteRefunds: string[] = [];
  const result = await ctx.db.transaction(async (tx) => {
    const lastSeq = await lockTill(tx, till.tillId);
    const fresh = records.filter((r) => r.seq > lastSeq).map(scrub);
    if (fresh.length === 0) return { lastSeq, stored: 0, unprojected: 0 };
    fresh.forEach((r, i) => {
      if (r.seq !== lastSeq + 1 + i) {
        throw new HttpError(409, {
          error: 'gap',
          lastSeq,
          detail: `expected seq ${lastSeq + 1 + i}, got ${r.seq}`,
        });
      }
    });
    const now = ctx.now();
    const merged = await mergeKnownJournal(tx, till, fresh, ctx.log, now);
    if (merged) return { lastSeq: merged.lastSeq, stored: 0, unprojected: 0 };
    const ref = await withStoreScope(tx, { tillId: till.tillId, storeId: till.storeId });
    const plan = planProjection(ref, fresh);
    const newLast = lastSeq + fresh.length;
    const rows = fresh.map((r, i) => ({
      seq: r.seq,
      v: r.v,
      at: r.at,
      entity: r.entity,
      entity_id: r.entityId,
      op: r.op,
      data: r.data,
      projected: plan.projected[i],
    }));
    // One statement: the records, the cursor and the projection (a push costs the same whatever its size).
    await applyProjection(
      tx,
      ref,
      plan,
      now,
      settled,
      {
        ctes: [
          `stored AS (
           INSERT INTO till_records (till_id, seq, v, at, entity, entity_id, op, data, received_at, projected)
           SELECT $1, x.seq, x.v, x.at, x.entity, x.entity_id, x.op, x.data, $4, x.projected
             FROM jsonb_to_recordset($3::jsonb) AS x(seq bigint, v integer, at bigint, entity text, entity_id text,
                                                      op text, data jsonb, projected boolean)
           RETURNING 1)`,
          // The insert either stores every record or fails the transaction, so the cursor moves with it.
          `cursor AS (UPDATE tills SET last_seq = $5 WHERE id = $1 RETURNING 1)`,
        ],
        params: [JSON.stringify(rows), now, newLast],
      },
      remoteRefunds,
    );
    if (plan.refused.length > 0) await noteRefused(tx, till.tillId, plan.refused, ctx.log);
    const unprojected = plan.projected.filter((p) => !p).length;
    if (unprojected > 0) {
      ctx.log.warn(
        { tillId: till.tillId, records: unprojected, firstSeq: fresh[plan.projected.indexOf(false)]?.seq },
        'store server: kept records it cannot project yet (newer version or unknown shape)',
      );
    }
    return { lastSeq: newLast, stored: fresh.length, unprojected };
  });
  return { ...result, settled, remoteRefunds };
}
