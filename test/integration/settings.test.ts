/**
 * Manager settings through PosService: PIN first, validation, the write-only secret, live gateway switching
 * and "test connection" explaining wrong credentials and clock skew — against the real sandbox.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, unwrap, type Harness } from '../helpers/runtime-harness';
import { until } from '../helpers/wait-for';

let h: Harness;
const PIN = '97531';

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('settings', () => {
  it('refuses every settings change until a manager PIN exists', async () => {
    const r = await h.runtime.api.updateSettings({ pin: '1234', patch: { merchantName: 'Cafe' } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('NO_PIN');
    const s = await h.runtime.api.setSecretKey({ pin: '1234', secretKey: 'abcdefgh12345678' });
    expect(s.ok).toBe(false);
    unwrap(await h.runtime.api.setManagerPin({ newPin: PIN, setupCode: h.runtime.setupCode() ?? '' }));
  });

  it('validates values and applies good ones, logging the keys changed', async () => {
    const bad = await h.runtime.api.updateSettings({
      pin: PIN,
      patch: { posNo: 'has space', timeZone: 'Mars/Base' },
    });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.code).toBe('INVALID_SETTINGS');
      expect(bad.error.message.en).toMatch(/posNo/);
      expect(bad.error.message.en).toMatch(/timeZone/);
    }
    const badScanner = await h.runtime.api.updateSettings({
      pin: PIN,
      patch: { scanner: { kind: 'serial' } },
    });
    expect(badScanner.ok).toBe(false);
    const good = unwrap(
      await h.runtime.api.updateSettings({
        pin: PIN,
        patch: { merchantName: '好运 Café', posNo: 'LANE2', soundOn: false },
      }),
    );
    expect(good.merchantName).toBe('好运 Café');
    const saved = JSON.parse(readFileSync(join(h.dataDir, 'config.json'), 'utf8')) as Record<string, unknown>;
    expect(saved.posNo).toBe('LANE2');
    const snapshot = unwrap(await h.runtime.api.getSnapshot());
    expect(snapshot.terminal.merchantName).toBe('好运 Café');
    // New sales use the new terminal number in their out_order_no.
    const sale = unwrap(await h.runtime.api.startSale({ amount: '1.00' }));
    unwrap(await h.runtime.api.submitCode({ saleId: sale.id, code: '130000000000000000' }));
    const paid = await h.waitForSale(sale.id, (s) => s.phase === 'paid');
    expect(paid.outOrderNo).toMatch(/^LANE2\d{6}/);
  });

  it('keeps the secret key write-only and owner-readable', async () => {
    unwrap(await h.runtime.api.setSecretKey({ pin: PIN, secretKey: 'live-secret-0123456789' }));
    const view = unwrap(await h.runtime.api.getSettings());
    expect(view.gateway.hasSecretKey).toBe(true);
    expect(JSON.stringify(view)).not.toContain('live-secret');
    expect(statSync(join(h.dataDir, 'secret-key')).mode & 0o777).toBe(0o600);
    const history = JSON.stringify(unwrap(await h.runtime.api.searchHistory({ limit: 50 })));
    expect(history).not.toContain('live-secret');
  });

  it('test connection: explains a wrong secret and a skewed clock in plain words', async () => {
    const ok = unwrap(await h.runtime.api.testConnection({ pin: PIN, region: 'sandbox' }));
    expect(ok.ok).toBe(true);
    expect(ok.message.en).toMatch(/Connected/);
    expect(Math.abs(ok.clockSkewMs ?? 99_999)).toBeLessThan(5_000);

    const wrong = unwrap(
      await h.runtime.api.testConnection({
        pin: PIN,
        region: 'sandbox',
        secretKey: 'definitely-wrong-secret',
      }),
    );
    expect(wrong.ok).toBe(false);
    expect(wrong.code).toBe('SIGN_ERROR');

    h.runtime.sandbox!.control.setClockOffset(-9 * 60_000);
    try {
      const skewed = unwrap(await h.runtime.api.testConnection({ pin: PIN, region: 'sandbox' }));
      expect(skewed.code).toBe('SIGN_TIMEOUT');
      expect(skewed.clockSkewMs).toBeGreaterThan(8 * 60_000);
      expect(skewed.message.en).toMatch(/9 minutes ahead/);
      expect(skewed.message.zh).toMatch(/快 9 分钟/);
    } finally {
      h.runtime.sandbox!.control.setClockOffset(0);
    }
  });

  it('switches the gateway live: a custom gateway with the merchant credentials, and back to the sandbox', async () => {
    const sandbox = h.runtime.sandbox!;
    const m = sandbox.merchants[0]!;
    unwrap(await h.runtime.api.setSecretKey({ pin: PIN, secretKey: m.secretKey }));
    const view = unwrap(
      await h.runtime.api.updateSettings({
        pin: PIN,
        patch: { gateway: { region: 'custom', baseUrl: sandbox.url, mNumber: m.mNumber } },
      }),
    );
    expect(view.gateway.region).toBe('custom');
    const snap = unwrap(await h.runtime.api.getSnapshot());
    expect(snap.gateway.mode).toBe('live');
    const back = unwrap(
      await h.runtime.api.updateSettings({ pin: PIN, patch: { gateway: { region: 'sandbox' } } }),
    );
    expect(back.gateway.region).toBe('sandbox');
    expect(unwrap(await h.runtime.api.getSnapshot()).gateway.mode).toBe('sandbox');
  });
});

describe('clock skew during a payment', () => {
  it('a SIGN_TIMEOUT at the counter measures the skew and shows it on the status bar', async () => {
    h.runtime.sandbox!.control.setClockOffset(7 * 60_000);
    try {
      const sale = unwrap(await h.runtime.api.startSale({ amount: '3.00' }));
      unwrap(await h.runtime.api.submitCode({ saleId: sale.id, code: '130000000000000000' }));
      const declined = await h.waitForSale(sale.id, (s) => s.phase === 'declined');
      expect(declined.errorCode).toBe('SIGN_TIMEOUT');
      const { skew } = await until(
        'the clock skew to be measured',
        async () => {
          const measured = unwrap(await h.runtime.api.getSnapshot()).gateway.clockSkewMs;
          return measured === null ? null : { skew: measured };
        },
        5_000,
      );
      expect(skew).toBeLessThan(-6 * 60_000);
      unwrap(await h.runtime.api.clearSale({ saleId: sale.id }));
    } finally {
      h.runtime.sandbox!.control.setClockOffset(0);
    }
  });
});
