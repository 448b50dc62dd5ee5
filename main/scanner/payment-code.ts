import { bilingual, type Bilingual } from '../shared/bilingual';

/**
 * What a scanned string is, from the cashier's point of view. Pure and browser-safe: the renderer may use
 * it to show the platform before payment, main uses it as the single gate before a code reaches Omipay.
 *
 * Customer payment codes (付款码), per the field notes:
 * - WeChat Pay: exactly 18 digits, first two digits 10–15.
 * - Alipay: 16–24 digits, first two digits 25–30.
 */
export type PaymentPlatform = 'WECHATPAY' | 'ALIPAY';

export type RejectedCodeKind =
  | 'empty'
  | 'product_barcode'
  | 'receive_qr'
  | 'url'
  | 'receipt_order_no'
  | 'too_short'
  | 'too_long'
  | 'not_payment_code'
  | 'unreadable'
  | 'unknown';

export interface RecognisedPaymentCode {
  ok: true;
  platform: PaymentPlatform;
  code: string;
}

export interface RejectedCode {
  ok: false;
  kind: RejectedCodeKind;
  message: Bilingual;
  /**
   * When kind is 'receipt_order_no' (a manager scanning a receipt to refund): the reference as printed, an Omipay
   * order number or our own out_order_no; `reference` says which.
   */
  orderNo?: string;
  reference?: 'omipay_order_no' | 'out_order_no';
  /** 'EAN-13' | 'EAN-8' | 'UPC-A' when kind is 'product_barcode'. */
  symbology?: ProductSymbology;
}

export type PaymentCodeResult = RecognisedPaymentCode | RejectedCode;

export type ProductSymbology = 'EAN-13' | 'EAN-8' | 'UPC-A';

export const PLATFORM_LABEL: Record<PaymentPlatform, Bilingual> = {
  WECHATPAY: bilingual('WeChat Pay', '微信支付'),
  ALIPAY: bilingual('Alipay', '支付宝'),
};

const ASK_FOR_PAYMENT_CODE = bilingual(
  'ask the customer to open the payment code in WeChat (Me › Pay) or Alipay (Pay/Receive) and scan it again.',
  '请顾客打开微信（我 › 服务 › 收付款）或支付宝（收付款）的付款码后重新扫描。',
);

function reject(
  kind: RejectedCodeKind,
  en: string,
  zh: string,
  extra: Partial<RejectedCode> = {},
): RejectedCode {
  return {
    ok: false,
    kind,
    message: bilingual(`${en} — ${ASK_FOR_PAYMENT_CODE.en}`, `${zh}——${ASK_FOR_PAYMENT_CODE.zh}`),
    ...extra,
  };
}

/** Whitespace and C0/C1 control characters a scanner or keyboard wedge may leave at either end. */
// eslint-disable-next-line no-control-regex
const EDGE_JUNK = /^[\s\u0000-\u001f\u007f-\u009f]+|[\s\u0000-\u001f\u007f-\u009f]+$/g;
// eslint-disable-next-line no-control-regex
const NON_PRINTABLE = /[\u0000-\u001f\u007f-\u009f\ufffd]/;
const DIGITS = /^\d+$/;
/**
 * Omipay order numbers as receipts print them: v2 `TR1812060010011263009795` (2 letters + yyMMdd + merchant + seq,
 * 24 characters, seen in the field), v1 `WE1709157514475751` (2 letters + 16 digits), and the document's 32 hex.
 */
const OMIPAY_ORDER_NO = /^(?:[A-Z]{2}\d{16,22}|[0-9a-f]{32})$/;
/**
 * Our own out_order_no (journal nextOutOrderNo): pos_no (1–16 of A-Z a-z 0-9 _ -) + yyMMdd + a 4-character
 * base-36 install id + a 5-digit sequence. Digit-only strings never get here: they are read as payment codes.
 */
const OUT_ORDER_NO = /^[A-Za-z0-9_-]{1,16}\d{6}[0-9A-Z]{4}\d{5}$/;
const MAX_OUT_ORDER_NO = 32;
const URL_LIKE = /^(?:[a-z][a-z0-9+.-]*:\/\/|www\.)/i;
/** Merchant "receive money" QR codes: a customer showing these has opened the wrong screen. */
const RECEIVE_QR = /^(?:wxp:\/\/|https?:\/\/(?:qr\.alipay\.com|payapp\.weixin\.qq\.com|wx\.tenpay\.com)\/)/i;

export function recognisePaymentCode(raw: string): PaymentCodeResult {
  const code = raw.replace(EDGE_JUNK, '');
  if (code.length === 0) {
    return reject('empty', 'Nothing was read', '没有读到内容');
  }
  if (NON_PRINTABLE.test(code)) {
    return reject('unreadable', 'The scanner sent unreadable data', '扫描枪发送了无法识别的数据');
  }
  if (DIGITS.test(code)) return recogniseDigits(code);
  const reference = receiptReference(code);
  if (reference) {
    return {
      ok: false,
      kind: 'receipt_order_no',
      orderNo: code,
      reference,
      message: bilingual(
        'This is an order number from a receipt, not a payment code. To refund it, open Refunds; to take a payment, ask the customer for the payment code in WeChat or Alipay.',
        '这是收据上的订单号，不是付款码。如需退款请进入“退款”；如需收款，请顾客出示微信或支付宝付款码。',
      ),
    };
  }
  if (RECEIVE_QR.test(code)) {
    return reject(
      'receive_qr',
      'This is a "receive money" QR code, not a payment code',
      '这是“收款码”，不是付款码',
    );
  }
  if (URL_LIKE.test(code)) {
    return reject(
      'url',
      'This is a web link (QR code), not a payment code',
      '这是一个网址二维码，不是付款码',
    );
  }
  return reject('unknown', 'This is not a WeChat Pay or Alipay payment code', '这不是微信或支付宝付款码');
}

function receiptReference(code: string): RejectedCode['reference'] | null {
  if (OMIPAY_ORDER_NO.test(code)) return 'omipay_order_no';
  if (code.length <= MAX_OUT_ORDER_NO && OUT_ORDER_NO.test(code)) return 'out_order_no';
  return null;
}

function recogniseDigits(code: string): PaymentCodeResult {
  const prefix = Number(code.slice(0, 2));
  if (code.length === 18 && prefix >= 10 && prefix <= 15) {
    return { ok: true, platform: 'WECHATPAY', code };
  }
  if (code.length >= 16 && code.length <= 24 && prefix >= 25 && prefix <= 30) {
    return { ok: true, platform: 'ALIPAY', code };
  }
  const symbology = productSymbology(code);
  if (symbology) {
    return reject(
      'product_barcode',
      `This is a product barcode (${symbology})`,
      `这是商品条形码（${symbology}）`,
      { symbology },
    );
  }
  if (code.length < 16) {
    return reject('too_short', 'The number is too short to be a payment code', '号码太短，不是付款码');
  }
  if (code.length > 24) {
    return reject('too_long', 'The number is too long to be a payment code', '号码太长，不是付款码');
  }
  return reject(
    'not_payment_code',
    'This number is not a WeChat Pay or Alipay payment code',
    '这个号码不是微信或支付宝付款码',
  );
}

const PRODUCT_LENGTHS: Record<number, ProductSymbology> = { 8: 'EAN-8', 12: 'UPC-A', 13: 'EAN-13' };

/** EAN-8, UPC-A and EAN-13 share the GS1 mod-10 check digit (weights 3,1 from the right). */
export function productSymbology(digits: string): ProductSymbology | null {
  const symbology = PRODUCT_LENGTHS[digits.length];
  if (!symbology || !DIGITS.test(digits)) return null;
  return gs1CheckDigitValid(digits) ? symbology : null;
}

export function gs1CheckDigitValid(digits: string): boolean {
  let sum = 0;
  const body = digits.slice(0, -1);
  for (let i = 0; i < body.length; i++) {
    const d = body.charCodeAt(body.length - 1 - i) - 48;
    sum += i % 2 === 0 ? d * 3 : d;
  }
  return (10 - (sum % 10)) % 10 === digits.charCodeAt(digits.length - 1) - 48;
}

/** For logs: a payment code is a bearer credential for about a minute, so never log it whole. */
export function maskCode(code: string): string {
  if (code.length <= 6) return '*'.repeat(code.length);
  return `${code.slice(0, 2)}${'*'.repeat(code.length - 6)}${code.slice(-4)}`;
}
