/**
 * Undoing a revoke: the till's credential works again (its hash was never removed), so the till is accepted
 * from its next call: its link at its next start, or at once when a manager enrols it again. What it kept while
 * revoked is in its outbox and is sent then. Codes voided by the revoke stay void.
 */
import { AdminInputError, audit } from './admin';
import type { StoreDb } from './db/types';

export class NotRevokedError extends AdminInputError {}

export async function reinstateTill(
  db: StoreDb,
  tillId: string,
  by: string,
  now: number,
  source: string | null = null,
): Promise<{ tillId: string; tillName: string; storeId: string }> {
  return db.transaction(async (tx) => {
    const r = await tx.query<{ name: string; store_id: string; revoked_at: number | null }>(
      'SELECT name, store_id, revoked_at FROM tills WHERE id = $1 FOR UPDATE',
      [tillId.trim()],
    );
    const till = r.rows[0];
    if (!till) throw new AdminInputError(`no till with id ${tillId}`);
    if (till.revoked_at === null) throw new NotRevokedError(`till ${tillId} is not revoked`);
    await tx.query('UPDATE tills SET revoked_at = NULL WHERE id = $1', [tillId.trim()]);
    await audit(tx, now, by, 'till_reinstate', {
      tillId: tillId.trim(),
      storeId: till.store_id,
      revokedAt: Number(till.revoked_at),
      source,
    });
    return { tillId: tillId.trim(), tillName: till.name, storeId: till.store_id };
  });
}
