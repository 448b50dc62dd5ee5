/**
 * The managers' pages in Debian Chromium against a real store server: sign in, the live feed changing while
 * the page stays open when a till's paid sale is pushed through the till API, a refund sent from another
 * till showing its state (and its state changing), and the switch to 简体中文 kept across a reload. Then the
 * admin walk: head office revokes a till through its confirmation page, reinstates it, and the till's day
 * totals are what they were; People (a reset password shown once; the last head-office account kept); the
 * Audit page and its filter; 简体中文. No CSP violation may be reported. Screens are saved as
 * test-results/screenshots/web-*.png.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, expect, it, vi } from 'vitest';
import { chromiumMissing } from '../helpers/chromium';
import { describeOnBothDatabases, DAY, FeedTill, PASSWORD, serversPerTest } from '../helpers/store-server';
import { SCREENSHOT_DIR, useStoreBrowser } from './store-browser';

// Each test starts its own server (migrations, scrypt hashes) and the suite removes its PGlite data dirs: both
// are slow on a busy machine.
vi.setConfig({ testTimeout: 300_000, hookTimeout: 120_000 });

const squash = (s: string | null) => (s ?? '').replace(/\s+/g, ' ').trim();
if (chromiumMissing !== null) console.log(`store web e2e skipped: ${chromiumMissing}`);

const browser = useStoreBrowser();

/** The page's CSP violations, as Chromium reports them on its console. */
function watchCsp(p: Page): string[] {
  const errors: string[] = [];
  p.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) errors.push(m.text());
  });
  return errors;
}

describeOnBothDatabases('managers’ pages in Chromium', (target) => {
  // Registered first, so run last: the page closes before its server.
  const servers = serversPerTest(target);
  let page: Page | null = null;
  afterEach(async () => {
    await page?.close();
    page = null;
  });

  it.skipIf(chromiumMissing !== null)(
    'signs in, updates live when a till sells, shows a cross-till refund, switches to 简体中文',
    async () => {
      const world = await servers.world();
      const front = await FeedTill.enrol(world, world.storeA, 'Front', 'A1');
      const back = await FeedTill.enrol(world, world.storeA, 'Back', 'A2');
      await front.push(...front.sale('first', { status: 'paid', cents: 1250 }));

      page = await browser().newPage();
      const cspErrors = watchCsp(page);

      await page.goto(`${world.server.url}/web/live`);
      expect(new URL(page.url()).pathname).toBe('/web/sign-in');
      await page.fill('#username', 'mgr-a');
      await page.fill('#password', PASSWORD);
      await page.click('#sign-in');
      await page.waitForURL('**/web/live');
      await page.waitForSelector('tr[data-sale="first"]');
      expect(await page.textContent('tr.store-total .net')).toBe('12.50');

      // The page stays loaded (the marker survives) while the numbers change.
      await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
      await front.push(...front.sale('second', { status: 'paid', cents: 3000, platform: 'ALIPAY' }));
      await page.waitForSelector('tr[data-sale="second"]', { timeout: 10_000 });
      await page.waitForFunction(
        () => document.querySelector('tr.store-total .net')?.textContent === '42.50',
      );
      expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'web-live.png'), fullPage: true });

      // A refund of Front's sale sent from Back (refund anywhere), pending at the gateway, then refunded.
      await back.push(back.remoteRefund('rr1', { till: front, saleId: 'second' }, 1000, 'APPLIED'));
      await page.click('a[href="/web/refunds"]');
      const row = 'tr[data-refund="SRV-rr1"]';
      await page.waitForSelector(row);
      expect(await page.getAttribute(row, 'data-state')).toBe('pending');
      const text = (await page.textContent(row))!.replace(/\s+/g, ' ');
      expect(text).toContain('Back');
      expect(text).toContain('Front');
      expect(text).toContain('Another till’s sale');
      expect(text).toContain('pending (APPLIED)');
      await back.push(back.remoteRefund('rr1', { till: front, saleId: 'second' }, 1000, 'CLOSED'));
      await page.waitForSelector(`${row}[data-state="refunded"]`, { timeout: 10_000 });
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'web-refunds.png'), fullPage: true });

      // 简体中文, remembered across a reload.
      await page.click('#lang-switch');
      await page.waitForSelector('html[lang="zh-CN"]');
      expect(await page.textContent('h1')).toBe('退款');
      expect((await page.textContent(row))!).toContain('已退款');
      await page.reload();
      expect(await page.textContent('h1')).toBe('退款');
      await page.goto(`${world.server.url}/web/reports?date=${DAY}`);
      expect(await page.textContent('h1')).toContain('X/Z 报表');
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'web-reports-zh.png'), fullPage: true });

      expect(cspErrors).toEqual([]);
    },
  );

  it.skipIf(chromiumMissing !== null)(
    'revoke (confirmed) → reinstate → totals equal; People; Audit; 简体中文',
    async () => {
      const world = await servers.world();
      const front = await FeedTill.enrol(world, world.storeA, 'Front', 'A1');
      await front.push(...front.sale('s1', { status: 'paid', cents: 2150 }));

      page = await browser().newPage();
      const cspErrors = watchCsp(page);
      await page.goto(`${world.server.url}/web/sign-in`);
      await page.fill('#username', 'ho');
      await page.fill('#password', PASSWORD);
      await page.click('#sign-in');
      await page.waitForURL('**/web/live');

      const tillTotal = async () => {
        await page!.goto(`${world.server.url}/web/reports?date=${DAY}&store=${world.storeA}`);
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
      await page.selectOption('#enrol-store', world.storeA);
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
      await page.goto(`${world.server.url}/web/users/mgr-a`);
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
      // The date range as the shop writes it: day first in English, typed back the same way.
      const from = await page.inputValue('#audit-from');
      expect(from).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
      expect(new URL(page.url()).searchParams.get('from')).toBe(from);

      // 简体中文: the same range, year first.
      await page.click('#lang-switch');
      await page.waitForSelector('html[lang="zh-CN"]');
      expect(squash(await page.textContent('h1'))).toContain('审计日志');
      const [day, month, year] = from.split('/');
      expect(await page.inputValue('#audit-from')).toBe(`${year}-${month}-${day}`);
      expect(squash(await page.textContent('#audit tbody'))).toContain('吊销收银机');
      await page.goto(`${world.server.url}/web/tills/${front.tillId}/revoke`);
      expect(squash(await page.textContent('h1'))).toBe('吊销 Front（Main St）？');
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'web-admin-revoke-zh.png'), fullPage: true });

      expect(cspErrors).toEqual([]);
    },
  );
});
