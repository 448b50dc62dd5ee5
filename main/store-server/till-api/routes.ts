/** Routes of the till API: enrolment, cursor, pushes (docs/store-server.md, "Replication"). */
import { RateLimiter } from '../../hub/rate-limit';
import {
  MAX_PUSH_BYTES,
  TILL_API_PREFIX,
  enrolRequestSchema,
  pushRequestSchema,
  type CursorResponse,
  type PushResponse,
} from '../../shared/store-link-protocol';
import { readJsonBody } from '../http/json-body';
import { HttpError, json, type Route, type StoreServerContext } from '../http/router';
import { storeNotifyUrl } from '../notify-url';
import { tellOwnersOf } from '../refunds/elsewhere';
import { staffListForStore } from '../staff-list';
import { authenticateTill } from './auth';
import { enrolTill } from './enrol';
import { auditFailedEnrolment } from './enrol-audit';
import { ingestPush } from './ingest';

const MAX_ENROL_BYTES = 4 * 1024;

export interface TillApiOptions {
  /** Failed enrolment attempts per source address: a burst, then this many per minute (guessing is slow). */
  enrolBurst?: number;
  enrolPerMinute?: number;
}

const MAX_BLOCKED_SOURCES = 1024;

/**
 * Only failed attempts count: a manager enrolling a whole store's tills from one address is never slowed, while
 * a source that guesses codes is refused once its failures outrun the bucket, until it has refilled.
 */
function enrolGuard(o: TillApiOptions) {
  const burst = o.enrolBurst ?? 10;
  const perSecond = (o.enrolPerMinute ?? 6) / 60;
  const failures = new RateLimiter({ burst, perSecond });
  const blockedUntil = new Map<string, number>();
  return {
    blocked(source: string, now: number): boolean {
      const until = blockedUntil.get(source);
      if (until === undefined) return false;
      if (until > now) return true;
      blockedUntil.delete(source);
      return false;
    },
    failed(source: string, now: number): void {
      if (failures.take(source)) return;
      blockedUntil.set(source, now + 1000 / perSecond);
      if (blockedUntil.size > MAX_BLOCKED_SOURCES) {
        const oldest = blockedUntil.keys().next();
        if (!oldest.done) blockedUntil.delete(oldest.value);
      }
    },
  };
}

export function tillApiRoutes(o: TillApiOptions = {}): Route<StoreServerContext>[] {
  const guard = enrolGuard(o);
  return [
    {
      method: 'POST',
      path: `${TILL_API_PREFIX}/enrol`,
      async handle(r, ctx) {
        if (guard.blocked(r.source, Date.now())) {
          r.req.resume();
          return json(
            429,
            { error: 'rate_limited', detail: 'too many failed enrolment attempts' },
            { 'retry-after': '10' },
          );
        }
        try {
          const body = await readJsonBody(r.req, MAX_ENROL_BYTES, enrolRequestSchema);
          const enrolled = await enrolTill(ctx, body, r.source);
          ctx.log.info(
            { tillId: enrolled.tillId, storeId: enrolled.storeId, posNo: body.posNo },
            'till enrolled',
          );
          return json(200, enrolled);
        } catch (err) {
          if (err instanceof HttpError && err.status < 500) {
            guard.failed(r.source, Date.now());
            await auditFailedEnrolment(ctx, r.source, err);
          }
          throw err;
        }
      },
    },
    {
      method: 'GET',
      path: `${TILL_API_PREFIX}/cursor`,
      async handle(r, ctx) {
        const till = await authenticateTill(ctx, r.req);
        const { rows } = await ctx.db.query<{ last_seq: number }>(
          'SELECT last_seq FROM tills WHERE id = $1',
          [till.tillId],
        );
        const body: CursorResponse = {
          lastSeq: rows[0]?.last_seq ?? 0,
          tillId: till.tillId,
          tillName: till.tillName,
          storeId: till.storeId,
          storeName: till.storeName,
          notifyUrl: storeNotifyUrl(ctx.publicUrl, till.storeId),
          sandboxGatewayUrl: ctx.sandbox?.url ?? null,
        };
        return json(200, body);
      },
    },
    {
      // The store's staff, for the till to check PINs offline (staff-list.ts); 304 while it has this list.
      method: 'GET',
      path: `${TILL_API_PREFIX}/people`,
      async handle(r, ctx) {
        const till = await authenticateTill(ctx, r.req);
        const { body, etag } = await staffListForStore(ctx.db, till.storeId);
        if (r.req.headers['if-none-match'] === etag)
          return { status: 304, headers: { etag, 'cache-control': 'no-store' } };
        return json(200, body, { etag });
      },
    },
    {
      method: 'POST',
      path: `${TILL_API_PREFIX}/events`,
      async handle(r, ctx) {
        const till = await authenticateTill(ctx, r.req);
        const body = await readJsonBody(r.req, MAX_PUSH_BYTES, pushRequestSchema);
        const result = await ingestPush(ctx, till, body.records);
        // After the commit: the till that took a sale refunded here is told what that refund is now.
        await tellOwnersOf(ctx, result.remoteRefunds);
        const reply: PushResponse = { lastSeq: result.lastSeq };
        return json(200, reply);
      },
    },
  ];
}
