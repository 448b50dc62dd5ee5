/**
 * The demo "shop POS" page (served by the till under /api/v1/demo) drives a till through the Terminal API in
 * Debian Chromium: the basket's total is sent to the till, the cashier's screen (a second tab, through the hub)
 * shows who asked and for how much, the customer's code is read by a serial scanner on a pty, and the shop page
 * sees the payment paid and prints the receipt text; a second basket is aborted from the shop page. Nothing is
 * typed on the cashier's screen. Screens: test-results/screenshots/api-*.png.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { scenario, unwrap } from '../helpers/runtime-harness';
import { apiClient, uuid } from '../helpers/terminal-api-http';
import { SCREENSHOT_DIR, chromiumMissing, useCounter } from './counter';

if (chromiumMissing !== null) console.log(`terminal api e2e skipped: ${chromiumMissing}`);

describe.skipIf(chromiumMissing !== null)('the demo shop POS pays through the till', () => {
  const session = useCounter('api-failed-');
  let shop: Page | null = null;
  session.own(() => shop?.close());

  it('basket → Pay → banner on the till → pty scan → paid with a receipt; then an abort', async () => {
    const pty = await session.pty();
    const c = await session.open({
      scanner: { kind: 'serial', port: { path: pty.a }, framing: { mode: 'cr' } },
      terminalApi: { port: 0 },
    });
    const till = c.page;
    shop = await session.tab.context.newPage();
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

describe.skipIf(chromiumMissing !== null)('a POS’s refund approved on the till’s screen', () => {
  const session = useCounter('api-refund-failed-');

  it('the request shows who asked and for how much; the manager’s PIN on the till approves it', async () => {
    const c = await session.open({ terminalApi: { port: 0 } });
    const core = c.harness.runtime.api;
    unwrap(await core.setManagerPin({ newPin: '4826', setupCode: c.harness.runtime.setupCode() ?? '' }));
    unwrap(
      await core.updateSettings({ pin: '4826', patch: { terminalApi: { refundApproval: 'on_screen' } } }),
    );
    const api = apiClient(c.harness.runtime.terminalApi!.url, 'Odoo');
    const paymentId = uuid();
    const created = await api.post<{ saleId: string }>('/payments', {
      id: paymentId,
      amountCents: 1200,
      currency: 'AUD',
    });
    unwrap(await core.submitCode({ saleId: created.body.saleId, code: scenario('wechat', '0000') }));
    await expect
      .poll(async () => (await api.get<{ state: string }>(`/payments/${paymentId}`)).body.state, {
        timeout: 15_000,
      })
      .toBe('paid');

    const id = uuid();
    const posted = await api.post<{ state: string }>('/refunds', {
      id,
      paymentId,
      amountCents: 450,
      reason: 'Cold coffee',
    });
    expect(posted.status).toBe(202);
    const banner = c.page.getByTestId(`api-refund-${id}`);
    await banner.getByText(`Refund requested by Odoo: A$ 4.50 for sale ${created.body.saleId}`).waitFor();
    await c.page.screenshot({ path: `${SCREENSHOT_DIR}/api-03-refund-request.png` });
    // The approver (here the till's only manager) is named beside the PIN asked for.
    await banner.getByLabel('PIN of Manager').fill('4826');
    await banner.getByRole('button', { name: 'Approve refund' }).click();
    await banner.waitFor({ state: 'detached' });
    await expect
      .poll(async () => (await api.get<{ state: string }>(`/refunds/${id}`)).body.state, { timeout: 15_000 })
      .toBe('succeeded');
    expect(await c.cspViolations()).toEqual([]);
  });

  it('Settings lists a paired POS with its last use; Revoke there and the API refuses its key', async () => {
    const c = session.counter!;
    const api = apiClient(c.harness.runtime.terminalApi!.url);
    const seen = c.harness.events.length;
    expect((await api.post('/pairing/start', { name: 'Lightspeed' })).status).toBe(200);
    const code = c.harness.events
      .slice(seen)
      .flatMap((e) => (e.type === 'api-request' && e.request.kind === 'pairing' ? [e.request.code] : []))[0]!;
    const paired = await api.post<{ apiKey: string; keyId: string }>('/pairing', {
      name: 'Lightspeed',
      code,
    });
    expect(paired.status).toBe(201);
    const auth = { Authorization: `Bearer ${paired.body.apiKey}` };
    expect((await api.call('GET', '/status', undefined, auth)).status).toBe(200);

    await c.page.getByRole('button', { name: /^Manager/ }).click();
    await c.page.getByLabel('PIN', { exact: true }).fill('4826');
    await c.page.getByRole('button', { name: 'Open manager screens' }).click();
    await c.page.getByRole('tab', { name: 'Settings' }).click();
    const row = c.page.getByTestId(`m-api-key-${paired.body.keyId}`);
    await row.getByText('Lightspeed').waitFor();
    await row.getByText(/last used/).waitFor();
    await c.page.getByTestId('m-api-keys').scrollIntoViewIfNeeded();
    await c.page.screenshot({ path: `${SCREENSHOT_DIR}/api-04-settings-keys.png` });
    await row.getByRole('button', { name: 'Revoke' }).click();
    await row.waitFor({ state: 'detached' });
    expect((await api.call('GET', '/status', undefined, auth)).status).toBe(401);
    expect(await c.cspViolations()).toEqual([]);
  });
});
