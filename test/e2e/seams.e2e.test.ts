/**
 * Where the cashier's page meets the rest: the core dying under an open page (SIGKILL of a till in its own
 * process), and the scanner lent to the Settings screen's test. Debian Chromium, the real hub and core.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { HubChildPlan } from '../fixtures/hub-child';
import { freePort, spawnFixture, type ChildFixture } from '../helpers/child-process';
import { createPtyPair, type PtyPair } from '../helpers/pty-pair';
import { scenario } from '../helpers/runtime-harness';
import { apiClient, uuid } from '../helpers/terminal-api-http';
import { until } from '../helpers/until';
import {
  chargeByKeyboard,
  chromiumMissing,
  openCounter,
  openTab,
  SCREENSHOT_DIR,
  shotOnFailure,
  TERMINAL_CONFIG,
  textOf,
  type Counter,
  type Tab,
} from './counter';

if (chromiumMissing !== null) console.log(`seams e2e skipped: ${chromiumMissing}`);

/** One browser tab for the file: each counter below still listens on its own port (a fresh origin). */
let tab: Tab;
beforeAll(async () => {
  if (chromiumMissing === null) tab = await openTab();
});
afterAll(async () => {
  await tab?.close();
});

describe.skipIf(chromiumMissing !== null)('a page that loses its core', () => {
  let dataDir: string;
  let till: ChildFixture | null = null;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'pos-e2e-lost-core-'));
    writeFileSync(join(dataDir, 'config.json'), JSON.stringify(TERMINAL_CONFIG));
  });
  afterEach(async () => {
    await tab.page.goto('about:blank');
    if (till && till.child.exitCode === null && till.child.signalCode === null) {
      till.child.stdin.end();
      await till.exited;
    }
    till = null;
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  async function startTill(port: number): Promise<string> {
    const plan: HubChildPlan = { dataDir, staticDir: inject('rendererDir'), port };
    till = spawnFixture('test/fixtures/hub-child.ts', { HUB_CHILD_PLAN: JSON.stringify(plan) });
    return (await till.waitLine('READY ')).slice('READY '.length);
  }

  it('SIGKILL of the core: the whole screen says so, chips turn unknown, keys are refused; a restart recovers', async () => {
    const port = await freePort();
    const url = await startTill(port);
    const { page } = tab;
    await page.goto(url);
    await page.locator('.app[data-ready="true"]').waitFor();
    await page.getByTestId('gateway-status').getByText('Omipay online').waitFor();
    await page.keyboard.type('6.00', { delay: 40 });
    expect(await textOf(page, 'amount-display')).toBe('A$ 6.00');

    till!.child.kill('SIGKILL');
    expect((await till!.exited).signal).toBe('SIGKILL');

    const lost = page.getByTestId('connection-lost');
    await lost.getByText('Not connected to the POS — do not take payment').waitFor({ timeout: 5_000 });
    expect(await textOf(page, 'scanner-status')).toBe('Scanner: unknown');
    expect(await textOf(page, 'gateway-status')).toBe('Omipay: unknown');
    expect(await page.getByText('Omipay online').count()).toBe(0);

    // Keys and Esc reach nothing: each is refused out loud, and the amount under the cover is untouched.
    await page.keyboard.press('Escape');
    await page.getByTestId('connection-lost-refused').waitFor();
    expect(await textOf(page, 'connection-lost-refused')).toContain('that key or scan was refused');
    await page.keyboard.press('5');
    await page.keyboard.press('Enter');
    expect(await page.getByTestId('amount-display').textContent()).toBe('A$ 6.00');
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'lost-core.png') });

    await startTill(port);
    await lost.waitFor({ state: 'detached', timeout: 15_000 });
    await page.getByTestId('gateway-status').getByText('Omipay online').waitFor();
    expect(await textOf(page, 'scanner-status')).not.toContain('unknown');
    // Input works again.
    await page.keyboard.press('Escape');
    await page.keyboard.type('2.50', { delay: 40 });
    expect(await textOf(page, 'amount-display')).toBe('A$ 2.50');
  });
});

describe.skipIf(chromiumMissing !== null)('the scanner test belongs to the page that started it', () => {
  let counter: Counter | null = null;
  let pty: PtyPair | null = null;

  afterAll(async () => {
    await counter?.close();
    await pty?.close();
  });
  afterEach((ctx) => shotOnFailure(ctx, counter, 'seams-failed-'));

  it('a reload of the Settings page ends it; meanwhile the sale screen says so and every scan gets a word', async () => {
    pty = await createPtyPair();
    counter = await openCounter(tab, {
      scanner: { kind: 'serial', port: { path: pty.a }, framing: { mode: 'cr' } },
    });
    const api = counter.harness.runtime.api;
    const setupCode = counter.harness.runtime.setupCode() ?? '';
    expect((await api.setManagerPin({ newPin: '2468', setupCode })).ok).toBe(true);
    const settings = counter.page;
    await settings.getByTestId('scanner-status').getByText('Scanner ready').waitFor();
    await settings.getByRole('button', { name: /^Manager/ }).click();
    await settings.getByLabel('PIN', { exact: true }).fill('2468');
    await settings.getByRole('button', { name: 'Open manager screens' }).click();
    await settings.getByRole('tab', { name: 'Settings' }).click();
    await settings.getByRole('button', { name: 'Test the scanner' }).click();
    await settings.getByText('Scan any code: it is shown here').waitFor();

    // The counter, on another page: told at once, in the status bar and on the scan prompt.
    const sale = await tab.context.newPage();
    try {
      await sale.goto(counter.hub.url);
      await sale.locator('.app[data-ready="true"]').waitFor();
      await sale
        .getByTestId('scanner-status')
        .getByText('Scanner in test mode — scans go to Settings')
        .waitFor();
      await chargeByKeyboard(sale, '6.00');
      await sale.getByTestId('scanner-test-mode').waitFor();
      await pty.write(`${scenario('wechat', '0000')}\r`);
      await settings.getByTestId('m-scan-decoded').getByText(scenario('wechat', '0000')).waitFor();
      const notice = await textOf(sale, 'scan-notice');
      expect(notice).toContain('that scan went to Settings and charged nothing');

      // The manager reloads the Settings page: the test ends with it, the counter's scanner is back.
      await settings.reload();
      await sale.getByTestId('scanner-status').getByText('Scanner ready').waitFor();
      expect(await sale.getByTestId('scanner-test-mode').count()).toBe(0);
      await pty.write(`${scenario('wechat', '0001')}\r`);
      await sale.getByRole('heading', { name: 'Paid' }).waitFor();
    } finally {
      await sale.close();
    }
  });

  it('an amount typed on the page makes the Terminal API answer TILL_BUSY; it stays on screen; Esc frees the till', async () => {
    await counter?.close();
    counter = await openCounter(tab, { terminalApi: { port: 0 } });
    const { page } = counter;
    const api = apiClient(counter.harness.runtime.terminalApi!.url);
    await page.keyboard.type('6.00', { delay: 40 });
    const post = () =>
      api.post<{ error?: { tillActivity?: string } }>('/payments', {
        id: uuid(),
        amountCents: 111,
        currency: 'AUD',
      });
    const busy = await until('TILL_BUSY', async () => {
      const r = await post();
      return r.status === 409 ? r : null;
    });
    expect(busy.body.error?.tillActivity).toBe('cashier_typing');
    expect(await textOf(page, 'amount-display')).toBe('A$ 6.00');
    await page.keyboard.press('Escape');
    const created = await until('the till free', async () => {
      const r = await post();
      return r.status === 201 ? r : null;
    });
    const payment = created.body as unknown as { id: string };
    expect((await api.post(`/payments/${payment.id}/abort`)).status).toBe(200);
  });
});
