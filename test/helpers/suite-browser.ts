/** The browser of a test file that drives pages itself (no counter): see useSuiteBrowser. */
import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { chromiumMissing, launchChromium, SCREENSHOT_DIR } from './chromium';

/**
 * One Chromium for a test file: launched before its tests (when there is one; `suite` names the file in the
 * line saying it was skipped), closed after them, and the screenshot dir made. The getter is for test bodies,
 * which run only when Chromium is there.
 */
export function useSuiteBrowser(suite: string): () => Browser {
  if (chromiumMissing !== null) console.log(`${suite} e2e skipped: ${chromiumMissing}`);
  let browser: Browser | null = null;
  beforeAll(async () => {
    if (chromiumMissing === null) browser = await launchChromium();
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (browser === null) throw new Error('Chromium was not launched');
    return browser;
  };
}
