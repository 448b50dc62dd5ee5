/**
 * Turns a held reservation into a refund or releases it, when the refund that uses its out_refund_no is
 * projected with a final status. Called by the projection in the same transaction as the refund row's upsert.
 * A refund still pending leaves the hold as it is; a hold whose refund never replicates stays held (money may
 * have moved: only a manager releases it, never a timer). The sale's owner is told after the commit
 * (./elsewhere.ts).
 */
import type { Sql } from '../db/types';
import { refundOutcome } from './statuses';

export interface ProjectedRefund {
  tillId: string;
  id: string;
  outRefundNo: string;
  status: string;
  amountCents: number;
}

/** A hold that this projection settled: what the owner of the sale is told after the commit. */
export interface SettledReservation {
  reservationId: string;
  /** The till that took the sale. */
  ownerTillId: string;
  saleId: string;
  /** The till that sent the refund. */
  refundingTillId: string;
  refundingTillName: string;
  outRefundNo: string;
  amountCents: number;
  refundStatus: string;
  outcome: 'refunded' | 'released';
}

export async function settleReservationFor(
  tx: Sql,
  refund: ProjectedRefund,
  now: number,
): Promise<SettledReservation | null> {
  const outcome = refundOutcome(refund.status);
  if (outcome === 'pending') return null;
  const to = outcome === 'refunded' ? 'refunded' : 'released';
  // Only the till the reservation was made for can settle it: another till's refund with the same number (it
  // cannot have one, the numbers are the server's) must not release someone else's hold.
  const { rows } = await tx.query<{
    id: string;
    sale_till_id: string;
    sale_id: string;
    amount_cents: number;
    till_name: string;
  }>(
    `UPDATE refund_reservations h SET status = $3, settled_at = $4
       FROM tills t
      WHERE h.out_refund_no = $1 AND h.requesting_till_id = $2 AND h.status = 'held' AND t.id = h.requesting_till_id
      RETURNING h.id, h.sale_till_id, h.sale_id, h.amount_cents, t.name AS till_name`,
    [refund.outRefundNo, refund.tillId, to, now],
  );
  const h = rows[0];
  if (!h) return null;
  return {
    reservationId: h.id,
    ownerTillId: h.sale_till_id,
    saleId: h.sale_id,
    refundingTillId: refund.tillId,
    refundingTillName: h.till_name,
    outRefundNo: refund.outRefundNo,
    amountCents: Number(h.amount_cents),
    refundStatus: refund.status,
    outcome: to,
  };
}
