import { readFileSync } from 'node:fs';
import https from 'node:https';
import net, { type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  OmipayClient,
  outcomeFromErrorCode,
  TransportError,
  type OmipayClientOptions,
} from '../../../main/omipay';
import { refusedPort, replyJson, startLocalServer, type LocalServer } from './local-server';
import { useCleanups } from '../../helpers/cleanups';

const CREDS = { mNumber: '100001', secretKey: 'transport-test-secret' };
const CERT = readFileSync(new URL('./fixtures/loopback-test-only-cert.pem', import.meta.url), 'utf8');
const KEY = readFileSync(new URL('./fixtures/loopback-test-only-key.pem', import.meta.url), 'utf8');
const READY = { return_code: 'SUCCESS', result_code: 'READY' };

const cleanups = useCleanups();

function client(baseUrl: string, extra: Partial<OmipayClientOptions> = {}): OmipayClient {
  const c = new OmipayClient({ baseUrl, credentials: CREDS, ...extra });
  cleanups.push(() => c.close());
  return c;
}

async function server(handler: Parameters<typeof startLocalServer>[0]): Promise<LocalServer> {
  const s = await startLocalServer(handler);
  cleanups.push(() => s.close());
  return s;
}

async function failure(p: Promise<unknown>): Promise<TransportError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(TransportError);
  return e as TransportError;
}

/** Resolves when the server has seen `n` requests. */
async function seen(s: LocalServer, n: number): Promise<void> {
  while (s.requests.length < n) await new Promise((r) => setImmediate(r));
}

describe('not sent: the gateway cannot have acted', () => {
  it('connection refused', async () => {
    const port = await refusedPort();
    const e = await failure(client(`http://127.0.0.1:${port}`).queryOrder({ orderNo: 'O1' }));
    expect(e).toMatchObject({
      outcome: 'not_sent',
      failure: 'connect',
      systemCode: 'ECONNREFUSED',
      code: 'TRANSPORT_NOT_SENT',
    });
    expect(e.cashier.en).toMatch(/Nothing was charged/);
    expect(e.message).not.toContain('O1');
  });

  it('DNS failure', async () => {
    const e = await failure(
      client('https://omipay-test.invalid').queryOrder({ orderNo: 'O1' }, { timeoutMs: 5000 }),
    );
    expect(e.outcome).toBe('not_sent');
    expect(['dns', 'timeout']).toContain(e.failure);
  });

  it('a signal aborted before the call', async () => {
    const s = await server((_q, res) => replyJson(res, READY));
    const e = await failure(client(s.url).queryOrder({ orderNo: 'O1' }, { signal: AbortSignal.abort() }));
    expect(e).toMatchObject({ outcome: 'not_sent', failure: 'aborted' });
    expect(s.requests).toHaveLength(0);
  });

  it('abort and timeout while waiting for a free connection', async () => {
    const held: Array<() => void> = [];
    let holding = true;
    const s = await server((_q, res) =>
      holding ? held.push(() => replyJson(res, READY)) : replyJson(res, READY),
    );
    const c = client(s.url);
    // Eight connections per client: fill them all so the next calls wait in the queue.
    const busy = Array.from({ length: 8 }, (_, i) => c.queryOrder({ orderNo: `busy${i}` }));
    await seen(s, 8);
    const controller = new AbortController();
    const aborted = c.queryOrder({ orderNo: 'abortedWhileQueued' }, { signal: controller.signal });
    const timedOut = c.queryOrder({ orderNo: 'timedOutWhileQueued' }, { timeoutMs: 50 });
    setImmediate(() => controller.abort());
    expect(await failure(aborted)).toMatchObject({ outcome: 'not_sent', failure: 'aborted' });
    expect(await failure(timedOut)).toMatchObject({ outcome: 'not_sent', failure: 'timeout' });
    holding = false;
    for (const release of held.splice(0)) release();
    await Promise.all(busy);
    const after = await c.queryOrder({ orderNo: 'after' });
    expect(after.status).toBe('READY');
    expect(s.requests.map((r) => r.query.get('order_no'))).not.toContain('abortedWhileQueued');
    expect(s.requests.map((r) => r.query.get('order_no'))).not.toContain('timedOutWhileQueued');
  });

  it('TLS handshake that never completes', async () => {
    const sockets = new Set<net.Socket>();
    const tcp = net.createServer((sock) => sockets.add(sock)); // accepts, never speaks TLS
    await new Promise<void>((r) => tcp.listen(0, '127.0.0.1', r));
    cleanups.push(() => {
      for (const sock of sockets) sock.destroy();
      return new Promise((r) => tcp.close(r));
    });
    const port = (tcp.address() as AddressInfo).port;
    const e = await failure(
      client(`https://127.0.0.1:${port}`).queryOrder({ orderNo: 'O1' }, { timeoutMs: 150 }),
    );
    expect(e).toMatchObject({ outcome: 'not_sent', failure: 'timeout' });
    expect(sockets.size).toBe(1);
  });

  it('TLS to a plain HTTP server, and an untrusted certificate', async () => {
    const plain = await server((_q, res) => replyJson(res, READY));
    const e1 = await failure(client(`https://127.0.0.1:${plain.port}`).queryOrder({ orderNo: 'O1' }));
    expect(e1).toMatchObject({ outcome: 'not_sent', failure: 'connect' });
    expect(plain.requests).toHaveLength(0);

    let requests = 0;
    const tls = https.createServer({ cert: CERT, key: KEY }, (_q, res) => {
      requests++;
      replyJson(res, READY);
    });
    await new Promise<void>((r) => tls.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise((r) => (tls.closeAllConnections(), tls.close(r))));
    const port = (tls.address() as AddressInfo).port;
    const e2 = await failure(client(`https://127.0.0.1:${port}`).queryOrder({ orderNo: 'O1' }));
    expect(e2).toMatchObject({ outcome: 'not_sent', failure: 'connect' });
    expect(requests).toBe(0);
  });
});

describe('outcome unknown: the gateway may have acted', () => {
  it('timeout after the request was written (and the server did get it)', async () => {
    const s = await server(() => undefined); // never replies
    const e = await failure(client(s.url).queryOrder({ orderNo: 'O1' }, { timeoutMs: 100 }));
    expect(e).toMatchObject({ outcome: 'unknown', failure: 'timeout', code: 'TRANSPORT_UNKNOWN' });
    expect(e.cashier.en).toMatch(/Do not charge again/);
    expect(s.requests).toHaveLength(1);
  });

  it('abort after the request was written', async () => {
    const controller = new AbortController();
    const s = await server(() => controller.abort());
    const e = await failure(client(s.url).queryOrder({ orderNo: 'O1' }, { signal: controller.signal }));
    expect(e).toMatchObject({ outcome: 'unknown', failure: 'aborted' });
    expect(s.requests).toHaveLength(1);
  });

  it('connection reset before the reply', async () => {
    const s = await server((req) => req.socket.resetAndDestroy());
    const e = await failure(client(s.url).queryOrder({ orderNo: 'O1' }));
    expect(e).toMatchObject({ outcome: 'unknown', failure: 'connection_lost', systemCode: 'ECONNRESET' });
  });

  it('connection closed half way through the reply', async () => {
    const s = await server((_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '200' });
      res.write('{"return_code":"SUCC', () => res.socket?.destroy());
    });
    const e = await failure(client(s.url).queryOrder({ orderNo: 'O1' }));
    expect(e).toMatchObject({ outcome: 'unknown', failure: 'connection_lost' });
  });

  it('HTTP 5xx and other non-2xx replies, whatever their body says', async () => {
    const statuses = [500, 502, 404];
    const s = await server((_q, res) =>
      replyJson(res, { return_code: 'FAIL', error_code: 'NOT_ENOUGH' }, statuses.shift()),
    );
    const c = client(s.url);
    for (const status of [500, 502, 404]) {
      const e = await failure(c.queryOrder({ orderNo: 'O1' }));
      expect(e).toMatchObject({ outcome: 'unknown', failure: 'http_status', httpStatus: status });
    }
  });

  it('a body that is not JSON, or far too large', async () => {
    const bodies = [
      '<html>Service Unavailable</html>',
      `{"return_code":"SUCCESS","x":"${'a'.repeat(1_100_000)}"}`,
    ];
    const s = await server((_q, res) => replyJson(res, bodies.shift() ?? ''));
    const c = client(s.url);
    expect(await failure(c.queryOrder({ orderNo: 'O1' }))).toMatchObject({
      outcome: 'unknown',
      failure: 'bad_response',
    });
    expect(await failure(c.queryOrder({ orderNo: 'O1' }))).toMatchObject({
      outcome: 'unknown',
      failure: 'bad_response',
    });
  });

  it('over TLS too: sent once the handshake is done', async () => {
    let requests = 0;
    const tls = https.createServer({ cert: CERT, key: KEY }, () => requests++); // never replies
    await new Promise<void>((r) => tls.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise((r) => (tls.closeAllConnections(), tls.close(r))));
    const port = (tls.address() as AddressInfo).port;
    const e = await failure(
      client(`https://127.0.0.1:${port}`, { tlsCa: CERT }).queryOrder({ orderNo: 'O1' }, { timeoutMs: 300 }),
    );
    expect(e).toMatchObject({ outcome: 'unknown', failure: 'timeout' });
    expect(requests).toBe(1);
  });
});

describe('connections', () => {
  it('works over TLS with an extra trusted CA, and reuses the connection', async () => {
    let connections = 0;
    const tls = https.createServer({ cert: CERT, key: KEY }, (_q, res) => replyJson(res, READY));
    tls.on('secureConnection', () => connections++);
    await new Promise<void>((r) => tls.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise((r) => (tls.closeAllConnections(), tls.close(r))));
    const port = (tls.address() as AddressInfo).port;
    const c = client(`https://localhost:${port}`, { tlsCa: CERT });
    for (let i = 0; i < 3; i++) expect((await c.queryOrder({ orderNo: 'O1' })).status).toBe('READY');
    expect(connections).toBe(1);
  });

  it('keeps one connection alive across sequential calls', async () => {
    const s = await server((_q, res) => replyJson(res, READY));
    const c = client(s.url);
    for (let i = 0; i < 5; i++) await c.queryOrder({ orderNo: 'O1' });
    expect(s.connections()).toBe(1);
  });

  it('drops idle connections before the server would, and never cuts a slow reply', async () => {
    let slow = true;
    const s = await server((_q, res) => {
      if (slow) setTimeout(() => replyJson(res, READY), 200);
      else replyJson(res, READY);
    });
    const c = client(s.url, { idleSocketMs: 50 });
    // The reply takes longer than the idle limit: an active request is not idle.
    expect((await c.queryOrder({ orderNo: 'O1' })).status).toBe('READY');
    slow = false;
    await s.closedConnections(1); // the client closed the idle connection
    await c.queryOrder({ orderNo: 'O2' });
    expect(s.connections()).toBe(2);
  });
});

describe('outcomeFromErrorCode (for fetch/undici callers)', () => {
  it('reads real fetch failures', async () => {
    const port = await refusedPort();
    const refused = await fetch(`http://127.0.0.1:${port}/`).catch((e: unknown) => e);
    expect(outcomeFromErrorCode(refused)).toBe('not_sent');

    const s = await server((req) => req.socket.resetAndDestroy());
    const reset = await fetch(`${s.url}/`).catch((e: unknown) => e);
    expect(outcomeFromErrorCode(reset)).toBe('unknown');
  });

  it('maps node and undici codes', () => {
    for (const code of [
      'ECONNREFUSED',
      'ENOTFOUND',
      'EAI_AGAIN',
      'UND_ERR_CONNECT_TIMEOUT',
      'EHOSTUNREACH',
    ]) {
      expect(outcomeFromErrorCode({ code }), code).toBe('not_sent');
      expect(outcomeFromErrorCode(new TypeError('fetch failed', { cause: { code } })), code).toBe('not_sent');
    }
    for (const code of ['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_HEADERS_TIMEOUT', 'ETIMEDOUT']) {
      expect(outcomeFromErrorCode({ code }), code).toBe('unknown');
    }
    expect(outcomeFromErrorCode(new Error('other side closed'))).toBe('unknown');
    expect(outcomeFromErrorCode(null)).toBe('unknown');
  });
});
