/** Pieces of the views the screens get (preload/api.ts), shared by the unit tests that build them by hand. */
import type { SaleView } from '../../preload/api';

/** The SaleView fields a sale that is neither waiting, failed, QR-shown nor paid in CNY has empty. */
export const QUIET_SALE_FIELDS = {
  waitDeadline: null,
  message: null,
  errorCode: null,
  qrcode: null,
  payUrl: null,
  cnyAmount: null,
  exchangeRateScaled: null,
} as const;

/** A report line's (or the totals') late-money counts on a day with no late payment and no late refund. */
export const NO_LATE_MONEY = {
  latePaymentsCount: 0,
  latePaymentsCents: 0,
  lateRefundsCount: 0,
  lateRefundsCents: 0,
} as const;

/** A report line (or the totals) of a platform, or a day, with nothing sold and nothing refunded. */
export const ZERO_REPORT_LINE = {
  salesCount: 0,
  salesCents: 0,
  refundsCount: 0,
  refundsCents: 0,
  netCents: 0,
  ...NO_LATE_MONEY,
} as const;

/** The settings view's gateway of a terminal on the embedded sandbox with the default timings. */
export const SANDBOX_GATEWAY_VIEW = {
  region: 'sandbox',
  baseUrl: null,
  mNumber: null,
  hasSecretKey: false,
  timeZone: 'Australia/Sydney',
  httpMethod: 'GET',
  callTimeoutMs: 20_000,
  maxWaitMs: 60_000,
} as const;

/** A scan sale of A$ 12.50 waiting for its code, nothing sent yet; `over` sets what a test needs. */
export function saleView(over: Partial<SaleView> = {}): SaleView {
  return {
    id: 'S1',
    kind: 'scan',
    amountCents: 1250,
    platform: null,
    phase: 'awaiting_code',
    attempts: 0,
    outOrderNo: null,
    orderNo: null,
    createdAt: 1_700_000_000_000,
    paidAt: null,
    ...QUIET_SALE_FIELDS,
    refundedCents: 0,
    ...over,
  };
}
