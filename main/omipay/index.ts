export * from './types';
export { OmipayClient, DEFAULT_TIMEOUT_MS } from './client';
export type { OmipayClientOptions, CallOptions, OmipayLogger } from './client';
export { OmipayError, GatewayError, TransportError, InvalidRequestError } from './errors';
export type { TransportOutcome, TransportFailure } from './errors';
export {
  cashierMessage,
  isDefiniteDecline,
  normaliseErrorCode,
  GATEWAY_ERROR_CODES,
  TRANSPORT_NOT_SENT,
  TRANSPORT_UNKNOWN,
  INVALID_BASE_URL,
  INVALID_REQUEST,
} from './messages';
export type { GatewayErrorCode } from './messages';
export { parseGatewayTime, zonedWallTimeToUtc, DEFAULT_GATEWAY_TIME_ZONE } from './gateway-time';
export { parseDecimalRate, rateFromScaledInteger, ratesEqual, exactRate } from './exact-rate';
export { OMIPAY_API_HOSTS, OMIPAY_BASE_URLS, checkBaseUrl, isLoopbackHost } from './base-url';
export type { OmipayRegion, BaseUrlCheck } from './base-url';
export { NotificationVerifier, NOTIFICATION_REPLY } from './notification';
export type {
  NotificationVerdict,
  NotificationRejection,
  NotificationVerifierOptions,
  NonceStore,
} from './notification';
export { omipaySign, makeNonce, signaturesEqual, NONCE_PATTERN } from './sign';
export { outcomeFromErrorCode } from './transport';
export { parseJsonKeepingNumbers } from './json-text';
export { isOmipayHost, payUrlHostAllowed } from './pay-url';
