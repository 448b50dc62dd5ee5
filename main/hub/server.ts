/**
 * Hub mode: the same PosService any Electron window gets, offered to a browser over HTTP + one WebSocket.
 * Serves the built renderer with a strict CSP, speaks the ./protocol frames on /pos, and forwards Omipay's
 * payment notifications to the runtime. Binds to loopback unless told otherwise; beyond loopback every page
 * and socket request must carry the pairing token.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import type { Duplex } from 'node:stream';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { RateLimiter } from './rate-limit';
import { readBody } from '../shared/http-body';
import { fileURLToPath } from 'node:url';
import { WebSocketServer, type WebSocket } from 'ws';
import { BOOT_SNAPSHOT_ID, type PosApi } from '../../preload/api';
import { HubConnection, type HubLog } from './connection';
import { CustomerConnection, type CustomerDisplaySource } from './customer-connection';
import { CUSTOMER_BOOT_ID, CUSTOMER_PAGE_PATH, CUSTOMER_SOCKET_PATH } from '../../preload/customer-display';
import { DEFAULT_NOTIFICATION_PATH, HUB_SOCKET_PATH, MAX_FRAME_BYTES } from './protocol';
import {
  SECURITY_HEADERS,
  allowedHostHeaders,
  contentSecurityPolicy,
  isAllowedHost,
  isSameOrigin,
  resolveBindPolicy,
  tokensEqual,
} from './security';
import { lookupStatic, openStatic } from './static-files';

/** What the hub needs of the runtime (main/runtime.ts's PosRuntime has it). */
export interface HubRuntime {
  api: PosApi;
  handleNotification(
    body: Buffer,
    contentType: string | undefined,
  ): Promise<{ status: number; body: string }>;
  /** The customer-facing display's feed; without it there is no /customer page. */
  customerDisplay?: CustomerDisplaySource;
}

export interface HubOptions {
  runtime: HubRuntime;
  /** Interface to listen on; default 127.0.0.1. Anything beyond loopback requires (or generates) a pairing token. */
  host?: string;
  /** TCP port; default 0 (any free port). */
  port?: number;
  /** Built renderer; default dist/renderer at the repository root. */
  staticDir?: string;
  /** Required as `?token=` by the page and the socket; generated when the hub listens beyond loopback. */
  pairingToken?: string;
  /** Where Omipay POSTs payment notifications; default /omipay/notify. */
  notificationPath?: string;
  /** Extra host names browsers may use to reach the hub (e.g. "pos.local"). */
  allowedHosts?: readonly string[];
  log?: HubLog;
}

export interface HubHandle {
  /** The page's address (with `?token=` when pairing is on). */
  url: string;
  port: number;
  /** The token browsers must present, or null on a loopback hub without pairing. */
  pairingToken: string | null;
  close(): Promise<void>;
}

export const DEFAULT_STATIC_DIR = fileURLToPath(new URL('../../dist/renderer', import.meta.url));
/** A real notification is under 1 KiB; the verifier refuses more than 16 KiB anyway, so read no more. */
const MAX_NOTIFICATION_BYTES = 16 * 1024;
/** Omipay sends one notification per paid order and retries a few times: far below this per source. */
const NOTIFICATION_RATE = { burst: 30, perSecond: 10 };
/** Sockets the hub holds at once, and per client address. Past either, the idlest socket makes room. */
export const MAX_SOCKETS = 32;
export const MAX_SOCKETS_PER_CLIENT = 8;
/** Customer-facing displays (read-only /customer pages) the hub serves at once. */
export const MAX_CUSTOMER_SOCKETS = 8;
/** Close code for a socket dropped to make room (RFC 6455 "try again later"). */
export const EVICTED_CLOSE_CODE = 1013;
const HEARTBEAT_MS = 30_000;

const silentLog: HubLog = { info: () => undefined, warn: () => undefined };

export async function startHub(options: HubOptions): Promise<HubHandle> {
  const host = options.host ?? '127.0.0.1';
  const staticDir = resolve(options.staticDir ?? DEFAULT_STATIC_DIR);
  const notificationPath = options.notificationPath ?? DEFAULT_NOTIFICATION_PATH;
  if (!/^\/[A-Za-z0-9/_.-]{0,200}$/.test(notificationPath) || notificationPath === HUB_SOCKET_PATH) {
    throw new Error(`notificationPath must be a plain absolute path other than ${HUB_SOCKET_PATH}`);
  }
  const { pairingToken } = resolveBindPolicy(host, options.pairingToken);
  const log = options.log ?? silentLog;
  const { runtime } = options;

  // Filled in once listening: the Host check needs the real port.
  let allowedHosts: ReadonlySet<string> = new Set();
  const connections = new Set<HubConnection>();
  const notificationLimiter = new RateLimiter(NOTIFICATION_RATE);
  /** Who each socket belongs to and when it last asked for anything: the idlest ones go first. */
  const meta = new Map<HubConnection, { client: string; openedAt: number; lastRequestAt: number | null }>();
  const customerConnections = new Set<CustomerConnection>();

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_FRAME_BYTES,
    // Compression buys nothing for small frames and opens the door to decompression bombs.
    perMessageDeflate: false,
    clientTracking: false,
  });

  const server = createServer((req, res) => {
    handleHttp(req, res).catch((err: unknown) => {
      log.warn({ err: err instanceof Error ? err.message : String(err) }, 'hub request failed');
      if (!res.headersSent) sendPlain(res, 500, 'Internal error');
      else res.destroy();
    });
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = parseRequestUrl(req.url);
    if (url === null) return sendPlain(res, 400, 'Bad request');

    // Omipay's servers call this path through whatever public name forwards to us: no Host or token check,
    // the runtime verifies the signature and cross-checks the order.
    if (url.pathname === notificationPath) return handleNotification(req, res);

    if (!isAllowedHost(req.headers.host, allowedHosts)) return sendPlain(res, 421, 'Unknown host');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return sendPlain(res, 405, 'Method not allowed');
    }
    // The customer display's page: its own small entry, carrying the display state, never the cashier's data.
    const customerPage = url.pathname === CUSTOMER_PAGE_PATH || url.pathname === `${CUSTOMER_PAGE_PATH}.html`;
    if (customerPage && runtime.customerDisplay === undefined) return sendPlain(res, 404, 'Not found');
    const found = await lookupStatic(staticDir, customerPage ? `${CUSTOMER_PAGE_PATH}.html` : url.pathname);
    if (found.kind === 'bad-request') return sendPlain(res, 400, 'Bad request');
    if (found.kind === 'not-found') {
      if (url.pathname === '/') {
        return sendPlain(
          res,
          503,
          'The cashier screens are not built yet: run `npm run build`, then reload.',
        );
      }
      return sendPlain(res, 404, 'Not found');
    }
    if (found.isPage && pairingToken !== null && !tokensEqual(pairingToken, url.searchParams.get('token'))) {
      return sendPlain(res, 401, 'This POS hub needs the pairing link shown on its console.');
    }

    applySecurityHeaders(res);
    if (found.isPage)
      res.setHeader('Content-Security-Policy', contentSecurityPolicy(req.headers.host as string));
    res.setHeader('Content-Type', found.contentType);
    if (found.isPage) {
      // The page carries the core's snapshot as a JSON data block, so the screen can draw before its socket is
      // open (a cold browser takes a few hundred ms to open one). Data blocks never execute: the CSP stands.
      const page =
        customerPage && runtime.customerDisplay !== undefined
          ? await pageWithBootBlock(found.path, CUSTOMER_BOOT_ID, runtime.customerDisplay.state())
          : await pageWithBootSnapshot(found.path, runtime);
      res.setHeader('Content-Length', String(page.length));
      res.setHeader('Cache-Control', 'no-store');
      res.statusCode = 200;
      return void res.end(req.method === 'HEAD' ? undefined : page);
    }
    res.setHeader('Content-Length', String(found.size));
    res.setHeader(
      'Cache-Control',
      found.immutable ? 'public, max-age=31536000, immutable' : found.isPage ? 'no-store' : 'no-cache',
    );
    res.statusCode = 200;
    if (req.method === 'HEAD') return void res.end();
    const stream = openStatic(found.path);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  }

  async function handleNotification(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      return sendPlain(res, 405, 'Method not allowed');
    }
    if (!notificationLimiter.take(req.socket.remoteAddress ?? 'unknown')) {
      res.setHeader('Retry-After', '1');
      return sendPlain(res, 429, 'Too many requests');
    }
    const body = await readBody(req, MAX_NOTIFICATION_BYTES);
    if (body === null) return sendPlain(res, 413, 'Payload too large');
    const reply = await runtime.handleNotification(body, req.headers['content-type']);
    applySecurityHeaders(res);
    res.statusCode = reply.status;
    res.setHeader(
      'Content-Type',
      looksLikeJson(reply.body) ? 'application/json' : 'text/plain; charset=utf-8',
    );
    res.setHeader('Cache-Control', 'no-store');
    res.end(reply.body);
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const refusal = refuseUpgrade(req);
    if (refusal !== null) {
      log.warn({ status: refusal.status, why: refusal.why }, 'hub socket refused');
      socket.end(
        `HTTP/1.1 ${refusal.status} ${refusal.why}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
        'latin1',
      );
      return;
    }
    const client = req.socket.remoteAddress ?? 'unknown';
    wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      if (new URL(req.url ?? '/', 'http://hub.invalid').pathname === CUSTOMER_SOCKET_PATH) {
        const display = runtime.customerDisplay;
        if (display === undefined) return ws.close(1011, 'no customer display');
        const viewer = new CustomerConnection(ws, display, log);
        customerConnections.add(viewer);
        ws.on('close', () => customerConnections.delete(viewer));
        return;
      }
      // Room is made before the new socket counts: a page always gets in, at the cost of the idlest socket.
      makeRoom(client);
      const connection = new HubConnection(ws, runtime.api, log);
      const info = { client, openedAt: Date.now(), lastRequestAt: null as number | null };
      connections.add(connection);
      meta.set(connection, info);
      ws.on('message', () => {
        info.lastRequestAt = Date.now();
      });
      ws.on('close', () => {
        connections.delete(connection);
        meta.delete(connection);
      });
    });
  });

  function refuseUpgrade(req: IncomingMessage): { status: number; why: string } | null {
    const url = parseRequestUrl(req.url);
    const customer = url?.pathname === CUSTOMER_SOCKET_PATH && runtime.customerDisplay !== undefined;
    if (url === null || (url.pathname !== HUB_SOCKET_PATH && !customer)) {
      return { status: 404, why: 'Not Found' };
    }
    if (!isAllowedHost(req.headers.host, allowedHosts)) return { status: 421, why: 'Misdirected Request' };
    if (!isSameOrigin(req.headers.origin, req.headers.host)) return { status: 403, why: 'Forbidden' };
    if (pairingToken !== null && !tokensEqual(pairingToken, url.searchParams.get('token'))) {
      return { status: 401, why: 'Unauthorized' };
    }
    // Customer displays have a pool of their own: they can never crowd out the cashier's page.
    if (customer && url.pathname === CUSTOMER_SOCKET_PATH && customerConnections.size >= MAX_CUSTOMER_SOCKETS)
      return { status: 503, why: 'Service Unavailable' };
    return null;
  }

  /**
   * Keeps a client under its own cap and the hub under the total by dropping the idlest sockets: first those
   * that never asked for anything, oldest first; then those silent the longest. A flood of idle sockets can
   * therefore never keep the cashier's page out.
   */
  function makeRoom(client: string): void {
    const idlest = (pool: HubConnection[]): HubConnection | undefined =>
      pool.sort((a, b) => idleRank(meta.get(a)) - idleRank(meta.get(b)))[0];
    const mine = [...connections].filter((c) => meta.get(c)?.client === client);
    while (mine.length >= MAX_SOCKETS_PER_CLIENT) {
      const victim = idlest(mine);
      if (!victim) break;
      mine.splice(mine.indexOf(victim), 1);
      evict(victim);
    }
    while (connections.size >= MAX_SOCKETS) {
      const victim = idlest([...connections]);
      if (!victim) break;
      evict(victim);
    }
  }

  function evict(connection: HubConnection): void {
    connections.delete(connection);
    meta.delete(connection);
    log.warn({}, 'hub socket dropped to make room for a new one');
    const ws = connection.ws;
    const timer = setTimeout(() => ws.terminate(), 1000);
    timer.unref();
    ws.once('close', () => clearTimeout(timer));
    ws.close(EVICTED_CLOSE_CODE, 'too many sockets: this idle one made room');
  }

  const unsubscribe = runtime.api.onEvent((event) => {
    for (const connection of connections) connection.sendEvent(event);
  });

  // Dead LAN peers (a tablet that slept) never send a close frame; pings find them.
  const heartbeat = setInterval(() => {
    for (const connection of [...connections, ...customerConnections]) {
      if (!connection.alive) {
        connection.ws.terminate();
        continue;
      }
      connection.alive = false;
      connection.ws.ping();
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();

  try {
    await new Promise<void>((resolveListen, rejectListen) => {
      server.once('error', rejectListen);
      server.listen(options.port ?? 0, host, () => {
        server.off('error', rejectListen);
        resolveListen();
      });
    });
  } catch (err) {
    clearInterval(heartbeat);
    unsubscribe();
    throw err;
  }
  server.on('error', (err) => log.warn({ err: err.message }, 'hub server error'));

  const port = (server.address() as AddressInfo).port;
  allowedHosts = allowedHostHeaders(host, port, options.allowedHosts ?? []);
  const url = pageUrl(host, port, pairingToken);

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      clearInterval(heartbeat);
      unsubscribe();
      await Promise.all([...connections, ...customerConnections].map((c) => closeSocket(c.ws)));
      await new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      });
      wss.close();
    })();
    return closing;
  };

  return { url, port, pairingToken, close };
}

/** Smaller is idler: never used (by age), then by the time of the last request. */
function idleRank(m: { openedAt: number; lastRequestAt: number | null } | undefined): number {
  if (!m) return -Infinity;
  return m.lastRequestAt === null ? m.openedAt - 1e15 : m.lastRequestAt;
}

/** The address to print for people: a loopback hub is "127.0.0.1"; a LAN hub its first LAN address. */
function pageUrl(host: string, port: number, token: string | null): string {
  const shown = host === '0.0.0.0' || host === '::' ? (firstLanAddress() ?? '127.0.0.1') : host;
  const hostPart = shown.includes(':') ? `[${shown}]` : shown;
  const query = token === null ? '' : `?token=${encodeURIComponent(token)}`;
  return `http://${hostPart}:${port}/${query}`;
}

function firstLanAddress(): string | null {
  for (const list of Object.values(networkInterfacesSafe())) {
    for (const info of list ?? []) {
      if (!info.internal && info.family === 'IPv4') return info.address;
    }
  }
  return null;
}

function networkInterfacesSafe(): ReturnType<typeof networkInterfaces> {
  try {
    return networkInterfaces();
  } catch {
    return {};
  }
}

function parseRequestUrl(raw: string | undefined): URL | null {
  if (raw === undefined || !raw.startsWith('/') || raw.length > 2048) return null;
  try {
    return new URL(raw, 'http://hub.invalid');
  } catch {
    return null;
  }
}

function applySecurityHeaders(res: ServerResponse): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
}

function sendPlain(res: ServerResponse, status: number, text: string): void {
  applySecurityHeaders(res);
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(text);
}

function looksLikeJson(text: string): boolean {
  const t = text.trimStart();
  return t.startsWith('{') || t.startsWith('[');
}

function closeSocket(ws: WebSocket): Promise<void> {
  return new Promise((done) => {
    if (ws.readyState === ws.CLOSED) return done();
    const timer = setTimeout(() => ws.terminate(), 1000);
    ws.once('close', () => {
      clearTimeout(timer);
      done();
    });
    ws.close(1001, 'hub shutting down');
  });
}

async function pageWithBootSnapshot(path: string, runtime: HubRuntime): Promise<Buffer> {
  const snapshot = await runtime.api.getSnapshot();
  if (!snapshot.ok) return readFile(path);
  return pageWithBootBlock(path, BOOT_SNAPSHOT_ID, snapshot.value);
}

async function pageWithBootBlock(path: string, id: string, value: unknown): Promise<Buffer> {
  const html = await readFile(path, 'utf8');
  // "<" escaped so no value can close the element; the JSON stays valid.
  const json = JSON.stringify(value).replace(/</g, '\\u003c');
  const block = `<script id="${id}" type="application/json">${json}</script>`;
  return Buffer.from(html.replace('</head>', `${block}</head>`));
}
