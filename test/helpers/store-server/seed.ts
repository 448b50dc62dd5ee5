/**
 * Seeds a store server's tables the way replication would leave them (stores, tills, projected sales, attempts
 * and refunds), for tests of the refund-anywhere SQL that need no till pushing. Not a stand-in for replication:
 * the cross-till tests drive real tills through it.
 */
import type { Sql } from '../../../main/store-server/db/types';

export async function seedStore(sql: Sql, id: string, name: string, at = 1_700_000_000_000): Promise<void> {
  await sql.query('INSERT INTO stores (id, name, created_at) VALUES ($1, $2, $3)', [id, name, at]);
}

export async function seedTill(
  sql: Sql,
  t: { id: string; storeId: string; name: string; posNo?: string },
  at = 1_700_000_000_000,
): Promise<void> {
  await sql.query('INSERT INTO tills (id, store_id, name, pos_no, created_at) VALUES ($1, $2, $3, $4, $5)', [
    t.id,
    t.storeId,
    t.name,
    t.posNo ?? t.id.toUpperCase(),
    at,
  ]);
}

export interface SeedSale {
  tillId: string;
  id: string;
  storeId: string;
  amountCents: number;
  status?: string;
  outOrderNo: string;
  orderNo?: string | null;
  createdAt?: number;
}

export async function seedSale(sql: Sql, s: SeedSale): Promise<void> {
  const at = s.createdAt ?? 1_700_000_000_000;
  const status = s.status ?? 'paid';
  const attemptId = `${s.id}-A`;
  await sql.query(
    `INSERT INTO sales (till_id, id, store_id, kind, amount_cents, platform, status, paid_attempt_id, created_at,
                        updated_at, paid_at, business_date, src_seq, data)
     VALUES ($1, $2, $3, 'scan', $4, 'WECHAT', $5, $6, $7, $7, $8, '2026-12-01', 1, '{}'::jsonb)`,
    [
      s.tillId,
      s.id,
      s.storeId,
      s.amountCents,
      status,
      status === 'paid' ? attemptId : null,
      at,
      status === 'paid' ? at : null,
    ],
  );
  await sql.query(
    `INSERT INTO attempts (till_id, id, sale_id, store_id, out_order_no, order_no, platform, status, created_at,
                           updated_at, src_seq, data)
     VALUES ($1, $2, $3, $4, $5, $6, 'WECHAT', $7, $8, $8, 2, '{}'::jsonb)`,
    [
      s.tillId,
      attemptId,
      s.id,
      s.storeId,
      s.outOrderNo,
      s.orderNo === undefined ? `ORD${s.outOrderNo}` : s.orderNo,
      status === 'paid' ? 'paid' : 'pending',
      at,
    ],
  );
}

export async function seedRefund(
  sql: Sql,
  r: {
    tillId: string;
    id: string;
    storeId: string;
    saleTillId: string;
    saleId: string;
    outRefundNo: string;
    amountCents: number;
    status: string;
    remote?: boolean;
  },
): Promise<void> {
  await sql.query(
    `INSERT INTO refunds (till_id, id, store_id, sale_till_id, sale_id, remote, out_refund_no, amount_cents, status,
                          created_at, updated_at, business_date, src_seq, data)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1, 1, '2026-12-01', 3, '{}'::jsonb)
     ON CONFLICT (till_id, id) DO UPDATE SET status = EXCLUDED.status`,
    [
      r.tillId,
      r.id,
      r.storeId,
      r.saleTillId,
      r.saleId,
      r.remote ?? r.tillId !== r.saleTillId,
      r.outRefundNo,
      r.amountCents,
      r.status,
    ],
  );
}
