import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../../main/sandbox';
import {
  gs1CheckDigitValid,
  maskCode,
  productSymbology,
  recognisePaymentCode,
  type PaymentCodeResult,
} from '../../../main/scanner/payment-code';
import { tempJournal } from '../journal/fixtures';

type Expected =
  | { ok: true; platform: 'WECHATPAY' | 'ALIPAY'; code: string }
  | { ok: false; kind: string; en?: RegExp; zh?: RegExp };

const wechat = (code: string): Expected => ({ ok: true, platform: 'WECHATPAY', code });
const alipay = (code: string): Expected => ({ ok: true, platform: 'ALIPAY', code });
/** Refused as `kind`, the cashier's words matching `words` where given. */
const refused = (kind: string, words: { en?: RegExp; zh?: RegExp } = {}): Expected => ({
  ok: false,
  kind,
  ...words,
});

const table: Array<[string, string, Expected]> = [
  ['WeChat Pay, 18 digits starting 13', '134567890123456789', wechat('134567890123456789')],
  ['WeChat Pay, lowest prefix 10', '100000000000000000', wechat('100000000000000000')],
  ['WeChat Pay, highest prefix 15', '159999999999999999', wechat('159999999999999999')],
  ['WeChat Pay with CRLF and spaces around', '  134567890123456789\r\n', wechat('134567890123456789')],
  ['WeChat Pay wrapped in STX/ETX', '\u0002134567890123456789\u0003', wechat('134567890123456789')],
  ['Alipay, 16 digits (shortest)', '2812345678901234', alipay('2812345678901234')],
  ['Alipay, 18 digits', '281234567890123456', alipay('281234567890123456')],
  ['Alipay, 24 digits (longest), prefix 25', '250000000000000000000000', alipay('250000000000000000000000')],
  ['Alipay, prefix 30', '30123456789012345678', alipay('30123456789012345678')],
  [
    '18 digits with prefix 09',
    '094567890123456789',
    refused('not_payment_code', { en: /not a WeChat Pay or Alipay/ }),
  ],
  ['18 digits with prefix 16', '164567890123456789', refused('not_payment_code')],
  ['17 digits with a WeChat prefix', '13456789012345678', refused('not_payment_code')],
  ['19 digits with a WeChat prefix', '1345678901234567890', refused('not_payment_code')],
  ['18 digits with prefix 24', '241234567890123456', refused('not_payment_code')],
  ['18 digits with prefix 31', '311234567890123456', refused('not_payment_code')],
  ['Alipay prefix but 15 digits', '281234567890123', refused('too_short', { en: /too short/, zh: /太短/ })],
  ['Alipay prefix but 25 digits', '2500000000000000000000000', refused('too_long', { en: /too long/ })],
  [
    'EAN-13 product barcode',
    '4006381333931',
    {
      ok: false,
      kind: 'product_barcode',
      en: /^This is a product barcode \(EAN-13\) — ask the customer to open the payment code in WeChat/,
      zh: /商品条形码/,
    },
  ],
  ['EAN-13 with AIM-less whitespace', ' 9787111213826\n', refused('product_barcode')],
  ['EAN-8 product barcode', '96385074', refused('product_barcode', { en: /EAN-8/ })],
  ['UPC-A product barcode', '036000291452', refused('product_barcode', { en: /UPC-A/ })],
  ['13 digits with a wrong check digit', '4006381333932', refused('too_short')],
  ['a web link', 'https://example.com/menu?table=4', refused('url', { en: /web link/, zh: /网址/ })],
  ['a www link', 'www.omipay.com.au', refused('url')],
  [
    'a WeChat receive-money QR',
    'wxp://f2f0aBcDeFgHiJkLmNoP',
    refused('receive_qr', { en: /receive money/, zh: /收款码/ }),
  ],
  ['an Alipay receive-money QR', 'https://qr.alipay.com/fkx12345abcde', refused('receive_qr')],
  ['an Alipay receive-money QR in capitals', 'HTTPS://QR.ALIPAY.COM/FKX12345ABCDE', refused('receive_qr')],
  [
    'an Omipay order number from a receipt',
    'bc112874260946a2af2b7107825e6ce2',
    refused('receipt_order_no', { en: /order number.*Refunds/, zh: /订单号/ }),
  ],
  [
    'a real v2 Omipay order number (24 characters, TR…)',
    'TR1812060010011263009795',
    refused('receipt_order_no', { en: /order number.*Refunds/, zh: /订单号/ }),
  ],
  ['a v1 Omipay order number (WE…)', 'WE1709157514475751', refused('receipt_order_no')],
  ['our own out_order_no', 'POS01240315K7Q200001', refused('receipt_order_no')],
  ['a TR number one digit short', 'TR181206001001126300979', refused('receipt_order_no')],
  ['TR with letters after it', 'TR18120600100112630097X5', refused('unknown')],
  ['a TR number with 14 digits', 'TR18120600100112', refused('unknown')],
  [
    '32 hex digits in capitals are not an order number',
    'BC112874260946A2AF2B7107825E6CE2',
    refused('unknown'),
  ],
  ['31 hex digits', 'bc112874260946a2af2b7107825e6ce', refused('unknown')],
  ['nothing', '', refused('empty', { en: /Nothing was read/ })],
  ['only line endings', '  \r\n\t', refused('empty')],
  ['a NUL inside', '1234\u00005678901234567890', refused('unreadable', { zh: /无法识别/ })],
  ['a replacement character inside', '1345\ufffd67890123456789', refused('unreadable')],
  ['letters', 'hello', refused('unknown')],
  ['full-width digits are not digits', '１３４５６７８９０１２３４５６７８９', refused('unknown')],
  ['digits with a space inside', '1345 67890123456789', refused('unknown')],
];

describe('recognisePaymentCode', () => {
  it.each(table)('%s', (_name, input, expected) => {
    const result: PaymentCodeResult = recognisePaymentCode(input);
    if (expected.ok) {
      expect(result).toEqual(expected);
      return;
    }
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.kind).toBe(expected.kind);
    expect(result.message.en.length).toBeGreaterThan(10);
    expect(result.message.zh).toMatch(/[\u4e00-\u9fff]/);
    if (expected.en) expect(result.message.en).toMatch(expected.en);
    if (expected.zh) expect(result.message.zh).toMatch(expected.zh);
  });

  it('tells the cashier what to do on every rejection except a receipt scan', () => {
    for (const [, input, expected] of table) {
      const result = recognisePaymentCode(input);
      if (result.ok || expected.ok || result.kind === 'receipt_order_no') continue;
      expect(result.message.en).toContain('ask the customer to open the payment code in WeChat');
      expect(result.message.zh).toContain('付款码');
    }
  });

  it('returns the order number of a receipt and the symbology of a product barcode', () => {
    const receipt = recognisePaymentCode('bc112874260946a2af2b7107825e6ce2');
    expect(receipt).toMatchObject({
      ok: false,
      orderNo: 'bc112874260946a2af2b7107825e6ce2',
      reference: 'omipay_order_no',
    });
    expect(recognisePaymentCode(' TR1812060010011263009795\r\n')).toMatchObject({
      orderNo: 'TR1812060010011263009795',
      reference: 'omipay_order_no',
    });
    expect(recognisePaymentCode('4006381333931')).toMatchObject({ symbology: 'EAN-13' });
  });
});

describe('GS1 check digits', () => {
  it.each([
    ['4006381333931', true],
    ['9787111213826', true],
    ['5901234123457', true],
    ['96385074', true],
    ['036000291452', true],
    ['036000291453', false],
    ['5901234123458', false],
  ])('%s → %s', (digits, valid) => {
    expect(gs1CheckDigitValid(digits)).toBe(valid);
  });

  it('recognises product symbologies only at their lengths', () => {
    expect(productSymbology('96385074')).toBe('EAN-8');
    expect(productSymbology('036000291452')).toBe('UPC-A');
    expect(productSymbology('4006381333931')).toBe('EAN-13');
    expect(productSymbology('00000000000000')).toBeNull();
  });
});

describe('maskCode', () => {
  it('keeps only enough of a code to recognise it in a log', () => {
    expect(maskCode('134567890123456789')).toBe('13************6789');
    expect(maskCode('12345')).toBe('*****');
  });
});

describe('receipt references from the real parts', () => {
  it("recognises the journal's own out_order_no and out_refund_no as references", () => {
    const t = tempJournal();
    try {
      for (const posNo of ['POS01', 'counter_2', 'A']) {
        const outOrderNo = t.journal.nextOutOrderNo(posNo, Date.now());
        expect(recognisePaymentCode(outOrderNo)).toMatchObject({
          ok: false,
          kind: 'receipt_order_no',
          orderNo: outOrderNo,
          reference: 'out_order_no',
        });
      }
    } finally {
      t.cleanup();
    }
  });

  it("recognises the sandbox's order numbers in both formats", async () => {
    const sb = await startSandbox();
    try {
      const tr = sb.control.seedOrder({ outOrderNo: 'REF-1', amount: 100 });
      sb.control.setSwitches({ orderNoFormat: 'hex32' });
      const hex = sb.control.seedOrder({ outOrderNo: 'REF-2', amount: 100 });
      for (const no of [tr.orderNo, hex.orderNo]) {
        expect(recognisePaymentCode(no)).toMatchObject({ kind: 'receipt_order_no', orderNo: no });
      }
      expect(tr.orderNo).toMatch(/^TR\d{22}$/);
    } finally {
      await sb.close();
    }
  });
});
