/**
 * One Debian Chromium for a suite of the store server's pages (launched before its tests, closed after them),
 * and where its screens go: test-results/screenshots, and with DOC_IMAGES=1 the ones the docs show to
 * docs/images as well.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { chromiumMissing, keepScreenshots, launchChromium } from '../helpers/chromium';

export const SCREENSHOT_DIR = join(process.cwd(), 'test-results', 'screenshots');
const DOC_DIR = join(process.cwd(), 'docs', 'images');

/** The suite's browser, for its tests (each skipped when chromiumMissing is set). */
export function useStoreBrowser(): () => Browser {
  let browser: Browser | null = null;
  beforeAll(async () => {
    if (chromiumMissing === null) browser = await launchChromium();
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error('Chromium is not running');
    return browser;
  };
}

/** Saves the page as test-results/screenshots/<name>.png; `doc`: the docs' copy too, when DOC_IMAGES=1. */
export async function storeShot(p: Page, name: string, o: { doc?: boolean; fullPage?: boolean } = {}) {
  if (!keepScreenshots) return;
  const file = join(SCREENSHOT_DIR, `${name}.png`);
  await p.screenshot({ path: file, fullPage: o.fullPage ?? true });
  if (o.doc && process.env.DOC_IMAGES === '1') copyFileSync(file, join(DOC_DIR, `${name}.png`));
}
