/**
 * Refunds of a till's sales made at other tills, as the till that took the sale is told of them
 * (docs/store-server.md, "Told back to the owning till"). One query for both ways it learns: the change pushed
 * over its link the moment the server sees it (a hold made, a refund replicated, a hold given back), and the
 * pull it makes on every (re)connection for what it missed while the link was down.
 *
 * A refund's state comes from the replicated refund when there is one, else from the hold: a hold with no refund
 * yet is `requested` (the other till is asking Omipay), a hold given back unused is `cancelled`.
 */
import {
  REFUNDS_ELSEWHERE_PAGE,
  type RefundElsewhere,
  type ServerMessage,
} from '../../shared/store-link-protocol';
import type { Sql, StoreDb } from '../db/types';
import type { TillLinks } from '../links';
import { refundElsewhereState as elsewhereState } from '../../journal/status';

interface Row {
  out_refund_no: string;
  sale_till_id: string;
  sale_id: string;
  till_name: string;
  amount_cents: string | number;
  status: string;
  error_code: string | null;
  requested_at: string | number;
  changed_at: string | number;
}

// changed_at is the server's clock throughout: when it received the refund's latest record, made or settled
// the hold. The tills' own clocks never order these rows.
const ELSEWHERE_SQL = `
WITH e AS (
  SELECT r.out_refund_no, r.sale_till_id, r.sale_id, t.name AS till_name, r.amount_cents, r.status,
         r.data->>'error_code' AS error_code,
         coalesce(h.created_at, r.created_at) AS requested_at,
         greatest(coalesce(rec.received_at, 0), coalesce(h.created_at, 0), coalesce(h.settled_at, 0)) AS changed_at
    FROM refunds r
    JOIN tills t ON t.id = r.till_id
    LEFT JOIN refund_reservations h ON h.out_refund_no = r.out_refund_no AND h.requesting_till_id = r.till_id
    LEFT JOIN till_records rec ON rec.till_id = r.till_id AND rec.seq = r.src_seq
   WHERE r.remote AND r.till_id <> r.sale_till_id AND %REFUND_FILTER%
  UNION ALL
  SELECT h.out_refund_no, h.sale_till_id, h.sale_id, t.name, h.amount_cents,
         CASE WHEN h.status = 'released' THEN 'released' ELSE 'held' END, NULL,
         h.created_at, greatest(h.created_at, coalesce(h.settled_at, 0))
    FROM refund_reservations h
    JOIN tills t ON t.id = h.requesting_till_id
   WHERE h.requesting_till_id <> h.sale_till_id AND %HOLD_FILTER%
     AND NOT EXISTS (SELECT 1 FROM refunds r
                      WHERE r.till_id = h.requesting_till_id AND r.out_refund_no = h.out_refund_no)
)
SELECT * FROM e WHERE changed_at >= $2 ORDER BY changed_at, out_refund_no LIMIT $3`;

const BY_OWNER = ELSEWHERE_SQL.replace('%REFUND_FILTER%', 'r.sale_till_id = $1').replace(
  '%HOLD_FILTER%',
  'h.sale_till_id = $1',
);
const BY_NUMBER = ELSEWHERE_SQL.replace('%REFUND_FILTER%', 'r.out_refund_no = $1').replace(
  '%HOLD_FILTER%',
  'h.out_refund_no = $1',
);

function fromRow(r: Row): RefundElsewhere & { ownerTillId: string } {
  return {
    ownerTillId: r.sale_till_id,
    outRefundNo: r.out_refund_no,
    saleId: r.sale_id,
    amountCents: Number(r.amount_cents),
    tillName: r.till_name,
    state: elsewhereState(r.status),
    status: r.status,
    errorCode: r.error_code,
    requestedAt: Number(r.requested_at),
    changedAt: Number(r.changed_at),
  };
}

/** What the owning till asks for on each (re)connection: its sales' refunds at other tills changed since `since`. */
export async function refundsElsewhereOf(
  db: StoreDb | Sql,
  ownerTillId: string,
  since: number,
  limit = REFUNDS_ELSEWHERE_PAGE,
): Promise<RefundElsewhere[]> {
  const { rows } = await db.query<Row>(BY_OWNER, [ownerTillId, since, limit]);
  return rows.map((r) => {
    const { ownerTillId: _owner, ...entry } = fromRow(r);
    return entry;
  });
}

/**
 * After a commit that changed these refunds (a hold made or given back, a refund replicated): tells each sale's
 * owner what the refund is now. Fire and forget: a till not connected pulls it when it connects.
 */
export async function tellOwnersOf(
  ctx: { db: StoreDb; links: TillLinks; log: { warn: (o: object, m: string) => void } },
  outRefundNos: Iterable<string>,
): Promise<void> {
  for (const no of new Set(outRefundNos)) {
    try {
      const { rows } = await ctx.db.query<Row>(BY_NUMBER, [no, 0, 1]);
      const row = rows[0];
      if (!row) continue;
      const { ownerTillId, ...e } = fromRow(row);
      const message: ServerMessage = { type: 'refunded-elsewhere', ...e };
      ctx.links.send(ownerTillId, message);
    } catch (err) {
      ctx.log.warn({ err: String(err), outRefundNo: no }, 'store server: owner of a refunded sale not told');
    }
  }
}
