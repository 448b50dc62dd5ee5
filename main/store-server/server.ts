/**
 * The store server (docs/store-server.md): one HTTP server for the tills' API, Omipay's notifications and the
 * managers' pages, on PGlite in the data directory or on the PostgreSQL that DATABASE_URL names. No till
 * depends on it to sell: it is where their journals meet.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino, { type Logger } from 'pino';
import { OMIPAY_BASE_URLS } from '../omipay/base-url';
import { openStoreDb } from './db/open';
import type { StoreDb } from './db/types';
import { HttpError, Router, json, type Reply, type StoreServerContext } from './http/router';
import type { TillLinks } from './links';
import { loadServerKey, secretSealer } from './secret-seal';
import { tillApiRoutes } from './till-api/routes';
import { refundRoutes } from './refunds/routes';
import { notifyRoutes } from './notify/routes';
import { webRoutes } from './web/routes';
import { createTillLinks, type TillLinkOptions } from './till-api/links';
import { reprojectPending } from './till-api/project';
import { adminRoutes } from './admin-api';
import { clientAddress, parseTrustedProxies } from './http/client-address';
import { failureReply } from './web/failure-page';
import { startSharedSandbox, type SharedSandbox } from './shared-sandbox';

const LIVE_GATEWAY_URL = OMIPAY_BASE_URLS.AU;

export interface StoreServerOptions {
  dataDir: string;
  /** postgres://… ; default: PGlite in `<dataDir>/pgdata`. */
  databaseUrl?: string | undefined;
  /** Default 127.0.0.1: put HTTPS in front (docs/store-server.md) before listening beyond loopback. */
  host?: string;
  /** Default 0 (any free port). */
  port?: number;
  /** The URL tills and Omipay reach this server at (its notify_url is built from it). */
  publicUrl?: string | null;
  /** Omipay's base URL for reconciliation queries; default the live AU gateway. */
  gatewayBaseUrl?: string;
  /**
   * Run one Omipay sandbox for the whole store (`--sandbox`): reconciliation asks it, and tills without live
   * credentials enrolled here take their payments through it. Never together with gatewayBaseUrl.
   */
  sandbox?: { port?: number };
  env?: NodeJS.ProcessEnv;
  log?: Logger;
  now?: () => number;
  /** An already-open database (tests that share one across restarts). */
  db?: StoreDb;
  /** When set, the CLI's admin commands are served on loopback with this token (admin-api.ts). */
  adminToken?: string;
  /** The tills' WebSocket links: heartbeat and buffer bounds (tests shorten the heartbeat). */
  links?: TillLinkOptions;
  /**
   * Addresses of reverse proxies whose X-Forwarded-For is believed (default: STORE_SERVER_TRUSTED_PROXIES,
   * comma-separated; none). From any other address the header is ignored.
   */
  trustedProxies?: string[];
}

export interface StoreServerHandle {
  readonly url: string;
  readonly port: number;
  readonly db: StoreDb;
  readonly context: StoreServerContext;
  close(): Promise<void>;
}

export async function startStoreServer(o: StoreServerOptions): Promise<StoreServerHandle> {
  const env = o.env ?? process.env;
  const log =
    o.log ?? pino({ level: env.LOG_LEVEL ?? 'info', redact: ['*.password', '*.credential', '*.secretKey'] });
  const db =
    o.db ?? (await openStoreDb({ dataDir: o.dataDir, databaseUrl: o.databaseUrl ?? env.DATABASE_URL }));
  const now = o.now ?? Date.now;
  if (o.sandbox && o.gatewayBaseUrl)
    throw new Error('a store server runs its own sandbox or queries a gateway, not both');
  const trusted = new Set(o.trustedProxies ?? parseTrustedProxies(env.STORE_SERVER_TRUSTED_PROXIES));
  // Records kept from before an upgrade that taught this server their version.
  await reprojectPending(db, log, now);
  const sealer = secretSealer(loadServerKey(o.dataDir, env));
  const sandbox: SharedSandbox | null = o.sandbox
    ? await startSharedSandbox({ host: o.host ?? '127.0.0.1', port: o.sandbox.port ?? 0, log })
    : null;
  const base: Omit<StoreServerContext, 'links'> = {
    db,
    now,
    log,
    publicUrl: o.publicUrl ?? null,
    dataDir: o.dataDir,
    gatewayBaseUrl: sandbox?.url ?? o.gatewayBaseUrl ?? env.OMIPAY_BASE_URL ?? LIVE_GATEWAY_URL,
    sandbox: sandbox && { url: sandbox.url, merchant: sandbox.merchant },
    sealer,
  };
  const links: TillLinks = createTillLinks(base, o.links);
  const context: StoreServerContext = { ...base, links };
  const router = new Router<StoreServerContext>().add(
    ...tillApiRoutes(),
    ...refundRoutes(),
    ...notifyRoutes(),
    ...webRoutes(),
    ...(o.adminToken ? adminRoutes(o.adminToken) : []),
  );

  const server = createServer((req, res) => void serve(req, res));
  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let reply: Reply;
    let url = new URL('http://store-server/');
    try {
      url = new URL(req.url ?? '/', 'http://store-server');
      const m = router.match(req.method ?? 'GET', url.pathname);
      if (m === null) reply = json(404, { error: 'not_found' });
      else if (m === 'wrong_method')
        reply = json(405, { error: 'invalid_request', detail: 'method not allowed' });
      else {
        const peer = req.socket.remoteAddress ?? 'unknown';
        const source = clientAddress(peer, req.headers['x-forwarded-for'], trusted);
        reply = await m.route.handle({ req, url, params: m.params, source, peer }, context);
      }
    } catch (err) {
      if (err instanceof HttpError) reply = json(err.status, err.body);
      else {
        log.error({ err: String(err), path: req.url?.split('?')[0] }, 'store server: request failed');
        reply = failureReply(context, req, url, err);
      }
    }
    if (res.headersSent) return;
    res.writeHead(reply.status, {
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      ...reply.headers,
    });
    res.end(reply.body);
  }
  server.on('upgrade', (req, socket, head) => {
    const path = (req.url ?? '').split('?')[0];
    if (path === '/api/till/v1/link') links.upgrade(req, socket, head);
    else socket.destroy();
  });
  server.headersTimeout = 15_000;
  server.requestTimeout = 30_000;

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(o.port ?? 0, o.host ?? '127.0.0.1', () => resolve());
    });
  } catch (err) {
    await sandbox?.close();
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  const host = o.host ?? '127.0.0.1';
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  log.info({ url, database: db.kind, sandbox: sandbox?.url ?? null }, 'store server listening');

  return {
    url,
    port,
    db,
    context,
    async close() {
      await links.close();
      // Stop accepting, let requests in flight finish for a moment (a push commits or rolls back whole), then
      // cut what is left: a till's keep-alive socket must never hold a shutdown open.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const grace = new Promise<void>((resolve) => setTimeout(resolve, 3_000).unref());
      await Promise.race([closed, grace]);
      server.closeAllConnections();
      await closed;
      await sandbox?.close();
      if (!o.db) await db.close();
    },
  };
}
