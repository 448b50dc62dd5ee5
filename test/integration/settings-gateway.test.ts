/**
 * Settings a manager can actually change, against the real sandbox: only a change of where money goes waits for
 * open sales (and says which), the rest saves at once; the secret from the environment works for "Test
 * connection"; an empty OMIPAY_BASE_URL is unset; setSecretKey explains instead of failing as INTERNAL.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MERCHANT, startSandbox } from '../../main/sandbox';
import { useCleanups } from '../helpers/cleanups';
import { TIME_SCALE, scenario, startHarnessFor, unwrap, type Harness } from '../helpers/runtime-harness';

const PIN = '97531';
const cleanups = useCleanups();

async function control(harness: Harness, path: string, method: 'POST' | 'DELETE', body: unknown = {}) {
  const res = await fetch(`${harness.runtime.sandboxUrl}/_sandbox/${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(method === 'POST' ? { body: JSON.stringify(body) } : {}),
  });
  if (!res.ok) throw new Error(`sandbox ${path}: ${res.status}`);
}

describe('settings while a sale is unresolved', () => {
  it('saves the merchant name at once; holds back only the merchant number, saying which sale blocks it', async () => {
    const h = await startHarnessFor(cleanups);
    const api = h.runtime.api;
    unwrap(await api.setManagerPin({ newPin: PIN, setupCode: h.runtime.setupCode() ?? '' }));
    await control(h, 'faults', 'POST', { fault: { kind: 'drop' }, times: 10_000 });
    const sale = unwrap(await api.startSale({ amount: '4.40' }));
    unwrap(await api.submitCode({ saleId: sale.id, code: scenario('wechat', '0000') }));
    const unresolved = await h.waitForSale(sale.id, (s) => s.phase === 'unresolved', 15_000);

    // The whole form as the settings screen sends it, on the sandbox with no merchant number: only the name
    // differs. The gateway section must not count as changed.
    const view = unwrap(await api.getSettings());
    const form = {
      merchantName: 'Harbour Noodles',
      posNo: view.posNo,
      timeZone: view.timeZone,
      language: view.language,
      soundOn: view.soundOn,
      maxAmountCents: view.maxAmountCents,
      gateway: {
        region: view.gateway.region,
        baseUrl: null,
        timeZone: view.gateway.timeZone,
        callTimeoutMs: view.gateway.callTimeoutMs,
        maxWaitMs: view.gateway.maxWaitMs,
      },
    };
    const named = unwrap(await api.updateSettings({ pin: PIN, patch: form }));
    expect(named.merchantName).toBe('Harbour Noodles');
    expect(named.gatewayHeldBack ?? null).toBeNull();
    expect(unwrap(await api.getSnapshot()).terminal.merchantName).toBe('Harbour Noodles');

    // Name and merchant number together: the name is saved, the merchant number waits, and the sale is named.
    const both = unwrap(
      await api.updateSettings({
        pin: PIN,
        patch: {
          ...form,
          merchantName: 'Harbour Dumplings',
          gateway: { ...form.gateway, mNumber: '200002' },
        },
      }),
    );
    expect(both.merchantName).toBe('Harbour Dumplings');
    expect(both.gateway.mNumber).toBeNull();
    expect(both.gatewayHeldBack?.message.en).toMatch(
      /^Saved, except the merchant number and gateway\. Sales or refunds on the current gateway still being checked: 1\./,
    );
    expect(both.gatewayHeldBack?.blockers.join('\n')).toContain(unresolved.outOrderNo ?? '?');
    const saved = JSON.parse(readFileSync(join(h.dataDir, 'config.json'), 'utf8')) as {
      merchantName: string;
      gateway: Record<string, unknown>;
    };
    expect(saved.merchantName).toBe('Harbour Dumplings');
    expect(saved.gateway.mNumber).toBeUndefined();

    // The secret key is refused as a whole (nothing saved), in words, with the sale named.
    const secret = await api.setSecretKey({ pin: PIN, secretKey: 'another-secret-key-123' });
    expect(secret.ok).toBe(false);
    if (!secret.ok) {
      expect(secret.error.code).toBe('GATEWAY_BUSY');
      expect(secret.error.detail).toContain(unresolved.outOrderNo ?? '?');
    }
    expect(unwrap(await api.getSettings()).gateway.hasSecretKey).toBe(false);

    // Once the sale settles, the merchant number can change.
    await control(h, 'faults', 'DELETE');
    await h.waitForSale(sale.id, (s) => s.phase === 'paid', 20_000);
    const after = unwrap(
      await api.updateSettings({ pin: PIN, patch: { gateway: { ...form.gateway, mNumber: '200002' } } }),
    );
    expect(after.gateway.mNumber).toBe('200002');
    expect(after.gatewayHeldBack ?? null).toBeNull();
  });
});

describe('credentials from the environment', () => {
  it('"Test connection" uses the secret from the environment', async () => {
    const h = await startHarnessFor(cleanups, {
      env: {
        OMIPAY_M_NUMBER: DEFAULT_MERCHANT.mNumber,
        OMIPAY_SECRET_KEY: DEFAULT_MERCHANT.secretKey,
        OMIPAY_REGION: 'SANDBOX',
      },
    });
    const api = h.runtime.api;
    unwrap(await api.setManagerPin({ newPin: PIN, setupCode: h.runtime.setupCode() ?? '' }));
    const result = unwrap(
      await api.testConnection({ pin: PIN, region: 'custom', baseUrl: h.runtime.sandboxUrl ?? '' }),
    );
    expect(result.code).toBeNull();
    expect(result.ok).toBe(true);
    // With the secret in the environment, storing another one is refused in words.
    const stored = await api.setSecretKey({ pin: PIN, secretKey: 'another-secret-key-123' });
    expect(stored.ok || stored.error.code).toBe('SECRET_FROM_ENV');
  });

  it('an empty OMIPAY_BASE_URL is unset: the configured gateway is used', async () => {
    const outside = await startSandbox({ timeScale: TIME_SCALE });
    cleanups.push(() => outside.close());
    const dataDir = mkdtempSync(join(tmpdir(), 'pos-env-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    writeFileSync(
      join(dataDir, 'config.json'),
      JSON.stringify({ gateway: { region: 'custom', baseUrl: outside.url } }),
    );
    const h = await startHarnessFor(cleanups, {
      dataDir,
      env: {
        OMIPAY_BASE_URL: '',
        OMIPAY_M_NUMBER: DEFAULT_MERCHANT.mNumber,
        OMIPAY_SECRET_KEY: DEFAULT_MERCHANT.secretKey,
      },
    });
    expect(h.runtime.mode).toBe('live');
    const sale = unwrap(await h.runtime.api.startSale({ amount: '3.00' }));
    unwrap(await h.runtime.api.submitCode({ saleId: sale.id, code: scenario('alipay', '0000') }));
    const paid = await h.waitForSale(sale.id, (s) => s.phase === 'paid');
    // Paid on the configured (outside) gateway, which knows the order.
    expect(outside.control.getOrder(paid.orderNo ?? '')?.status).toBe('PAID');
  });
});

describe('the secret key once saved', () => {
  it('never answers INTERNAL: a switch that cannot be made is said in words', async () => {
    const h = await startHarnessFor(cleanups);
    const api = h.runtime.api;
    unwrap(await api.setManagerPin({ newPin: PIN, setupCode: h.runtime.setupCode() ?? '' }));
    // A custom region with no address yet: the secret saves, the switch to live cannot happen.
    unwrap(
      await api.updateSettings({
        pin: PIN,
        patch: { gateway: { region: 'custom', mNumber: DEFAULT_MERCHANT.mNumber } },
      }),
    );
    const r = await api.setSecretKey({ pin: PIN, secretKey: DEFAULT_MERCHANT.secretKey });
    if (!r.ok) {
      expect(r.error.code).not.toBe('INTERNAL');
      expect(r.error.message.en).toMatch(/secret key was saved/);
    }
    expect(unwrap(await api.getSettings()).gateway.hasSecretKey).toBe(true);
  });
});
