/**
 * Pairing: beyond loopback the hub always requires a token, for the page and for the socket, and compares it
 * in constant time. Runs against the real core.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type HubHandle } from '../../main/hub';
import { isLoopbackHost, resolveBindPolicy, tokensEqual } from '../../main/hub/security';
import { startHarness, type Harness } from '../helpers/runtime-harness';
import { connectRaw, httpRequest, makeStaticDir, upgradeStatus } from '../helpers/hub-client';

const TOKEN = 'pairing-token-for-tests-0123456789';
let h: Harness;
let staticDir: string;

beforeAll(async () => {
  h = await startHarness();
  staticDir = makeStaticDir();
});
afterAll(async () => {
  await h?.close();
});

describe('bind policy', () => {
  it('needs no token on loopback, and generates one for any other address', () => {
    expect(resolveBindPolicy('127.0.0.1', undefined)).toEqual({ pairingToken: null, generated: false });
    expect(resolveBindPolicy('::1', undefined).pairingToken).toBeNull();
    for (const host of ['0.0.0.0', '::', '192.168.1.20', 'pos.local']) {
      const policy = resolveBindPolicy(host, undefined);
      expect(policy.generated, host).toBe(true);
      expect(policy.pairingToken, host).toMatch(/^[A-Za-z0-9_-]{24}$/);
    }
    expect(resolveBindPolicy('0.0.0.0', undefined).pairingToken).not.toBe(
      resolveBindPolicy('0.0.0.0', undefined).pairingToken,
    );
    expect(isLoopbackHost('127.0.0.2')).toBe(true);
    expect(isLoopbackHost('10.0.0.1')).toBe(false);
  });

  it('refuses weak or odd tokens', () => {
    for (const bad of ['', 'short', 'has space in it 12345', 'x'.repeat(129), 'token&with=query-chars']) {
      expect(() => resolveBindPolicy('0.0.0.0', bad), bad).toThrow(/pairing token/);
    }
  });

  it('compares tokens exactly', () => {
    expect(tokensEqual(TOKEN, TOKEN)).toBe(true);
    expect(tokensEqual(TOKEN, `${TOKEN}x`)).toBe(false);
    expect(tokensEqual(TOKEN, TOKEN.slice(0, -1))).toBe(false);
    expect(tokensEqual(TOKEN, TOKEN.toUpperCase())).toBe(false);
    expect(tokensEqual(TOKEN, null)).toBe(false);
  });
});

describe('a hub with a pairing token', () => {
  let hub: HubHandle;
  beforeAll(async () => {
    hub = await startHub({ runtime: h.runtime, staticDir, pairingToken: TOKEN });
  });
  afterAll(async () => {
    await hub?.close();
  });

  it('prints the link with the token', () => {
    expect(hub.url).toBe(`http://127.0.0.1:${hub.port}/?token=${TOKEN}`);
    expect(hub.pairingToken).toBe(TOKEN);
  });

  it('serves the page only with the token', async () => {
    const base = `http://127.0.0.1:${hub.port}`;
    expect((await httpRequest(`${base}/`)).status).toBe(401);
    expect((await httpRequest(`${base}/index.html?token=wrong-token-wrong-token`)).status).toBe(401);
    expect((await httpRequest(`${base}/?token=${TOKEN.slice(0, -1)}`)).status).toBe(401);
    const ok = await httpRequest(hub.url);
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('id="root"');
  });

  it('opens the socket only with the token', async () => {
    const origin = `http://127.0.0.1:${hub.port}`;
    const ws = `ws://127.0.0.1:${hub.port}/pos`;
    expect(await upgradeStatus(ws, { origin })).toBe(401);
    expect(await upgradeStatus(`${ws}?token=nope-nope-nope-nope`, { origin })).toBe(401);
    expect(await upgradeStatus(`${ws}?token=${TOKEN}`, { origin: 'http://evil.example' })).toBe(403);
    const c = await connectRaw(`${ws}?token=${TOKEN}`, origin);
    expect((await c.request('getSnapshot')).ok).toBe(true);
    c.close();
  });
});

describe('a hub on every interface', () => {
  it('always runs with a generated token, even when nobody asked for one', async () => {
    const hub = await startHub({ runtime: h.runtime, staticDir, host: '0.0.0.0' });
    try {
      expect(hub.pairingToken).toMatch(/^[A-Za-z0-9_-]{24}$/);
      expect(hub.url).toContain(`?token=${hub.pairingToken}`);
      const base = `http://127.0.0.1:${hub.port}`;
      expect((await httpRequest(`${base}/`)).status).toBe(401);
      expect((await httpRequest(`${base}/?token=${hub.pairingToken}`)).status).toBe(200);
      expect(await upgradeStatus(`ws://127.0.0.1:${hub.port}/pos`, { origin: base })).toBe(401);
      expect(
        await upgradeStatus(`ws://127.0.0.1:${hub.port}/pos?token=${hub.pairingToken}`, { origin: base }),
      ).toBe(101);
    } finally {
      await hub.close();
    }
  });
});
