/**
 * Finds a store's sales across its tills for a refund: by a receipt's out_order_no or Omipay order number
 * (scanned or typed), or by amount (paid sales only, newest first). Each with its refundable balance.
 */
import type { RemoteSale } from '../../shared/store-link-protocol';
import type { Sql } from '../db/types';
import { saleBalance } from './balance';

interface Row {
  till_id: string;
  id: string;
  till_name: string;
  amount_cents: number;
  platform: string | null;
  status: string;
  paid_at: number | null;
  business_date: string;
  out_order_no: string | null;
  order_no: string | null;
  paid_order_no: string | null;
}

/** "1250" (cents, as the till sends an amount) or "12.50" (dollars as typed) → cents; null for anything else. */
export function amountQueryCents(query: string): number | null {
  const q = query.trim();
  let cents: number | null = null;
  if (/^\d{1,9}$/.test(q)) cents = Number(q);
  else if (/^\d{1,7}\.\d{2}$/.test(q)) cents = Math.round(Number(q) * 100);
  return cents !== null && cents > 0 ? cents : null;
}

const SEARCH_SQL = /* sql */ `
  WITH hits AS (
    (SELECT a.till_id, a.sale_id FROM attempts a
      WHERE a.store_id = $1 AND (a.out_order_no = $2 OR a.order_no = $2))
    UNION
    (SELECT s.till_id, s.id FROM sales s
      WHERE s.store_id = $1 AND $3::bigint IS NOT NULL AND s.amount_cents = $3::bigint AND s.status = 'paid'
      ORDER BY s.created_at DESC LIMIT $4)
  )
  SELECT s.till_id, s.id, t.name AS till_name, s.amount_cents, s.platform, s.status, s.paid_at, s.business_date,
         COALESCE(pa.out_order_no, la.out_order_no) AS out_order_no,
         CASE WHEN pa.id IS NULL THEN la.order_no ELSE pa.order_no END AS order_no,
         pa.order_no AS paid_order_no
    FROM hits h
    JOIN sales s ON s.till_id = h.till_id AND s.id = h.sale_id AND s.store_id = $1
    JOIN tills t ON t.id = s.till_id
    LEFT JOIN attempts pa ON pa.till_id = s.till_id AND pa.id = s.paid_attempt_id
    LEFT JOIN LATERAL (SELECT out_order_no, order_no FROM attempts x
                        WHERE x.till_id = s.till_id AND x.sale_id = s.id
                        ORDER BY x.created_at DESC LIMIT 1) la ON true
   ORDER BY s.created_at DESC
   LIMIT $4`;

export async function searchSales(
  sql: Sql,
  storeId: string,
  query: string,
  limit: number,
): Promise<RemoteSale[]> {
  const q = query.trim();
  const { rows } = await sql.query<Row>(SEARCH_SQL, [storeId, q, amountQueryCents(q), limit]);
  const out: RemoteSale[] = [];
  for (const r of rows) {
    const paid = r.status === 'paid';
    const b = await saleBalance(sql, { tillId: r.till_id, saleId: r.id, amountCents: r.amount_cents, paid });
    out.push({
      saleId: r.id,
      tillId: r.till_id,
      tillName: r.till_name,
      outOrderNo: r.out_order_no ?? '',
      orderNo: r.order_no,
      platform: r.platform,
      amountCents: Number(r.amount_cents),
      refundedCents: b.refundedCents,
      reservedCents: b.reservedCents,
      refundableCents: paid && r.paid_order_no ? b.refundableCents : 0,
      status: r.status,
      paidAt: r.paid_at === null ? null : Number(r.paid_at),
      businessDate: r.business_date,
    });
  }
  return out;
}
