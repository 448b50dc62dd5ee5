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
import { chromiumMissing, openTab, SCREENSHOT_DIR, TERMINAL_CONFIG, textOf, type Tab } from './counter';

if (chromiumMissing !== null) console.log(`seams e2e skipped: ${chromiumMissing}`);

describe.skipIf(chromiumMissing !== null)('a page that loses its core', () => {
  let tab: Tab;
  let dataDir: string;
  let till: ChildFixture | null = null;

  beforeAll(async () => {
    tab = await openTab();
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
  afterAll(async () => {
    await tab?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

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
