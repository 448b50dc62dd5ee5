/**
 * A record that names a till, a store or staff outside the pushing till's store (a remote refund of another
 * store's sale, a person of another store) is refused: kept as sent in till_records but never projected, so it
 * moves no balance and no report, logged, and counted on the till (tills.refused_records, shown in `till list`
 * and on the Tills page). The till is not stuck: its cursor moves on; the record stays for whoever investigates.
 */
import type { Logger } from 'pino';
import type { Sql } from '../db/types';

export async function noteRefused(
  tx: Sql,
  tillId: string,
  seqs: readonly number[],
  log: Pick<Logger, 'warn'>,
): Promise<void> {
  await tx.query('UPDATE tills SET refused_records = refused_records + $2 WHERE id = $1', [
    tillId,
    seqs.length,
  ]);
  log.warn(
    { tillId, records: seqs.length, seqs: seqs.slice(0, 20) },
    'store server: refused records naming another store, its tills or its staff (kept, not projected)',
  );
}
