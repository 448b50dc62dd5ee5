import { afterEach, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { revokeTill } from '../../main/store-server/admin';
import { TILL_API_PREFIX, type ServerMessage } from '../../main/shared/store-link-protocol';
import {
  describeOnBothDatabases,
  enrolTill,
  eventRecords,
  push,
  startWithStore,
  type DatabaseTarget,
  type Started,
} from '../helpers/store-server';

// PGlite starts a fresh database per test; on a shared two-core machine that alone can take many seconds.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

interface Client {
  ws: WebSocket;
  messages: ServerMessage[];
  closed: Promise<number>;
  next(): Promise<ServerMessage>;
}

function linkUrl(s: Started): string {
  return `${s.server.url.replace(/^http/, 'ws')}${TILL_API_PREFIX}/link`;
}

/** Opens a link; resolves with the HTTP status when the upgrade is refused. */
function connect(s: Started, credential?: string, o: { autoPong?: boolean } = {}): Promise<Client | number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(linkUrl(s), {
      headers: credential ? { authorization: `Bearer ${credential}` } : {},
      autoPong: o.autoPong ?? true,
    });
    const messages: ServerMessage[] = [];
    const waiters: ((m: ServerMessage) => void)[] = [];
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
    ws.on('message', (raw) => {
      const m = JSON.parse(String(raw)) as ServerMessage;
      const w = waiters.shift();
      if (w) w(m);
      else messages.push(m);
    });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('open', () =>
      resolve({
        ws,
        messages,
        closed,
        next: () => {
          const m = messages.shift();
          return m ? Promise.resolve(m) : new Promise((r) => waiters.push(r));
        },
      }),
    );
    ws.once('error', (err) => reject(err));
  });
}

async function start(target: DatabaseTarget, heartbeatMs = 30_000, maxBufferedBytes?: number) {
  return startWithStore(target, {
    links: { heartbeatMs, ...(maxBufferedBytes !== undefined ? { maxBufferedBytes } : {}) },
  });
}

const check: ServerMessage = {
  type: 'check',
  outOrderNo: 'P1-0001',
  orderNo: 'ON1',
  amountCents: 1250,
  currency: 'AUD',
  returnCode: 'SUCCESS',
};

describeOnBothDatabases('store server: till links', (target) => {
  let s: Started;
  const open: WebSocket[] = [];
  afterEach(async () => {
    for (const ws of open.splice(0)) ws.terminate();
    await s?.server.close();
  });

  it('refuses a link before upgrading without a valid credential, and a revoked till', async () => {
    s = await start(target);
    const till = await enrolTill(s, 'Counter 1', 'P1');
    expect(await connect(s)).toBe(401);
    expect(await connect(s, 'y'.repeat(43))).toBe(401);
    await revokeTill(s.server.db, till.tillId, 'manager', s.clock.now);
    expect(await connect(s, till.credential)).toBe(403);
  });

  it('says hello with the last seq, and a message reaches its own till only', async () => {
    s = await start(target);
    const a = await enrolTill(s, 'Counter 1', 'P1');
    const b = await enrolTill(s, 'Counter 2', 'P2');
    expect((await push(s, a, eventRecords(1, 7))).status).toBe(200);
    const la = (await connect(s, a.credential)) as Client;
    const lb = (await connect(s, b.credential)) as Client;
    open.push(la.ws, lb.ws);
    expect(await la.next()).toEqual({ type: 'hello', lastSeq: 7 });
    expect(await lb.next()).toEqual({ type: 'hello', lastSeq: 0 });
    const links = s.server.context.links;
    expect(links.connected(a.tillId)).toBe(true);
    expect(links.send(a.tillId, check)).toBe(true);
    expect(await la.next()).toEqual(check);
    const toB: ServerMessage = {
      type: 'refunded-elsewhere',
      saleId: 's1',
      outRefundNo: 'R1',
      amountCents: 100,
      tillName: 'Counter 1',
      status: 'CLOSED',
    };
    expect(links.send(b.tillId, toB)).toBe(true);
    // B's next message is its own: A's never reached it.
    expect(await lb.next()).toEqual(toB);
    expect(la.messages).toEqual([]);
    expect(links.send('tl_unknown', check)).toBe(false);
    expect(links.send(a.tillId, { ...check, amountCents: -1 })).toBe(false);
    expect(la.messages).toEqual([]);
  });

  it('replaces the old socket of a till that connects again', async () => {
    s = await start(target);
    const a = await enrolTill(s, 'Counter 1', 'P1');
    const first = (await connect(s, a.credential)) as Client;
    await first.next();
    const second = (await connect(s, a.credential)) as Client;
    open.push(first.ws, second.ws);
    await second.next();
    expect(await first.closed).toBe(4001);
    expect(s.server.context.links.send(a.tillId, check)).toBe(true);
    expect(await second.next()).toEqual(check);
  });

  it('terminates a link that stops answering pings, and closes a revoked till', async () => {
    s = await start(target, 150);
    const a = await enrolTill(s, 'Counter 1', 'P1');
    const b = await enrolTill(s, 'Counter 2', 'P2');
    const silent = (await connect(s, a.credential, { autoPong: false })) as Client;
    const revoked = (await connect(s, b.credential)) as Client;
    open.push(silent.ws, revoked.ws);
    expect(await silent.closed).toBe(1006);
    expect(s.server.context.links.connected(a.tillId)).toBe(false);
    expect(s.server.context.links.connected(b.tillId)).toBe(true);
    await revokeTill(s.server.db, b.tillId, 'manager', s.clock.now);
    expect(await revoked.closed).toBe(4003);
    expect(s.server.context.links.connected(b.tillId)).toBe(false);
  });

  it('drops messages to a till whose socket backs up, and delivers the rest in order', async () => {
    s = await start(target, 30_000, 64 * 1024);
    const a = await enrolTill(s, 'Counter 1', 'P1');
    const la = (await connect(s, a.credential)) as Client;
    open.push(la.ws);
    await la.next();
    // The till stops reading: the server's socket fills the kernel buffers, then its own.
    (la.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();
    let accepted = 0;
    for (let i = 0; i < 200_000; i++) {
      if (!s.server.context.links.send(a.tillId, { ...check, amountCents: i })) break;
      accepted++;
    }
    expect(accepted).toBeGreaterThan(0);
    expect(accepted).toBeLessThan(200_000);
    (la.ws as unknown as { _socket: { resume(): void } })._socket.resume();
    for (let i = 0; i < accepted; i++) {
      const m = await la.next();
      expect(m).toMatchObject({ type: 'check', amountCents: i });
    }
  });
});
