/**
 * The part of the Omipay client the engines use: a narrow surface that says what they depend on, and that
 * crash tests and benchmarks can wrap.
 */
import type { OmipayClient } from '../omipay';

export type PaymentGateway = Pick<
  OmipayClient,
  | 'makeScanOrder'
  | 'makeQROrder'
  | 'makeJSAPIOrder'
  | 'queryOrder'
  | 'refund'
  | 'queryRefund'
  | 'getExchangeRate'
>;
