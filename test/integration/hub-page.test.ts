/**
 * The production build of the cashier screens, served by the hub in front of the real core and opened in Debian
 * Chromium: the page runs under the strict CSP without a single violation, reaches the core over the socket
 * with the pairing token taken from its own address, and the CSP really blocks inline code and foreign hosts.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { chromiumMissing, launchChromium } from '../helpers/chromium';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type HubHandle } from '../../main/hub';
import { buildRenderer } from '../../main/hub/build-renderer';
import { pageContentSecurityPolicy } from '../../main/shared/page-head';
import { startHarness, type Harness } from '../helpers/runtime-harness';

if (chromiumMissing !== null) console.log(`hub page test skipped: ${chromiumMissing}`);

const TOKEN = 'page-test-pairing-token-0123456789';

describe.skipIf(chromiumMissing !== null)('the built page under the hub', () => {
  let outDir: string;
  let h: Harness;
  let hub: HubHandle;
  let browser: Browser;

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'hub-page-'));
    await buildRenderer({ outDir });
    h = await startHarness();
    hub = await startHub({ runtime: h.runtime, staticDir: outDir, pairingToken: TOKEN });
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
    await h?.close();
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  it('has no inline script or style in the built page', () => {
    const html = readFileSync(join(outDir, 'index.html'), 'utf8');
    // The policy meta tags are written by the build (main/shared/page-head.ts), in both pages.
    for (const page of ['index.html', 'customer.html']) {
      expect(readFileSync(join(outDir, page), 'utf8')).toContain(
        `<meta http-equiv="Content-Security-Policy" content="${pageContentSecurityPolicy()}"`,
      );
    }
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
    expect(html).not.toMatch(/<style[\s>]/i);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    expect(readdirSync(outDir).some((f) => f.endsWith('.map'))).toBe(false);
    expect(readdirSync(join(outDir, 'assets')).some((f) => f.endsWith('.map'))).toBe(false);
  });

  it('runs under the CSP without violations and talks to the core with the token from its address', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { __csp: string[] }).__csp = seen;
      document.addEventListener('securitypolicyviolation', (e) =>
        seen.push(`${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(`${msg.text()} ${msg.location().url}`);
    });
    page.on('requestfailed', (req) => errors.push(`request failed: ${req.url()}`));
    page.on('response', (res) => {
      if (res.status() >= 400) errors.push(`HTTP ${res.status()}: ${res.url()}`);
    });
    const socketReply = new Promise<{ url: string; payload: string }>((resolve) => {
      page.on('websocket', (ws) => {
        ws.on('framereceived', (frame) => {
          const text = String(frame.payload);
          if (text.includes('"result":{"ok":true')) resolve({ url: ws.url(), payload: text });
        });
      });
    });

    await page.goto(hub.url);
    const reply = await socketReply;
    expect(reply.url).toBe(`ws://127.0.0.1:${hub.port}/pos?token=${TOKEN}`);
    await expect
      .poll(() => page.evaluate(() => document.getElementById('root')?.childElementCount ?? 0))
      .toBeGreaterThan(0);
    expect(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).toEqual([]);
    expect(errors).toEqual([]);
    // The Electron preload is absent here, and nothing else was put on window.
    expect(await page.evaluate(() => typeof (window as { pos?: unknown }).pos)).toBe('undefined');

    // Remembered for this tab, so a reconnect still works if the screens rewrite the address.
    expect(await page.evaluate(() => sessionStorage.getItem('omipay-pos.pairing-token'))).toBe(TOKEN);
    await context.close();
  });

  it('enforces the CSP: inline code and other hosts are blocked', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(hub.url);
    const outcome = await page.evaluate(async () => {
      const violations: string[] = [];
      document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
      const inline = document.createElement('script');
      inline.textContent = '(window).__inlineRan = true;';
      document.body.appendChild(inline);
      let fetched = 'allowed';
      try {
        await fetch('http://127.0.0.2:9/x');
      } catch {
        fetched = 'blocked';
      }
      // The violation events are dispatched after the fact: wait for both, with a deadline.
      const deadline = Date.now() + 5_000;
      while (
        !(violations.includes('script-src-elem') && violations.includes('connect-src')) &&
        Date.now() < deadline
      ) {
        await new Promise((r) => setTimeout(r, 10));
      }
      return {
        inlineRan: (window as unknown as { __inlineRan?: boolean }).__inlineRan === true,
        fetched,
        violations,
      };
    });
    expect(outcome.inlineRan).toBe(false);
    expect(outcome.fetched).toBe('blocked');
    expect(outcome.violations).toEqual(expect.arrayContaining(['script-src-elem', 'connect-src']));
    await context.close();
  });
});
