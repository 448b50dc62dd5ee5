/**
 * The Terminal API's plain-text receipt at 32, 42 and 48 columns: whole words per line, Chinese measured by
 * display width (two columns a character), and a token longer than a line (an order no) broken at the edge.
 */
import { describe, expect, it } from 'vitest';
import { receiptDocument, type ReceiptDocument } from '../../../main/receipts';
import { b } from '../../../main/receipts/document';
import { receiptText, widthOf } from '../../../main/terminal-api/receipt-text';
import { refundReceipt, saleReceipt } from '../receipts/fixtures';

const ENGLISH =
  'Refund accepted by Omipay: the money is on its way back to the customer, please do not refund again ' +
  'even if the customer asks at the counter a second time today.';
const CHINESE =
  '退款已被受理：款项正在退回顾客的账户，请勿再次退款，即使顾客今天第二次来柜台询问也不要重复操作。';
const MIXED = '微信支付 WeChat Pay refund 退款处理中 Processing — do not refund again 请勿重复退款';
const ORDER_NO = 'bc112874260946a2af2b7107825e6ce2bc112874260946a2af2b7107825e6ce2';

function doc(blocks: ReceiptDocument['blocks']): ReceiptDocument {
  return { title: 't', language: 'both', widthMm: 80, blocks };
}

/** Every word of `text` (a run of non-space characters without CJK) on one line whole, when it fits a line. */
function expectWholeWords(lines: string[], text: string, columns: number): void {
  const joined = lines.map((l) => l.trim());
  for (const word of text.split(/[\s\u3000-\u9fff\uff00-\uffef]+/).filter(Boolean)) {
    if (widthOf(word) > columns) continue;
    expect(
      joined.some((l) => l.split(/[\s\u3000-\u9fff\uff00-\uffef]+/).includes(word)),
      `"${word}" is broken across lines at ${columns} columns:\n${lines.join('\n')}`,
    ).toBe(true);
  }
}

describe('plain-text receipt wrapping', () => {
  for (const columns of [32, 42, 48]) {
    it(`${columns} columns: whole words, CJK by display width, long tokens broken at the edge`, () => {
      const lines = receiptText(
        doc([
          b.text(ENGLISH),
          b.text(CHINESE),
          b.text(MIXED, { align: 'center' }),
          b.row('Order no.', ORDER_NO),
          b.text(`订单号 ${ORDER_NO}`),
        ]),
        columns,
      );
      for (const line of lines) expect(widthOf(line), line).toBeLessThanOrEqual(columns);
      expectWholeWords(lines, ENGLISH, columns);
      expectWholeWords(lines, MIXED, columns);
      // No word text lost or invented: the lines hold the same characters, spaces aside.
      const squash = (s: string) => s.replace(/\s+/g, '');
      expect(squash(lines.join(''))).toBe(
        squash(ENGLISH + CHINESE + MIXED + 'Order no.' + ORDER_NO + `订单号${ORDER_NO}`),
      );
      // Chinese fills the line by width: each full line of the Chinese paragraph is columns or columns - 1 wide.
      const chineseLines = lines.filter((l) => /^[\u3000-\u9fff\uff00-\uffef]+$/.test(l));
      expect(chineseLines.length).toBeGreaterThan(1);
      for (const l of chineseLines.slice(0, -1)) expect(widthOf(l)).toBeGreaterThanOrEqual(columns - 1);
      // The order no longer than a line is cut at the edge, every piece but the last a full line.
      const pieces = lines.filter((l) => /^[0-9a-f]+$/.test(l.trim()));
      expect(pieces.length).toBeGreaterThan(0);
      expect(pieces.map((l) => l.trim()).join('')).toContain(ORDER_NO.slice(0, columns));
    });
  }

  it('real receipts in both languages at every width: no line too wide, no word split', () => {
    for (const columns of [32, 42, 48]) {
      for (const view of [saleReceipt, refundReceipt]) {
        const document = receiptDocument(view, { language: 'both', widthMm: columns === 32 ? 58 : 80 });
        const lines = receiptText(document, columns);
        for (const line of lines) expect(widthOf(line), line).toBeLessThanOrEqual(columns);
        for (const block of document.blocks) {
          if (block.type === 'text')
            expectWholeWords(lines, block.text, block.size === 2 ? columns / 2 : columns);
        }
      }
    }
  });

  it('widths: a full-width character counts two, ASCII one', () => {
    expect(widthOf('退款')).toBe(4);
    expect(widthOf('A$ 1.00')).toBe(7);
    expect(widthOf('（澳元）')).toBe(8);
  });
});
