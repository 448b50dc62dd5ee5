/**
 * One sale is never counted under two tills. A journal already stored under another till id (enrolled before
 * journals sent their identity, then enrolled again as a new till) is recognised at ingest by its payment
 * attempts: an out_order_no is unique forever (POS number, date, the journal's install id, a sequence), so one
 * already stored under another till is the same journal's. The pushing till is then merged into the till it
 * was (till-dedupe.ts), in the push's transaction, and nothing of the push is added: the answer is the kept
 * till's cursor, from which the till sends what the server still lacks. A journal known in another store is
 * refused (409 known_journal), never merged across stores. Either way it is logged and audited.
 */
import type { Logger } from 'pino';
import type { ReplicatedRecord } from '../../shared/store-link-protocol';
import { audit } from '../admin';
import type { Sql } from '../db/types';
import { HttpError } from '../http/router';
import { mergeTill } from '../till-dedupe';
import type { AuthenticatedTill } from './auth';

export async function mergeKnownJournal(
  tx: Sql,
  till: AuthenticatedTill,
  records: readonly ReplicatedRecord[],
  log: Pick<Logger, 'warn'>,
  now: number,
): Promise<{ lastSeq: number } | null> {
  const outOrderNos = records
    .filter((r) => r.entity === 'attempt')
    .map((r) => r.data.out_order_no)
    .filter((n): n is string => typeof n === 'string');
  if (outOrderNos.length === 0) return null;
  const { rows } = await tx.query<{ till_id: string; name: string; store_id: string }>(
    `SELECT a.till_id, t.name, t.store_id FROM attempts a JOIN tills t ON t.id = a.till_id
      WHERE a.out_order_no IN (SELECT jsonb_array_elements_text($1::jsonb)) AND a.till_id <> $2
      ORDER BY t.created_at LIMIT 1`,
    [JSON.stringify(outOrderNos), till.tillId],
  );
  const other = rows[0];
  if (!other) return null;
  const detail = { tillId: till.tillId, sameAsTillId: other.till_id, firstSeq: records[0]?.seq ?? null };
  if (other.store_id !== till.storeId) {
    log.warn(detail, 'store server: refused a push of sales already stored in another store (same journal)');
    throw new HttpError(409, {
      error: 'known_journal',
      detail: `these sales are already stored as till "${other.name}" of another store`,
    });
  }
  await mergeTill(tx, other.till_id, till.tillId);
  await audit(tx, now, `till:${till.tillId}`, 'till_merge', { ...detail, at: 'ingest' });
  log.warn(
    detail,
    'store server: a till pushed sales stored under another till (same journal): merged into it',
  );
  const { rows: kept } = await tx.query<{ last_seq: number }>('SELECT last_seq FROM tills WHERE id = $1', [
    other.till_id,
  ]);
  return { lastSeq: Number(kept[0]?.last_seq ?? 0) };
}
