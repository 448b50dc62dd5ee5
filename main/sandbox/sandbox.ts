import { EventEmitter } from 'node:events';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { handleControl } from './control-http';
import { canonicalApiName, FaultQueue, type ApiName } from './faults';
import { GatewayFailure } from './gateway-errors';
import { renderDashboard } from './dashboard-page';
import {
  failureReply,
  handleApi,
  SIGNATURE_WINDOW_MS,
  SIGNED_PAY_PATH,
  type GatewayContext,
} from './gateway-api';
import { GatewayIds } from './gateway-ids';
import { BodyError, jsonReply, readJsonObject, splitTarget, type PlainReply } from './http-util';
import { Ledger, SandboxStateError } from './ledger';
import { NonceCache } from './nonce-cache';
import { Notifier } from './notifier';
import { resolveOptions } from './options';
import { renderPayPage } from './pay-page';
import { Scheduler } from './scheduler';
import { seedOrder, seedRefund } from './seed';
import { parseSwitches } from './switches';
import { orderForQrcode, renderWalletPage, walletJson, walletRedirect } from './wallet-page';
import type {
  SandboxControl,
  SandboxFault,
  SandboxHandle,
  SandboxOptions,
  SandboxRefundFailure,
} from './types';

const MAX_NONCES = 100_000;
const V2_PATH = /^\/omipay\/api\/v2\/([A-Za-z]{1,32})$/;
// The heading says /api/auth/, the document's request example /api/v1/: both are served.
const USER_INFO_PATHS = new Set(['/omipay/api/auth/GetUserInfo', '/omipay/api/v1/GetUserInfo']);
const WALLET_PATH = /^\/wallet\/([a-z0-9]{24})(?:\/(pay|fail))?$/;
const PAY_PAGE_PATH = /^\/omipay\/pay\/([A-Za-z0-9]{1,64})$/;
const MALFORMED_BODY = '{"return_code":"SUCCESS","order_no":"';

/** Starts the embedded Omipay sandbox: a real HTTP server speaking the WebAPI v2 protocol. */
export async function startSandbox(options: SandboxOptions = {}): Promise<SandboxHandle> {
  const opts = resolveOptions(options);
  const log = opts.logger;
  const scheduler = new Scheduler();
  const events = new EventEmitter();
  const faults = new FaultQueue();
  for (const rule of opts.faults) faults.add(rule);
  const nonces = new NonceCache(2 * SIGNATURE_WINDOW_MS, MAX_NONCES);
  const merchants = new Map(opts.merchants.map((m) => [m.mNumber, m]));
  const requestCounts = new Map<ApiName, number>();
  let clockOffsetMs = opts.clockOffsetMs;
  const clock = (): number => Date.now() + clockOffsetMs;
  const timeScale = (): number => opts.timeScale;
  const initialSwitches = { ...opts.switches };

  const notifier = new Notifier({
    scheduler,
    clock,
    events,
    timeScale,
    timeZone: opts.gatewayTimeZone,
    merchant: (m) => merchants.get(m),
    switches: () => opts.switches,
    log,
  });
  const ledger = new Ledger({
    scheduler,
    clock,
    events,
    refundStepMs: () => opts.refundStepMs * opts.timeScale,
    unpaidExpiryMs: () => opts.switches.unpaidExpiryMs * opts.timeScale,
    settlementDelayMs: () => opts.switches.settlementDelayMs * opts.timeScale,
    idFormat: () => opts.switches.orderNoFormat,
    ids: new GatewayIds(opts.gatewayTimeZone),
    onPaid: (order) => notifier.notifyPaid(order),
  });

  let baseUrl = '';
  const ctx: GatewayContext = {
    options: opts,
    ledger,
    clock,
    timeScale,
    merchants,
    nonces,
    publicUrl: () => opts.publicUrl ?? baseUrl,
  };

  const control: SandboxControl = {
    payOrder: (orderNo) => void ledger.settle(orderNo, 'PAID'),
    failOrder: (orderNo) => void ledger.settle(orderNo, 'FAILED'),
    closeOrder: (orderNo) => void ledger.settle(orderNo, 'CLOSED'),
    cancelOrder: (orderNo) => void ledger.settle(orderNo, 'CANCELLED'),
    settleOrder: (orderNo) => void ledger.markSettled(orderNo),
    walletAction: (qrcode, action) => {
      const order = orderForQrcode(ledger, qrcode);
      if (!order) throw new SandboxStateError('Unknown QR code');
      return ledger.orderView(ledger.settle(order.orderNo, action === 'pay' ? 'PAID' : 'FAILED'));
    },
    seedOrder: (input) => ledger.orderView(seedOrder(input, ctx)),
    seedRefund: (input) => ledger.refundView(seedRefund(input, ctx)),
    getSwitches: () => ({ ...opts.switches }),
    setSwitches: (update) => {
      Object.assign(opts.switches, parseSwitches(update));
      return { ...opts.switches };
    },
    failRefund: (refundNo, status: SandboxRefundFailure = 'OrganizationFailed') =>
      void ledger.failRefund(refundNo, status),
    injectFault: (rule) => faults.add(rule),
    clearFaults: () => faults.clear(),
    setClockOffset: (ms) => {
      if (!Number.isFinite(ms)) throw new TypeError('clock offset must be a finite number of ms');
      clockOffsetMs = Math.trunc(ms);
    },
    getOrder: (orderNo) => {
      const o = ledger.getOrder(orderNo);
      return o ? ledger.orderView(o) : undefined;
    },
    findOrderByOutOrderNo: (mNumber, outOrderNo) => {
      const o = ledger.findByOutOrderNo(mNumber, outOrderNo);
      return o ? ledger.orderView(o) : undefined;
    },
    listOrders: () => ledger.listOrders(),
    listRefunds: () => ledger.listRefunds(),
    requestCount: (api) => {
      if (api === undefined) return [...requestCounts.values()].reduce((a, b) => a + b, 0);
      const name = canonicalApiName(api);
      return name ? (requestCounts.get(name) ?? 0) : 0;
    },
    events,
    notificationsSent: () => notifier.list(),
    reset: () => {
      scheduler.cancelAll();
      notifier.reset();
      ledger.clear();
      faults.clear();
      nonces.clear();
      requestCounts.clear();
      clockOffsetMs = opts.clockOffsetMs;
      Object.assign(opts.switches, initialSwitches);
    },
  };

  const sockets = new Set<Socket>();
  const server = http.createServer({ requestTimeout: 60_000, headersTimeout: 30_000 }, (req, res) => {
    route(req, res).catch((err: unknown) => {
      log(`internal error: ${err instanceof Error ? err.name : 'unknown'}`);
      if (!res.headersSent && !res.destroyed) send(res, jsonReply(500, failureBody()));
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    // Oversized headers, bad request lines, bad encodings: answer when possible, never crash.
    if (!socket.writable) return void socket.destroy();
    const status =
      err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // The Date header tells the sandbox's own clock, so terminals can measure their skew against it.
    res.setHeader('Date', new Date(clock()).toUTCString());
    const method = req.method ?? 'GET';
    const { path, query } = splitTarget(req.url ?? '/');

    if (path === '/_sandbox' || path.startsWith('/_sandbox/')) {
      send(res, await handleControl(method, path, req, control));
      return;
    }
    const wallet = WALLET_PATH.exec(path);
    if (wallet || path === '/wallet') {
      send(res, await walletRoute(method, wallet?.[1], wallet?.[2], query, req));
      return;
    }
    // Omipay paths take their parameters from the query; a body is drained and ignored.
    req.resume();
    if (path === '/' && method === 'GET') {
      const d = {
        orders: control.listOrders(),
        refunds: control.listRefunds(),
        notifications: control.notificationsSent(),
        timeZone: opts.gatewayTimeZone,
      };
      return send(res, renderDashboard(d));
    }
    const pay = PAY_PAGE_PATH.exec(path);
    if (pay || path === SIGNED_PAY_PATH) {
      if (method !== 'GET') return send(res, jsonReply(405, notAllowedBody()));
      send(res, await renderPayPage(pay ? (pay[1] ?? '') : undefined, query, ctx));
      return;
    }
    const api = apiForPath(path);
    if (!api) {
      return send(
        res,
        jsonReply(404, { return_code: 'FAIL', error_code: 'NOT_FOUND', error_msg: 'Not found' }),
      );
    }
    if (method !== 'GET' && method !== 'POST') return send(res, jsonReply(405, notAllowedBody()));
    requestCounts.set(api, (requestCounts.get(api) ?? 0) + 1);

    const fault = faults.take(api);
    if (fault?.kind === 'drop') {
      log(`${method} ${api} → dropped (fault)`);
      res.socket?.destroy();
      return;
    }
    if (fault?.kind === 'system_error') {
      log(`${method} ${api} → SYSTEM_ERROR (fault)`);
      return send(res, failureReply(new GatewayFailure('SYSTEM_ERROR'), 'EN'));
    }
    const reply = handleApi(api, query, ctx);
    log(`${method} ${api} → ${reply.outcome}${fault ? ` (fault ${fault.kind})` : ''}`);
    deliver(res, reply, reply.delayMs, fault);
  }

  /** GET /wallet/{token} (page), GET /wallet?qrcode=… (redirect), POST /wallet/{token}/pay|fail (JSON). */
  async function walletRoute(
    method: string,
    token: string | undefined,
    action: string | undefined,
    query: URLSearchParams,
    req: IncomingMessage,
  ): Promise<PlainReply> {
    if (!token) {
      req.resume();
      return method === 'GET' ? walletRedirect(query) : jsonReply(405, { error: 'Method not allowed' });
    }
    const order = ledger.findByWalletToken(token);
    if (!action) {
      req.resume();
      return method === 'GET' ? renderWalletPage(order) : jsonReply(405, { error: 'Method not allowed' });
    }
    if (method !== 'POST') {
      req.resume();
      return jsonReply(405, { error: 'Method not allowed' });
    }
    try {
      // JSON only, like the control endpoint: a cross-site form cannot pay an order.
      await readJsonObject(req, 1024);
      if (!order) return walletJson(undefined, ledger);
      ledger.settle(order.orderNo, action === 'pay' ? 'PAID' : 'FAILED');
      return walletJson(order, ledger);
    } catch (err) {
      if (err instanceof BodyError) return jsonReply(err.status, { error: err.message });
      if (err instanceof SandboxStateError) return jsonReply(409, { error: err.message });
      throw err;
    }
  }

  function deliver(
    res: ServerResponse,
    reply: PlainReply,
    delayMs: number,
    fault: SandboxFault | undefined,
  ): void {
    const totalDelay = delayMs + (fault?.kind === 'delay' ? fault.ms : 0);
    const finish = (): void => {
      if (res.destroyed || res.writableEnded) return;
      switch (fault?.kind) {
        case 'http500':
          return send(res, {
            status: 500,
            body: 'Internal Server Error',
            headers: { 'content-type': 'text/plain; charset=utf-8' },
          });
        case 'malformed':
          return send(res, {
            ...reply,
            status: 200,
            body: MALFORMED_BODY,
            headers: jsonReply(200, null).headers,
          });
        case 'reset': {
          const socket = res.socket;
          if (socket && typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
          else socket?.destroy();
          return;
        }
        default:
          return send(res, reply);
      }
    };
    if (totalDelay > 0) {
      const cancel = scheduler.after(totalDelay, finish);
      res.on('close', cancel);
    } else finish();
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('Sandbox did not bind a TCP port');
  const displayHost = urlHost(opts.host);
  baseUrl = `http://${displayHost}:${address.port}`;

  let closing: Promise<void> | undefined;
  return {
    url: baseUrl,
    port: address.port,
    merchants: opts.merchants.map((m) => ({ ...m })),
    control,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        scheduler.cancelAll();
        notifier.stop();
        faults.clear();
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
        sockets.clear();
        events.removeAllListeners();
      });
      return closing;
    },
  };
}

function apiForPath(path: string): ApiName | undefined {
  if (USER_INFO_PATHS.has(path)) return 'GetUserInfo';
  const v2 = V2_PATH.exec(path);
  const api = v2 ? canonicalApiName(v2[1] ?? '') : undefined;
  // The login API lives under /omipay/api/auth/, not /v2/.
  return api === 'GetUserInfo' ? undefined : api;
}

function send(res: ServerResponse, reply: PlainReply): void {
  if (res.destroyed || res.writableEnded) return;
  const body = Buffer.from(reply.body, 'utf8');
  res.writeHead(reply.status, { ...reply.headers, 'content-length': String(body.length) });
  res.end(body);
}

function failureBody(): Record<string, string> {
  const f = failureReply(new GatewayFailure('SYSTEM_ERROR'), 'EN');
  return JSON.parse(f.body) as Record<string, string>;
}

function notAllowedBody(): Record<string, string> {
  return { return_code: 'FAIL', error_code: 'PARAMETER_INVALID', error_msg: 'Method not allowed.' };
}

/** 0.0.0.0/:: listen everywhere but are not addresses a client can dial; IPv6 literals need brackets. */
function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
