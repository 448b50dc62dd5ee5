/**
 * The scanner test belongs to the screen that started it. Two real hub sockets and a serial scanner on a pty:
 * while one socket tests, the other is told (status and a word per scan), nothing is charged; when the testing
 * socket closes (a page reloaded or closed) the scanner is back at once and the next scan pays; another screen
 * cannot end someone else's test; and the test ends by itself at its time limit.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { PosEvent, ScannerStatus } from '../../preload/api';
import { startHub, type HubHandle } from '../../main/hub';
import { createPtyPair, type PtyPair } from '../helpers/pty-pair';
import { HARNESS_TUNING, scenario, startHarness, unwrap, type Harness } from '../helpers/runtime-harness';
import { connectRaw, hubOrigin, socketUrl, type RawClient } from '../helpers/hub-client';

let pty: PtyPair | null = null;
let h: Harness | null = null;
let hub: HubHandle | null = null;
const clients: RawClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await hub?.close();
  await h?.close();
  await pty?.close();
  hub = null;
  h = null;
  pty = null;
});

async function till(scannerTestMaxMs?: number): Promise<void> {
  pty = await createPtyPair();
  h = await startHarness({
    scanner: { kind: 'serial', port: { path: pty.a }, framing: { mode: 'cr' } },
    tuning: { ...HARNESS_TUNING, ...(scannerTestMaxMs ? { scannerTestMaxMs } : {}) },
  });
  hub = await startHub({ runtime: h.runtime });
  const snap = unwrap(await h.runtime.api.getSnapshot());
  if (snap.scanner.state !== 'connected') {
    await waitFor(h, (e) => e.type === 'scanner-status' && e.status.state === 'connected');
  }
}

async function screen(): Promise<RawClient> {
  const c = await connectRaw(socketUrl(hub!.url), hubOrigin(hub!.url));
  clients.push(c);
  expect((await c.request('hub.subscribe')).ok).toBe(true);
  return c;
}

function waitFor(
  harness: Harness,
  predicate: (e: PosEvent) => boolean,
  timeoutMs = 5_000,
): Promise<PosEvent> {
  const seen = harness.events.find(predicate);
  if (seen) return Promise.resolve(seen);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error('event not seen in time'));
    }, timeoutMs);
    const off = harness.runtime.api.onEvent((e) => {
      if (!predicate(e)) return;
      clearTimeout(timer);
      off();
      resolve(e);
    });
  });
}

const testModeOf = (e: PosEvent): ScannerStatus['testMode'] | undefined =>
  e.type === 'scanner-status' ? (e.status.testMode ?? null) : undefined;

describe('scanner test mode belongs to the screen that started it', () => {
  it('ends when that screen’s socket closes; meanwhile other screens are told and no scan charges', async () => {
    await till();
    const settings = await screen();
    const counter = await screen();
    const started = Date.now();
    expect((await settings.request('setScannerTestMode', { on: true })).ok).toBe(true);
    const on = await counter.waitForEvent((e) => !!testModeOf(e));
    const endsAt = testModeOf(on)!.endsAt;
    expect(endsAt - started).toBeGreaterThan(110_000);
    expect(endsAt - started).toBeLessThanOrEqual(121_000);
    expect(unwrap(await h!.runtime.api.getSnapshot()).scanner.testMode?.endsAt).toBe(endsAt);

    // A sale waits for a code, the cashier scans: the scan goes to the test, the counter is told, nothing charges.
    const sale = unwrap(await h!.runtime.api.startSale({ amount: '6.00' }));
    await pty!.write(`${scenario('wechat', '0000')}\r`);
    await settings.waitForEvent((e) => e.type === 'scanner-test' && e.decoded === scenario('wechat', '0000'));
    const word = await counter.waitForEvent((e) => e.type === 'scan-ignored');
    expect(word.type === 'scan-ignored' && word.message.en).toContain('Scanner in test mode');
    expect(word.type === 'scan-ignored' && word.message.zh).toContain('测试模式');
    expect(unwrap(await h!.runtime.api.getSaleDetail({ saleId: sale.id })).attempts).toEqual([]);

    // The Settings page is reloaded (its socket closes): the scanner is the counter's again at once.
    settings.close();
    await counter.waitForEvent((e) => testModeOf(e) === null);
    expect(unwrap(await h!.runtime.api.getSnapshot()).scanner.testMode).toBeNull();
    await pty!.write(`${scenario('wechat', '0001')}\r`);
    const paid = await h!.waitForSale(sale.id, (s) => s.phase === 'paid');
    expect(paid.amountCents).toBe(600);
  });

  it('another screen cannot end it; the screen that holds it can; a new start takes it over', async () => {
    await till();
    const a = await screen();
    const b = await screen();
    await a.request('setScannerTestMode', { on: true });
    await b.waitForEvent((e) => !!testModeOf(e));
    // B leaving its own Settings tab says "off": it does not end A's test.
    expect((await b.request('setScannerTestMode', { on: false })).ok).toBe(true);
    expect(unwrap(await h!.runtime.api.getSnapshot()).scanner.testMode).toBeTruthy();
    // B starts its own: A's ends with it, and B's socket closing ends B's.
    await b.request('setScannerTestMode', { on: true });
    a.close();
    await a.closed;
    expect((await b.request('getSnapshot')).ok).toBe(true);
    expect(unwrap(await h!.runtime.api.getSnapshot()).scanner.testMode).toBeTruthy();
    expect((await b.request('setScannerTestMode', { on: false })).ok).toBe(true);
    await b.waitForEvent((e) => testModeOf(e) === null);
    expect(unwrap(await h!.runtime.api.getSnapshot()).scanner.testMode).toBeNull();
  });

  it('ends by itself at its time limit, and the next scan reaches the sale', async () => {
    await till(400);
    const a = await screen();
    await a.request('setScannerTestMode', { on: true });
    await a.waitForEvent((e) => !!testModeOf(e));
    await a.waitForEvent((e) => testModeOf(e) === null, 5_000);
    const sale = unwrap(await h!.runtime.api.startSale({ amount: '2.00' }));
    await pty!.write(`${scenario('alipay', '0000')}\r`);
    await h!.waitForSale(sale.id, (s) => s.phase === 'paid');
  });
});
