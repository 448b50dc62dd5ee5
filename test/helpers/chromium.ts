/**
 * Debian's Chromium for Playwright, launched the way this machine needs: no sandbox as root, and none of the
 * background network traffic a closed network would refuse.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const chromiumMissing = existsSync(CHROMIUM) ? null : `${CHROMIUM} not found`;

export function launchChromium(): Promise<Browser> {
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

/**
 * Screenshots saved for people to look at (test-results/…, not read by any test) are taken when
 * POS_SCREENSHOTS=1 or DOC_IMAGES=1: three hundred full-page PNGs cost a two-core run tens of seconds. A screenshot
 * a test reads (a chart's canvas, a QR code) is always taken.
 */
export const keepScreenshots = process.env.POS_SCREENSHOTS === '1' || process.env.DOC_IMAGES === '1';
