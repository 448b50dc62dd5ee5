/**
 * What a browser sees when a request fails on the server's side: a page in words (the database is away, or
 * something else went wrong), never `{"error":"server_error"}`. API clients (the tills, the JSON twins, the
 * live fragments) keep the JSON body they parse.
 */
import type { IncomingMessage } from 'node:http';
import { json, type Reply, type StoreServerContext } from '../http/router';
import { languageOf } from './auth';
import { page } from './html';
import { layout, refusalBox } from './pages/layout';

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EPIPE',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '08000',
  '08001',
  '08003',
  '08006',
]);

/** True when the error says the database cannot be reached (rather than a fault in this server's code). */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && CONNECTION_CODES.has(code)) return true;
    const message = e instanceof Error ? e.message : '';
    if (/Connection terminated|connection is closed|Client has encountered a connection error/i.test(message))
      return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

function wantsPage(req: IncomingMessage, url: URL): boolean {
  if (!url.pathname.startsWith('/web/') && url.pathname !== '/') return false;
  if (url.pathname.startsWith('/web/api/') || url.pathname.endsWith('/fragment')) return false;
  return /text\/html/.test(req.headers.accept ?? '') || req.method === 'POST';
}

export function failureReply(
  ctx: Pick<StoreServerContext, 'publicUrl'>,
  req: IncomingMessage,
  url: URL,
  err: unknown,
): Reply {
  const database = isDatabaseUnavailable(err);
  const status = database ? 503 : 500;
  if (!wantsPage(req, url))
    return json(status, { error: database ? 'database_unavailable' : 'server_error' });
  const lang = languageOf(req);
  const key = database ? 'errDatabase' : 'errServer';
  return page(
    ctx as StoreServerContext,
    status,
    layout({ lang, session: null, here: url.pathname }, '', refusalBox(lang, key)),
  );
}
