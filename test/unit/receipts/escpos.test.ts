import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { encodeEscPos, type EscPosOptions } from '../../../main/receipts/escpos';
import type { ReceiptDocument } from '../../../main/receipts/document';
import { receiptDocument, reportDocument } from '../../../main/receipts/layout';
import { TEST_QR_DATA, testPrintDocument } from '../../../main/receipts/test-print';
import { readEscPos, printedText } from './escpos-reader';
import { ORDER_NO, header, refund, refundReceipt, saleReceipt, xReport, zReportForced } from './fixtures';

// Golden files: the exact bytes a printer receives. Regenerate deliberately with UPDATE_GOLDEN=1 and review
// the .txt beside each .bin (the reader's rendering of it) before committing.
const GOLDEN_DIR = fileURLToPath(new URL('../../fixtures/receipts/', import.meta.url));
const UPDATE = process.env.UPDATE_GOLDEN === '1';

interface Case {
  name: string;
  doc: () => ReceiptDocument;
  opts: EscPosOptions;
}

const cases: Case[] = [
  {
    name: 'sale-58-both',
    doc: () => receiptDocument(saleReceipt, { language: 'both', widthMm: 58 }),
    opts: { widthMm: 58, cjk: 'gb18030' },
  },
  {
    name: 'sale-80-both-drawer',
    doc: () => receiptDocument(saleReceipt, { language: 'both', widthMm: 80 }),
    opts: { widthMm: 80, cjk: 'gb18030', drawerKick: true },
  },
  {
    name: 'sale-80-zh',
    doc: () => receiptDocument(saleReceipt, { language: 'zh', widthMm: 80 }),
    opts: { widthMm: 80, cjk: 'gb18030' },
  },
  {
    name: 'sale-58-en-no-cjk',
    doc: () => receiptDocument(saleReceipt, { language: 'en', widthMm: 58 }),
    opts: { widthMm: 58, cjk: 'none' },
  },
  {
    name: 'refund-58-both',
    doc: () => receiptDocument(refundReceipt, { language: 'both', widthMm: 58 }),
    opts: { widthMm: 58, cjk: 'gb18030' },
  },
  {
    // A failed refund: its title and amount line say no money went back, not "REFUND RECEIPT".
    name: 'refund-failed-58-both',
    doc: () =>
      receiptDocument(
        { ...refundReceipt, refund: { ...refund, status: 'rejected', final: true, succeeded: false } },
        { language: 'both', widthMm: 58 },
      ),
    opts: { widthMm: 58, cjk: 'gb18030' },
  },
  {
    name: 'refund-80-both',
    doc: () => receiptDocument(refundReceipt, { language: 'both', widthMm: 80 }),
    opts: { widthMm: 80, cjk: 'gb18030' },
  },
  {
    name: 'x-report-58-both',
    doc: () => reportDocument(xReport, { language: 'both', widthMm: 58, header }),
    opts: { widthMm: 58, cjk: 'gb18030' },
  },
  {
    name: 'x-report-80-both',
    doc: () => reportDocument(xReport, { language: 'both', widthMm: 80, header }),
    opts: { widthMm: 80, cjk: 'gb18030' },
  },
  {
    name: 'z-report-80-42col-forced',
    doc: () => reportDocument(zReportForced, { language: 'both', widthMm: 80, header }),
    opts: { widthMm: 80, cjk: 'gb18030', columns: 42 },
  },
  {
    name: 'test-page-58',
    doc: () => testPrintDocument({ widthMm: 58, printer: 'ESC/POS network 127.0.0.1:9100' }),
    opts: { widthMm: 58, cjk: 'gb18030' },
  },
];

function firstDifference(a: Uint8Array, b: Uint8Array): string {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  const hex = (x: Uint8Array): string => Buffer.from(x.subarray(Math.max(0, i - 8), i + 8)).toString('hex');
  return `lengths ${a.length} vs ${b.length}; first difference at byte ${i}: got …${hex(a)}… expected …${hex(b)}…`;
}

describe('ESC/POS golden files', () => {
  for (const c of cases) {
    it(`${c.name} is byte-exact`, () => {
      const bytes = encodeEscPos(c.doc(), c.opts);
      const bin = `${GOLDEN_DIR}${c.name}.bin`;
      const txt = `${GOLDEN_DIR}${c.name}.txt`;
      const text = printedText(readEscPos(bytes));
      if (UPDATE) {
        mkdirSync(GOLDEN_DIR, { recursive: true });
        writeFileSync(bin, bytes);
        writeFileSync(txt, text);
      }
      expect(existsSync(bin), `${bin} is missing: run with UPDATE_GOLDEN=1 once and review it`).toBe(true);
      const golden = new Uint8Array(readFileSync(bin));
      if (Buffer.compare(Buffer.from(bytes), Buffer.from(golden)) !== 0) {
        expect.fail(`${c.name}: ${firstDifference(bytes, golden)}\n--- printed now ---\n${text}`);
      }
      expect(text).toBe(readFileSync(txt, 'utf8'));
    });
  }

  it('encodes deterministically: fresh documents give identical bytes', () => {
    for (const c of cases) {
      expect(
        Buffer.from(encodeEscPos(c.doc(), c.opts)).equals(Buffer.from(encodeEscPos(c.doc(), c.opts))),
      ).toBe(true);
    }
  });
});

describe('ESC/POS output as the printer reads it', () => {
  for (const c of cases) {
    it(`${c.name}: every line fits the paper, one cut at the end, no stray bytes`, () => {
      const columns = c.opts.columns ?? (c.opts.widthMm === 58 ? 32 : 48);
      const printed = readEscPos(encodeEscPos(c.doc(), c.opts));
      for (const line of printed.lines)
        expect(line.columns, JSON.stringify(line.text)).toBeLessThanOrEqual(columns);
      expect(printed.cuts).toBe(1);
      expect(printed.events[printed.events.length - 1]).toBe('cut');
      expect(printed.events[0]).toBe('init');
    });
  }

  it('prints the sale with Chinese in GB18030 and the order no as a QR code', () => {
    const printed = readEscPos(
      encodeEscPos(receiptDocument(saleReceipt, { language: 'both', widthMm: 58 }), cases[0]!.opts),
    );
    const text = printed.lines.map((l) => l.text);
    expect(text).toContain('Terminal 终端             POS001');
    expect(text).toContain('Date 日期   25/11/2025, 14:04:05');
    expect(text).toContain('Rate 汇率     1 AUD = 4.7123 CNY');
    expect(text).toContain('bc112874260946a2af2b7107825e6ce2');
    expect(text.some((t) => t.trim() === 'A$12.50')).toBe(true);
    expect(printed.lines.find((l) => l.text.trim() === 'A$12.50')).toMatchObject({ bold: true, size: 2 });
    expect(printed.qr).toEqual([ORDER_NO]);
    expect(printed.chineseRuns).toBeGreaterThan(5);
    expect(printed.pulses).toEqual([]);
  });

  it('kicks the drawer once, before anything prints, only when asked', () => {
    const doc = receiptDocument(saleReceipt, { language: 'en', widthMm: 80 });
    const kicked = readEscPos(encodeEscPos(doc, { widthMm: 80, cjk: 'gb18030', drawerKick: true }));
    expect(kicked.pulses).toEqual([{ pin: 0, onMs: 100, offMs: 500 }]);
    expect(kicked.events.slice(0, 3)).toEqual(['init', 'pulse', 'text']);
    const quiet = readEscPos(encodeEscPos(doc, { widthMm: 80, cjk: 'gb18030' }));
    expect(quiet.pulses).toEqual([]);
  });

  it('never lets printer commands hidden in data through (a drawer kick or cut in a merchant name)', () => {
    const evil = {
      ...saleReceipt,
      merchantName: 'Evil\x1bp\x00\x19\xfaShop\x1dV\x00\x1c&\u202eX',
      outOrderNo: 'A\x0aB\x1b@C',
    };
    const bytes = encodeEscPos(receiptDocument(evil, { language: 'both', widthMm: 80 }), {
      widthMm: 80,
      cjk: 'gb18030',
    });
    const printed = readEscPos(bytes);
    expect(printed.pulses).toEqual([]);
    expect(printed.cuts).toBe(1);
    expect(printed.events.filter((e) => e === 'init')).toHaveLength(1);
    // The ESC became a space: "p" prints as a letter instead of opening the drawer.
    expect(printed.lines.some((l) => l.text.trim().startsWith('Evil p'))).toBe(true);
  });

  it('prints "?" for Chinese on a printer without a Chinese font, never Chinese-mode bytes', () => {
    const printed = readEscPos(
      encodeEscPos(receiptDocument(saleReceipt, { language: 'both', widthMm: 58 }), {
        widthMm: 58,
        cjk: 'none',
      }),
    );
    expect(printed.chineseRuns).toBe(0);
    expect(printed.lines.map((l) => l.text)).toContain(`Terminal ??${' '.repeat(15)}POS001`);
  });

  it('wraps long text by columns and breaks a word longer than the line', () => {
    const doc: ReceiptDocument = {
      title: 't',
      language: 'both',
      widthMm: 58,
      blocks: [
        {
          type: 'text',
          text: `${'x'.repeat(40)} 微信支付微信支付微信支付微信支付微信支付`,
          align: 'left',
          bold: false,
          size: 1,
        },
        { type: 'text', text: 'A$1,234,567.89', align: 'center', bold: true, size: 2 },
      ],
    };
    const printed = readEscPos(encodeEscPos(doc, { widthMm: 58, cjk: 'gb18030' }));
    expect(printed.lines.map((l) => [l.text, l.columns])).toEqual([
      ['x'.repeat(32), 32],
      // A wide character that would end at column 33 moves to the next line: 31 columns used.
      ['xxxxxxxx 微信支付微信支付微信支', 31],
      ['付微信支付微信支付', 18],
      [' A$1,234,567.89', 30],
    ]);
  });

  it('test page: the column ruler is exactly one line and the QR holds the test data', () => {
    const printed = readEscPos(
      encodeEscPos(testPrintDocument({ widthMm: 80 }), { widthMm: 80, cjk: 'gb18030' }),
    );
    expect(printed.lines.map((l) => l.text)).toContain('123456789012345678901234567890123456789012345678');
    expect(printed.qr).toEqual([TEST_QR_DATA]);
  });
});
