/**
 * Routes of refund anywhere (docs/store-server.md, "Refund anywhere"), for enrolled tills only:
 *   POST /api/till/v1/sales/search     the till's store's sales across its tills, with refundable balances
 *   POST /api/till/v1/refunds/reserve  holds a sale's balance for one refund and assigns its out_refund_no
 *   POST /api/till/v1/refunds/release  gives back a hold the till refused before journalling its refund
 *   GET  /api/till/v1/refunds/elsewhere?since=MS  refunds of the till's own sales made at other tills
 * A till only ever sees its own store: a sale of another store is "not found".
 */
import {
  TILL_API_PREFIX,
  releaseRequestSchema,
  reserveRequestSchema,
  saleSearchRequestSchema,
  type TillApiError,
} from '../../shared/store-link-protocol';
import { readJsonBody } from '../http/json-body';
import { HttpError, json, type Route, type StoreServerContext } from '../http/router';
import { authenticateTill } from '../till-api/auth';
import { refundsElsewhereOf, tellOwnersOf } from './elsewhere';
import { releaseUnusedReservation, reserveRefund } from './reserve';
import { searchSales } from './search';

const MAX_BODY_BYTES = 4 * 1024;

export function refundRoutes(): Route<StoreServerContext>[] {
  return [
    {
      method: 'POST',
      path: `${TILL_API_PREFIX}/sales/search`,
      async handle(r, ctx) {
        const till = await authenticateTill(ctx, r.req);
        const body = await readJsonBody(r.req, MAX_BODY_BYTES, saleSearchRequestSchema);
        const sales = await searchSales(ctx.db, till.storeId, body.query, body.limit);
        return json(200, { sales });
      },
    },
    {
      method: 'POST',
      path: `${TILL_API_PREFIX}/refunds/reserve`,
      async handle(r, ctx) {
        const till = await authenticateTill(ctx, r.req);
        const body = await readJsonBody(r.req, MAX_BODY_BYTES, reserveRequestSchema);
        const outcome = await reserveRefund(ctx.db, till, body, ctx.now());
        if (!outcome.ok) {
          const error: TillApiError = {
            error: outcome.error,
            detail: outcome.detail.slice(0, 300),
            ...(outcome.refundableCents !== undefined ? { refundableCents: outcome.refundableCents } : {}),
          };
          return json(outcome.status, error);
        }
        if (outcome.created) {
          ctx.log.info(
            {
              reservationId: outcome.reservation.reservationId,
              tillId: till.tillId,
              saleTillId: body.tillId,
              saleId: body.saleId,
              amountCents: body.amountCents,
            },
            'refund reserved',
          );
          // The till that took the sale learns at once that another till is refunding it.
          if (body.tillId !== till.tillId) await tellOwnersOf(ctx, [outcome.reservation.outRefundNo]);
        }
        return json(200, outcome.reservation);
      },
    },
    {
      method: 'POST',
      path: `${TILL_API_PREFIX}/refunds/release`,
      async handle(r, ctx) {
        const till = await authenticateTill(ctx, r.req);
        const body = await readJsonBody(r.req, MAX_BODY_BYTES, releaseRequestSchema);
        const status = await releaseUnusedReservation(ctx.db, till, body.reservationId, ctx.now());
        if (status === null)
          return json(404, { error: 'not_found', detail: 'no such reservation of this till' });
        if (status === 'released') {
          ctx.log.info({ reservationId: body.reservationId }, 'unused hold released');
          const { rows } = await ctx.db.query<{ out_refund_no: string }>(
            'SELECT out_refund_no FROM refund_reservations WHERE id = $1',
            [body.reservationId],
          );
          await tellOwnersOf(
            ctx,
            rows.map((x) => x.out_refund_no),
          );
        }
        return json(200, { reservationId: body.reservationId, status });
      },
    },
    {
      method: 'GET',
      path: `${TILL_API_PREFIX}/refunds/elsewhere`,
      async handle(r, ctx) {
        const till = await authenticateTill(ctx, r.req);
        const sinceText = r.url.searchParams.get('since') ?? '0';
        if (!/^\d{1,15}$/.test(sinceText)) {
          throw new HttpError(400, { error: 'invalid_request', detail: 'since: a time in ms' });
        }
        const refunds = await refundsElsewhereOf(ctx.db, till.tillId, Number(sinceText));
        return json(200, { refunds });
      },
    },
  ];
}
