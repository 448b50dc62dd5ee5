/**
 * The refundable balance of one sale as the server knows it:
 *   paid − refunded − held
 * where "refunded" counts every replicated refund that has not failed (pending ones included: the money may be
 * on its way back) except those whose out_refund_no still has a held reservation, which "held" counts already.
 * One SQL text, read inside the reservation's transaction after the sale row is locked.
 */
import type { Sql } from '../db/types';
import { FAILED_STATUSES } from './statuses';

export interface SaleBalance {
  paidCents: number;
  refundedCents: number;
  reservedCents: number;
  refundableCents: number;
}

const failedList = FAILED_STATUSES.map((s) => `'${s}'`).join(',');

/** Refunded (not covered by a hold) and held cents of each named sale. */
export const BALANCE_SQL = /* sql */ `
  SELECT
    COALESCE((SELECT sum(r.amount_cents) FROM refunds r
       WHERE r.sale_till_id = $1 AND r.sale_id = $2 AND r.status NOT IN (${failedList})
         AND NOT EXISTS (SELECT 1 FROM refund_reservations h
                          WHERE h.out_refund_no = r.out_refund_no AND h.status = 'held')), 0) AS refunded,
    COALESCE((SELECT sum(h.amount_cents) FROM refund_reservations h
       WHERE h.sale_till_id = $1 AND h.sale_id = $2 AND h.status = 'held'), 0) AS reserved`;

export async function saleBalance(
  sql: Sql,
  sale: { tillId: string; saleId: string; amountCents: number; paid: boolean },
): Promise<SaleBalance> {
  const { rows } = await sql.query<{ refunded: number; reserved: number }>(BALANCE_SQL, [
    sale.tillId,
    sale.saleId,
  ]);
  const refunded = Number(rows[0]?.refunded ?? 0);
  const reserved = Number(rows[0]?.reserved ?? 0);
  const paid = sale.paid ? sale.amountCents : 0;
  return {
    paidCents: paid,
    refundedCents: refunded,
    reservedCents: reserved,
    refundableCents: Math.max(0, paid - refunded - reserved),
  };
}
