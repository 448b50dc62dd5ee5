/**
 * One counter for a browser test: the real core (startPosRuntime on the embedded sandbox, SQLite in a temp dir),
 * the real hub serving the built renderer, and a Chromium page opened on it.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { launchChromium } from '../helpers/chromium';
import { afterAll, afterEach, beforeAll, expect, inject } from 'vitest';
import { startHub, type HubHandle } from '../../main/hub';
import type { PosRuntimeOptions } from '../../main/runtime';
import type { SaleView } from '../../preload/api';
import { createPtyPair, type PtyPair } from '../helpers/pty-pair';
import { scenario, startHarness, type Harness } from '../helpers/runtime-harness';
import { openCustomerSide, type CustomerSetup, type CustomerSide } from './customer-page';
import { keepScreenshots } from '../helpers/chromium';

export { CHROMIUM, chromiumMissing, keepScreenshots } from '../helpers/chromium';
export const SCREENSHOT_DIR = join(process.cwd(), 'test-results', 'screenshots');

export function launchBrowser(): Promise<Browser> {
  return launchChromium();
}

/** The terminal every e2e counter runs as; its zone differs from the browser's (UTC) on purpose. */
export const TERMINAL_CONFIG = {
  posNo: 'T07',
  merchantName: 'Harbour Dumplings',
  timeZone: 'Australia/Perth',
  // These suites type amounts with the point; counter-truths.e2e.test.ts runs the default cents-first entry.
  amountEntry: 'decimal',
};

/** An Australian till with no zone in its config (TERMINAL_CONFIG names one, so it is not used here). */
export const UNZONED_AU_TILL = {
  posNo: 'T07',
  merchantName: 'Harbour Dumplings',
  amountEntry: 'decimal',
  gateway: { region: 'AU' },
};

/**
 * One browser tab reused by every counter of a test file: a new context costs seconds on a busy two-core
 * machine, and each counter's hub listens on its own port, so every test still starts on a fresh origin
 * (empty storage, new socket, new page state).
 */
export interface Tab {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  cdp: CDPSession;
  close(): Promise<void>;
}

export async function openTab(): Promise<Tab> {
  const browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, timezoneId: 'UTC' });
  const page = await context.newPage();
  await page.addInitScript(() => {
    const w = window as unknown as { __printed: string[]; __csp: string[] };
    w.__printed = [];
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
    // A headless browser has no print dialog: record what would have been printed (the print area's text).
    window.print = () => {
      w.__printed.push(document.querySelector('.print-area')?.textContent ?? '');
    };
  });
  const cdp = await context.newCDPSession(page);
  return {
    browser,
    context,
    page,
    cdp,
    async close() {
      await context.close();
      await browser.close();
    },
  };
}

export interface Counter {
  harness: Harness;
  hub: HubHandle;
  page: Page;
  /** The embedded sandbox; null when the counter runs "live" against an outside gateway. */
  sandboxUrl: string | null;
  /** Receipts the page sent to the printer (text of the print area at the moment of window.print()). */
  printed(): Promise<string[]>;
  /** CSP violations seen by the page. */
  cspViolations(): Promise<string[]>;
  /** The core's current view of the sale on screen. */
  activeSale(): Promise<SaleView>;
  /**
   * A keyboard-wedge scanner reading `code` then Enter: every key dispatched in the page in one synchronous
   * burst, so the keys' timestamps are microseconds apart (a scanner's pace) whatever the machine's load. Key
   * events sent one by one over CDP arrive as the renderer gets to them: on a busy two-core machine the gaps
   * grew past the detector's 35 ms release timer, which then rightly handed the first keys back as typing.
   */
  wedgeScan(code: string): Promise<void>;
  sandbox(path: string, method?: 'POST' | 'DELETE' | 'GET', body?: unknown): Promise<unknown>;
  shot(name: string): Promise<void>;
  close(): Promise<void>;
}

/** What a counter's core runs with, beyond the harness's fast timings. */
export type CounterOverrides = Partial<PosRuntimeOptions>;
/** config.json of a counter (TERMINAL_CONFIG by default); `dataDir` to put the journal somewhere given. */
export interface CounterSetup {
  config?: Record<string, unknown>;
  dataDir?: string;
}

export async function openCounter(
  tab: Tab,
  overrides: CounterOverrides = {},
  setup: CounterSetup = {},
): Promise<Counter> {
  const dataDir = setup.dataDir ?? mkdtempSync(join(tmpdir(), 'pos-e2e-'));
  writeFileSync(join(dataDir, 'config.json'), JSON.stringify(setup.config ?? TERMINAL_CONFIG));
  const harness = await startHarness({ ...overrides, dataDir });
  const hub = await startHub({ runtime: harness.runtime, staticDir: inject('rendererDir') });
  const { page } = tab;
  await page.goto(hub.url);
  await page.locator('.app[data-ready="true"]').waitFor();
  const sandboxUrl = harness.runtime.sandboxUrl;

  return {
    harness,
    hub,
    page,
    sandboxUrl,
    printed: () => page.evaluate(() => (window as unknown as { __printed: string[] }).__printed),
    cspViolations: () => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp),
    async activeSale() {
      const snap = await harness.runtime.api.getSnapshot();
      if (!snap.ok || !snap.value.activeSale) throw new Error('no active sale in the core');
      return snap.value.activeSale;
    },
    async wedgeScan(code) {
      // One synchronous page-side loop: no timer of the page can run between two keys, so the detector's
      // release timer cannot fire inside the burst however late the renderer gets to it.
      await page.evaluate(
        (keys) => {
          const target = document.activeElement ?? document.body;
          for (const key of keys) {
            const code =
              key === 'Enter' ? 'Enter' : /\d/.test(key) ? `Digit${key}` : `Key${key.toUpperCase()}`;
            for (const type of ['keydown', 'keyup']) {
              target.dispatchEvent(new KeyboardEvent(type, { key, code, bubbles: true, cancelable: true }));
            }
          }
        },
        [...code, 'Enter'],
      );
    },
    async sandbox(path, method = 'POST', body = {}) {
      if (sandboxUrl === null) throw new Error('this counter has no embedded sandbox');
      const res = await fetch(`${sandboxUrl}/_sandbox/${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        ...(method === 'POST' ? { body: JSON.stringify(body) } : {}),
      });
      if (!res.ok) throw new Error(`sandbox ${method} ${path}: HTTP ${res.status} ${await res.text()}`);
      return res.json();
    },
    async shot(name) {
      if (!keepScreenshots) return;
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      await page.screenshot({
        path: join(SCREENSHOT_DIR, `${name}.png`),
        fullPage: true,
        animations: 'disabled',
      });
    },
    async close() {
      // Leave the page before the hub goes, so the socket's reconnect attempts do not spill into the next test.
      await page.goto('about:blank');
      await hub.close();
      await harness.close();
      if (!setup.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Types an amount at human speed on the sale screen and charges it with Enter. */
/** Sets the manager PIN through the core with the counter's first-run setup code, as the first manager would. */
export async function setPin(c: Counter, pin: string): Promise<void> {
  const set = await c.harness.runtime.api.setManagerPin({
    newPin: pin,
    setupCode: c.harness.runtime.setupCode() ?? '',
  });
  expect(set.ok).toBe(true);
}

export async function chargeByKeyboard(page: Page, amount: string): Promise<void> {
  await page.keyboard.type(amount, { delay: 60 });
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Scan the customer’s payment code' }).waitFor();
}

/**
 * On the scan prompt: pays with scenario 0000 typed in the manual field, starts the next sale, and returns the
 * paid sale as the core has it.
 */
export async function payWithTypedCode(c: Counter) {
  await c.page.getByLabel('Or type the payment code').fill(scenario('wechat', '0000'));
  await c.page.getByRole('button', { name: 'Submit code' }).click();
  await c.page.getByRole('heading', { name: 'Paid' }).waitFor();
  const sale = await c.activeSale();
  await c.page.getByRole('button', { name: /New sale/ }).click();
  await c.page.getByTestId('amount-display').waitFor();
  return sale;
}

/** Text of a locator once it is visible. */
export async function textOf(page: Page, testId: string): Promise<string> {
  const loc = page.getByTestId(testId);
  await loc.waitFor();
  return (await loc.textContent()) ?? '';
}

/** A screenshot named after the test whenever it fails, so a red run shows what the cashier saw. */
export async function shotOnFailure(
  ctx: { task: { name: string; result?: { state?: string } } },
  counter: Counter | null,
  prefix: string,
): Promise<void> {
  if (ctx.task.result?.state !== 'fail' || !counter) return;
  await counter.shot(`${prefix}${ctx.task.name.slice(0, 40).replace(/\W+/g, '-')}`).catch(() => undefined);
}

/** A describe block's browser tab and the counter on it, opened and closed by the block's hooks. */
export interface CounterSession {
  readonly tab: Tab;
  /** The counter on screen (null before the first open()). */
  readonly counter: Counter | null;
  /** Closes the counter on screen, if any, and opens a new one on the same tab. */
  open(overrides?: CounterOverrides, setup?: CounterSetup): Promise<Counter>;
  /** The counter on screen; throws when none is open. */
  current(): Counter;
  /** Closes the counter on screen now (a test that must see it gone before it cleans up its own things). */
  closeCounter(): Promise<void>;
  /** The block's pty pair for a serial scanner: made on first use, closed after the counter. */
  pty(): Promise<PtyPair>;
  /** Something else the test made (a second page, a server): closed after the counter, newest first. */
  own(close: () => unknown): void;
  /**
   * The customer display's page (/customer) of the counter on screen, in a second page beside the cashier's,
   * showing the idle screen. Made once (call after open()); each later open() points it at the new counter.
   * It leaves the hub before the counter closes.
   */
  openCustomer(setup?: CustomerSetup): Promise<CustomerSide>;
}

/**
 * Registers the hooks every e2e describe block needs: one tab opened before its tests, a screenshot named after a
 * failing test (`shotPrefix`), and at the end the counter, whatever the test owned and the tab closed.
 */
export function useCounter(shotPrefix: string): CounterSession {
  let tab: Tab | null = null;
  let counter: Counter | null = null;
  let pty: PtyPair | null = null;
  let customer: CustomerSide | null = null;
  const owned: Array<() => unknown> = [];
  beforeAll(async () => {
    tab = await openTab();
  });
  afterAll(async () => {
    await customer?.leave();
    await counter?.close();
    counter = null;
    for (const close of owned.splice(0).reverse()) await close();
    await pty?.close();
    await tab?.close();
  });
  afterEach((ctx) => shotOnFailure(ctx, counter, shotPrefix));
  return {
    get tab() {
      if (!tab) throw new Error('the tab opens in beforeAll');
      return tab;
    },
    get counter() {
      return counter;
    },
    current() {
      if (counter === null) throw new Error('no counter');
      return counter;
    },
    async open(overrides = {}, setup = {}) {
      await customer?.leave();
      await counter?.close();
      counter = null;
      counter = await openCounter(this.tab, overrides, setup);
      if (customer) await showIdle(customer, counter);
      return counter;
    },
    async openCustomer(setup = {}) {
      if (!counter) throw new Error('open a counter before its customer page');
      const tabNow = this.tab;
      customer ??= await openCustomerSide(tabNow.context, () => tabNow.page, setup);
      await showIdle(customer, counter);
      return customer;
    },
    async closeCounter() {
      await customer?.leave();
      await counter?.close();
      counter = null;
    },
    async pty() {
      pty ??= await createPtyPair();
      return pty;
    },
    own(close) {
      owned.push(close);
    },
  };
}

async function showIdle(customer: CustomerSide, counter: Counter): Promise<void> {
  await customer.show(counter.hub.url);
  await customer.screen('idle');
}

/**
 * Real KeyboardEvents dispatched in the page, `gapMs` apart by the page's own clock, in one synchronous loop:
 * sending them one by one over CDP would let the round-trips of a loaded machine put gaps of their own between
 * keys (the race the fast wedge test had). Each event carries its intended timeStamp, which is what the detector
 * reads, so a descheduled renderer cannot make the scanner look slower than 45 ms either.
 */
export async function pacedWedgeScan(page: Page, code: string, gapMs: number): Promise<void> {
  await page.evaluate(
    ({ keys, gap }) => {
      const target = document.activeElement ?? document.body;
      const t0 = performance.now();
      keys.forEach((key, i) => {
        const due = t0 + i * gap;
        while (performance.now() < due) {
          // The scanner's pace on the page's clock; nothing else may run between two keys.
        }
        const keyCode = key === 'Enter' ? 'Enter' : `Digit${key}`;
        for (const type of ['keydown', 'keyup']) {
          const ev = new KeyboardEvent(type, { key, code: keyCode, bubbles: true, cancelable: true });
          Object.defineProperty(ev, 'timeStamp', { value: due });
          target.dispatchEvent(ev);
        }
      });
    },
    { keys: [...code, 'Enter'], gap: gapMs },
  );
}
