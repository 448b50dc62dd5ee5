/**
 * The till's refund-anywhere calls to its store server: the store's sales across tills, and a reservation of a
 * sale's refundable balance (main/shared/store-link-protocol.ts). Every answer is parsed with the protocol's
 * schemas; every failure is a RefundApiError whose code the till maps to its words.
 */
import {
  TILL_API_PREFIX,
  reservationSchema,
  saleSearchResponseSchema,
  tillApiErrorSchema,
  type RemoteSale,
  type Reservation,
  type ReserveRequest,
} from '../shared/store-link-protocol';

/** Where this till's store server is and how it signs in; null when the till is not enrolled. */
export interface RefundAccess {
  url: string;
  credential: string;
  tillId: string;
  tillName: string;
}

export type RefundApiErrorCode =
  'unreachable' | 'not_found' | 'not_refundable' | 'over_balance' | 'refused' | 'bad_answer';

export class RefundApiError extends Error {
  override readonly name = 'RefundApiError';
  constructor(
    readonly code: RefundApiErrorCode,
    detail: string,
    readonly refundableCents: number | null = null,
  ) {
    super(`store server refund call: ${code} (${detail})`);
  }
}

export const SALE_SEARCH_PATH = `${TILL_API_PREFIX}/sales/search`;
export const RESERVE_PATH = `${TILL_API_PREFIX}/refunds/reserve`;

async function post(access: RefundAccess, path: string, body: unknown, timeoutMs: number): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(`${access.url}${path}`, {
      method: 'POST',
      headers: {
        accept: 'application/json',
        'content-type': 'application/json',
        authorization: `Bearer ${access.credential}`,
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
  } catch (err) {
    throw new RefundApiError('unreachable', err instanceof Error ? err.message.slice(0, 120) : String(err));
  }
  let parsed: unknown = null;
  try {
    const text = await res.text();
    parsed = text ? JSON.parse(text) : null;
  } catch {
    if (res.ok) throw new RefundApiError('bad_answer', 'not JSON');
  }
  if (res.ok) return parsed;
  const e = tillApiErrorSchema.safeParse(parsed);
  const error = e.success ? e.data : null;
  // A server that is down behind its proxy, overloaded or restarting is "unreachable" to the cashier.
  if (res.status >= 500 || res.status === 429 || !error)
    throw new RefundApiError('unreachable', `HTTP ${res.status}`);
  if (error.error === 'over_balance')
    throw new RefundApiError('over_balance', error.detail ?? '', error.refundableCents ?? 0);
  if (error.error === 'not_found' || error.error === 'not_refundable')
    throw new RefundApiError(error.error, error.detail ?? '');
  throw new RefundApiError('refused', `${error.error} ${error.detail ?? ''}`.trim());
}

export async function searchStoreSales(
  access: RefundAccess,
  query: string,
  limit: number,
  timeoutMs: number,
): Promise<RemoteSale[]> {
  const r = saleSearchResponseSchema.safeParse(
    await post(access, SALE_SEARCH_PATH, { query, limit }, timeoutMs),
  );
  if (!r.success) throw new RefundApiError('bad_answer', 'unexpected search answer');
  return r.data.sales;
}

export async function reserveRefund(
  access: RefundAccess,
  request: ReserveRequest,
  timeoutMs: number,
): Promise<Reservation> {
  const r = reservationSchema.safeParse(await post(access, RESERVE_PATH, request, timeoutMs));
  if (!r.success) throw new RefundApiError('bad_answer', 'unexpected reservation answer');
  if (r.data.saleId !== request.saleId || r.data.amountCents !== request.amountCents)
    throw new RefundApiError('bad_answer', 'reservation is for another sale or amount');
  return r.data;
}
