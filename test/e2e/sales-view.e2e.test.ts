/**
 * The manager's Sales view in Debian Chromium, against the real hub and the real core on the embedded sandbox:
 * sales made in the test by keyboard and typed code, one partly refunded; the view's figures, hour table and
 * platform table equal the sandbox's own ledger; the charts are drawn (a screenshot of the chart element has
 * pixels other than the background); range switching; English and 中文. The chart code arrives as its own chunk
 * only when the view opens. Screens are saved as test-results/screenshots/sales-*.png.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { businessDateOf } from '../../main/shared/business-date';
import { wallClock } from '../../main/shared/zoned-time';
import { chromiumMissing, TERMINAL_CONFIG, useCounter } from './counter';
import {
  FAILED_REFUND,
  type SandboxOrder,
  sandboxRefunds,
  twoSalesOneRefunded,
  unlock,
} from './manager-steps';

if (chromiumMissing !== null) console.log(`sales view e2e skipped: ${chromiumMissing}`);

const ZONE = TERMINAL_CONFIG.timeZone;

interface LedgerOrder extends SandboxOrder {
  platform: 'WECHATPAY' | 'ALIPAY';
  createdAt: number;
}

/**
 * Distinct colours and non-white pixels of an element's screenshot (the PNG Chromium took, decoded by the same
 * Chromium through an <img> and a canvas: no image library needed).
 */
async function pixels(page: Page, testId: string): Promise<{ colours: number; inked: number }> {
  const png = await page.getByTestId(testId).screenshot({ animations: 'disabled' });
  return page.evaluate(async (base64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${base64}`;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
    ctx.drawImage(img, 0, 0);
    const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    const colours = new Set<number>();
    let inked = 0;
    for (let i = 0; i < data.length; i += 4) {
      const [r, g, b] = [data[i] ?? 0, data[i + 1] ?? 0, data[i + 2] ?? 0];
      colours.add((r << 16) | (g << 8) | b);
      if (r < 240 || g < 240 || b < 240) inked += 1;
    }
    return { colours: colours.size, inked };
  }, png.toString('base64'));
}

/** Cents in a table row's data attribute, per row key. */
async function rowCents(page: Page, table: string, key: string): Promise<Record<string, number>> {
  return page
    .getByTestId(table)
    .locator('tbody tr')
    .evaluateAll(
      (rows, k) =>
        Object.fromEntries(
          rows.map((r) => [r.getAttribute(k) ?? '', Number(r.getAttribute('data-sales-cents'))]),
        ),
      key,
    );
}

describe.skipIf(chromiumMissing !== null)('sales view', () => {
  const session = useCounter('sales-failed-');

  it('shows today by hour, platform and person equal to the sandbox ledger, drawn, in EN and 中文; ranges switch', async () => {
    const c = await twoSalesOneRefunded(await session.open());
    const { page } = c;
    const { orders } = (await c.sandbox('orders', 'GET')) as { orders: LedgerOrder[] };
    const paid = orders.filter((o) => o.status === 'PAID');
    const refunded = (await sandboxRefunds(c))
      .filter((r) => !FAILED_REFUND.has(r.status))
      .reduce((a, r) => a + r.amount, 0);
    const salesCents = paid.reduce((a, o) => a + o.amount, 0);
    expect(salesCents).toBe(1250 + 725);
    const today = businessDateOf(Date.now(), ZONE);
    // The CNY figure comes by a QueryOrder after the pay reply (paid-details.ts): both sales carry it first.
    await expect
      .poll(async () => {
        const sales = await c.harness.runtime.api.searchHistory({ businessDate: today, phases: ['paid'] });
        return sales.ok && sales.value.length === 2 && sales.value.every((s) => s.cnyAmount !== null);
      })
      .toBe(true);

    // The chart code is not loaded until the view opens.
    const scripts = () =>
      page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name.split('/').pop() ?? ''));
    await unlock(page);
    await page.getByRole('tab', { name: 'Reports & day close' }).click();
    const before = await scripts();
    await page.getByTestId('reports-view-sales').click();
    await page.getByTestId('sales-result').waitFor();
    const added = (await scripts()).filter((s) => !before.includes(s));
    expect(added.some((s) => /^SalesView-.*\.js$/.test(s))).toBe(true);

    const result = page.getByTestId('sales-result');
    expect(await result.getAttribute('data-from')).toBe(today);
    expect(Number(await page.getByTestId('sales-aud').getAttribute('data-cents'))).toBe(salesCents);
    expect(Number(await page.getByTestId('sales-net').getAttribute('data-cents'))).toBe(
      salesCents - refunded,
    );
    expect(await page.getByTestId('sales-count').textContent()).toBe(String(paid.length));
    expect(await page.getByTestId('sales-aud').textContent()).toBe('A$ 19.75');

    // By hour: each sale in the shop-zone hour the sandbox recorded it in.
    const byHour: Record<string, number> = {};
    for (const o of paid) {
      const h = String(wallClock(o.createdAt, ZONE).hour);
      byHour[h] = (byHour[h] ?? 0) + o.amount;
    }
    const hours = await rowCents(page, 'sales-hour-table', 'data-hour');
    expect(Object.keys(hours)).toHaveLength(24);
    expect(Object.fromEntries(Object.entries(hours).filter(([, v]) => v !== 0))).toEqual(byHour);

    // By platform: the sandbox's platforms.
    const byPlatform: Record<string, number> = { WECHATPAY: 0, ALIPAY: 0 };
    for (const o of paid) byPlatform[o.platform] = (byPlatform[o.platform] ?? 0) + o.amount;
    expect(await rowCents(page, 'sales-platform-table', 'data-key')).toEqual(byPlatform);
    // CNY: every sale of the sandbox carries its CNY figure.
    expect(Number(await page.getByTestId('sales-cny').getAttribute('data-fen'))).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('sales-cny').textContent()).toMatch(/^¥ \d+\.\d\d$/);

    // Drawn: the chart's screenshot has bars and axes, not one background colour.
    const drawn = await pixels(page, 'sales-hour-chart');
    expect(drawn.colours).toBeGreaterThan(3);
    expect(drawn.inked).toBeGreaterThan(500);
    await c.shot('sales-01-today');

    // 中文: the same numbers, in Chinese words.
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('button', { name: '最近 7 天' }).waitFor();
    expect(await page.getByTestId('sales-aud').textContent()).toBe('A$ 19.75');
    await page.getByText('按小时销售', { exact: true }).waitFor();
    expect((await pixels(page, 'sales-hour-chart')).inked).toBeGreaterThan(500);
    await c.shot('sales-02-today-zh');
    await page.getByRole('button', { name: 'English' }).click();

    // Yesterday: nothing sold; the week before is there to compare.
    await page.getByRole('button', { name: 'Yesterday' }).click();
    await expect.poll(() => result.getAttribute('data-to')).not.toBe(today);
    expect(Number(await page.getByTestId('sales-aud').getAttribute('data-cents'))).toBe(0);
    await page.getByText('No sales in this range.').waitFor();

    // Last 7 days: a by-day chart and table too, today's sales on today's row.
    await page.getByRole('button', { name: 'Last 7 days' }).click();
    await page.getByTestId('sales-day-table').waitFor();
    const days = await rowCents(page, 'sales-day-table', 'data-date');
    expect(Object.keys(days)).toHaveLength(7);
    expect(days[today]).toBe(salesCents);
    expect((await pixels(page, 'sales-day-chart')).inked).toBeGreaterThan(500);
    await c.shot('sales-03-last-7');

    // Custom, refused in words when backwards; then a good one.
    await page.getByRole('button', { name: 'Custom' }).click();
    const [y, m, d] = today.split('-');
    await page.getByTestId('sales-from').fill(`${d}/${m}/${y}`);
    await page.getByTestId('sales-to').fill('01/01/2000');
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await page
      .getByTestId('sales-problem')
      .getByText(/first no later than the second/)
      .waitFor();
    await page.getByTestId('sales-to').fill(`${d}/${m}/${y}`);
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await expect.poll(() => result.getAttribute('data-to')).toBe(today);
    expect(Number(await page.getByTestId('sales-aud').getAttribute('data-cents'))).toBe(salesCents);
    expect(await c.cspViolations()).toEqual([]);
  });
});
