/**
 * What public Omipay client libraries, written against the real gateway, send: written from what they were seen to
 * send (softbread/omipay-php-sdk and tomato-technologies/tomato-omipay in PHP, liangjw/omipay-java-api in Java),
 * not copied from them. The sandbox must keep accepting every shape here.
 */
import { randomBytes } from 'node:crypto';
import { NOTIFICATION_TABLE_KEYS } from './sandbox-conformance-client';

/** A client's nonce style; each is inside the document's 10–32 of [A-Za-z0-9]. */
export interface NonceStyle {
  name: string;
  make: () => string;
  pattern: RegExp;
}

const MIXED = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export const NONCE_STYLES: readonly NonceStyle[] = [
  {
    name: '30-character lowercase hex',
    make: () => randomBytes(15).toString('hex'),
    pattern: /^[0-9a-f]{30}$/,
  },
  {
    name: '10-character mixed case',
    make: () => Array.from(randomBytes(10), (b) => MIXED[b % MIXED.length]).join(''),
    pattern: /^[A-Za-z0-9]{10}$/,
  },
];

/** Parameters no API of the document defines, which the libraries send anyway and the gateway ignores. */
export const EXTRA_ON_EVERY_API = { platform: 'WECHATPAY' } as const;
/** A channel number some integrations carry on every order call. */
export const CHANNEL_NUMBER = { o_number: '000123' } as const;
/** Java's text for an unset String: the library writes a missing notify_url this way. */
export const UNSET_NOTIFY_URL = { notify_url: 'null' } as const;

/** Per API, the business parameters a library sends, beyond the document's own set. */
export function orderShapes(out: () => string): Record<string, Record<string, string>> {
  return {
    MakeQROrder: {
      order_name: 'Client shape QR',
      currency: 'AUD',
      amount: '120',
      out_order_no: out(),
      platform: 'ALIPAY',
      // A QR order has no redirect of its own; libraries send their return URL anyway.
      redirect_url: 'https://shop.example/return',
      notify_url: 'https://shop.example/notify',
      ...CHANNEL_NUMBER,
    },
    MakeJSAPIOrder: {
      order_name: 'Client shape JSAPI',
      currency: 'AUD',
      amount: '130',
      out_order_no: out(),
      redirect_url: 'https://shop.example/return',
      platform: 'WECHATPAY',
      direct_pay: '1',
      show_pc_pay_url: '0',
      ...CHANNEL_NUMBER,
      ...UNSET_NOTIFY_URL,
    },
    MakeScanOrder: {
      order_name: 'Client shape scan',
      currency: 'AUD',
      amount: '140',
      qrcode: '130000000000000000',
      pos_no: 'POS-1',
      out_order_no: out(),
      ...EXTRA_ON_EVERY_API,
      ...CHANNEL_NUMBER,
      ...UNSET_NOTIFY_URL,
    },
  };
}

/** The signing keys a library appends to the gateway's already signed pay_url (each then appears twice). */
export const APPENDED_PAY_URL_KEYS = ['m_number', 'timestamp', 'nonce_str', 'sign'] as const;

/**
 * What liangjw's notification class reads: the 2.6 table with return_code added, total_amount for amount, an
 * integer exchange_rate and no pay_currency.
 */
export const FIELD_NOTIFICATION_KEYS: readonly string[] = [
  'return_code',
  ...NOTIFICATION_TABLE_KEYS.filter((k) => k !== 'pay_currency').map((k) =>
    k === 'amount' ? 'total_amount' : k,
  ),
];
