/**
 * Customer display latency: from the core's event (a sale started) to the customer page showing it, beside
 * the cashier's page reacting to the same event, in one run: the real core on the embedded sandbox, the real
 * hub, both pages open side by side in one Debian Chromium. Each page timestamps its own change with a
 * MutationObserver (epoch-aligned performance clock, the same machine clock as Node's), so the figure is the
 * event's trip over the socket and the page's redraw, not the benchmark's polling.
 *
 *   npx tsx bench/customer-display-latency.ts [rounds]      # default 30 sales
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Page } from 'playwright-core';
import { buildRenderer } from '../main/hub/build-renderer';
import { launchChromium } from '../test/helpers/chromium';
import { startHubHarness } from '../test/helpers/runtime-harness';

const ROUNDS = Number(process.argv[2] ?? 30);
/** The goal: the customer's screen within 100 ms of the cashier's. */
const GOAL_MS = 100;

const now = (): number => performance.timeOrigin + performance.now();

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? NaN;
}

function line(label: string, samples: number[]): void {
  const f = (v: number) => `${v.toFixed(1)} ms`.padStart(9);
  console.log(
    `  ${label.padEnd(44)} p50 ${f(percentile(samples, 50))}  p95 ${f(percentile(samples, 95))}  max ${f(Math.max(...samples))}`,
  );
}

/**
 * Records, in the page, each time what it shows changes and when (epoch ms, sub-millisecond): the cashier's
 * page is on the scan prompt or not; the customer's page shows its data-screen.
 */
async function watch(page: Page, kind: 'cashier' | 'customer'): Promise<void> {
  const read =
    kind === 'cashier'
      ? `document.getElementById('scan-heading') ? 'scan' : 'other'`
      : `document.querySelector('[data-screen]')?.getAttribute('data-screen') ?? ''`;
  // A script string rather than a function: tsx's name-keeping helper does not exist in the page.
  await page.evaluate(`(() => {
    window.__marks = [];
    let last = ${read};
    new MutationObserver(() => {
      const value = ${read};
      if (value === last) return;
      last = value;
      window.__marks.push({ value, at: performance.timeOrigin + performance.now() });
    }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  })()`);
}

/** The first time the page showed `value` since its marks were last cleared, on the page's clock. */
async function firstMark(page: Page, value: string): Promise<number> {
  const handle = await page.waitForFunction(
    (v) =>
      (window as unknown as { __marks: Array<{ value: string; at: number }> }).__marks.find(
        (m) => m.value === v,
      )?.at ?? null,
    value,
    { timeout: 10_000 },
  );
  return Number(await handle.jsonValue());
}

async function clearMarks(page: Page): Promise<void> {
  await page.evaluate('window.__marks = []');
}

/**
 * The page's clock minus Node's (both epoch-aligned, but each from its own monotonic origin): the sample with
 * the shortest round trip of 30, so the error is at most half of that round trip (printed).
 */
async function clockOffset(page: Page): Promise<{ offset: number; error: number }> {
  let best = { offset: 0, error: Infinity };
  for (let i = 0; i < 30; i++) {
    const t1 = now();
    const pageNow = Number(await page.evaluate('performance.timeOrigin + performance.now()'));
    const t2 = now();
    const error = (t2 - t1) / 2;
    if (error < best.error) best = { offset: pageNow - (t1 + t2) / 2, error };
  }
  return best;
}

async function main(): Promise<void> {
  process.env.NODE_ENV = 'production';
  const work = mkdtempSync(join(tmpdir(), 'bench-customer-display-'));
  const rendererDir = join(work, 'renderer');
  await buildRenderer({ outDir: rendererDir });
  const dataDir = join(work, 'data');
  // The core's own timings (`tuning: {}`): nothing here waits on the gateway.
  const counter = await startHubHarness({ dataDir, tuning: {} }, { staticDir: rendererDir });
  const { runtime } = counter.h;
  const { hub } = counter;
  const browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const cashier = await context.newPage();
  const customer = await context.newPage();
  try {
    await cashier.goto(hub.url);
    await cashier.locator('.app[data-ready="true"]').waitFor();
    await customer.goto(new URL('/customer', hub.url).href);
    await customer.locator('[data-testid="customer-display"][data-screen="idle"]').waitFor();
    // The cashier's page changes to the scan prompt; the customer's to its "show your code" screen.
    await watch(cashier, 'cashier');
    await watch(customer, 'customer');

    const cashierClock = await clockOffset(cashier);
    const customerClock = await clockOffset(customer);

    let eventAt = 0;
    runtime.api.onEvent((e) => {
      if (e.type === 'sale' && e.sale.phase === 'awaiting_code') eventAt = now();
    });

    const toCashier: number[] = [];
    const toCustomer: number[] = [];
    const behind: number[] = [];
    for (let i = 0; i < ROUNDS + 3; i++) {
      eventAt = 0;
      await Promise.all([clearMarks(cashier), clearMarks(customer)]);
      const started = await runtime.api.startSale({ amount: `${10 + i}.50` });
      if (!started.ok || eventAt === 0) throw new Error('no sale event');
      const [cashierAt, customerAt] = await Promise.all([
        firstMark(cashier, 'scan'),
        firstMark(customer, 'scan'),
      ]);
      const c = cashierAt - cashierClock.offset;
      const d = customerAt - customerClock.offset;
      // The first rounds warm the pages (React's first render of these screens, QR-less chunks).
      if (i >= 3) {
        toCashier.push(c - eventAt);
        toCustomer.push(d - eventAt);
        behind.push(d - c);
      }
      await runtime.api.clearSale({ saleId: started.value.id });
      await Promise.all([
        cashier.waitForFunction(() => !document.getElementById('scan-heading')),
        customer.locator('[data-testid="customer-display"][data-screen="idle"]').waitFor(),
      ]);
    }

    console.log(`\nCustomer display latency: sale started in the core → page changed (${ROUNDS} sales)`);
    line("core's event → cashier page (baseline)", toCashier);
    line("core's event → customer page", toCustomer);
    line('customer page after the cashier page', behind);
    console.log(
      `  page clocks aligned to Node's within ±${cashierClock.error.toFixed(2)} ms (cashier), ±${customerClock.error.toFixed(2)} ms (customer)`,
    );
    const p95 = percentile(behind, 95);
    console.log(
      `  goal: customer within ${GOAL_MS} ms of the cashier — p95 ${p95.toFixed(1)} ms: ${p95 <= GOAL_MS ? 'met' : 'NOT met'}`,
    );
  } finally {
    await context.close();
    await browser.close();
    await counter.close();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
