/**
 * Receipt and report layouts, built once from the PosApi views and rendered by html.ts and escpos.ts.
 * Browser-safe: no Node modules, so the renderer may import it to show exactly what will be printed.
 */
import type {
  Bilingual,
  Platform,
  PlatformTotalsView,
  ReceiptView,
  RefundView,
  ReportView,
  SalePhase,
  SaleView,
} from '../../preload/api';
import { b, type Block, type PaperWidthMm, type ReceiptDocument, type ReceiptLanguage } from './document';
import type { ShopLanguage } from '../shared/shop-date';
import {
  aud,
  cleanText,
  cny,
  dateOrderOf,
  localDateTime,
  localTime,
  receiptDate,
  receiptDateTime,
} from './format';
import { LABELS, say, sayLines } from './labels';
import {
  REPORT_COLUMN_WORDS,
  printedColumnKeys,
  reportLine,
  type ReportColumnKey,
} from '../shared/report-columns';
import { REFUND_RECEIPT_HEADINGS, refundState, refundWords } from '../shared/refund-words';
import { firstName, TAX_WORDS, taxDocumentOf, type TaxDocument } from './tax-invoice';

export interface LayoutOptions {
  language: ReceiptLanguage;
  widthMm: PaperWidthMm;
  /** The shop's language: the order of dates on a bilingual receipt (English's when not given). */
  shopLanguage?: ShopLanguage;
}

/** Who printed a report: ReportView carries figures only. TerminalInfo satisfies it. */
export interface ReportHeader {
  merchantName: string;
  posNo: string;
  timeZone: string;
}

const DASH = '-';

function platformName(language: ReceiptLanguage, platform: Platform | 'UNKNOWN' | null): string {
  if (platform === 'WECHATPAY' || platform === 'ALIPAY') return say(language, LABELS[platform]);
  if (platform === 'UNKNOWN') return say(language, LABELS.otherPlatform);
  return DASH;
}

function headingLines(language: ReceiptLanguage, text: Bilingual): Block[] {
  return sayLines(language, text).map((line) => b.center(line, { bold: true }));
}

function merchantLines(name: string): Block[] {
  const clean = cleanText(name, 80);
  return clean ? [b.center(clean, { bold: true })] : [];
}

/** A tax invoice or adjustment note names the business (and the shop's own name under it when different). */
function taxHeaderLines(tax: TaxDocument, merchantName: string): Block[] {
  const business = cleanText(tax.businessName, 80);
  const shop = cleanText(merchantName, 80);
  return [
    b.center(business, { bold: true }),
    ...(shop && shop.toLowerCase() !== business.toLowerCase() ? [b.center(shop)] : []),
    b.center(tax.abnLine),
  ];
}

/** The GST line and, from A$1,000, the blank for the buyer, under the amount. */
function taxAmountBlocks(language: ReceiptLanguage, tax: TaxDocument | null): Block[] {
  if (!tax) return [];
  const blocks: Block[] = [];
  if (tax.gst) blocks.push(b.row(say(language, tax.gst.label), aud(tax.gst.cents), true));
  if (tax.buyerLine) blocks.push(b.feed(), ...sayLines(language, TAX_WORDS.buyer).map((t) => b.text(t)));
  return blocks;
}

function refundBlocks(language: ReceiptLanguage, refund: RefundView, tax: TaxDocument | null): Block[] {
  // The refund's word and what it means, as on the manager's screen (refund-words.ts).
  const words = refundWords(refund.status);
  const blocks: Block[] = [
    b.row(say(language, LABELS.refundStatus), say(language, words.word), true),
    ...sayLines(language, words.meaning).map((line) => b.text(line, { bold: true })),
  ];
  if (refund.refundNo) blocks.push(b.row(say(language, LABELS.refundNo), cleanText(refund.refundNo, 64)));
  blocks.push(b.row(say(language, LABELS.outRefundNo), cleanText(refund.outRefundNo, 64) || DASH));
  // An adjustment note always says why it was issued.
  const reason = cleanText(refund.reason, 120) || (tax ? say(language, TAX_WORDS.reason) : '');
  if (reason) blocks.push(b.row(say(language, LABELS.refundReason), reason));
  return blocks;
}

/**
 * The date the reports count the sale (or refund) under, when it is not the date printed above: the zone changed
 * since (the reports keep the date the sale was made on), so a reprint says both rather than disagree with them.
 */
function businessDateRow(language: ReceiptLanguage, view: ReceiptView, order: ShopLanguage): Block[] {
  const date = view.businessDate;
  if (!date || localDateTime(view.at, view.timeZone).startsWith(date)) return [];
  return [b.row(say(language, LABELS.businessDate), receiptDate(order, date))];
}

/** Who took the sale, on its receipt (not a refund's), when the shop prints it and the sale has a person. */
function servedByRow(language: ReceiptLanguage, view: ReceiptView): Block[] {
  const name = view.kind === 'sale' && view.servedBy ? firstName(cleanText(view.servedBy, 40)) : '';
  return name ? [b.row(say(language, TAX_WORDS.servedBy), name)] : [];
}

/** A sale receipt, or its refund variant when `view.kind === 'refund'`. */
export function receiptDocument(view: ReceiptView, opts: LayoutOptions): ReceiptDocument {
  const { language } = opts;
  const order = dateOrderOf(language, opts.shopLanguage);
  const isRefund = view.kind === 'refund';
  const tax = taxDocumentOf(view);
  // A refund receipt's title and amount label follow its state: only money that went back is titled a refund.
  const refundHeading = view.refund ? REFUND_RECEIPT_HEADINGS[refundState(view.refund.status)] : null;
  const title = tax?.title ?? (isRefund ? (refundHeading?.title ?? LABELS.refundTitle) : LABELS.saleTitle);
  const amountLabel = isRefund ? (refundHeading?.amount ?? LABELS.refundAmount) : LABELS.amount;
  const orderNo = cleanText(view.orderNo, 64);
  // A sandbox receipt says so at the top and the bottom: it must never pass for proof of payment.
  const testMark = view.test ? [b.center(LABELS.testMark.en, { bold: true })] : [];
  const blocks: Block[] = [
    ...testMark,
    ...(tax ? taxHeaderLines(tax, view.merchantName) : merchantLines(view.merchantName)),
    ...headingLines(language, title),
    b.rule(),
    b.row(say(language, LABELS.terminal), cleanText(view.posNo, 32) || DASH),
    b.row(
      say(language, tax ? TAX_WORDS.dateOfIssue : LABELS.date),
      receiptDateTime(order, view.at, view.timeZone),
    ),
    ...businessDateRow(language, view, order),
    b.row(say(language, LABELS.paidWith), platformName(language, view.platform)),
    ...(tax ? [b.row(say(language, TAX_WORDS.description), cleanText(tax.description, 60) || DASH)] : []),
    ...servedByRow(language, view),
    b.rule('double'),
    b.center(say(language, amountLabel)),
    b.center(aud(view.amountCents), { bold: true, size: 2 }),
    ...taxAmountBlocks(language, tax),
  ];
  if (!isRefund && view.cnyAmount !== null)
    blocks.push(b.row(say(language, LABELS.cnyPaid), cny(view.cnyAmount)));
  if (view.exchangeRate !== null) {
    blocks.push(b.row(say(language, LABELS.rate), `1 AUD = ${cleanText(view.exchangeRate, 20)} CNY`));
  }
  blocks.push(b.rule());
  if (isRefund && view.refund) {
    blocks.push(
      ...refundBlocks(language, view.refund, tax),
      b.rule(),
      b.text(say(language, LABELS.originalSale), { bold: true }),
    );
  }
  blocks.push(
    b.row(say(language, LABELS.orderNo), orderNo || DASH),
    b.row(say(language, LABELS.outOrderNo), cleanText(view.outOrderNo, 64) || DASH),
  );
  if (orderNo) {
    blocks.push(
      b.feed(),
      b.qr(orderNo, say(language, LABELS.qrAlt)),
      ...sayLines(language, LABELS.qrHint).map((line) => b.center(line)),
    );
  }
  if (!isRefund) blocks.push(b.feed(), b.center(say(language, LABELS.thanks), { bold: true }));
  if (view.test) blocks.push(b.feed(), ...testMark);
  blocks.push(b.cut());
  return { title: say(language, title), language, widthMm: opts.widthMm, blocks };
}

const PHASES: Partial<Record<SalePhase, Bilingual>> = {
  unresolved: { en: 'Outcome unknown', zh: '结果未知' },
  waiting_customer: { en: 'Waiting for customer', zh: '等待顾客确认' },
  checking: { en: 'Checking', zh: '查询中' },
  submitting: { en: 'Submitting', zh: '提交中' },
  awaiting_code: { en: 'Awaiting code', zh: '等待付款码' },
};

function phaseText(language: ReceiptLanguage, phase: SalePhase): string {
  const known = PHASES[phase];
  return known ? say(language, known) : phase;
}

/** The report's columns (report-columns.ts), one line each with its count, then the net they add up to. */
function totalsRows(
  language: ReceiptLanguage,
  t: Omit<PlatformTotalsView, 'platform'>,
  keys: readonly ReportColumnKey[],
): Block[] {
  const line = reportLine(t);
  return [
    ...line.columns
      .filter((c) => keys.includes(c.key))
      .map((c) => b.row(`${say(language, REPORT_COLUMN_WORDS[c.key])} (${c.count})`, aud(c.cents))),
    b.row(say(language, REPORT_COLUMN_WORDS.net), aud(line.netCents), true),
  ];
}

function isEmpty(t: PlatformTotalsView): boolean {
  return reportLine(t).columns.every((c) => c.count === 0 && c.cents === 0);
}

function unresolvedSaleBlocks(language: ReceiptLanguage, sale: SaleView, timeZone: string): Block[] {
  return [
    b.row(
      `${localTime(sale.createdAt, timeZone)} ${platformName(language, sale.platform)}`,
      aud(sale.amountCents),
    ),
    b.text(`  ${cleanText(sale.outOrderNo ?? sale.id, 64)}`),
    b.text(`  ${phaseText(language, sale.phase)}`),
  ];
}

function unresolvedBlocks(
  language: ReceiptLanguage,
  view: ReportView,
  timeZone: string,
  order: ShopLanguage,
): Block[] {
  const sales = view.unresolved;
  const earlier = view.unresolvedEarlier ?? [];
  const blocks: Block[] = [b.text(`${say(language, LABELS.unresolved)}: ${sales.length}`, { bold: true })];
  if (sales.length === 0) blocks.push(b.text(say(language, LABELS.none)));
  for (const sale of sales) blocks.push(...unresolvedSaleBlocks(language, sale, timeZone));
  if (earlier.length === 0) return blocks;
  // Sales an earlier shift left unresolved: outside these totals, but still open (the status bar counts them).
  blocks.push(b.text(`${say(language, LABELS.unresolvedEarlier)}: ${earlier.length}`, { bold: true }));
  for (const { sale, fromSessionId } of earlier) {
    blocks.push(
      ...unresolvedSaleBlocks(language, sale, timeZone),
      b.text(
        `  ${receiptDateTime(order, sale.createdAt, timeZone)}${fromSessionId === null ? '' : ` (#${fromSessionId})`}`,
      ),
    );
  }
  return blocks;
}

function pendingRefundBlocks(language: ReceiptLanguage, refunds: RefundView[], timeZone: string): Block[] {
  const blocks: Block[] = [
    b.text(`${say(language, LABELS.pendingRefunds)}: ${refunds.length}`, { bold: true }),
  ];
  if (refunds.length === 0) return [...blocks, b.text(say(language, LABELS.none))];
  for (const refund of refunds) {
    blocks.push(
      b.row(localTime(refund.createdAt, timeZone), aud(-refund.amountCents)),
      b.text(`  ${cleanText(refund.outRefundNo, 64)}`),
      b.text(`  ${say(language, refundWords(refund.status).word)}`),
    );
  }
  return blocks;
}

/** X (so far) or Z (day close) report: per-platform counts and totals, net, unresolved sales listed apart. */
export function reportDocument(
  view: ReportView,
  opts: LayoutOptions & { header: ReportHeader },
): ReceiptDocument {
  const { language, header } = opts;
  const title = view.kind === 'Z' ? LABELS.zTitle : view.kind === 'day' ? LABELS.dayTitle : LABELS.xTitle;
  const tz = header.timeZone;
  const order = dateOrderOf(language, opts.shopLanguage);
  const blocks: Block[] = [
    ...merchantLines(header.merchantName),
    ...headingLines(language, title),
    b.rule(),
    b.row(say(language, LABELS.businessDate), receiptDate(order, view.businessDate)),
    b.row(say(language, LABELS.timeZone), cleanText(tz, 64) || DASH),
    b.row(say(language, LABELS.terminal), cleanText(header.posNo, 32) || DASH),
    b.row(say(language, LABELS.printedAt), receiptDateTime(order, view.generatedAt, tz)),
  ];
  if (view.kind !== 'day' && view.session)
    blocks.push(b.row(say(language, LABELS.shift), `Z ${view.session.seq} (#${view.session.id})`));
  if (view.closedAt !== null)
    blocks.push(b.row(say(language, LABELS.closedAt), receiptDateTime(order, view.closedAt, tz)));
  else if (view.kind === 'Z') blocks.push(b.text(say(language, LABELS.notClosed), { bold: true }));
  if (view.forced) blocks.push(b.text(`** ${say(language, LABELS.forced)} **`, { bold: true }));
  blocks.push(b.rule('double'));
  const keys = printedColumnKeys(view.totals);
  for (const t of view.perPlatform) {
    if (t.platform === 'UNKNOWN' && isEmpty(t)) continue;
    blocks.push(
      b.text(platformName(language, t.platform), { bold: true }),
      ...totalsRows(language, t, keys),
      b.rule(),
    );
  }
  blocks.push(
    b.text(say(language, LABELS.allPlatforms), { bold: true }),
    ...totalsRows(language, view.totals, keys),
    b.rule('double'),
    ...unresolvedBlocks(language, view, tz, order),
    b.rule(),
    ...pendingRefundBlocks(language, view.pendingRefunds, tz),
    b.cut(),
  );
  return {
    // Year first here: the title names the file a print to PDF saves, and "/" cannot be in a file name.
    title: `${say(language, title)} ${cleanText(view.businessDate, 10)}`,
    language,
    widthMm: opts.widthMm,
    blocks,
  };
}
