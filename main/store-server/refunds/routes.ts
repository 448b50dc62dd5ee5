/**
 * Routes of refund anywhere (docs/store-server.md, "Refund anywhere"), for enrolled tills only:
 *   POST /api/till/v1/sales/search     the till's store's sales across its tills, with refundable balances
 *   POST /api/till/v1/refunds/reserve  holds a sale's balance for one refund and assigns its out_refund_no
 * A till only ever sees its own store: a sale of another store is "not found".
 */
import {
  TILL_API_PREFIX,
  reserveRequestSchema,
  saleSearchRequestSchema,
  type TillApiError,
} from '../../shared/store-link-protocol';
import { readJsonBody } from '../http/json-body';
import { json, type Route, type StoreServerContext } from '../http/router';
import { authenticateTill } from '../till-api/auth';
import { reserveRefund } from './reserve';
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
        }
        return json(200, outcome.reservation);
      },
    },
  ];
}
