/**
 * The customer display's feed against the real core (sandbox over HTTP, SQLite): it follows a sale through
 * the core's events, fetches the day's rate for the estimate, goes back to the welcome after a result, shows
 * only the welcome while switched off, and counts its viewers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustomerDisplayState } from '../../preload/customer-display';
import { CustomerDisplay } from '../../main/customer-display/feed';
import { scenario, startHarness, type Harness } from '../helpers/runtime-harness';

let h: Harness;
let enabled = true;
let display: CustomerDisplay;
const states: CustomerDisplayState[] = [];

function until(
  predicate: (s: CustomerDisplayState) => boolean,
  timeoutMs = 8_000,
): Promise<CustomerDisplayState> {
  return new Promise((resolve, reject) => {
    const found = states.find(predicate);
    if (found) return resolve(found);
    const timer = setTimeout(
      () => reject(new Error(`no such state; saw ${states.map((s) => s.screen).join(',')}`)),
      timeoutMs,
    );
    const off = display.onState((s) => {
      if (!predicate(s)) return;
      clearTimeout(timer);
      queueMicrotask(off);
      resolve(s);
    });
  });
}

beforeAll(async () => {
  h = await startHarness();
  display = new CustomerDisplay({ api: h.runtime.service, enabled: () => enabled, resultHoldMs: 300 });
  display.onState((s) => states.push(s));
});
afterAll(async () => {
  display?.close();
  await h?.close();
});

describe('customer display feed', () => {
  it('follows a scan sale to paid with the estimate, then returns to the welcome', async () => {
    await until((s) => s.merchantName !== '');
    const started = await h.runtime.api.startSale({ amount: '12.50' });
    if (!started.ok) throw new Error('no sale');
    const scan = await until((s) => s.screen === 'scan' && s.estimate !== null);
    expect(scan).toMatchObject({ amountCents: 1250, estimate: { fen: 5890, rate: '4.7123' } });
    await h.runtime.api.submitCode({ saleId: started.value.id, code: scenario('alipay', '0000') });
    const paid = await until((s) => s.screen === 'paid');
    expect(paid.platform).toBe('ALIPAY');
    const idle = await until((s) => s.screen === 'idle' && s.seq > paid.seq);
    expect(idle.amountCents).toBeNull();
    // Sequence numbers only grow, one per change.
    const seqs = states.map((s) => s.seq);
    expect([...new Set(seqs)].sort((a, b) => a - b)).toEqual([...new Set(seqs)]);
  });

  it('shows only the welcome while switched off', async () => {
    enabled = false;
    display.settingsChanged();
    await h.runtime.api.startSale({ amount: '3.00' });
    const last = states.at(-1);
    expect(last?.screen).toBe('idle');
    expect(last?.amountCents).toBeNull();
    enabled = true;
    display.settingsChanged();
    await until((s) => s.screen === 'scan' && s.amountCents === 300);
  });

  it('counts viewers and tells whoever listens', () => {
    const seen: number[] = [];
    const off = display.onStatus((s) => seen.push(s.connected));
    const a = display.connect();
    const b = display.connect();
    a();
    a();
    b();
    off();
    expect(seen).toEqual([1, 2, 1, 0]);
    expect(display.status()).toEqual({ enabled: true, connected: 0 });
  });
});
