/**
 * Cost of producing one receipt: layout + ESC/POS bytes (bilingual, GB18030 Chinese, QR, cut) and layout +
 * HTML (inline SVG QR), each beside a baseline measured in the same run: the bare encoder printing the same
 * number of plain ASCII lines with the same QR and cut, and the qrcode package drawing the same QR as SVG.
 *
 *   npx tsx bench/receipts-encode.ts [rounds]
 */
import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import QRCode from 'qrcode';
import { encodeEscPos } from '../main/receipts/escpos';
import { renderHtml } from '../main/receipts/html';
import { receiptDocument } from '../main/receipts/layout';
import { readEscPos } from '../test/unit/receipts/escpos-reader';
import { ORDER_NO, saleReceipt } from '../test/unit/receipts/fixtures';

const ROUNDS = Number(process.argv[2] ?? 300);

/** Median of 7 batches of `ROUNDS` calls, in ms per call. */
async function perCall(fn: () => unknown): Promise<number> {
  for (let i = 0; i < 20; i++) fn();
  const batches: number[] = [];
  for (let b = 0; b < 7; b++) {
    const t = performance.now();
    for (let i = 0; i < ROUNDS; i++) fn();
    batches.push((performance.now() - t) / ROUNDS);
    await new Promise((r) => setImmediate(r));
  }
  batches.sort((x, y) => x - y);
  return batches[3] ?? NaN;
}

async function main(): Promise<void> {
  const ours = (): Uint8Array =>
    encodeEscPos(receiptDocument(saleReceipt, { language: 'both', widthMm: 80 }), {
      widthMm: 80,
      cjk: 'gb18030',
    });
  const lines = readEscPos(ours()).lines.length;
  const bare = (): Uint8Array => {
    const e = new ReceiptPrinterEncoder({ language: 'esc-pos', columns: 48, newline: '\n' });
    e.initialize();
    for (let i = 0; i < lines; i++) e.line(`Terminal                               POS00${i % 10}`);
    return e.qrcode(ORDER_NO, { model: 2, size: 7, errorlevel: 'm' }).cut('partial').encode();
  };
  const html = (): string => renderHtml(receiptDocument(saleReceipt, { language: 'both', widthMm: 80 }));
  let svgOut = '';
  const svg = (): void => {
    void QRCode.toString(ORDER_NO, { type: 'svg', errorCorrectionLevel: 'M' }, (_e, s) => (svgOut = s));
  };

  const escpos = await perCall(ours);
  const escposBase = await perCall(bare);
  const htmlMs = await perCall(html);
  const svgBase = await perCall(svg);
  if (!svgOut) throw new Error('baseline produced no svg');
  const fmt = (ms: number): string => `${ms.toFixed(3)} ms`;
  console.log(`receipt lines: ${lines}, ESC/POS bytes: ${ours().length}, HTML chars: ${html().length}`);
  console.log(
    `ESC/POS receipt (layout + encode):   ${fmt(escpos)}   baseline bare encoder, ASCII: ${fmt(escposBase)}`,
  );
  console.log(
    `HTML receipt (layout + render + QR): ${fmt(htmlMs)}   baseline qrcode SVG alone:   ${fmt(svgBase)}`,
  );
}

void main();
