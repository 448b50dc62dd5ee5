/**
 * The store server's routes: method + path pattern (`:name` segments) → handler. Small on purpose (a dozen
 * routes, no middleware chain), so node:http serves it directly, as the hub does; every handler gets the same
 * context and answers with a Reply, and the server turns thrown HttpErrors into their JSON bodies.
 */
import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import type { StoreDb } from '../db/types';
import type { TillLinks } from '../links';
import type { SecretSealer } from '../secret-seal';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface RouteRequest {
  req: IncomingMessage;
  url: URL;
  params: Record<string, string>;
  /** The client's address (for rate limits and the audit log): the proxy's X-Forwarded-For when trusted. */
  source: string;
  /** The socket's own address (the admin API's loopback check). */
  peer: string;
}

export interface Route<C> {
  method: Method;
  path: string;
  handle(r: RouteRequest, ctx: C): Promise<Reply>;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(`${status} ${JSON.stringify(body).slice(0, 200)}`);
  }
}

export function json(status: number, value: unknown, headers: Record<string, string> = {}): Reply {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
    body: JSON.stringify(value),
  };
}

interface Compiled<C> {
  route: Route<C>;
  parts: string[];
}

export class Router<C> {
  private readonly routes: Compiled<C>[] = [];

  add(...routes: Route<C>[]): this {
    for (const route of routes) this.routes.push({ route, parts: route.path.split('/') });
    return this;
  }

  /** The route for a request, its path parameters, and whether the path exists under another method. */
  match(
    method: string,
    pathname: string,
  ): { route: Route<C>; params: Record<string, string> } | 'wrong_method' | null {
    const segs = pathname.split('/');
    let pathKnown = false;
    for (const c of this.routes) {
      if (c.parts.length !== segs.length) continue;
      const params: Record<string, string> = {};
      const ok = c.parts.every((p, i) => {
        const s = segs[i]!;
        if (p.startsWith(':')) {
          if (s.length === 0 || s.length > 128) return false;
          params[p.slice(1)] = decodePathSegment(s);
          return true;
        }
        return p === s;
      });
      if (!ok) continue;
      if (c.route.method === method) return { route: c.route, params };
      pathKnown = true;
    }
    return pathKnown ? 'wrong_method' : null;
  }
}

/** A path parameter as sent; a malformed %-escape is the caller's mistake (400), never the server's. */
function decodePathSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw new HttpError(400, { error: 'invalid_request', detail: 'malformed %-escape in the path' });
  }
}

/** What every handler is given. */
export interface StoreServerContext {
  db: StoreDb;
  now(): number;
  log: Logger;
  /** The URL Omipay and the tills reach this server at (`--public-url`), when known. */
  publicUrl: string | null;
  dataDir: string;
  /** Omipay's base URL for the server's own queries (reconciliation); the tills' sandbox in tests. */
  gatewayBaseUrl: string;
  /**
   * The store's shared Omipay sandbox (`--sandbox`), else null. Its URL is handed to enrolling tills (which use
   * it only when they have no live credentials) and its merchant is what every till here signs with.
   */
  sandbox: { url: string; merchant: { mNumber: string; secretKey: string } } | null;
  links: TillLinks;
  sealer: SecretSealer;
}
