/**
 * The cashier screens' three figures, each beside a baseline measured in the same run:
 *
 *   1. JS shipped, gzipped, all chunks and those loaded at start: the production renderer bundle (React source
 *      on preact/compat, vite.config.ts) vs a one-element app built the same way (preact/compat alone), and
 *      beside what React + ReactDOM cost: the same one-element app and the same screens built on them.
 *   2. Time to interactive in Debian Chromium, cold cache: navigation start → the sale screen is drawn from
 *      the core's snapshot (`.app[data-ready]`), vs a blank page's load event served by the same hub.
 *   3. Scan → "Paid" on screen for scenario 0000: the code's CR written to a real pty scanner → the Paid
 *      heading in the page, vs the same scan → the core's own paid event (what the screen adds).
 *
 *   npx tsx bench/renderer.ts [rounds]      # default 10 page loads and 10 sales
 *   npx tsx bench/renderer.ts --size-only   # figure 1 alone
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import type { ConfigEnv, Plugin, UserConfig } from 'vite';
import { buildRenderer } from '../main/hub/build-renderer';
import { PREACT_COMPAT_ALIASES } from '../vite.config';
import { launchChromium } from '../test/helpers/chromium';
import { createPtyPair } from '../test/helpers/pty-pair';
import { startHubHarness } from '../test/helpers/runtime-harness';

const SIZE_ONLY = process.argv.includes('--size-only');
const ROUNDS = Number(process.argv.slice(2).find((a) => !a.startsWith('--')) ?? 10);
const REPO = fileURLToPath(new URL('..', import.meta.url));

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? NaN;
}

/** The scanner service's de-duplication window, plus a margin. */
const DEDUPE_MS = 2_100;

const ms = (v: number) => `${v.toFixed(1)} ms`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

interface JsSize {
  raw: number;
  gz: number;
  /** What index.html loads at start (the rest are chunks imported on first use, e.g. the QR encoder). */
  startupGz: number;
}

function gzippedJs(dir: string): JsSize {
  const assets = join(dir, 'assets');
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  let raw = 0;
  let gz = 0;
  let startupGz = 0;
  for (const name of readdirSync(assets)) {
    if (!name.endsWith('.js')) continue;
    const bytes = readFileSync(join(assets, name));
    const zipped = gzipSync(bytes, { level: 9 }).length;
    raw += bytes.length;
    gz += zipped;
    if (html.includes(`assets/${name}`)) startupGz += zipped;
  }
  return { raw, gz, startupGz };
}

/** One result line: label, then p50 and p95 of the samples. */
function line(label: string, samples: number[], note = ''): void {
  const p50 = ms(percentile(samples, 50));
  const p95 = ms(percentile(samples, 95));
  console.log(`  ${label.padEnd(38)} p50 ${p50.padStart(9)}  p95 ${p95.padStart(9)}  ${note}`);
}

/** Navigation start → the page is ready, in ms on the page's own clock. */
async function loadTime(page: Page, url: string, kind: 'app' | 'blank'): Promise<number> {
  if (kind === 'blank') {
    await page.goto(url, { waitUntil: 'load' });
    return Number(
      await page.evaluate(() => performance.getEntriesByType('navigation')[0]?.toJSON().loadEventEnd),
    );
  }
  await page.goto(url, { waitUntil: 'commit' });
  const handle = await page.waitForFunction(() =>
    document.querySelector('.app[data-ready="true"]') ? performance.now() : null,
  );
  return Number(await handle.jsonValue());
}

/**
 * One element rendered with createRoot, built like the renderer (production, same Vite + React plugin): on
 * preact/compat through the renderer's own aliases, or on React + ReactDOM with none.
 */
async function buildOneElement(outDir: string, runtime: 'preact' | 'react'): Promise<void> {
  const { build } = await import('vite');
  const react = (await import('@vitejs/plugin-react')).default;
  // Inside the repository so `react` and `preact` resolve from its node_modules.
  const root = join(REPO, 'node_modules', '.cache', `bench-renderer-baseline-${runtime}`);
  mkdirSync(root, { recursive: true });
  writeFileSync(
    join(root, 'index.html'),
    '<!doctype html><html><body><div id="root"></div><script type="module" src="./main.js"></script></body></html>',
  );
  writeFileSync(
    join(root, 'main.js'),
    "import { createElement } from 'react';\nimport { createRoot } from 'react-dom/client';\n" +
      "createRoot(document.getElementById('root')).render(createElement('div', null, 'ready'));\n",
  );
  await build({
    configFile: false,
    root,
    base: './',
    mode: 'production',
    logLevel: 'error',
    plugins: [react()],
    resolve: { alias: runtime === 'preact' ? PREACT_COMPAT_ALIASES : [] },
    build: { outDir, emptyOutDir: true, target: 'chrome120', modulePreload: { polyfill: false } },
  });
}

/**
 * The cashier screens built by the repository's Vite config with the preact/compat aliases taken out, and the
 * entries' compat fixes (renderer/src/react-semantics.ts, which imports Preact itself) left out: what the same
 * source would ship on React + ReactDOM.
 */
async function buildRendererOnReact(outDir: string): Promise<void> {
  const { build } = await import('vite');
  const config = (await import('../vite.config')).default as unknown as (env: ConfigEnv) => UserConfig;
  const { resolve: _aliases, plugins = [], ...rest } = config({ mode: 'production', command: 'build' });
  const EMPTY = '\0bench-empty-module';
  const withoutCompatFixes: Plugin = {
    name: 'bench-without-compat-fixes',
    enforce: 'pre',
    resolveId: (id) => (/\/react-semantics$/.test(id) ? EMPTY : null),
    load: (id) => (id === EMPTY ? 'export {};' : null),
  };
  await build({
    ...rest,
    plugins: [withoutCompatFixes, ...plugins],
    configFile: false,
    mode: 'production',
    logLevel: 'error',
    build: { ...rest.build, outDir, emptyOutDir: true },
  });
}

async function main(): Promise<void> {
  process.env.NODE_ENV = 'production';
  const work = mkdtempSync(join(tmpdir(), 'bench-renderer-'));
  const rendererDir = join(work, 'renderer');

  // ── 1. size ──
  await buildRenderer({ outDir: rendererDir });
  await buildOneElement(join(work, 'compat-only'), 'preact');
  await buildOneElement(join(work, 'react-only'), 'react');
  await buildRendererOnReact(join(work, 'renderer-on-react'));
  const app = gzippedJs(rendererDir);
  const base = gzippedJs(join(work, 'compat-only'));
  const reactBase = gzippedJs(join(work, 'react-only'));
  const onReact = gzippedJs(join(work, 'renderer-on-react'));
  const row = (label: string, size: JsSize, note = '') =>
    console.log(
      `  ${label.padEnd(40)} ${kb(size.gz).padStart(9)}  at start ${kb(size.startupGz).padStart(9)}  (raw ${kb(size.raw)})  ${note}`,
    );
  console.log('\nRenderer JS (production build, gzip -9), all chunks');
  row('one element, preact/compat (baseline)', base);
  row('cashier screens, preact/compat', app, 'goal ≤ 150 KB (all chunks)');
  console.log(`  added to preact/compat                   ${kb(app.gz - base.gz).padStart(9)}`);
  console.log('  what React + ReactDOM would ship (same source, no aliases):');
  row('one element, react + react-dom', reactBase);
  row('cashier screens, react + react-dom', onReact);

  if (SIZE_ONLY) return void rmSync(work, { recursive: true, force: true });

  // A blank page beside the app, served by the same hub with the same headers.
  writeFileSync(
    join(rendererDir, 'blank.html'),
    '<!doctype html><html><head><title>blank</title></head><body></body></html>',
  );

  const dataDir = join(work, 'data');
  const pty = await createPtyPair();
  // The core's own timings (`tuning: {}`), as a counter runs.
  const counter = await startHubHarness(
    { dataDir, tuning: {}, scanner: { kind: 'serial', port: { path: pty.a }, framing: { mode: 'cr' } } },
    { staticDir: rendererDir },
  );
  const { runtime } = counter.h;
  const { hub } = counter;
  const browser = await launchChromium();

  try {
    // ── 2. time to interactive ──
    const appUrl = hub.url;
    const blankUrl = new URL('/blank.html', hub.url).href;
    const cold = { app: [] as number[], blank: [] as number[] };
    for (let i = 0; i < ROUNDS + 1; i++) {
      for (const kind of i % 2 === 0 ? (['app', 'blank'] as const) : (['blank', 'app'] as const)) {
        const context = await browser.newContext();
        const t = await loadTime(await context.newPage(), kind === 'app' ? appUrl : blankUrl, kind);
        if (i > 0) cold[kind].push(t); // round 0 warms the hub's file cache for both
        await context.close();
      }
    }
    // The same with one tab reloaded: HTTP and code caches warm, as on a till that reopens its page.
    const warm = { app: [] as number[], blank: [] as number[] };
    const warmContext = await browser.newContext();
    const warmPage = await warmContext.newPage();
    await loadTime(warmPage, blankUrl, 'blank');
    await loadTime(warmPage, appUrl, 'app');
    for (let i = 0; i < ROUNDS; i++) {
      warm.blank.push(await loadTime(warmPage, blankUrl, 'blank'));
      warm.app.push(await loadTime(warmPage, appUrl, 'app'));
    }
    await warmContext.close();
    console.log(`\nHub page in Chromium, navigation start → ready (${ROUNDS} loads each)`);
    line('new context: blank page (baseline)', cold.blank);
    line('new context: sale screen from snapshot', cold.app, 'goal ≤ 500 ms');
    line('same tab: blank page (baseline)', warm.blank);
    line('same tab: sale screen from snapshot', warm.app, 'goal ≤ 500 ms');

    // ── 3. scan → paid on screen ──
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(hub.url);
    await page.locator('.app[data-ready="true"]').waitFor();
    await page.locator('[data-testid="scanner-status"]', { hasText: 'Scanner ready' }).waitFor();
    const lastUse = new Map<string, number>();
    const onScreen: number[] = [];
    const inCore: number[] = [];
    for (let i = 0; i < ROUNDS + 1; i++) {
      await page.keyboard.type('12.5', { delay: 50 });
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Scan the customer’s payment code' }).waitFor();
      // The page notes the wall-clock moment the Paid heading is inserted (same machine clock as ours).
      await page.evaluate(() => {
        const w = window as unknown as { __paidAt: number | null };
        w.__paidAt = null;
        const observer = new MutationObserver(() => {
          const h = document.querySelector('h2.result-title');
          if (h && h.textContent === 'Paid') {
            w.__paidAt = performance.timeOrigin + performance.now();
            observer.disconnect();
          }
        });
        observer.observe(document.body, { childList: true, subtree: true, characterData: true });
      });
      const corePaid = new Promise<number>((resolve) => {
        const off = runtime.api.onEvent((e) => {
          if (e.type === 'sale' && e.sale.phase === 'paid') {
            off();
            resolve(performance.timeOrigin + performance.now());
          }
        });
      });
      // Scenario 0000 on both platforms in turn; the scanner drops a repeat of one code within 2 s.
      const code = i % 2 === 0 ? '130000000000000000' : '280000000000000000';
      const wait = (lastUse.get(code) ?? 0) + DEDUPE_MS - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      lastUse.set(code, Date.now());
      const t0 = performance.timeOrigin + performance.now();
      await pty.write(`${code}\r`);
      const tCore = await corePaid;
      const tScreen = Number(
        await (
          await page.waitForFunction(() => (window as unknown as { __paidAt: number | null }).__paidAt)
        ).jsonValue(),
      );
      if (i > 0) {
        inCore.push(tCore - t0);
        onScreen.push(tScreen - t0);
      }
      await page.keyboard.press('Enter'); // New sale
      await page.locator('[data-testid="amount-display"]').waitFor();
    }
    await context.close();
    console.log(`\nScan (CR into the pty) → paid, scenario 0000, sandbox timeScale 0.02 (${ROUNDS} sales)`);
    line("core's paid event (baseline)", inCore);
    line('"Paid" on screen', onScreen);
    line(
      'added by hub socket + screen',
      onScreen.map((v, i) => v - (inCore[i] ?? 0)),
    );
  } finally {
    await browser.close();
    await counter.close();
    await pty.close();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
