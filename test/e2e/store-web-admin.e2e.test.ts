/**
 * The web's admin walk in Debian Chromium against a real store server, on both databases: head office revokes a
 * till through its confirmation page, reinstates it, and the till's day totals are what they were; People
 * (reset a password, shown once; the last head-office account kept); the Audit page and its filter; 简体中文.
 * No CSP violation may be reported. Screens are saved as test-results/screenshots/web-admin-*.png.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { chromiumMissing, launchChromium } from '../helpers/chromium';
import { describeOnBothDatabases } from '../helpers/store-databases';
import { DAY, FeedTill, PASSWORD, startWorld, type WebWorld } from '../integration/store-web-helpers';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 120_000 });

const SCREENSHOT_DIR = join(process.cwd(), 'test-results', 'screenshots');
if (chromiumMissing !== null) console.log(`store web admin e2e skipped: ${chromiumMissing}`);

let browser: Browser | null = null;
beforeAll(async () => {
  if (chromiumMissing === null) browser = await launchChromium();
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});

const squash = (s: string | null) => (s ?? '').replace(/\s+/g, ' ').trim();

describeOnBothDatabases('managers’ admin pages in Chromium', (target) => {
  let world: WebWorld | null = null;
  let page: Page | null = null;
  afterEach(async () => {
    await page?.close();
    page = null;
    await world?.server.close();
    world = null;
  });

  it.skipIf(chromiumMissing !== null)(
    'revoke (confirmed) → reinstate → totals equal; People; Audit; 简体中文',
    async () => {
      world = await startWorld(target);
      const front = await FeedTill.enrol(world, world.storeA, 'Front', 'A1');
      await front.push(...front.sale('s1', { status: 'paid', cents: 2150 }));

      page = await browser!.newPage();
      const cspErrors: string[] = [];
      page.on('console', (m) => {
        if (/Content Security Policy|Refused to/i.test(m.text())) cspErrors.push(m.text());
      });
      await page.goto(`${world.server.url}/web/sign-in`);
      await page.fill('#username', 'ho');
      await page.fill('#password', PASSWORD);
      await page.click('#sign-in');
      await page.waitForURL('**/web/live');

      const tillTotal = async () => {
        await page!.goto(`${world!.server.url}/web/reports?date=${DAY}&store=${world!.storeA}`);
        return squash(await page!.textContent(`tr[data-till-total="${front.tillId}"] .net`));
      };
      const before = await tillTotal();
      expect(before).toBe('21.50');

      // Revoke: the button leads to a page that says what it does; Cancel changes nothing.
      await page.goto(`${world.server.url}/web/tills`);
      await page.click(`#revoke-${front.tillId}`);
      await page.waitForSelector('#revoke-confirm');
      expect(squash(await page.textContent('h1'))).toBe('Revoke Front (Main St)?');
      expect(squash(await page.textContent('#revoke-confirm'))).toContain('You can undo it');
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'web-admin-revoke-confirm.png'), fullPage: true });
      await page.click('#revoke-no');
      await page.waitForURL('**/web/tills');
      expect(await page.getAttribute(`tr[data-till="${front.tillId}"]`, 'data-state')).toBe('active');
      await page.click(`#revoke-${front.tillId}`);
      await page.click('#revoke-yes');
      await page.waitForSelector(`tr[data-till="${front.tillId}"][data-state="revoked"]`);
      expect(squash(await page.textContent('.notice'))).toContain('Front revoked');
      await expect(front.push(...front.sale('s2', { status: 'paid', cents: 100 }))).rejects.toThrow(/403/);

      // A new code under the same name says why not, and offers the reinstate.
      await page.fill('#till-name', 'Front');
      await page.click('#create-code');
      await page.waitForSelector('#revoked-name');
      expect(squash(await page.textContent('#revoked-name'))).toContain('and it is revoked');
      await page.click('#reinstate-named');
      await page.waitForSelector(`tr[data-till="${front.tillId}"][data-state="active"]`);
      expect(squash(await page.textContent('.notice'))).toContain('Front reinstated');
      expect(await tillTotal()).toBe(before);
      await front.push(...front.sale('s2', { status: 'paid', cents: 100 }));
      expect(await tillTotal()).toBe('22.50');

      // People: a reset password is shown once; the only head-office account cannot be disabled.
      await page.click('a[href="/web/users"]');
      await page.click('a[href="/web/users/mgr-a"]');
      await page.click('#reset-password');
      const fresh = squash(await page.textContent('#new-password-once'));
      expect(fresh).toMatch(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/);
      await page.reload();
      expect(await page.$('#new-password-once')).toBeNull();
      await page.goto(`${world.server.url}/web/users/ho`);
      await page.click('#disable');
      expect(squash(await page.textContent('.refusal'))).toContain('the last head-office account');
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'web-admin-people.png'), fullPage: true });

      // Audit: the revoke and the reinstate, from where; filtered to revokes.
      await page.click('a[href="/web/audit"]');
      await page.waitForSelector('#audit');
      expect(await page.$('tr[data-action="till_reinstate"]')).not.toBeNull();
      await page.selectOption('#audit-action', 'till_revoke');
      await page.click('#audit-show');
      await page.waitForURL(/action=till_revoke/);
      const rows = await page.$$eval('#audit tbody tr', (trs) => trs.map((tr) => tr.textContent ?? ''));
      expect(rows).toHaveLength(1);
      expect(squash(rows[0]!)).toContain('Till revoked');
      expect(squash(rows[0]!)).toContain('127.0.0.1');
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'web-admin-audit.png'), fullPage: true });

      // 简体中文.
      await page.click('#lang-switch');
      await page.waitForSelector('html[lang="zh-CN"]');
      expect(squash(await page.textContent('h1'))).toContain('审计日志');
      expect(squash(await page.textContent('#audit tbody'))).toContain('吊销收银机');
      await page.goto(`${world.server.url}/web/tills/${front.tillId}/revoke`);
      expect(squash(await page.textContent('h1'))).toBe('吊销 Front（Main St）？');
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'web-admin-revoke-zh.png'), fullPage: true });

      expect(cspErrors).toEqual([]);
    },
  );
});
