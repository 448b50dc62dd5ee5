/**
 * The hub's customer display: the /customer page and its read-only /customer/feed socket, paired and
 * origin-checked like the cashier's, against the real core. The socket receives display states only; every
 * PosApi method sent over it is refused and changes nothing.
 */
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { POS_METHODS, type PosMethod, type PosResult } from '../../preload/api';
import type { CustomerDisplayState } from '../../preload/customer-display';
import { MAX_CUSTOMER_FRAMES } from '../../main/hub/customer-connection';
import { useHub } from '../helpers/hub-harness';
import { SAMPLE_PIN, sampleArgs } from '../helpers/sample-pos-args';
import { connectRaw, httpRequest, upgradeStatus } from '../helpers/hub-client';

const TOKEN = 'customer-pairing-token-0123456789';
const PIN = SAMPLE_PIN;
/** Arguments a cashier's socket would accept: the refusal must come from the role, not the arguments. */
const argsFor = (method: PosMethod, saleId: string): unknown => sampleArgs(method, saleId);

interface CustomerSocket {
  states: CustomerDisplayState[];
  replies: Array<{ id: number | null; result: PosResult<unknown> }>;
  other: unknown[];
  ws: WebSocket;
  closed: Promise<number>;
  waitFor(predicate: (s: CustomerDisplayState) => boolean): Promise<CustomerDisplayState>;
  request(id: number, method: string, args: unknown): Promise<PosResult<unknown>>;
}

async function openCustomer(port: number, token = TOKEN): Promise<CustomerSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/customer/feed?token=${token}`, {
    origin: `http://127.0.0.1:${port}`,
  });
  const states: CustomerDisplayState[] = [];
  const replies: CustomerSocket['replies'] = [];
  const other: unknown[] = [];
  const waiters = new Set<() => void>();
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data)) as Record<string, unknown>;
    if ('display' in frame) states.push(frame.display as CustomerDisplayState);
    else if ('result' in frame) replies.push(frame as CustomerSocket['replies'][number]);
    else other.push(frame);
    for (const w of [...waiters]) w();
  });
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const until = <T>(find: () => T | undefined): Promise<T> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const found = find();
        if (found === undefined) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(found);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`timed out; states: ${states.map((s) => s.screen).join(',')}`));
      }, 8_000);
      waiters.add(check);
      check();
    });
  return {
    states,
    replies,
    other,
    ws,
    closed,
    waitFor: (predicate) => until(() => states.find(predicate)),
    request(id, method, args) {
      ws.send(JSON.stringify(args === undefined ? { id, method } : { id, method, args }));
      return until(() => replies.find((r) => r.id === id)?.result);
    },
  };
}

const world = useHub({
  pairingToken: TOKEN,
  prepareStatic: (staticDir) =>
    writeFileSync(
      join(staticDir, 'customer.html'),
      '<!doctype html><html lang="zh-CN"><head><title>customer</title></head><body><div id="customer-root"></div></body></html>',
    ),
  ready: async ({ h }) => {
    expect(
      (await h.runtime.api.setManagerPin({ newPin: PIN, setupCode: h.runtime.setupCode() ?? '' })).ok,
    ).toBe(true);
  },
});

describe('the /customer page', () => {
  it('is served only with the pairing token, under the page CSP, with the display state and no cashier data', async () => {
    const base = `http://127.0.0.1:${world.hub.port}`;
    expect((await httpRequest(`${base}/customer`)).status).toBe(401);
    expect((await httpRequest(`${base}/customer.html`)).status).toBe(401);
    expect((await httpRequest(`${base}/customer?token=wrong-wrong-wrong-wrong`)).status).toBe(401);
    expect(
      (await httpRequest(`${base}/customer?token=${TOKEN}`, { headers: { host: 'evil.example' } })).status,
    ).toBe(421);
    const page = await httpRequest(`${base}/customer?token=${TOKEN}`);
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.text).toContain('id="customer-root"');
    expect(page.text).toContain('<script id="customer-boot" type="application/json">');
    expect(page.text).not.toContain('pos-boot');
    const boot = JSON.parse(
      /<script id="customer-boot"[^>]*>(.*?)<\/script>/.exec(page.text)?.[1] ?? 'null',
    ) as CustomerDisplayState;
    expect(boot.screen).toBe('idle');
  });

  it('opens its socket only when paired, from its own origin, under a known host name', async () => {
    const origin = `http://127.0.0.1:${world.hub.port}`;
    const ws = `ws://127.0.0.1:${world.hub.port}/customer/feed`;
    expect(await upgradeStatus(ws, { origin })).toBe(401);
    expect(await upgradeStatus(`${ws}?token=nope-nope-nope-nope`, { origin })).toBe(401);
    expect(await upgradeStatus(`${ws}?token=${TOKEN}`, { origin: 'http://evil.example' })).toBe(403);
    expect(await upgradeStatus(`${ws}?token=${TOKEN}`, { origin, host: 'evil.example' })).toBe(421);
    expect(await upgradeStatus(`${ws}?token=${TOKEN}`, { origin })).toBe(101);
  });
});

describe('the customer socket', () => {
  it('follows the core and counts as a connected display on the cashier side', async () => {
    const cashier = await connectRaw(
      `ws://127.0.0.1:${world.hub.port}/pos?token=${TOKEN}`,
      `http://127.0.0.1:${world.hub.port}`,
    );
    await cashier.request('hub.subscribe');
    const display = await openCustomer(world.hub.port);
    await display.waitFor((s) => s.screen === 'idle');
    await cashier.waitForEvent((e) => e.type === 'customer-display' && e.status.connected >= 1);
    const snap = await world.h.runtime.api.getSnapshot();
    expect(snap.ok && snap.value.customerDisplay).toEqual({ enabled: true, connected: 1 });

    const sale = await cashier.request('startSale', { amount: '12.50' });
    expect(sale.ok).toBe(true);
    const shown = await display.waitFor((s) => s.screen === 'scan');
    expect(shown.amountCents).toBe(1250);
    await display.waitFor((s) => s.screen === 'scan' && s.estimate !== null);
    const text = JSON.stringify(display.states);
    if (sale.ok) expect(text).not.toContain((sale.value as { id: string }).id);

    display.ws.close();
    await display.closed;
    await cashier.waitForEvent((e) => e.type === 'customer-display' && e.status.connected === 0);
    cashier.close();
  });

  it('refuses every PosApi method, changing nothing; the same call from a cashier socket does act', async () => {
    const started = await world.h.runtime.api.startSale({ amount: '4.00' });
    if (!started.ok) throw new Error('no sale');
    const saleId = started.value.id;
    // The core's own snapshot (PosService): the display count is the one thing meant to change here.
    const before = await world.h.runtime.service.getSnapshot();
    const historyBefore = await world.h.runtime.api.searchHistory({});
    const settingsBefore = await world.h.runtime.api.getSettings();
    const coreEvents = world.h.events.length;

    let display = await openCustomer(world.hub.port);
    let id = 1;
    let sentOnThisSocket = 0;
    for (const method of POS_METHODS) {
      if (sentOnThisSocket === MAX_CUSTOMER_FRAMES - 1) {
        display.ws.close();
        display = await openCustomer(world.hub.port);
        sentOnThisSocket = 0;
      }
      const result = await display.request(id++, method, argsFor(method, saleId));
      sentOnThisSocket += 1;
      expect(result, method).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    // Hub control methods are not offered either: a display cannot subscribe to the cashier's events.
    expect(await display.request(id++, 'hub.subscribe', undefined)).toMatchObject({
      error: { code: 'FORBIDDEN' },
    });
    expect(display.other).toEqual([]);

    expect(await world.h.runtime.service.getSnapshot()).toEqual(before);
    expect(await world.h.runtime.api.searchHistory({})).toEqual(historyBefore);
    expect(await world.h.runtime.api.getSettings()).toEqual(settingsBefore);
    expect(world.h.events.slice(coreEvents).filter((e) => e.type !== 'customer-display')).toEqual([]);
    display.ws.close();

    // Control: the same frame on a cashier socket starts a sale, so the refusal above is the role's doing.
    const cashier = await connectRaw(
      `ws://127.0.0.1:${world.hub.port}/pos?token=${TOKEN}`,
      `http://127.0.0.1:${world.hub.port}`,
    );
    const replaced = await cashier.request('startSale', argsFor('startSale', saleId));
    expect(replaced.ok).toBe(true);
    cashier.close();
  });

  it('closes a display socket that keeps sending', async () => {
    const display = await openCustomer(world.hub.port);
    for (let i = 0; i < MAX_CUSTOMER_FRAMES; i++) display.ws.send('{"id":1,"method":"getSnapshot"}');
    expect(await display.closed).toBe(1008);
  });
});
