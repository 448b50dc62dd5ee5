/** Pieces of the views the screens get (preload/api.ts), shared by the unit tests that build them by hand. */

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
