/**
 * The settings screen's "test print": one page that shows at a glance whether the paper width, the column
 * count, Chinese text, bold/large text, the QR code and the cutter all work on the configured printer.
 */
import { b, type Block, type PaperWidthMm, type ReceiptDocument, type ReceiptLanguage } from './document';
import { cleanText, dateOrderOf, receiptDateTime } from './format';
import { LABELS, say, sayLines } from './labels';

export interface TestPrintOptions {
  widthMm: PaperWidthMm;
  language?: ReceiptLanguage;
  /** Characters per line the printer is set up for; defaults to 32 (58 mm) or 48 (80 mm). */
  columns?: number;
  /** How the printer is reached, e.g. from describePrinter(config). */
  printer?: string;
  at?: number;
  timeZone?: string;
}

/** What the QR on the test page holds: not an order no, so scanning it finds no sale. */
export const TEST_QR_DATA = 'OMIPAY-PRINTER-TEST';

/** "1234567890123…" exactly `columns` long: if it wraps, the configured column count is too wide. */
export function columnRuler(columns: number): string {
  let ruler = '';
  for (let i = 1; i <= columns; i++) ruler += String(i % 10);
  return ruler;
}

export function testPrintDocument(opts: TestPrintOptions): ReceiptDocument {
  const language = opts.language ?? 'both';
  const columns = opts.columns ?? (opts.widthMm === 58 ? 32 : 48);
  const blocks: Block[] = [
    ...sayLines(language, LABELS.testTitle).map((line) => b.center(line, { bold: true })),
    b.rule(),
    b.row(say(language, LABELS.testPaper), `${opts.widthMm} mm / ${columns}`),
  ];
  if (opts.printer) blocks.push(b.row(say(language, LABELS.testPrinter), cleanText(opts.printer, 80)));
  if (opts.at !== undefined)
    blocks.push(
      b.row(
        say(language, LABELS.date),
        receiptDateTime(dateOrderOf(language), opts.at, opts.timeZone ?? 'UTC'),
      ),
    );
  blocks.push(
    b.rule('double'),
    b.text(say(language, LABELS.testColumns)),
    b.text(columnRuler(columns)),
    b.rule(),
    b.text('ABCDEFGHIJKLM abcdefghijklm 0123456789'),
    b.text('A$12.50 #&<>"\' @%*+=/'),
  );
  if (language !== 'en') blocks.push(b.text(`${LABELS.testChinese.zh}：微信支付 支付宝 退款 商户 终端 谢谢`));
  blocks.push(
    b.text(language === 'en' ? 'Bold' : 'Bold 粗体', { bold: true }),
    b.center('A$88.88', { bold: true, size: 2 }),
    b.rule(),
    b.center(say(language, LABELS.testQr)),
    b.qr(TEST_QR_DATA, say(language, LABELS.testQr)),
    b.center(say(language, LABELS.testEnd)),
    b.cut(),
  );
  return { title: say(language, LABELS.testTitle), language, widthMm: opts.widthMm, blocks };
}
