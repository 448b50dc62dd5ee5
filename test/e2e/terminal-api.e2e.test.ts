/**
 * The demo "shop POS" page (served by the till under /api/v1/demo) drives a till through the Terminal API in
 * Debian Chromium: the basket's total is sent to the till, the cashier's screen (a second tab, through the hub)
 * shows who asked and for how much, the customer's code is read by a serial scanner on a pty, and the shop page
 * sees the payment paid and prints the receipt text; a second basket is aborted from the shop page. Nothing is
 * typed on the cashier's screen. Screens: test-results/screenshots/api-*.png.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createPtyPair, type PtyPair } from '../helpers/pty-pair';
import { scenario } from '../helpers/runtime-harness';
import {
  SCREENSHOT_DIR,
  chromiumMissing,
  openCounter,
  openTab,
  shotOnFailure,
  type Counter,
  type Tab,
} from './counter';

if (chromiumMissing !== null) console.log(`terminal api e2e skipped: ${chromiumMissing}`);

describe.skipIf(chromiumMissing !== null)('the demo shop POS pays through the till', () => {
  let tab: Tab;
  let counter: Counter | null = null;
  let pty: PtyPair | null = null;
  let shop: Page | null = null;

  beforeAll(async () => {
    tab = await openTab();
  });
  afterAll(async () => {
    await shop?.close();
    await counter?.close();
    await pty?.close();
    await tab?.close();
  });
  afterEach((ctx) => shotOnFailure(ctx, counter, 'api-failed-'));

  it('basket → Pay → banner on the till → pty scan → paid with a receipt; then an abort', async () => {
    pty = await createPtyPair();
    counter = await openCounter(tab, {
      scanner: { kind: 'serial', port: { path: pty.a }, framing: { mode: 'cr' } },
      terminalApi: { port: 0 },
    });
    const c = counter;
    const till = c.page;
    shop = await tab.context.newPage();
    await shop.goto(`${c.harness.runtime.terminalApi!.url}/demo`);

    await shop.getByRole('button', { name: /Flat white/ }).click();
    await shop.getByRole('button', { name: /Croissant/ }).click();
    await expect.poll(() => shop!.locator('#total').textContent()).toBe('A$9.70');
    await shop.getByRole('button', { name: 'Pay with WeChat Pay / Alipay' }).click();
    await shop.locator('#state[data-state="awaiting_code"]').waitFor();

    await till.getByTestId('api-request').getByText('Payment requested by Demo shop POS: A$ 9.70').waitFor();
    const sale = await c.activeSale();
    expect(sale.amountCents).toBe(970);
    await till.screenshot({ path: `${SCREENSHOT_DIR}/api-01-till-banner.png` });

    await pty.write(`${scenario('wechat', '0000')}\r`);
    await shop.locator('#state[data-state="paid"]').waitFor({ timeout: 15_000 });
    await shop.locator('#receipt:not([hidden])').waitFor();
    const receipt = (await shop.locator('#receipt').textContent()) ?? '';
    expect(receipt).toContain('9.70');
    for (const line of receipt.trimEnd().split('\n')) expect(line.length).toBeLessThanOrEqual(42);
    await shop.screenshot({ path: `${SCREENSHOT_DIR}/api-02-shop-paid.png` });
    expect((await c.activeSale()).phase).toBe('paid');

    // The next basket: the customer pays another way, the shop aborts it.
    await shop.getByRole('button', { name: 'New basket' }).click();
    await shop.getByRole('button', { name: /Green tea/ }).click();
    await shop.getByRole('button', { name: 'Pay with WeChat Pay / Alipay' }).click();
    await till.getByText('Payment requested by Demo shop POS: A$ 3.80').waitFor();
    await shop.getByRole('button', { name: 'Customer pays another way' }).click();
    await shop.locator('#state[data-state="abandoned"]').waitFor();
    await till.getByTestId('api-request').waitFor({ state: 'detached' });
    expect(await c.cspViolations()).toEqual([]);
  });
});
