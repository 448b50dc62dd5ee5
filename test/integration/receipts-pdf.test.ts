import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { inflateSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../helpers/chromium';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReceiptDocument } from '../../main/receipts/document';
import { renderHtmlPage } from '../../main/receipts/html';
import { receiptDocument, reportDocument } from '../../main/receipts/layout';
import { ORDER_NO, header, saleReceipt, xReport } from '../unit/receipts/fixtures';

// The PDF path as Electron's printToPDF takes it: the print page rendered by Chromium, then rasterised with
// poppler's pdftoppm and read back pixel by pixel; pdftotext checks the words are really there.

const run = promisify(execFile);

interface Png {
  width: number;
  height: number;
  /** Grey level 0–255 per pixel, row by row. */
  grey: Uint8Array;
}

/** Enough of PNG for pdftoppm's output: 8-bit grey/RGB/RGBA, not interlaced, with the five row filters. */
function decodePng(file: Buffer): Png {
  if (file.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  while (offset < file.length) {
    const length = file.readUInt32BE(offset);
    const type = file.toString('latin1', offset + 4, offset + 8);
    const data = file.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      const [depth, colour, , , interlace] = [data[8], data[9], data[10], data[11], data[12]];
      if (depth !== 8 || interlace !== 0) throw new Error('unsupported PNG');
      channels = colour === 0 ? 1 : colour === 2 ? 3 : colour === 6 ? 4 : 0;
      if (!channels) throw new Error(`unsupported PNG colour type ${colour}`);
    } else if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const pixels = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const v = raw[y * (stride + 1) + 1 + x] ?? 0;
      const a = x >= channels ? (pixels[y * stride + x - channels] ?? 0) : 0;
      const b = y > 0 ? (pixels[(y - 1) * stride + x] ?? 0) : 0;
      const c = x >= channels && y > 0 ? (pixels[(y - 1) * stride + x - channels] ?? 0) : 0;
      let predicted = 0;
      if (filter === 1) predicted = a;
      else if (filter === 2) predicted = b;
      else if (filter === 3) predicted = (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
        predicted = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      pixels[y * stride + x] = (v + predicted) & 0xff;
    }
  }
  const grey = new Uint8Array(width * height);
  for (let i = 0; i < width * height; i++) {
    const px = pixels.subarray(i * channels, i * channels + Math.min(3, channels));
    grey[i] = channels === 1 ? (px[0] ?? 0) : Math.round(((px[0] ?? 0) + (px[1] ?? 0) + (px[2] ?? 0)) / 3);
  }
  return { width, height, grey };
}

function darkPixels(png: Png): number {
  let n = 0;
  for (const v of png.grey) if (v < 128) n++;
  return n;
}

let browser: Browser;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'receipts-pdf-'));
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await rm(dir, { recursive: true, force: true });
});

/** HTML → PDF (Chromium) → first page PNG at 50 dpi (pdftoppm) and the PDF's text (pdftotext). */
async function printToPdf(
  name: string,
  doc: ReceiptDocument,
): Promise<{ png: Png; text: string; requests: string[] }> {
  const page = await browser.newPage();
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  try {
    await page.setContent(renderHtmlPage(doc));
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    const pdfPath = join(dir, `${name}.pdf`);
    await writeFile(pdfPath, pdf);
    await run('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '1', pdfPath, join(dir, name)]);
    const pngName = (await readdir(dir)).find((f) => f.startsWith(`${name}-`) && f.endsWith('.png'));
    if (!pngName) throw new Error('pdftoppm wrote no page');
    const png = decodePng(await readFile(join(dir, pngName)));
    const { stdout } = await run('pdftotext', ['-layout', pdfPath, '-']);
    return { png, text: stdout, requests };
  } finally {
    await page.close();
  }
}

describe('receipt PDF (Chromium print → pdftoppm)', () => {
  it('a sale receipt prints as a narrow page with ink on it, the order no and amount in its text', async () => {
    const { png, text, requests } = await printToPdf(
      'sale',
      receiptDocument(saleReceipt, { language: 'both', widthMm: 80 }),
    );
    // 80 mm at 50 dpi is 157 px: the page is the roll's width, not A4 or Letter.
    expect(Math.abs(png.width - 157)).toBeLessThanOrEqual(2);
    // The QR code alone is about 59 × 59 px, roughly half of it dark (about 2000 dark pixels in all when
    // measured); text without the QR code stays well under the bar.
    expect(darkPixels(png)).toBeGreaterThan(1200);
    expect(text).toContain(ORDER_NO);
    expect(text).toContain('A$12.50');
    expect(text).toContain('PAYMENT RECEIPT');
    // The date in the shop's order (en-AU, day first) on the till's clock (Sydney), not year first.
    expect(text).toContain('25/11/2025, 14:04:05');
    expect(text).not.toContain('2025-11-25');
    expect(requests.filter((u) => !u.startsWith('about:') && !u.startsWith('data:'))).toEqual([]);
  }, 60_000);

  it('an X report on 58 mm paper prints its totals', async () => {
    const { png, text } = await printToPdf(
      'x',
      reportDocument(xReport, { language: 'en', widthMm: 58, header }),
    );
    expect(Math.abs(png.width - 114)).toBeLessThanOrEqual(2);
    expect(darkPixels(png)).toBeGreaterThan(500);
    expect(text).toContain('A$1,272.06');
    expect(text).toContain('POS001-20251125-000051');
    expect(text).toMatch(/Business date +25\/11\/2025/);
  }, 60_000);

  it('a bilingual receipt of a shop that speaks Chinese dates it year first (zh-CN)', async () => {
    const { text } = await printToPdf(
      'sale-zh-shop',
      receiptDocument(saleReceipt, { language: 'both', widthMm: 80, shopLanguage: 'zh' }),
    );
    expect(text).toContain('2025-11-25 14:04:05');
    expect(text).not.toContain('25/11/2025');
  }, 60_000);

  it('the ink counter sees a blank page as blank (so "not blank" above means something)', async () => {
    const { png } = await printToPdf('blank', { title: 'blank', language: 'en', widthMm: 58, blocks: [] });
    expect(png.width * png.height).toBeGreaterThan(1000);
    expect(darkPixels(png)).toBe(0);
  }, 60_000);
});
