/**
 * The Terminal API's HTTP listener, beside the hub: JSON under /api/v1/, routed from ./operations. Loopback only
 * by default; when it listens beyond loopback, callers from elsewhere must present a paired API key. Every call
 * is logged (who, method, path, status) — never a body, a PIN, a key or a payment code.
 */
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { X509Certificate } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { z } from 'zod';
import { RateLimiter } from '../hub/rate-limit';
import { SECURITY_HEADERS, allowedHostHeaders, isAllowedHost, isLoopbackHost } from '../hub/security';
import { encodeEscPos, receiptDocument } from '../receipts';
import type { PosService } from '../payments/pos-service';
import type { PosApi } from '../../preload/api';
import { ApiError } from './errors';
import { matchOperation, type Operation } from './operations';
import { API_BASE, openApiDocument } from './openapi';
import { DEMO_PAGE, DEMO_SCRIPT, docsPage } from './pages';
import { receiptText } from './receipt-text';
import type { TerminalApiService } from './service';
import type { TerminalApiStore } from './store';
import { receiptQuerySchema, waitQuerySchema } from './schemas';
import { normaliseJson } from './normalise';

export interface TerminalApiServerOptions {
  api: TerminalApiService;
  store: TerminalApiStore;
  service: PosService;
  host?: string;
  port?: number;
  /** PEM certificate and key: serve HTTPS (self-signed; the fingerprint is shown to pair against). */
  tls?: { cert: string; key: string };
  allowedHosts?: readonly string[];
  /** Requests per source: burst and refill per second. */
  rate?: { burst: number; perSecond: number };
  log?: { info(o: object, m: string): void; warn(o: object, m: string): void };
}

export interface TerminalApiServer {
  url: string;
  port: number;
  /** SHA-256 fingerprint of the TLS certificate, when serving HTTPS. */
  fingerprint: string | null;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 16 * 1024;
const MAX_STREAMS = 64;
const SSE_HEARTBEAT_MS = 15_000;
const DEFAULT_RATE = { burst: 60, perSecond: 20 };
const PAIRING_RATE = { burst: 5, perSecond: 0.2 };

interface Caller {
  client: string;
  paired: boolean;
  local: boolean;
  /** The paired key's id; null for a keyless caller on this machine. Payments belong to it (./ownership). */
  keyId: string | null;
}

export async function startTerminalApiServer(o: TerminalApiServerOptions): Promise<TerminalApiServer> {
  const host = o.host ?? '127.0.0.1';
  const loopbackOnly = isLoopbackHost(host);
  const limiter = new RateLimiter(o.rate ?? DEFAULT_RATE);
  const pairingLimiter = new RateLimiter(PAIRING_RATE);
  const streams = new Set<ServerResponse>();
  let allowedHosts: ReadonlySet<string> = new Set();

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const started = { code: null as string | null, subject: null as string | null, client: 'unknown' };
    handle(req, res, started)
      .catch((err: unknown) => {
        const e = err instanceof ApiError ? err : new ApiError('INTERNAL');
        if (!(err instanceof ApiError)) {
          o.log?.warn({ err: err instanceof Error ? err.message : String(err) }, 'terminal api failed');
        }
        started.code = e.code;
        if (!res.headersSent && !res.destroyed) sendJson(res, e.status, e.body());
        else if (!res.headersSent)
          res.statusCode = e.status; // the caller left: the call log says so
        else res.destroy();
      })
      .finally(() => {
        const path = (req.url ?? '').split('?')[0]!.slice(0, 200);
        try {
          o.store.logCall({
            at: Date.now(),
            client: started.client,
            method: (req.method ?? '').slice(0, 10),
            path,
            status: res.statusCode,
            code: started.code,
            subject: started.subject,
          });
        } catch {
          /* the journal is closing: the call itself was answered */
        }
      });
  };
  const server = o.tls
    ? createHttpsServer({ cert: o.tls.cert, key: o.tls.key }, handler)
    : createHttpServer(handler);
  server.headersTimeout = 10_000;
  server.requestTimeout = 15_000;
  const fingerprint = o.tls ? new X509Certificate(o.tls.cert).fingerprint256 : null;

  async function handle(
    req: IncomingMessage,
    res: ServerResponse,
    ctx: { code: string | null; subject: string | null; client: string },
  ): Promise<void> {
    const raw = req.url ?? '';
    if (!raw.startsWith('/') || raw.length > 2048) throw new ApiError('BAD_REQUEST', 'bad URL');
    let url: URL;
    try {
      url = new URL(raw, 'http://api.invalid');
    } catch {
      throw new ApiError('BAD_REQUEST', 'bad URL');
    }
    // DNS rebinding: a page elsewhere must not reach the till through a name it controls.
    if (!isAllowedHost(req.headers.host, allowedHosts)) throw new ApiError('FORBIDDEN', 'unknown Host');
    const source = req.socket.remoteAddress ?? 'unknown';
    if (!limiter.take(source)) {
      res.setHeader('Retry-After', '1');
      throw new ApiError('RATE_LIMITED');
    }
    const path = url.pathname;
    if (path === `${API_BASE}/openapi.json` && req.method === 'GET')
      return sendJson(res, 200, openApiDocument());
    if (path === `${API_BASE}/docs` && req.method === 'GET') return sendPage(res, docsPage(), 'text/html');
    if (path === `${API_BASE}/demo` && req.method === 'GET') return sendPage(res, DEMO_PAGE, 'text/html');
    if (path === `${API_BASE}/demo/app.js` && req.method === 'GET') {
      return sendPage(res, DEMO_SCRIPT, 'text/javascript');
    }
    if (!path.startsWith(`${API_BASE}/`)) throw new ApiError('NOT_FOUND');
    const found = matchOperation(req.method ?? '', path.slice(API_BASE.length));
    if (found === null) throw new ApiError('NOT_FOUND');
    if ('allowed' in found) {
      res.setHeader('Allow', found.allowed.join(', '));
      throw new ApiError('METHOD_NOT_ALLOWED');
    }
    const { op, id } = found;
    ctx.subject = id;
    // A browser page elsewhere may send simple requests to loopback: only our own pages' origin may call.
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedHosts.has(originHost(origin))) {
      throw new ApiError('FORBIDDEN', 'cross-origin request');
    }
    const caller = identify(req, op);
    ctx.client = caller.client;
    // Text is normalised once, here, before anything compares or stores it (./normalise).
    const body = op.body ? parse(op.body, normaliseJson(await readJson(req))) : undefined;
    // Guessing a six-digit code takes well-formed tries: those are the ones counted.
    if (op.access === 'pairing' && !pairingLimiter.take(source)) throw new ApiError('RATE_LIMITED');
    const query = Object.fromEntries(url.searchParams);
    await route(op, id, body, query, caller, req, res);
  }

  function identify(req: IncomingMessage, op: Operation): Caller {
    const local = isLoopbackAddress(req.socket.remoteAddress);
    const auth = req.headers.authorization;
    if (auth !== undefined) {
      const key = /^Bearer ([A-Za-z0-9_-]{1,100})$/.exec(auth)?.[1];
      const who = key ? o.api.authenticate(key) : null;
      if (!who) throw new ApiError('UNAUTHORIZED', 'unknown or revoked API key');
      if (op.access === 'local' && !local) throw new ApiError('FORBIDDEN');
      return { client: who.name, paired: true, local, keyId: who.id };
    }
    if (op.access === 'public' || op.access === 'pairing')
      return { client: posName(req), paired: false, local, keyId: null };
    if (op.access === 'local' && !local) throw new ApiError('FORBIDDEN');
    if (!local && !loopbackOnly) throw new ApiError('UNAUTHORIZED');
    if (!local) throw new ApiError('FORBIDDEN');
    return { client: posName(req), paired: false, local, keyId: null };
  }

  async function route(
    op: Operation,
    id: string | null,
    body: unknown,
    query: Record<string, string>,
    caller: Caller,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const { api } = o;
    const noQuery = () => {
      if (Object.keys(query).length > 0) throw new ApiError('BAD_REQUEST', 'unexpected query parameters');
    };
    switch (op.id) {
      case 'getStatus':
        noQuery();
        return sendJson(res, 200, await api.status({ client: caller.client, paired: caller.paired }));
      case 'createPayment': {
        noQuery();
        const r = await api.createPayment(
          body as Parameters<TerminalApiService['createPayment']>[0],
          caller.client,
          caller.keyId,
        );
        return sendJson(res, r.created ? 201 : 200, r.payment);
      }
      case 'getPayment': {
        const q = parse(waitQuerySchema, query);
        const paymentId = lower(id);
        if (q.wait) {
          // The reply is held: a caller that hangs up ends the wait at once (and its line in the call log).
          const hungUp = new AbortController();
          res.on('close', () => {
            if (!res.writableFinished) hungUp.abort();
          });
          return sendJson(res, 200, await api.waitPayment(paymentId, q.wait, q.known, hungUp.signal));
        }
        return sendJson(res, 200, await api.payment(paymentId));
      }
      case 'paymentEvents':
        noQuery();
        return streamEvents(lower(id), req, res);
      case 'abortPayment':
        noQuery();
        return sendJson(res, 200, await api.abort(lower(id), caller.keyId));
      case 'getPaymentReceipt': {
        const payment = await api.payment(lower(id));
        if (!payment.saleId || payment.state !== 'paid') throw new ApiError('NOT_READY');
        return sendReceipt(res, payment.saleId, undefined, query);
      }
      case 'createRefund': {
        noQuery();
        const r = await api.createRefund(
          body as Parameters<TerminalApiService['createRefund']>[0],
          caller.client,
          caller.keyId,
        );
        const status = r.refund.state === 'awaiting_approval' && r.created ? 202 : r.created ? 201 : 200;
        return sendJson(res, status, r.refund);
      }
      case 'getRefund':
        noQuery();
        return sendJson(res, 200, api.refund(lower(id)));
      case 'getRefundReceipt': {
        const refund = api.refund(lower(id));
        if (!refund.refundId) throw new ApiError('NOT_READY');
        return sendReceipt(res, refund.saleId, refund.refundId, query);
      }
      case 'startPairing': {
        noQuery();
        const { name } = body as { name: string };
        return sendJson(res, 200, api.startPairing(name));
      }
      case 'completePairing': {
        noQuery();
        const { name, code } = body as { name: string; code: string };
        return sendJson(res, 201, api.completePairing(name, code));
      }
      case 'listKeys':
        noQuery();
        return sendJson(res, 200, { keys: api.listKeys() });
      case 'revokeKey':
        noQuery();
        if (!api.revokeKey(id ?? '')) throw new ApiError('NOT_FOUND', 'no such active key');
        return sendJson(res, 200, { ok: true });
      default:
        throw new ApiError('NOT_FOUND');
    }
  }

  async function sendReceipt(
    res: ServerResponse,
    saleId: string,
    refundId: string | undefined,
    query: Record<string, string>,
  ): Promise<void> {
    const q = parse(receiptQuerySchema, query);
    if (q.refundId !== undefined) throw new ApiError('BAD_REQUEST', 'refundId is not a parameter here');
    const pos: PosApi = o.service;
    const view = await pos.getReceipt({ saleId, ...(refundId ? { refundId } : {}) });
    if (!view.ok) throw new ApiError('NOT_READY', view.error.code);
    const columns = Number(q.columns) as 32 | 42 | 48;
    const widthMm = columns === 32 ? 58 : 80;
    // A bilingual receipt's dates in the shop's order, as the till prints them.
    const snapshot = await pos.getSnapshot();
    const doc = receiptDocument(view.value, {
      language: q.language,
      widthMm,
      ...(snapshot.ok ? { shopLanguage: snapshot.value.terminal.language } : {}),
    });
    const lines = receiptText(doc, columns);
    if (q.format === 'text') return sendPage(res, `${lines.join('\n')}\n`, 'text/plain');
    if (q.format === 'escpos') {
      const bytes = Buffer.from(encodeEscPos(doc, { widthMm, cjk: 'gb18030', columns }));
      applyHeaders(res);
      res.statusCode = 200;
      res.setHeader('Content-Type', 'application/octet-stream');
      res.setHeader('Content-Length', String(bytes.length));
      return void res.end(bytes);
    }
    const v = view.value;
    return sendJson(res, 200, {
      kind: v.kind,
      merchantName: v.merchantName,
      posNo: v.posNo,
      saleId: v.saleId,
      amountCents: v.amountCents,
      cnyAmount: v.cnyAmount,
      exchangeRate: v.exchangeRate,
      platform: v.platform,
      orderNo: v.orderNo,
      outOrderNo: v.outOrderNo,
      at: v.at,
      timeZone: v.timeZone,
      refundId: v.refund?.id ?? null,
      lines,
    });
  }

  async function streamEvents(id: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const first = await o.api.payment(id);
    if (streams.size >= MAX_STREAMS) throw new ApiError('RATE_LIMITED', 'too many event streams');
    applyHeaders(res);
    res.statusCode = 200;
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Connection', 'keep-alive');
    res.flushHeaders();
    streams.add(res);
    let last = '';
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      clearInterval(heartbeat);
      off();
      streams.delete(res);
      res.end();
    };
    const push = (p: Awaited<ReturnType<TerminalApiService['payment']>>) => {
      if (ended) return;
      const json = JSON.stringify(p);
      if (json !== last) {
        last = json;
        res.write(`event: payment\ndata: ${json}\n\n`);
      }
      if (p.final) end();
    };
    const off = o.api.subscribe(id, () => {
      void o.api.payment(id).then(push, end);
    });
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), SSE_HEARTBEAT_MS);
    heartbeat.unref();
    req.on('close', end);
    push(first);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (err) => o.log?.warn({ err: err.message }, 'terminal api server error'));
  const port = (server.address() as AddressInfo).port;
  allowedHosts = allowedHostHeaders(host, port, o.allowedHosts ?? []);
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const url = `${o.tls ? 'https' : 'http'}://${shown}:${port}${API_BASE}`;

  let closing: Promise<void> | null = null;
  return {
    url,
    port,
    fingerprint,
    close() {
      closing ??= new Promise<void>((done) => {
        for (const s of streams) s.end();
        server.close(() => done());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

function lower(id: string | null): string {
  return (id ?? '').toLowerCase();
}

function posName(req: IncomingMessage): string {
  const raw = req.headers['x-pos-name'];
  const name = typeof raw === 'string' ? raw.trim() : '';
  // eslint-disable-next-line no-control-regex
  return name && name.length <= 40 && !/[\u0000-\u001f\u007f]/.test(name) ? name : 'local POS';
}

function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  return address.startsWith('127.') || address === '::1' || address.startsWith('::ffff:127.');
}

function originHost(origin: string): string {
  try {
    return new URL(origin).host.toLowerCase();
  } catch {
    return '';
  }
}

function parse<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const detail = r.error.issues
    .slice(0, 3)
    .map((i) => `${i.path.map(String).join('.') || '(body)'}: ${i.message}`)
    .join('; ');
  throw new ApiError('BAD_REQUEST', detail);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') {
    req.resume();
    throw new ApiError('UNSUPPORTED_MEDIA_TYPE');
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) {
    req.resume();
    throw new ApiError('BODY_TOO_LARGE');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      req.resume();
      throw new ApiError('BODY_TOO_LARGE');
    }
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new ApiError('BAD_REQUEST', 'the body is not valid JSON');
  }
}

function applyHeaders(res: ServerResponse): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = Buffer.from(JSON.stringify(value));
  applyHeaders(res);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', String(body.length));
  res.setHeader('Cache-Control', 'no-store');
  res.end(body);
}

function sendPage(res: ServerResponse, text: string, type: string): void {
  const body = Buffer.from(text);
  applyHeaders(res);
  res.statusCode = 200;
  res.setHeader('Content-Type', `${type}; charset=utf-8`);
  res.setHeader('Content-Length', String(body.length));
  res.setHeader('Cache-Control', 'no-store');
  if (type === 'text/html') {
    res.setHeader(
      'Content-Security-Policy',
      "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
  }
  res.end(body);
}
