import { describe, expect, it } from 'vitest';
import type { Block, ReceiptDocument } from '../../../main/receipts/document';
import { aud, cleanText, cny, localDateTime, receiptDateTime } from '../../../main/receipts/format';
import { receiptDocument, reportDocument } from '../../../main/receipts/layout';
import {
  AT,
  ORDER_NO,
  OUT_ORDER_NO,
  header,
  refund,
  refundReceipt,
  saleReceipt,
  xReport,
  zReportForced,
} from './fixtures';
import { NO_LATE_MONEY } from '../../helpers/view-fixtures';

const CJK = /[\u3000-\u9fff\uff00-\uffef]/;

function rows(doc: ReceiptDocument): Array<[string, string]> {
  return doc.blocks.flatMap((b) => (b.type === 'row' ? [[b.label, b.value] as [string, string]] : []));
}

function texts(doc: ReceiptDocument): string[] {
  return doc.blocks.flatMap((b) => (b.type === 'text' ? [b.text] : []));
}

/** Every printed word of the document, labels and values alike, for language checks. */
function words(doc: ReceiptDocument): string[] {
  return doc.blocks.flatMap((b: Block) =>
    b.type === 'text' ? [b.text] : b.type === 'row' ? [b.label, b.value] : b.type === 'qr' ? [b.label] : [],
  );
}

describe('format', () => {
  it('formats AUD cents and CNY fen exactly, with signs', () => {
    expect(aud(1250)).toBe('A$12.50');
    expect(aud(5)).toBe('A$0.05');
    expect(aud(123456789)).toBe('A$1,234,567.89');
    expect(aud(-500)).toBe('-A$5.00');
    expect(cny(5890)).toBe('CNY 58.90');
  });

  it("shows the counter's local time, and UTC (said so) for an unknown zone", () => {
    expect(localDateTime(AT, 'Australia/Sydney')).toBe('2025-11-25 14:04:05');
    expect(localDateTime(AT, 'Australia/Perth')).toBe('2025-11-25 11:04:05');
    expect(localDateTime(AT, 'Asia/Shanghai')).toBe('2025-11-25 11:04:05');
    expect(localDateTime(AT, 'Not/AZone')).toBe('2025-11-25 03:04:05 UTC');
  });

  it("prints a date in the shop's order for the receipt's language: d/m/y in English, y-m-d in Chinese", () => {
    expect(receiptDateTime('en', AT, 'Australia/Sydney')).toBe('25/11/2025, 14:04:05');
    expect(receiptDateTime('zh', AT, 'Australia/Sydney')).toBe('2025-11-25 14:04:05');
    // On the till's zone: Perth is three hours behind Sydney, and on another day than Honolulu.
    expect(receiptDateTime('en', AT, 'Australia/Perth')).toBe('25/11/2025, 11:04:05');
    expect(receiptDateTime('en', AT, 'Pacific/Honolulu')).toBe('24/11/2025, 17:04:05');
    expect(receiptDateTime('zh', AT, 'Not/AZone')).toBe('2025-11-25 03:04:05 UTC');
    expect(receiptDateTime('en', Number.NaN, 'Australia/Sydney')).toBe('—');
  });

  it('strips control, zero-width and bidi characters from data text', () => {
    expect(cleanText('A\x1bp\x00\x19B\u202eC\u200bD\r\nE')).toBe('A p B C D E');
    expect(cleanText(null)).toBe('');
    expect(Array.from(cleanText('金'.repeat(300), 10))).toHaveLength(10);
  });
});

describe('sale receipt', () => {
  it('has merchant, terminal, local time, AUD, CNY and rate, platform, both order numbers, the QR and a cut', () => {
    const doc = receiptDocument(saleReceipt, { language: 'en', widthMm: 80 });
    expect(doc.title).toBe('PAYMENT RECEIPT');
    expect(doc.blocks[0]).toMatchObject({ type: 'text', text: saleReceipt.merchantName, bold: true });
    expect(rows(doc)).toEqual([
      ['Terminal', 'POS001'],
      ['Date', '25/11/2025, 14:04:05'],
      ['Paid with', 'WeChat Pay'],
      ['Paid in CNY', 'CNY 58.90'],
      ['Rate', '1 AUD = 4.7123 CNY'],
      ['Omipay order no.', ORDER_NO],
      ['Merchant order no.', OUT_ORDER_NO],
    ]);
    expect(doc.blocks).toContainEqual({
      type: 'text',
      text: 'A$12.50',
      align: 'center',
      bold: true,
      size: 2,
    });
    expect(doc.blocks.filter((b) => b.type === 'qr')).toEqual([
      { type: 'qr', data: ORDER_NO, label: 'QR code of the Omipay order no.' },
    ]);
    expect(texts(doc)).toContain('Thank you');
    expect(doc.blocks[doc.blocks.length - 1]).toEqual({ type: 'cut' });
  });

  it('speaks Chinese only, English only, or both', () => {
    const en = receiptDocument({ ...saleReceipt, merchantName: 'Shop' }, { language: 'en', widthMm: 58 });
    const zh = receiptDocument({ ...saleReceipt, merchantName: 'Shop' }, { language: 'zh', widthMm: 58 });
    const both = receiptDocument({ ...saleReceipt, merchantName: 'Shop' }, { language: 'both', widthMm: 58 });
    expect(words(en).some((w) => CJK.test(w))).toBe(false);
    expect(rows(zh).slice(0, 3)).toEqual([
      ['终端', 'POS001'],
      ['日期', '2025-11-25 14:04:05'],
      ['支付方式', '微信支付'],
    ]);
    expect(words(zh).some((w) => /Terminal|Paid with|Thank you/.test(w))).toBe(false);
    expect(rows(both)[2]).toEqual(['Paid with 支付方式', 'WeChat Pay 微信支付']);
    expect(texts(both)).toEqual(expect.arrayContaining(['PAYMENT RECEIPT', '付款凭证']));
    expect(both.title).toBe('PAYMENT RECEIPT 付款凭证');
  });

  it("dates a bilingual receipt and report in the shop's order: English unless the shop speaks Chinese", () => {
    const date = (doc: ReceiptDocument) => rows(doc).find(([label]) => label.startsWith('Date'))?.[1];
    expect(date(receiptDocument(saleReceipt, { language: 'both', widthMm: 80 }))).toBe(
      '25/11/2025, 14:04:05',
    );
    const zhShop = { language: 'both', widthMm: 80, shopLanguage: 'zh' } as const;
    expect(date(receiptDocument(saleReceipt, zhShop))).toBe('2025-11-25 14:04:05');
    // A Chinese-only receipt is year first whatever the shop speaks, an English one day first.
    expect(date(receiptDocument(saleReceipt, { language: 'en', widthMm: 80, shopLanguage: 'zh' }))).toBe(
      '25/11/2025, 14:04:05',
    );
    const report = rows(reportDocument(xReport, { ...zhShop, header }));
    expect(report).toContainEqual(['Business date 营业日', '2025-11-25']);
    expect(report).toContainEqual(['Printed 打印时间', '2025-11-25 22:04:05']);
    const enReport = rows(reportDocument(xReport, { language: 'both', widthMm: 80, header }));
    expect(enReport).toContainEqual(['Business date 营业日', '25/11/2025']);
  });

  it('leaves out CNY and rate when not known, and the QR when there is no order no', () => {
    const doc = receiptDocument(
      { ...saleReceipt, cnyAmount: null, exchangeRate: null, platform: null, orderNo: '' },
      { language: 'en', widthMm: 58 },
    );
    const labels = rows(doc).map(([l]) => l);
    expect(labels).not.toContain('Paid in CNY');
    expect(labels).not.toContain('Rate');
    expect(rows(doc)).toContainEqual(['Paid with', '-']);
    expect(rows(doc)).toContainEqual(['Omipay order no.', '-']);
    expect(doc.blocks.some((b) => b.type === 'qr')).toBe(false);
  });

  it('cleans data fields so nothing but text reaches the printer', () => {
    const doc = receiptDocument(
      { ...saleReceipt, merchantName: '\x1b@Shop\u202e\x00', posNo: 'P\x0aOS' },
      { language: 'en', widthMm: 58 },
    );
    expect(doc.blocks[0]).toMatchObject({ text: '@Shop' });
    expect(rows(doc)[0]).toEqual(['Terminal', 'P OS']);
  });
});

describe('the business date on a receipt', () => {
  it('is added only when the printed date is not the date the reports count the sale under', () => {
    // AT is 2025-11-25 14:04 in Sydney; recorded on the 25th, nothing to add.
    const same = receiptDocument(
      { ...saleReceipt, businessDate: '2025-11-25' },
      { language: 'both', widthMm: 80 },
    );
    expect(rows(same).some(([label]) => label.includes('Business date'))).toBe(false);
    // The zone changed since the sale (it was 2025-11-24 where it was made): the reports' date is printed too.
    const moved = receiptDocument(
      { ...saleReceipt, businessDate: '2025-11-24' },
      { language: 'both', widthMm: 80 },
    );
    const row = rows(moved).find(([label]) => label.includes('Business date'));
    expect(row).toEqual([expect.stringContaining('营业日'), '24/11/2025']);
    const zh = receiptDocument(
      { ...saleReceipt, businessDate: '2025-11-24' },
      { language: 'zh', widthMm: 80 },
    );
    expect(rows(zh)).toContainEqual(['营业日', '2025-11-24']);
  });
});

describe('refund receipt', () => {
  it('shows the refunded amount, status, refund numbers, reason and the original order with its QR', () => {
    const doc = receiptDocument(refundReceipt, { language: 'en', widthMm: 58 });
    expect(doc.title).toBe('REFUND RECEIPT');
    expect(texts(doc)).toEqual(expect.arrayContaining(['Refund amount', 'A$5.00', 'Original payment']));
    expect(rows(doc)).toEqual(
      expect.arrayContaining([
        ['Date', '25/11/2025, 15:04:05'],
        ['Status', 'Refunded'],
        ['Refund no.', refund.refundNo],
        ['Merchant refund no.', refund.outRefundNo],
        ['Reason', refund.reason],
        ['Omipay order no.', ORDER_NO],
      ]),
    );
    expect(rows(doc).map(([l]) => l)).not.toContain('Paid in CNY');
    expect(texts(doc)).not.toContain('Thank you');
    expect(doc.blocks.filter((b) => b.type === 'qr')).toHaveLength(1);
  });

  it('warns not to refund again while the refund is still in flight, and says when it failed', () => {
    const pending = receiptDocument(
      {
        ...refundReceipt,
        refund: { ...refund, status: 'unknown', final: false, succeeded: false, refundNo: null },
      },
      { language: 'both', widthMm: 58 },
    );
    expect(rows(pending)).toContainEqual(['Status 状态', 'Checking 确认中']);
    // The title and amount line a customer reads first never claim the money went back before it did.
    expect(texts(pending)).toEqual(
      expect.arrayContaining(['REFUND NOT YET MADE', '退款尚未完成', 'Not yet refunded 尚未退回金额']),
    );
    expect(texts(pending).join('\n')).not.toMatch(/REFUND RECEIPT|退款凭证|Refund amount/);
    expect(texts(pending)).toEqual(
      expect.arrayContaining([
        'Sent, but Omipay has not answered yet. The till keeps checking. Do not refund again.',
        '已发送，Omipay 尚未答复，终端会继续查询。请勿重复退款。',
      ]),
    );
    expect(rows(pending).map(([l]) => l)).not.toContain('Refund no. 退款单号');
    const failed = receiptDocument(
      { ...refundReceipt, refund: { ...refund, status: 'rejected', final: true, succeeded: false } },
      { language: 'zh', widthMm: 58 },
    );
    expect(rows(failed)).toContainEqual(['状态', '失败']);
    expect(texts(failed)).toContain('款项未退回，可重新退款。');
    expect(failed.title).toBe('退款未成功');
    expect(texts(failed)).toContain('未退回金额');
    expect(texts(failed).join('\n')).not.toMatch(/退款凭证|退款金额/);
    for (const status of ['submitting', 'unknown', 'ACCEPTED', 'rejected', 'CLOSED']) {
      const doc = receiptDocument(
        { ...refundReceipt, refund: { ...refund, status } },
        { language: 'en', widthMm: 80 },
      );
      expect(doc.title === 'REFUND RECEIPT', status).toBe(status === 'CLOSED');
      expect(texts(doc).includes('Refund amount'), status).toBe(status === 'CLOSED');
    }
  });
});

describe('X and Z reports', () => {
  it('lists per-platform counts and totals, refunds negative, the net, and hides an empty "other"', () => {
    const doc = reportDocument(xReport, { language: 'en', widthMm: 58, header });
    expect(doc.title).toBe('X REPORT (so far) 2025-11-25');
    const t = texts(doc);
    expect(t).toEqual(expect.arrayContaining(['WeChat Pay', 'Alipay', 'ALL PLATFORMS']));
    expect(t).not.toContain('Other');
    expect(rows(doc)).toEqual(
      expect.arrayContaining([
        ['Business date', '25/11/2025'],
        ['Terminal', 'POS001'],
        ['Printed', '25/11/2025, 22:04:05'],
        ['Sales (3)', 'A$42.50'],
        ['Other refunds (1)', '-A$5.00'],
        ['Net', 'A$37.50'],
        ['Sales (2)', 'A$1,234.56'],
        ['Sales (5)', 'A$1,277.06'],
        ['Net', 'A$1,272.06'],
      ]),
    );
    // Nothing paid or refunded after a void: those two columns stay off the paper (zero on every row).
    expect(
      rows(doc)
        .map(([l]) => l)
        .filter((l) => l.includes('after void')),
    ).toEqual([]);
    expect(rows(doc).map(([l]) => l)).not.toContain('Day closed');
    expect(t.some((x) => x.includes('Day not closed'))).toBe(false);
  });

  it('lists unresolved sales apart from the totals, and refunds in progress', () => {
    const doc = reportDocument(xReport, { language: 'en', widthMm: 58, header });
    const t = texts(doc);
    expect(t).toContain('Unresolved sales (not in totals): 1');
    expect(rows(doc)).toContainEqual(['16:04:05 Alipay', 'A$88.00']);
    expect(t).toEqual(expect.arrayContaining(['  POS001-20251125-000051', '  Outcome unknown']));
    expect(t).toContain('Refunds in progress (in totals): 1');
    expect(t).toEqual(expect.arrayContaining(['  R-POS001-000007', '  Processing']));
    const none = reportDocument(
      { ...xReport, unresolved: [], pendingRefunds: [] },
      { language: 'zh', widthMm: 58, header },
    );
    expect(texts(none)).toEqual(
      expect.arrayContaining(['未决交易（未计入合计）: 0', '处理中的退款（已计入合计）: 0', '无']),
    );
  });

  it("dates a sale an earlier shift left unresolved in the shop's order", () => {
    const lost = { ...xReport.unresolved[0]!, createdAt: AT - 86_400_000 };
    const view = { ...xReport, unresolvedEarlier: [{ sale: lost, fromSessionId: 4 }] };
    expect(texts(reportDocument(view, { language: 'en', widthMm: 80, header }))).toContain(
      '  24/11/2025, 14:04:05 (#4)',
    );
    expect(texts(reportDocument(view, { language: 'zh', widthMm: 80, header }))).toContain(
      '  2025-11-24 14:04:05 (#4)',
    );
  });

  it('shows a platform-less bucket only when it holds something', () => {
    const doc = reportDocument(
      {
        ...xReport,
        perPlatform: [
          {
            platform: 'UNKNOWN',
            salesCount: 1,
            salesCents: 100,
            refundsCount: 0,
            refundsCents: 0,
            netCents: 100,
            ...NO_LATE_MONEY,
          },
        ],
      },
      { language: 'both', widthMm: 80, header },
    );
    expect(texts(doc)).toContain('Other 其他');
  });

  it('Z report: closed time, and a forced close flagged', () => {
    const doc = reportDocument(zReportForced, { language: 'both', widthMm: 80, header });
    expect(texts(doc)).toEqual(expect.arrayContaining(['Z REPORT (day close)', 'Z 报表（日结）']));
    expect(rows(doc)).toContainEqual(['Day closed 日结时间', '25/11/2025, 23:04:05']);
    expect(texts(doc)).toContain('** Closed with unresolved sales 有未决交易时强制日结 **');
    const open = reportDocument(
      { ...zReportForced, closedAt: null, forced: false },
      { language: 'en', widthMm: 80, header },
    );
    expect(texts(open)).toContain('Day not closed yet');
    expect(texts(open).some((x) => x.includes('Closed with unresolved'))).toBe(false);
  });
});
