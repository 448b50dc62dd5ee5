/**
 * The History screen's search in Chromium: any part of an order or receipt number, an amount in cents or dollars,
 * and a from/to range typed as the shop writes dates (en-AU d/m/yyyy, zh-CN yyyy-m-d) on the shop's clock (Perth,
 * not the browser's UTC).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  chargeByKeyboard,
  chromiumMissing,
  payWithTypedCode,
  TERMINAL_CONFIG,
  useCounter,
  type Counter,
} from './counter';

if (chromiumMissing !== null) console.log(`history search e2e skipped: ${chromiumMissing}`);

async function sell(c: Counter, amount: string, large = false) {
  if (large) {
    // Above the large-amount line: the till asks for a second Enter first.
    await c.page.keyboard.type(amount, { delay: 90 });
    await c.page.keyboard.press('Enter');
    await c.page.getByText(/^Large amount/).waitFor();
    await c.page.keyboard.press('Enter');
    await c.page.getByRole('heading', { name: 'Scan the customer’s payment code' }).waitFor();
  } else {
    await chargeByKeyboard(c.page, amount);
  }
  return payWithTypedCode(c);
}

/** The shop's date parts today (Perth). */
function shopToday(): { y: number; m: number; d: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: TERMINAL_CONFIG.timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
  }).formatToParts(Date.now());
  const get = (k: string) => Number(parts.find((p) => p.type === k)?.value);
  return { y: get('year'), m: get('month'), d: get('day') };
}

async function search(page: Page, text: string): Promise<string[]> {
  const before = await page.locator('.history-rows').getAttribute('aria-busy');
  expect(before).not.toBeNull();
  await page.getByRole('searchbox').fill(text);
  await page.getByRole('button', { name: /^(Search|搜索)$/ }).click();
  await expect.poll(() => page.locator('.history-rows').getAttribute('aria-busy')).toBe('false');
  return page
    .getByTestId('history-row')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-sale-id') ?? ''));
}

describe.skipIf(chromiumMissing !== null)('History search', () => {
  const session = useCounter('history-search-');

  it('finds any part of a number, an amount as cents or dollars, and a range on the shop clock, in EN and 中文', async () => {
    const c = await session.open();
    const { page } = c;
    const a = await sell(c, '18.80');
    const b = await sell(c, '1880', true);
    const other = await sell(c, '9.99');
    await page.getByRole('button', { name: 'History', exact: true }).click();
    await page.getByRole('heading', { name: 'Today’s sales' }).waitFor();

    // The last digits of Omipay's order number, and the middle of the receipt number.
    expect(await search(page, (a.orderNo ?? '').slice(-7))).toEqual([a.id]);
    expect(await search(page, (b.outOrderNo ?? '').slice(4, 14))).toContain(b.id);
    await page.getByRole('heading', { name: 'Sales found' }).waitFor();
    // An amount as cents, as dollars, with a sign.
    expect(new Set(await search(page, '1880'))).toEqual(new Set([a.id, b.id]));
    for (const text of ['18.80', '$18.80', 'A$ 18.80']) expect(await search(page, text)).toEqual([a.id]);
    expect(await search(page, '9.99')).toEqual([other.id]);

    // A range typed d/m/yyyy on the shop's clock: today finds all three, yesterday none.
    const { y, m, d } = shopToday();
    const from = page.getByTestId('history-from');
    const to = page.getByTestId('history-to');
    expect(await from.getAttribute('placeholder')).toBe('d/m/yyyy hh:mm');
    await from.fill(`${d}/${m}/${y}`);
    await to.fill(`${d}/${m}/${y}`);
    expect(new Set(await search(page, ''))).toEqual(new Set([a.id, b.id, other.id]));
    expect(await search(page, '18.80')).toEqual([a.id]);
    const yesterday = new Date(Date.UTC(y, m - 1, d - 1));
    const ydm = `${yesterday.getUTCDate()}/${yesterday.getUTCMonth() + 1}/${yesterday.getUTCFullYear()}`;
    await from.fill(ydm);
    await to.fill(`${ydm} 23:59`);
    expect(await search(page, '')).toEqual([]);
    await page.getByText('No sales found.').waitFor();

    // A date the shop would not write is refused with the format, and nothing is searched.
    await from.fill(`${y}-${m}-${d}`);
    const error = page.getByTestId('history-range-error');
    expect(await error.textContent()).toBe(
      '“From” is not a date: write d/m/yyyy hh:mm (the time is optional).',
    );

    // 中文: the same range written y-m-d.
    await page.getByRole('button', { name: '中文' }).click();
    expect(await from.getAttribute('placeholder')).toBe('年-月-日 时:分');
    // 中文 reads y-m-d: "From" (typed y-m-d above) is now a date, "To" (still d/m/y) is not.
    expect(await error.textContent()).toBe('“到”不是日期：请按 年-月-日 时:分 填写（时间可省略）。');
    await from.fill(`${y}-${m}-${d} 00:00`);
    await to.fill(`${y}-${m}-${d}`);
    expect(await error.count()).toBe(0);
    expect(new Set(await search(page, '1880'))).toEqual(new Set([a.id, b.id]));
    await page.getByRole('heading', { name: '搜索结果' }).waitFor();
    await c.shot('history-search-zh');
    await page.getByRole('button', { name: 'English' }).click();
    expect(await c.cspViolations()).toEqual([]);
  });
});
