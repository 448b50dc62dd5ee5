/**
 * Turns a held reservation into a refund or releases it, when the refund that uses its out_refund_no is
 * projected with a final status. Called by the projection in the same transaction as the refund row's upsert.
 */
import type { Sql } from '../db/types';

export interface ProjectedRefund {
  tillId: string;
  id: string;
  outRefundNo: string;
  status: string;
  amountCents: number;
}

export async function settleReservationFor(_tx: Sql, _refund: ProjectedRefund, _now: number): Promise<void> {
  // Filled by the refund-anywhere work (main/store-server/refunds/).
}
