/**
 * A payment belongs to the POS whose key created it: only that POS may abort or refund it. The owner is the key
 * id recorded in the sale's `sale.api_requested` journal event (null: a caller on the till's own machine, without
 * a key). A sale the API did not start — the cashier's own — has no owner; any caller with the manager's
 * approval may refund it, as before.
 */
import type { Journal } from '../journal/types';
import { ApiError } from './errors';

/** The owner's key id; null for a keyless local caller; undefined when the API did not start this sale. */
export function paymentOwner(journal: Journal, saleId: string): string | null | undefined {
  const requested = journal
    .listEvents({ entity: 'sale', entityId: saleId, limit: 200 })
    .find((e) => e.type === 'sale.api_requested');
  if (!requested) return undefined;
  const keyId = requested.data.keyId;
  // Recorded before payments had owners: nobody can be told apart, so nobody is refused.
  if (keyId === undefined) return undefined;
  return typeof keyId === 'string' ? keyId : null;
}

/** Refuses (403 NOT_YOUR_PAYMENT) a caller that is not the payment's owner. */
export function assertOwner(journal: Journal, saleId: string, callerKeyId: string | null): void {
  const owner = paymentOwner(journal, saleId);
  if (owner === undefined || owner === callerKeyId) return;
  throw new ApiError('NOT_YOUR_PAYMENT', `sale ${saleId}`);
}
