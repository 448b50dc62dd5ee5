/**
 * Tax invoice and adjustment note layouts from fixed views: which receipt becomes which, the lines each prints in
 * every receipt language, and that they fit 58 mm paper as the independent ESC/POS reader sees it.
 */
import { describe, expect, it } from 'vitest';
import type { ReceiptView } from '../../../preload/api';
import { receiptDocument } from '../../../main/receipts/layout';
import { encodeEscPos } from '../../../main/receipts/escpos';
import { firstName, taxDocumentOf } from '../../../main/receipts/tax-invoice';
import { printedText, readEscPos } from './escpos-reader';
import { refund, refundReceipt, saleReceipt } from './fixtures';

const TAX = {
  businessName: 'Golden Dragon Hospitality Pty Ltd',
  abn: '51824753556',
  pricesIncludeGst: true,
  description: 'Food and drinks',
  saleAmountCents: 1250,
};
const taxSale: ReceiptView = { ...saleReceipt, taxInvoice: TAX };

function text(view: ReceiptView, language: 'en' | 'zh' | 'both' = 'both', widthMm: 58 | 80 = 58): string {
  const doc = receiptDocument(view, { language, widthMm });
  const printed = readEscPos(encodeEscPos(doc, { widthMm, cjk: 'gb18030' }));
  for (const line of printed.lines) expect(line.columns).toBeLessThanOrEqual(widthMm === 58 ? 32 : 48);
  return printedText(printed);
}

describe('tax invoice layout', () => {
  it('an ordinary receipt without the setting', () => {
    expect(taxDocumentOf(saleReceipt)).toBeNull();
    expect(text(saleReceipt)).not.toContain('TAX INVOICE');
  });

  it('a sale: title, business, ABN grouped 2-3-3-3, date of issue, item, GST included, in each language', () => {
    text(taxSale); // fits 58 mm
    const both = text(taxSale, 'both', 80);
    for (const t of ['TAX INVOICE', '税务发票', 'Golden Dragon Hospitality Pty Ltd', 'ABN 51 824 753 556']) {
      expect(both).toContain(t);
    }
    expect(both).toContain('金龙 Golden Dragon Café & Bar'); // the shop's own name under the business name
    expect(both).toContain('Food and drinks');
    expect(both).not.toContain('PAYMENT RECEIPT');
    const en = text(taxSale, 'en', 80);
    expect(en).toMatch(/Date of issue\s+25\/11\/2025, 14:04:05/);
    expect(en).toMatch(/Total includes GST\s+A\$1\.14/);
    const zh = text(taxSale, 'zh', 80);
    expect(zh).toContain('税务发票');
    expect(zh).toMatch(/总额含 GST\s+A\$1\.14/);
    expect(zh).not.toContain('TAX INVOICE');
  });

  it('no GST line when prices do not include GST; the buyer blank from A$1,000.00', () => {
    const noGst = text({ ...taxSale, taxInvoice: { ...TAX, pricesIncludeGst: false } });
    expect(noGst).toContain('TAX INVOICE');
    expect(noGst).not.toContain('GST');
    const big: ReceiptView = {
      ...taxSale,
      amountCents: 100_000,
      taxInvoice: { ...TAX, saleAmountCents: 100_000 },
    };
    const printed = text(big, 'en');
    expect(printed).toContain("Buyer's name or ABN: ________");
    expect(printed).toMatch(/A\$90\.91/);
    const under: ReceiptView = {
      ...taxSale,
      amountCents: 99_999,
      taxInvoice: { ...TAX, saleAmountCents: 99_999 },
    };
    expect(text(under, 'en')).not.toContain('Buyer');
  });

  it.each([
    ['submitting', 'REFUND NOT YET MADE'],
    ['unknown', 'REFUND NOT YET MADE'],
    ['APPLIED', 'REFUND NOT YET MADE'],
    ['rejected', 'REFUND NOT MADE'],
  ])('a refund %s keeps its own title, not an adjustment note', (status, title) => {
    const view: ReceiptView = { ...refundReceipt, refund: { ...refund, status }, taxInvoice: TAX };
    expect(taxDocumentOf(view)).toBeNull();
    const printed = text(view);
    expect(printed).toContain(title);
    expect(printed).not.toContain('ADJUSTMENT NOTE');
    expect(printed).not.toContain('GST');
  });

  it('a refunded refund is an adjustment note: business, ABN, reason, GST adjusted (refund / 11)', () => {
    const view: ReceiptView = { ...refundReceipt, taxInvoice: TAX };
    text(view); // fits 58 mm
    const printed = text(view, 'both', 80);
    for (const t of [
      'ADJUSTMENT NOTE',
      '调整单',
      'ABN 51 824 753 556',
      'Golden Dragon Hospitality Pty Ltd',
    ]) {
      expect(printed).toContain(t);
    }
    expect(printed).toMatch(/GST adjusted GST 调整\s+-A\$0\.45/); // 500 / 11 = 45.45 c
    expect(printed).toContain('customer returned 1 item');
    expect(printed).not.toContain('REFUND RECEIPT');
    const noReason = text({ ...view, refund: { ...refund, reason: '' } }, 'en', 80);
    expect(noReason).toMatch(/Reason\s+Refund of the original payment/);
  });

  it('"Served by" prints the first name on a sale receipt only', () => {
    const served = text({ ...saleReceipt, servedBy: '  Mei Lin Chen ' }, 'both', 80);
    expect(served).toMatch(/Served by 服务人员\s+Mei\n/);
    expect(served).not.toContain('Chen');
    expect(text({ ...refundReceipt, servedBy: 'Mei Lin' })).not.toContain('Served by');
    expect(text({ ...saleReceipt, servedBy: null })).not.toContain('Served by');
    expect(text({ ...saleReceipt, servedBy: 'Ann\u001b@' }, 'en', 80)).not.toContain('\u001b');
    expect(firstName('Zoë')).toBe('Zoë');
  });
});
