/**
 * The range report and the daily summary in Debian Chromium against a real store server: the three charts are
 * drawn (a screenshot of each canvas has pixels other than its background) in English and 简体中文 with no CSP
 * violation, the numbers tables beside them equal the hand-worked ledger, and a long day's summary printed to
 * PDF (A4) is exactly one page. Screens go to test-results/screenshots; with DOC_IMAGES=1, to docs/images too.
 */
import type { Page } from 'playwright-core';
import { afterEach, expect, it, vi } from 'vitest';
import { chromiumMissing } from '../helpers/chromium';
import type { FeedTill } from '../helpers/store-server';
import { describeOnBothDatabases, PASSWORD, serversPerTest, type WebWorld } from '../helpers/store-server';
import { FROM, MAIN_ST, TO, pushRangeLedger } from '../helpers/store-server/range-ledger';
import { storeShot, useStoreBrowser } from './store-browser';

vi.setConfig({ testTimeout: 300_000, hookTimeout: 120_000 });

if (chromiumMissing !== null) console.log(`store range e2e skipped: ${chromiumMissing}`);
const browser = useStoreBrowser();
const shot = (p: Page, name: string) => storeShot(p, name, { doc: true });

/** Pixels of a PNG that differ from its top-left (background) pixel, decoded on a blank page (no CSP). */
async function inkedPixels(png: Buffer): Promise<number> {
  const blank = await browser().newPage();
  try {
    return await blank.evaluate(async (b64: string) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const bmp = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
      const c = new OffscreenCanvas(bmp.width, bmp.height);
      const g = c.getContext('2d')!;
      g.drawImage(bmp, 0, 0);
      const d = g.getImageData(0, 0, bmp.width, bmp.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i] !== d[0] || d[i + 1] !== d[1] || d[i + 2] !== d[2]) n++;
      return n;
    }, png.toString('base64'));
  } finally {
    await blank.close();
  }
}

async function signIn(p: Page, world: WebWorld, lang: 'en' | 'zh'): Promise<void> {
  await p.context().addCookies([{ name: 'lang', value: lang, url: world.server.url }]);
  await p.goto(`${world.server.url}/web/sign-in`);
  await p.fill('#username', 'mgr-a');
  await p.fill('#password', PASSWORD);
  await p.click('#sign-in');
  await p.waitForURL('**/web/live');
}

describeOnBothDatabases('range report in Chromium', (target) => {
  // Registered first, so run last: the page closes before its server.
  const servers = serversPerTest(target);
  let page: Page | null = null;
  afterEach(async () => {
    await page?.context().close();
    page = null;
  });

  for (const lang of ['en', 'zh'] as const)
    it.skipIf(chromiumMissing !== null)(`draws the three charts beside their numbers (${lang})`, async () => {
      const world = await servers.world();
      await pushRangeLedger(world);
      const context = await browser().newContext({ viewport: { width: 1280, height: 900 } });
      page = await context.newPage();
      const csp: string[] = [];
      page.on('console', (m) => {
        if (/Content Security Policy|Refused to/i.test(m.text())) csp.push(m.text());
      });
      await signIn(page, world, lang);
      await page.goto(`${world.server.url}/web/range?from=${FROM}&to=${TO}`);
      for (const id of ['hour', 'day', 'platform']) {
        await page.waitForSelector(`#chart-${id}[data-drawn="1"] canvas`);
        const png = await page.locator(`#chart-${id} .chart-canvas canvas`).screenshot();
        expect([id, (await inkedPixels(png)) > 500]).toEqual([id, true]);
      }
      // The tables the charts were drawn from hold the ledger's numbers.
      const cell = async (table: string, key: string, col: number) =>
        (await page!.textContent(`#table-${table} tr[data-key="${key}"] td:nth-child(${col})`))?.trim();
      expect(await cell('day', '2026-04-05', 5)).toBe('55.00');
      expect(await cell('day', '2026-04-06', 3)).toBe('20.00');
      expect(await cell('day', '2026-04-06', 4)).toBe('22.00');
      expect(await cell('hour', '9', 3)).toBe('12.00');
      expect(await cell('hour', '2', 2)).toBe('10.00');
      expect(await cell('hour', '10', 2)).toBe('60.00');
      expect(await cell('platform', 'ALIPAY', 2)).toBe('68.50');
      expect((await page.textContent('tr.store-total .net'))?.trim()).toBe((MAIN_ST.net / 100).toFixed(2));
      const caption = await page.textContent('#chart-hour figcaption');
      expect(caption).toBe(lang === 'en' ? 'Sales by hour (store time)' : '按小时销售（门店时间）');
      expect(csp).toEqual([]);
      await shot(page, `store-server-range-${lang}`);
    });

  it.skipIf(chromiumMissing !== null)('prints a long day’s summary on exactly one A4 page', async () => {
    const world = await servers.world();
    const { a1 } = await pushRangeLedger(world);
    // A long day on the 6th: a sale in every hour, many refunds, late payments and unresolved sales.
    const day = { businessDate: '2026-04-06' };
    const base = Date.parse('2026-04-05T14:00:00Z'); // 00:00 AEST on the 6th
    const items: ReturnType<FeedTill['sale']> = [];
    for (let h = 0; h < 24; h++)
      for (let k = 0; k < 4; k++)
        items.push(
          ...a1.sale(`h${h}-${k}`, {
            status: 'paid',
            cents: 1000 + h,
            at: base + h * 3_600_000 + k * 60_000,
            ...day,
          }),
        );
    for (let i = 0; i < 30; i++)
      items.push(
        a1.refund(`lr${i}`, `h${i % 24}-0`, 100, 'CLOSED', {
          at: base + 23 * 3_600_000,
          reason: `reason ${i}`,
          ...day,
        }),
      );
    for (let i = 0; i < 12; i++)
      items.push(
        ...a1.sale(`late${i}`, {
          status: 'voided',
          paid: true,
          cents: 500,
          at: base + 3_600_000 * 12,
          ...day,
        }),
      );
    for (let i = 0; i < 12; i++)
      items.push(
        ...a1.sale(`u${i}`, { status: 'unresolved', cents: 700, at: base + 3_600_000 * 13, ...day }),
      );
    await a1.push(...items);

    const context = await browser().newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    await signIn(page, world, 'en');
    await page.goto(`${world.server.url}/web/summary?date=2026-04-06`);
    expect(await page.locator('#summary-hours tbody tr').count()).toBe(24);
    expect(await page.textContent('#daily-summary')).toContain('… and 26 more.');
    await shot(page, 'store-server-daily-summary');
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    const text = pdf.toString('latin1');
    const pages = text.match(/\/Type\s*\/Page(?![s\w])/g) ?? [];
    expect(pages).toHaveLength(1);
    expect(text).toMatch(/\/Count 1\b/);
    // A4 in points.
    expect(text).toMatch(/\/MediaBox\s*\[0 0 59[56](\.\d+)? 84[12](\.\d+)?\]/);
  });
});
