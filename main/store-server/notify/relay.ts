/**
 * One payment notification for one store (issue 12 §3): verified with that store's merchant secret, its nonce
 * remembered in the database (so a replay is refused across restarts and across server processes), matched to
 * the till that owns the order, recorded, and relayed to that till as a `check` — a trigger only: the till asks
 * the gateway itself, because the notification's amount is not covered by its signature.
 */
import { NotificationVerifier, type NonceStore } from '../../omipay/notification';
import { serverMessageSchema, type ServerMessage } from '../../shared/store-link-protocol';
import type { StoreServerContext } from '../http/router';

export const MAX_NOTIFICATION_BYTES = 16 * 1024;
/** How long a nonce is remembered: twice the verifier's ±5 min window, the longest a replay could still pass. */
export const NONCE_TTL_MS = 600_000;

/** The tail the tills' out_order_no carry after their POS number: yyMMdd, a 4-character install id, seq5. */
const ORDER_NO_TAIL = /^\d{6}[0-9a-z]{4}\d{5}$/i;

export type RelayVerdict =
  | 'relayed'
  | 'unknown_store'
  | 'no_merchant'
  | 'too_large'
  | 'malformed'
  | 'missing_fields'
  | 'bad_signature'
  | 'stale_timestamp'
  | 'replayed_nonce'
  | 'unknown_order';

export interface RelayResult {
  verdict: RelayVerdict;
  tillId: string | null;
  delivered: boolean;
}

interface StoreRow {
  id: string;
  merchant_no: string | null;
  merchant_secret_enc: string | null;
}

/** The till that owns out_order_no in this store: by its replicated attempt, else by its POS number prefix. */
async function owningTill(
  ctx: StoreServerContext,
  storeId: string,
  outOrderNo: string,
): Promise<string | null> {
  const byAttempt = await ctx.db.query<{ till_id: string }>(
    'SELECT till_id FROM attempts WHERE store_id = $1 AND out_order_no = $2 LIMIT 1',
    [storeId, outOrderNo],
  );
  if (byAttempt.rows[0]) return byAttempt.rows[0].till_id;
  // The notification can overtake the till's own push of the attempt (it is sent the moment the customer pays).
  const tail = outOrderNo.slice(-15);
  const posNo = outOrderNo.slice(0, -15);
  if (posNo.length === 0 || !ORDER_NO_TAIL.test(tail)) return null;
  const byPrefix = await ctx.db.query<{ id: string }>(
    'SELECT id FROM tills WHERE store_id = $1 AND pos_no = $2 AND revoked_at IS NULL',
    [storeId, posNo],
  );
  return byPrefix.rows[0]?.id ?? null;
}

async function record(
  ctx: StoreServerContext,
  storeId: string,
  at: number,
  fields: {
    outOrderNo?: string | null;
    orderNo?: string | null;
    verdict: RelayVerdict;
    tillId?: string | null;
    delivered?: boolean;
  },
): Promise<void> {
  await ctx.db.query(
    `INSERT INTO notifications (store_id, received_at, out_order_no, order_no, verdict, till_id, delivered)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      storeId,
      at,
      fields.outOrderNo?.slice(0, 64) ?? null,
      fields.orderNo?.slice(0, 64) ?? null,
      fields.verdict,
      fields.tillId ?? null,
      fields.delivered ?? false,
    ],
  );
}

/** True when the nonce was not seen (or its memory expired): it is remembered from now on. */
async function rememberNonce(ctx: StoreServerContext, key: string, now: number): Promise<boolean> {
  const r = await ctx.db.query(
    `INSERT INTO notification_nonces (nonce, expires_at) VALUES ($1, $2)
     ON CONFLICT (nonce) DO UPDATE SET expires_at = EXCLUDED.expires_at
      WHERE notification_nonces.expires_at <= $3`,
    [key, now + NONCE_TTL_MS, now],
  );
  return r.rowCount === 1;
}

export async function pruneNonces(ctx: StoreServerContext, now: number): Promise<number> {
  const r = await ctx.db.query('DELETE FROM notification_nonces WHERE expires_at <= $1', [now]);
  return r.rowCount;
}

export async function relayNotification(
  ctx: StoreServerContext,
  storeId: string,
  body: Buffer | null,
  contentType: string | undefined,
): Promise<RelayResult> {
  const now = ctx.now();
  const store = (
    await ctx.db.query<StoreRow>('SELECT id, merchant_no, merchant_secret_enc FROM stores WHERE id = $1', [
      storeId,
    ])
  ).rows[0];
  if (!store) {
    // Not a store of this chain: nothing to record it against but the audit log (no body kept).
    await ctx.db.query(`INSERT INTO audit_log (at, actor, action, detail) VALUES ($1, 'omipay', $2, $3)`, [
      now,
      'notification.unknown_store',
      JSON.stringify({ storeId: storeId.slice(0, 64) }),
    ]);
    return { verdict: 'unknown_store', tillId: null, delivered: false };
  }
  const fail = async (verdict: RelayVerdict, extra: { outOrderNo?: string; orderNo?: string } = {}) => {
    await record(ctx, store.id, now, { ...extra, verdict });
    return { verdict, tillId: null, delivered: false };
  };
  if (body === null) return fail('too_large');
  if (!store.merchant_no || !store.merchant_secret_enc) return fail('no_merchant');

  let nonce: string | null = null;
  const capture: NonceStore = {
    remember(n) {
      nonce = n;
      return true;
    },
  };
  const verifier = new NotificationVerifier({
    credentials: { mNumber: store.merchant_no, secretKey: ctx.sealer.open(store.merchant_secret_enc) },
    now: ctx.now,
    maxBodyBytes: MAX_NOTIFICATION_BYTES,
    nonceTtlMs: NONCE_TTL_MS,
    nonces: capture,
  });
  const verdict = verifier.verify(body, contentType);
  if (!verdict.ok) return fail(verdict.reason);
  const n = verdict.notification;
  const ids = { outOrderNo: n.outOrderNo, orderNo: n.orderNo };
  if (nonce === null || !(await rememberNonce(ctx, `${store.id}:${nonce as string}`, now)))
    return fail('replayed_nonce', ids);

  const tillId = await owningTill(ctx, store.id, n.outOrderNo);
  if (!tillId) return fail('unknown_order', ids);
  const message = serverMessageSchema.safeParse({
    type: 'check',
    outOrderNo: n.outOrderNo,
    orderNo: n.orderNo,
    amountCents: n.amount,
    currency: n.currency,
    returnCode: n.returnCode,
  } satisfies ServerMessage);
  if (!message.success) return fail('malformed', ids);
  const delivered = ctx.links.send(tillId, message.data);
  await record(ctx, store.id, now, { ...ids, verdict: 'relayed', tillId, delivered });
  return { verdict: 'relayed', tillId, delivered };
}
