/**
 * The renderer's hub client (renderer/src/bridge) in Node, through its production browser adapter over the
 * `ws` package, against a real hub. Sales run on the real core; the connection-loss cases use the fake PosApi
 * from test/fixtures because they need a call held unanswered while the socket drops, which the real core
 * cannot be asked to do on cue.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { PosEvent } from '../../preload/api';
import { startHub, type HubHandle, type HubRuntime } from '../../main/hub';
import {
  browserSocketFactory,
  createHubClient,
  hubSocketUrl,
  type HubClient,
  type HubConnectionState,
  type WebSocketLikeConstructor,
} from '../../renderer/src/bridge/hub-client';
import { createFakePosApi, fakeRuntimeNotifications, type FakePosApi } from '../fixtures/fake-pos-api';
import { scenario, startHarness, unwrap, type Harness } from '../helpers/runtime-harness';
import { makeStaticDir } from '../helpers/hub-client';

const staticDir = makeStaticDir();

/** What a browser does implicitly: send the page's origin with the upgrade. */
function wsWithOrigin(origin: string): WebSocketLikeConstructor {
  return class extends WebSocket {
    constructor(url: string) {
      super(url, { origin });
    }
  };
}

function clientFor(hub: HubHandle, extra: Partial<Parameters<typeof createHubClient>[0]> = {}): HubClient {
  const page = new URL(hub.url);
  return createHubClient({
    url: hubSocketUrl(page, page.searchParams.get('token')),
    createSocket: browserSocketFactory(wsWithOrigin(page.origin)),
    backoff: { initialMs: 20, maxMs: 100 },
    ...extra,
  });
}

function waitForState(client: HubClient, wanted: HubConnectionState): Promise<void> {
  if (client.state() === wanted) return Promise.resolve();
  return new Promise((resolve) => {
    const off = client.onConnectionChange((state) => {
      if (state === wanted) {
        off();
        resolve();
      }
    });
  });
}

describe('hubSocketUrl', () => {
  it('derives the socket address from the page and carries the token', () => {
    expect(hubSocketUrl({ protocol: 'http:', host: '127.0.0.1:8765' }, null)).toBe('ws://127.0.0.1:8765/pos');
    expect(hubSocketUrl({ protocol: 'https:', host: 'pos.example' }, 'a b&c')).toBe(
      'wss://pos.example/pos?token=a%20b%26c',
    );
  });
});

describe('against the real core', () => {
  let h: Harness;
  let hub: HubHandle;
  let client: HubClient;
  beforeAll(async () => {
    h = await startHarness();
    hub = await startHub({ runtime: h.runtime, staticDir, pairingToken: 'bridge-test-token-0123456789' });
    client = clientFor(hub);
  });
  afterAll(async () => {
    client?.close();
    await hub?.close();
    await h?.close();
  });

  it('implements PosApi: a sandbox sale with its events', async () => {
    const events: PosEvent[] = [];
    const off = client.api.onEvent((e) => events.push(e));
    const snapshot = unwrap(await client.api.getSnapshot());
    expect(snapshot.gateway.mode).toBe('sandbox');
    expect(client.state()).toBe('open');

    const sale = unwrap(await client.api.startSale({ amount: '7.25' }));
    expect(sale.amountCents).toBe(725);
    unwrap(await client.api.submitCode({ saleId: sale.id, code: scenario('alipay', '0000') }));
    // Paid, then its pay time, CNY amount and rate from QueryOrder (paid-details.ts).
    const paid = await h.waitForSale(sale.id, (s) => s.phase === 'paid' && s.cnyAmount !== null);
    // The pushed events arrive over the socket too (a round trip flushes anything still in flight).
    await client.api.getSnapshot();
    expect(events.some((e) => e.type === 'sale' && e.sale.id === sale.id && e.sale.phase === 'paid')).toBe(
      true,
    );
    expect(unwrap(await client.api.getSaleDetail({ saleId: sale.id })).sale).toEqual(paid);
    off();
  });

  it('gets the hub’s typed refusal for bad arguments', async () => {
    const forged = { amount: '1.00', sneaky: true } as unknown as { amount: string };
    const result = await client.api.startSale(forged);
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    if (!result.ok) expect(result.error.message.zh.length).toBeGreaterThan(0);
  });
});

describe('when the link drops', () => {
  let fake: FakePosApi;
  let runtime: HubRuntime;
  beforeAll(() => {
    fake = createFakePosApi();
    runtime = { api: fake.api, handleNotification: fakeRuntimeNotifications().handleNotification };
  });

  it('settles an in-flight call with HUB_DISCONNECTED, reconnects, re-subscribes and never re-sends', async () => {
    let hub = await startHub({ runtime, staticDir });
    const port = hub.port;
    const client = clientFor(hub);
    const states: HubConnectionState[] = [];
    client.onConnectionChange((s) => states.push(s));
    const events: PosEvent[] = [];
    client.api.onEvent((e) => events.push(e));
    await waitForState(client, 'open');
    // Subscribed once a round trip has completed (the subscription frame went first).
    unwrap(await client.api.getSnapshot());

    const gate = fake.hold();
    const inFlight = client.api.startSale({ amount: '3.00' });
    await gate.waiting;
    const callsBefore = fake.calls.length;
    await hub.close();
    gate.release();
    const dropped = await inFlight;
    expect(dropped).toMatchObject({ ok: false, error: { code: 'HUB_DISCONNECTED' } });
    if (!dropped.ok) expect(dropped.error.message.en).toMatch(/may still have gone through/);
    expect(client.state()).toBe('connecting');

    // A call made while disconnected waits for the link instead of failing at once.
    const queued = client.api.getExchangeRate({ platform: 'ALIPAY' });
    hub = await startHub({ runtime, staticDir, port });
    await waitForState(client, 'open');
    expect(await queued).toEqual({
      ok: true,
      value: { echo: 'getExchangeRate', args: { platform: 'ALIPAY' } },
    });
    // The dropped startSale was not sent again; only the queued call arrived.
    expect(fake.calls.slice(callsBefore).map((c) => c.method)).toEqual(['getExchangeRate']);
    expect(states).toEqual(['open', 'connecting', 'open']);

    // Events flow again without the page subscribing anew.
    fake.emit({ type: 'unresolved-count', count: 3 });
    await client.api.getSnapshot();
    expect(events).toContainEqual({ type: 'unresolved-count', count: 3 });

    client.close();
    await hub.close();
  });

  it('settles a call that waited too long for the link with HUB_DISCONNECTED', async () => {
    const hub = await startHub({ runtime, staticDir });
    const url = hub.url;
    await hub.close();
    const page = new URL(url);
    const client = createHubClient({
      url: hubSocketUrl(page, null),
      createSocket: browserSocketFactory(wsWithOrigin(page.origin)),
      backoff: { initialMs: 20, maxMs: 50 },
      connectWaitMs: 150,
    });
    const result = await client.api.getSnapshot();
    expect(result).toMatchObject({ ok: false, error: { code: 'HUB_DISCONNECTED' } });
    expect(client.state()).toBe('connecting');
    client.close();
    expect(client.state()).toBe('closed');
    expect(await client.api.getSnapshot()).toMatchObject({ ok: false, error: { code: 'HUB_DISCONNECTED' } });
  });

  it('settles an unanswered call with HUB_TIMEOUT, and close() settles the rest', async () => {
    const hub = await startHub({ runtime, staticDir });
    const client = clientFor(hub, { replyTimeoutMs: 100 });
    await waitForState(client, 'open');
    const gate = fake.hold();
    const slow = client.api.checkNow({ saleId: 'abc' });
    await gate.waiting;
    expect(await slow).toMatchObject({ ok: false, error: { code: 'HUB_TIMEOUT' } });
    const pending = client.api.checkNow({ saleId: 'def' });
    client.close();
    expect(await pending).toMatchObject({ ok: false, error: { code: 'HUB_DISCONNECTED' } });
    gate.release();
    await hub.close();
  });

  it('keeps delivering events when one listener throws, and stops when unsubscribed', async () => {
    const hub = await startHub({ runtime, staticDir });
    const client = clientFor(hub);
    const seen: PosEvent[] = [];
    const offBad = client.api.onEvent(() => {
      throw new Error('listener bug');
    });
    const offGood = client.api.onEvent((e) => seen.push(e));
    await client.api.getSnapshot();
    const originalError = console.error;
    console.error = () => undefined;
    try {
      fake.emit({ type: 'unresolved-count', count: 1 });
      await client.api.getSnapshot();
    } finally {
      console.error = originalError;
    }
    expect(seen).toEqual([{ type: 'unresolved-count', count: 1 }]);
    offBad();
    offGood();
    await client.api.getSnapshot();
    fake.emit({ type: 'unresolved-count', count: 2 });
    await client.api.getSnapshot();
    expect(seen).toHaveLength(1);
    client.close();
    await hub.close();
  });
});
