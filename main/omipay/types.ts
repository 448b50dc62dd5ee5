/** Public result types of the Omipay client: times are UTC epoch ms (or null), money is integer cents. */

export type Platform = 'WECHATPAY' | 'ALIPAY';
export const PLATFORMS: readonly Platform[] = ['WECHATPAY', 'ALIPAY'];

export interface OmipayCredentials {
  mNumber: string;
  secretKey: string;
}

/**
 * An exact decimal: value = scaled / 10^scale. `text` is the shortest decimal form (no trailing zeros),
 * e.g. 5.01540000 → { scaled: 501540000n, scale: 8, text: '5.0154' }.
 */
export interface ExactRate {
  scaled: bigint;
  scale: number;
  text: string;
}

export interface ExchangeRate {
  rate: ExactRate;
  platform: Platform | null;
}

export interface QrOrderResult {
  orderNo: string;
  qrcode: string;
  payUrl: string | null;
}

export interface JsapiOrderResult {
  orderNo: string;
  payUrl: string;
}

export interface ScanOrderResult {
  orderNo: string;
  outOrderNo: string | null;
  orderTime: number | null;
}

/** PAYED (the document's example and v1 clients) is normalised to PAID. */
export type OrderStatus = 'READY' | 'PAYING' | 'PAID' | 'CLOSED' | 'CANCELLED' | 'FAILED';
export const ORDER_STATUSES: readonly OrderStatus[] = [
  'READY',
  'PAYING',
  'PAID',
  'CLOSED',
  'CANCELLED',
  'FAILED',
];

export interface OrderStatusResult {
  status: OrderStatus;
  outOrderNo: string | null;
  currency: string | null;
  amount: number | null;
  orderTime: number | null;
  payTime: number | null;
  exchangeRate: ExactRate | null;
  payCurrency: string | null;
  cnyAmount: number | null;
}

/** The document's CamelCase refund statuses, upper-cased. */
export type RefundStatus =
  | 'APPLIED'
  | 'MERCHANTCONFIRMED'
  | 'ORGANIZATIONCONFIRMED'
  | 'ORGANIZATIONPAYBACK'
  | 'CLOSED'
  | 'MERCHANTREJECTED'
  | 'TIMEOUTCLOSED'
  | 'ORGANIZATIONFAILED'
  | 'CUSTOMERCANCELLED';

export const REFUND_STATUSES: readonly RefundStatus[] = [
  'APPLIED',
  'MERCHANTCONFIRMED',
  'ORGANIZATIONCONFIRMED',
  'ORGANIZATIONPAYBACK',
  'CLOSED',
  'MERCHANTREJECTED',
  'TIMEOUTCLOSED',
  'ORGANIZATIONFAILED',
  'CUSTOMERCANCELLED',
];

/** Statuses after which a refund never changes again. Only CLOSED means the money went back. */
export const FINAL_REFUND_STATUSES: ReadonlySet<RefundStatus> = new Set<RefundStatus>([
  'CLOSED',
  'MERCHANTREJECTED',
  'TIMEOUTCLOSED',
  'ORGANIZATIONFAILED',
  'CUSTOMERCANCELLED',
]);

export interface RefundResult {
  refundNo: string;
  currency: string | null;
  amount: number | null;
  refundTime: number | null;
}

export interface RefundStatusResult {
  status: RefundStatus;
  outRefundNo: string | null;
  currency: string | null;
  amount: number | null;
  refundTime: number | null;
  successTime: number | null;
}

/** Section 2.6, after the signature, timestamp and nonce have been checked. */
export interface PaymentNotification {
  orderNo: string;
  outOrderNo: string;
  currency: string;
  amount: number;
  orderTime: number | null;
  payTime: number | null;
  exchangeRate: ExactRate | null;
  payCurrency: string | null;
  cnyAmount: number | null;
  nonce: string;
  timestamp: number;
  /** SUCCESS for a paid order; anything else (or its absence in older senders) is recorded, never settled on. */
  returnCode: string | null;
}
