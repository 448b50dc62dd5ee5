/**
 * Reserving a refundable balance (refund anywhere): in ONE transaction the sale row is locked (FOR UPDATE, so
 * every reserve of one sale queues behind the other), the balance read, and the hold written. Two tills
 * refunding one sale at once can therefore never hold more than was paid. Idempotent on (requesting till,
 * requestId): a till that retries after a lost reply gets the same reservation and out_refund_no back.
 */
import type { Reservation, ReserveRequest } from '../../shared/store-link-protocol';
import type { Sql, StoreDb } from '../db/types';
import { audit } from '../admin';
import { saleBalance } from './balance';
import { newReservationId, newServerOutRefundNo } from './out-refund-no';

export interface RequestingTill {
  tillId: string;
  storeId: string;
}

export type ReserveRefusal = {
  ok: false;
  status: 404 | 409;
  error: 'not_found' | 'not_refundable' | 'over_balance' | 'invalid_request';
  detail: string;
  refundableCents?: number;
};

export type ReserveOutcome = { ok: true; reservation: Reservation; created: boolean } | ReserveRefusal;

interface SaleRow {
  store_id: string;
  amount_cents: number;
  status: string;
  paid_attempt_id: string | null;
  time_zone: string;
  owner_name: string;
}

interface HeldRow {
  id: string;
  sale_till_id: string;
  sale_id: string;
  out_refund_no: string;
  amount_cents: number;
  status: string;
}

const UNIQUE_VIOLATION = '23505';

function refuse(
  status: 404 | 409,
  error: ReserveRefusal['error'],
  detail: string,
  refundableCents?: number,
): ReserveRefusal {
  return { ok: false, status, error, detail, ...(refundableCents !== undefined ? { refundableCents } : {}) };
}

async function attempt(
  tx: Sql,
  till: RequestingTill,
  req: ReserveRequest,
  now: number,
): Promise<ReserveOutcome> {
  const sale = (
    await tx.query<SaleRow>(
      `SELECT s.store_id, s.amount_cents, s.status, s.paid_attempt_id, st.time_zone, t.name AS owner_name
         FROM sales s JOIN tills t ON t.id = s.till_id JOIN stores st ON st.id = s.store_id
        WHERE s.till_id = $1 AND s.id = $2
          FOR UPDATE OF s`,
      [req.tillId, req.saleId],
    )
  ).rows[0];
  // Another store's sale is not found, not "forbidden": a till learns nothing about other stores.
  if (!sale || sale.store_id !== till.storeId) return refuse(404, 'not_found', 'no such sale in this store');

  const orderNo =
    sale.paid_attempt_id === null
      ? null
      : ((
          await tx.query<{ order_no: string | null }>(
            'SELECT order_no FROM attempts WHERE till_id = $1 AND id = $2',
            [req.tillId, sale.paid_attempt_id],
          )
        ).rows[0]?.order_no ?? null);

  // Checked after the lock: a retry racing its first try sees the first try's row here.
  const previous = (
    await tx.query<HeldRow>(
      `SELECT id, sale_till_id, sale_id, out_refund_no, amount_cents, status FROM refund_reservations
        WHERE requesting_till_id = $1 AND request_id = $2`,
      [till.tillId, req.requestId],
    )
  ).rows[0];
  const paid = sale.status === 'paid';
  const balance = await saleBalance(tx, {
    tillId: req.tillId,
    saleId: req.saleId,
    amountCents: Number(sale.amount_cents),
    paid,
  });
  if (previous) {
    if (
      previous.sale_till_id !== req.tillId ||
      previous.sale_id !== req.saleId ||
      Number(previous.amount_cents) !== req.amountCents
    ) {
      return refuse(409, 'invalid_request', 'requestId already used for another refund');
    }
    return {
      ok: true,
      created: false,
      reservation: {
        reservationId: previous.id,
        outRefundNo: previous.out_refund_no,
        saleId: req.saleId,
        orderNo: orderNo ?? '',
        amountCents: req.amountCents,
        ownerTillId: req.tillId,
        ownerTillName: sale.owner_name,
        refundableAfterCents: balance.refundableCents,
      },
    };
  }

  if (!paid) return refuse(409, 'not_refundable', `sale is ${sale.status}, not paid`);
  if (!orderNo) return refuse(409, 'not_refundable', 'the payment has no Omipay order number yet');
  if (req.amountCents > balance.refundableCents) {
    return refuse(
      409,
      'over_balance',
      `refundable ${balance.refundableCents}, asked ${req.amountCents}`,
      balance.refundableCents,
    );
  }

  const id = newReservationId(now);
  const outRefundNo = newServerOutRefundNo(now, sale.time_zone);
  await tx.query(
    `INSERT INTO refund_reservations (id, store_id, sale_till_id, sale_id, requesting_till_id, request_id,
                                      out_refund_no, amount_cents, reason, status, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'held', $10)`,
    [
      id,
      till.storeId,
      req.tillId,
      req.saleId,
      till.tillId,
      req.requestId,
      outRefundNo,
      req.amountCents,
      req.reason,
      now,
    ],
  );
  await audit(tx, now, `till:${till.tillId}`, 'refund_reserve', {
    storeId: till.storeId,
    tillId: till.tillId,
    saleTillId: req.tillId,
    saleId: req.saleId,
    amountCents: req.amountCents,
    outRefundNo,
  });
  return {
    ok: true,
    created: true,
    reservation: {
      reservationId: id,
      outRefundNo,
      saleId: req.saleId,
      orderNo,
      amountCents: req.amountCents,
      ownerTillId: req.tillId,
      ownerTillName: sale.owner_name,
      refundableAfterCents: balance.refundableCents - req.amountCents,
    },
  };
}

export async function reserveRefund(
  db: StoreDb,
  till: RequestingTill,
  req: ReserveRequest,
  now: number,
): Promise<ReserveOutcome> {
  // A unique violation means a twin request (same requestId, another sale row) or a drawn out_refund_no that
  // exists: run again, and the twin's row is found or a new number drawn.
  for (let tries = 1; ; tries++) {
    try {
      return await db.transaction((tx) => attempt(tx, till, req, now));
    } catch (err) {
      if ((err as { code?: unknown }).code !== UNIQUE_VIOLATION || tries >= 3) throw err;
    }
  }
}

/**
 * Releases a hold its till never used (refused on the till before journalling). Refused (stays held) when any
 * till's refund with its out_refund_no has replicated: then money may have moved, and only its final status
 * settles it. Null when the reservation is not the caller's.
 */
export async function releaseUnusedReservation(
  db: StoreDb,
  till: RequestingTill,
  reservationId: string,
  now: number,
): Promise<'held' | 'refunded' | 'released' | null> {
  return db.transaction(async (tx) => {
    const h = (
      await tx.query<{ status: 'held' | 'refunded' | 'released'; out_refund_no: string }>(
        `SELECT status, out_refund_no FROM refund_reservations
          WHERE id = $1 AND requesting_till_id = $2 FOR UPDATE`,
        [reservationId, till.tillId],
      )
    ).rows[0];
    if (!h) return null;
    if (h.status !== 'held') return h.status;
    const used = await tx.query('SELECT 1 FROM refunds WHERE out_refund_no = $1 LIMIT 1', [h.out_refund_no]);
    if (used.rows.length > 0) return 'held';
    await tx.query(`UPDATE refund_reservations SET status = 'released', settled_at = $2 WHERE id = $1`, [
      reservationId,
      now,
    ]);
    return 'released';
  });
}
