/**
 * Routes of Omipay notifications, verified and relayed to the owning till: POST /api/omipay/notify/:storeId, the
 * notify_url every till of that store sends (storeNotifyUrl in ../notify-url.ts). The one path the public
 * internet calls, so it is rate limited per source and reads at most 16 KiB.
 */
import { RateLimiter } from '../../hub/rate-limit';
import { NOTIFICATION_REPLY } from '../../omipay/notification';
import type { Reply, Route, StoreServerContext } from '../http/router';
import { NOTIFY_PATH_PREFIX } from '../notify-url';
import { readBody } from '../../shared/http-body';
import { MAX_NOTIFICATION_BYTES, pruneNonces, relayNotification, type RelayVerdict } from './relay';

/**
 * What Omipay is answered. SUCCESS stops its retries: for a relayed notification, and for an authentic one of an
 * order no till here owns (retrying would not change that). Anything that failed verification is refused, as
 * the till's own receiver does (main/runtime.ts), so a forger learns nothing but "no".
 */
const REPLY_STATUS: Record<RelayVerdict, number> = {
  relayed: 200,
  unknown_order: 200,
  unknown_store: 404,
  no_merchant: 503,
  too_large: 413,
  malformed: 400,
  missing_fields: 400,
  bad_signature: 400,
  stale_timestamp: 400,
  replayed_nonce: 400,
};

const PRUNE_EVERY_MS = 60_000;

function text(status: number, body: string): Reply {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
    body,
  };
}

export function notifyRoutes(
  limits: { burst: number; perSecond: number } = { burst: 30, perSecond: 10 },
): Route<StoreServerContext>[] {
  const limiter = new RateLimiter(limits);
  let prunedAt = 0;
  return [
    {
      method: 'POST',
      path: `${NOTIFY_PATH_PREFIX}/:storeId`,
      async handle(r, ctx) {
        if (!limiter.take(r.source)) {
          r.req.resume();
          return text(429, JSON.stringify({ return_code: 'FAIL', reason: 'rate_limited' }));
        }
        const body = await readBody(r.req, MAX_NOTIFICATION_BYTES);
        const result = await relayNotification(
          ctx,
          r.params.storeId ?? '',
          body,
          r.req.headers['content-type'],
        );
        ctx.log.info(
          {
            storeId: r.params.storeId,
            verdict: result.verdict,
            tillId: result.tillId,
            delivered: result.delivered,
          },
          'notification',
        );
        const now = ctx.now();
        if (now - prunedAt > PRUNE_EVERY_MS) {
          prunedAt = now;
          await pruneNonces(ctx, now);
        }
        const status = REPLY_STATUS[result.verdict];
        return text(
          status,
          status === 200
            ? NOTIFICATION_REPLY
            : JSON.stringify({ return_code: 'FAIL', reason: result.verdict }),
        );
      },
    },
  ];
}
