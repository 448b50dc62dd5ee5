/**
 * One counter for a browser test: the real core (startPosRuntime on the embedded sandbox, SQLite in a temp dir),
 * the real hub serving the built renderer, and a Chromium page opened on it.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { startHub, type HubHandle } from '../../main/hub';
import type { PosRuntimeOptions } from '../../main/runtime';
import type { SaleView } from '../../preload/api';
import { startHarness, type Harness } from '../helpers/runtime-harness';

export const CHROMIUM = '/usr/bin/chromium';
export const chromiumMissing = existsSync(CHROMIUM) ? null : `${CHROMIUM} not found`;
export const SCREENSHOT_DIR = join(process.cwd(), 'test-results', 'screenshots');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });
}

export interface Counter {
  harness: Harness;
  hub: HubHandle;
  context: BrowserContext;
  page: Page;
  sandboxUrl: string;
  /** Receipts the page sent to the printer (text of the print area at the moment of window.print()). */
  printed(): Promise<string[]>;
  /** CSP violations seen by the page. */
  cspViolations(): Promise<string[]>;
  /** The core's current view of the sale on screen. */
  activeSale(): Promise<SaleView>;
  sandbox(path: string, method?: 'POST' | 'DELETE', body?: unknown): Promise<unknown>;
  shot(name: string): Promise<void>;
  close(): Promise<void>;
}

/** The terminal every e2e counter runs as; its zone differs from the browser's (UTC) on purpose. */
export const TERMINAL_CONFIG = {
  posNo: 'T07',
  merchantName: 'Harbour Dumplings',
  timeZone: 'Australia/Perth',
};

export async function openCounter(browser: Browser, overrides: Partial<PosRuntimeOptions> = {}): Promise<Counter> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pos-e2e-'));
  writeFileSync(join(dataDir, 'config.json'), JSON.stringify(TERMINAL_CONFIG));
  const harness = await startHarness({ ...overrides, dataDir });
  const hub = await startHub({ runtime: harness.runtime, staticDir: inject('rendererDir') });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, timezoneId: 'UTC' });
  const page = await context.newPage();
  await page.addInitScript(() => {
    const w = window as unknown as { __printed: string[]; __csp: string[] };
    w.__printed = [];
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
    // A headless browser has no print dialog: record what would have been printed (the print area's text).
    window.print = () => {
      w.__printed.push(document.querySelector('.print-area')?.textContent ?? '');
    };
  });
  await page.goto(hub.url);
  await page.locator('.app[data-ready="true"]').waitFor();
  const sandboxUrl = harness.runtime.sandboxUrl;
  if (!sandboxUrl) throw new Error('the e2e counter must run on the embedded sandbox');

  return {
    harness,
    hub,
    context,
    page,
    sandboxUrl,
    printed: () => page.evaluate(() => (window as unknown as { __printed: string[] }).__printed),
    cspViolations: () => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp),
    async activeSale() {
      const snap = await harness.runtime.api.getSnapshot();
      if (!snap.ok || !snap.value.activeSale) throw new Error('no active sale in the core');
      return snap.value.activeSale;
    },
    async sandbox(path, method = 'POST', body = {}) {
      const res = await fetch(`${sandboxUrl}/_sandbox/${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        ...(method === 'POST' ? { body: JSON.stringify(body) } : {}),
      });
      if (!res.ok) throw new Error(`sandbox ${method} ${path}: HTTP ${res.status} ${await res.text()}`);
      return res.json();
    },
    async shot(name) {
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true, animations: 'disabled' });
    },
    async close() {
      await context.close();
      await hub.close();
      await harness.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Types an amount at human speed on the sale screen and charges it with Enter. */
export async function chargeByKeyboard(page: Page, amount: string): Promise<void> {
  await page.keyboard.type(amount, { delay: 60 });
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Scan the customer’s payment code' }).waitFor();
}

/** Text of a locator once it is visible. */
export async function textOf(page: Page, testId: string): Promise<string> {
  const loc = page.getByTestId(testId);
  await loc.waitFor();
  return (await loc.textContent()) ?? '';
}
