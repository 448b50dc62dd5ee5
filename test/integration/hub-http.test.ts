/**
 * The hub's HTTP side: the page and its strict CSP, security headers, refusing traversal and foreign hosts,
 * and forwarding Omipay notifications to the real core.
 */
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startHub } from '../../main/hub';
import { makeNonce, omipaySign } from '../../main/omipay/sign';
import { createFakePosApi, fakeRuntimeNotifications } from '../fixtures/fake-pos-api';
import { useHub } from '../helpers/hub-harness';
import { httpRequest } from '../helpers/hub-client';

const world = useHub({
  prepareStatic: (staticDir) => {
    const outside = mkdtempSync(join(tmpdir(), 'hub-outside-'));
    writeFileSync(join(outside, 'secret.txt'), 'SECRET-OUTSIDE-ROOT');
    symlinkSync(join(outside, 'secret.txt'), join(staticDir, 'linked.txt'));
  },
});

describe('the page', () => {
  it('is served with a strict CSP and security headers', async () => {
    const res = await httpRequest(`${world.base}/`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.text).toContain('<div id="root">');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${world.hub.port}`);
    expect(csp).toContain("img-src 'self' data:");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(world.hub.url).toBe(`${world.base}/`);
  });

  it('carries the core snapshot as a data block, escaped so no value can end the element', async () => {
    const pin = '4826';
    await world.h.runtime.api.setManagerPin({ newPin: pin, setupCode: world.h.runtime.setupCode() ?? '' });
    await world.h.runtime.api.updateSettings({ pin, patch: { merchantName: '</script><b>x' } });
    const res = await httpRequest(`${world.base}/`);
    const block = /<script id="pos-boot" type="application\/json">([^<]*)<\/script>/.exec(res.text);
    expect(block).not.toBeNull();
    const snapshot = JSON.parse(block![1]!) as {
      terminal: { merchantName: string };
      gateway: { mode: string };
    };
    expect(snapshot.terminal.merchantName).toBe('</script><b>x');
    expect(snapshot.gateway.mode).toBe('sandbox');
    expect(res.text).not.toContain('</script><b>');
    expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.text));
  });

  it('puts the host the browser used into connect-src', async () => {
    const res = await httpRequest(`${world.base}/index.html`, {
      headers: { host: `localhost:${world.hub.port}` },
    });
    expect(res.status).toBe(200);
    expect(String(res.headers['content-security-policy'])).toContain(
      `connect-src 'self' ws://localhost:${world.hub.port}`,
    );
  });

  it('serves hashed assets as immutable and answers HEAD without a body', async () => {
    const res = await httpRequest(`${world.base}/assets/app-abc123.js`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers['cache-control']).toContain('immutable');
    const head = await httpRequest(`${world.base}/assets/app-abc123.js`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.text).toBe('');
    expect(Number(head.headers['content-length'])).toBeGreaterThan(0);
  });

  it('refuses traversal, encoded or not, and symlinks out of the root', async () => {
    for (const path of [
      '/../package.json',
      '/..%2fpackage.json',
      '/%2e%2e/%2e%2e/package.json',
      '/assets/..%2f..%2fpackage.json',
      '/assets/..%5c..%5cpackage.json',
      '/index.html%00.js',
      '/%E0%A4%A',
      '/linked.txt',
      '//etc/passwd',
    ]) {
      const res = await httpRequest(`${world.base}${path}`);
      expect([400, 404], path).toContain(res.status);
      expect(res.text, path).not.toContain('SECRET-OUTSIDE-ROOT');
      expect(res.text, path).not.toContain('"name"');
    }
  });

  it('answers unknown files with 404 and other methods with 405', async () => {
    expect((await httpRequest(`${world.base}/nope.js`)).status).toBe(404);
    expect((await httpRequest(`${world.base}/assets`)).status).toBe(404);
    const post = await httpRequest(`${world.base}/`, { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
  });

  it('refuses host names it is not reachable under (DNS rebinding)', async () => {
    const res = await httpRequest(`${world.base}/`, {
      headers: { host: `attacker.example:${world.hub.port}` },
    });
    expect(res.status).toBe(421);
    expect(res.text).not.toContain('root');
  });

  it('says plainly when the screens are not built', async () => {
    const empty = await startHub({ runtime: world.h.runtime, staticDir: join(tmpdir(), 'hub-no-such-dir') });
    try {
      const res = await httpRequest(empty.url);
      expect(res.status).toBe(503);
      expect(res.text).toContain('npm run build');
    } finally {
      await empty.close();
    }
  });
});

describe('payment notifications', () => {
  it('are forwarded byte for byte to the runtime, whatever Host they came through', async () => {
    const notifications = fakeRuntimeNotifications();
    const fake = createFakePosApi();
    const relay = await startHub({
      runtime: { api: fake.api, handleNotification: notifications.handleNotification },
      staticDir: world.staticDir,
      notificationPath: '/hooks/omipay',
    });
    try {
      const body = 'm_number=1&order_no=abc&total_amount=100';
      const res = await httpRequest(`http://127.0.0.1:${relay.port}/hooks/omipay`, {
        method: 'POST',
        headers: { host: 'pos.example.com', 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
      expect(res.status).toBe(200);
      expect(JSON.parse(res.text)).toEqual({ return_code: 'SUCCESS' });
      expect(notifications.received).toHaveLength(1);
      expect(notifications.received[0]!.body.toString('utf8')).toBe(body);
      expect(notifications.received[0]!.contentType).toBe('application/x-www-form-urlencoded');

      // Only POST, and only up to the size limit (nothing forwarded).
      expect((await httpRequest(`http://127.0.0.1:${relay.port}/hooks/omipay`)).status).toBe(405);
      const big = await httpRequest(`http://127.0.0.1:${relay.port}/hooks/omipay`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ pad: 'x'.repeat(70 * 1024) }),
      });
      expect(big.status).toBe(413);
      expect(notifications.received).toHaveLength(1);
    } finally {
      await relay.close();
    }
  });

  it('reach the real core, which rejects a forged signature and accepts a genuine one', async () => {
    // Signed with the sandbox merchant's key. The order is unknown to the journal, so nothing is applied, but a
    // genuine notification is still acknowledged so Omipay stops retrying.
    const merchant = world.h.runtime.sandbox!.merchants[0]!;
    const notification = (sign: (timestamp: number, nonce: string) => string): string => {
      const timestamp = Date.now();
      const nonce = makeNonce();
      return JSON.stringify({
        return_code: 'SUCCESS',
        m_number: merchant.mNumber,
        timestamp,
        nonce_str: nonce,
        sign: sign(timestamp, nonce),
        order_no: 'a'.repeat(32),
        out_order_no: 'NOSUCHORDER',
        currency: 'AUD',
        total_amount: 100,
        order_time: '20250101120000',
        pay_time: '20250101120001',
        exchange_rate: 500000000,
        cny_amount: 500,
      });
    };
    const post = (body: string) =>
      httpRequest(`${world.base}/omipay/notify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });

    const forged = await post(notification(() => 'F'.repeat(32)));
    expect(forged.status).toBe(400);
    expect(JSON.parse(forged.text)).toMatchObject({ return_code: 'FAIL', reason: 'bad_signature' });

    const genuine = await post(
      notification((t, n) => omipaySign(merchant.mNumber, t, n, merchant.secretKey)),
    );
    expect(genuine.status).toBe(200);
    expect(genuine.headers['content-type']).toBe('application/json');
    expect(JSON.parse(genuine.text)).toEqual({ return_code: 'SUCCESS' });
  });
});
