/**
 * Per till, the day's refunds of other tills' sales that it sent (refund anywhere). A till's Z counts only its
 * own sales' refunds; the server's till day counts these too (a refund counts at the till that sent it), so
 * the X/Z page names them where the two differ.
 */
import type { Sql } from '../db/types';
import { FAILED_REFUND_STATUSES, sqlList } from '../../journal/status';
import type { Scope } from './queries';

export interface RemoteRefundSum {
  count: number;
  cents: number;
}

export async function remoteRefundsByTill(
  db: Sql,
  date: string,
  scope: Scope,
): Promise<Map<string, RemoteRefundSum>> {
  const r = await db.query<{ till_id: string; n: number; cents: number }>(
    `SELECT till_id, count(*) AS n, coalesce(sum(amount_cents), 0) AS cents FROM refunds
      WHERE business_date = $1 AND remote AND status NOT IN (${sqlList(FAILED_REFUND_STATUSES)})
        AND ($2::text IS NULL OR store_id = $2) AND ($3::text IS NULL OR till_id = $3)
      GROUP BY till_id`,
    [date, scope.storeId, scope.tillId],
  );
  return new Map(r.rows.map((x) => [x.till_id, { count: Number(x.n), cents: Number(x.cents) }]));
}
