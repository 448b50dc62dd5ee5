import type { Bilingual } from '../shared/bilingual';
import {
  cashierMessage,
  INVALID_BASE_URL,
  INVALID_REQUEST,
  TRANSPORT_NOT_SENT,
  TRANSPORT_UNKNOWN,
} from './messages';

/**
 * Every failure of the client. None carries the secret key or a signed URL: messages name the API and codes,
 * `cause` holds the socket error (whose message names host:port, never the path and query).
 */
export abstract class OmipayError extends Error {
  /** A gateway error_code or one of the TRANSPORT_* / INVALID_* codes; feed it to cashierMessage. */
  abstract readonly code: string;

  protected constructor(
    message: string,
    readonly api: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** What to tell the cashier, in both languages. */
  get cashier(): Bilingual {
    return cashierMessage(this.code);
  }
}

/** The gateway answered return_code FAIL. */
export class GatewayError extends OmipayError {
  override readonly name = 'GatewayError';

  constructor(
    api: string,
    /** The error_code, upper-cased (and the document's SIGN_TIMEOUOT typo read as SIGN_TIMEOUT). */
    readonly code: string,
    /** The gateway's error_msg, possibly Chinese whatever the language: detail for logs, not for the cashier. */
    readonly detail: string,
    /** Sent with USERPAYING so the pending order can be watched. */
    readonly orderNo: string | null,
  ) {
    super(`Omipay ${api} failed: ${code}${detail ? ` (${detail})` : ''}`, api);
  }
}

export type TransportOutcome = 'not_sent' | 'unknown';

export type TransportFailure =
  /** The base URL is unusable (not HTTPS and not loopback, malformed): nothing was sent. */
  | 'invalid_base_url'
  /** DNS lookup failed: nothing was sent. */
  | 'dns'
  /** The connection (or TLS handshake) failed: nothing was sent. */
  | 'connect'
  /** The caller's AbortSignal fired. */
  | 'aborted'
  /** The per-call timeout fired. */
  | 'timeout'
  /** The connection broke after the request went out (reset, hang up). */
  | 'connection_lost'
  /** A non-2xx HTTP status. */
  | 'http_status'
  /** The body was not JSON, too large, or did not match the expected shape. */
  | 'bad_response';

export class TransportError extends OmipayError {
  override readonly name = 'TransportError';
  readonly code: string;

  constructor(
    api: string,
    /** not_sent: the gateway cannot have acted, safe to retry. unknown: it may have acted; query before retrying. */
    readonly outcome: TransportOutcome,
    readonly failure: TransportFailure,
    detail: string,
    options?: {
      cause?: unknown;
      /** The OS / Node error code when there was one (ECONNREFUSED, ECONNRESET, ENOTFOUND …). */
      systemCode?: string | null;
      httpStatus?: number | null;
    },
  ) {
    super(
      `Omipay ${api}: ${outcome === 'not_sent' ? 'not sent' : 'outcome unknown'} (${failure}: ${detail})`,
      api,
      {
        cause: options?.cause,
      },
    );
    this.code =
      failure === 'invalid_base_url'
        ? INVALID_BASE_URL
        : outcome === 'not_sent'
          ? TRANSPORT_NOT_SENT
          : TRANSPORT_UNKNOWN;
    this.systemCode = options?.systemCode ?? null;
    this.httpStatus = options?.httpStatus ?? null;
  }

  readonly systemCode: string | null;
  readonly httpStatus: number | null;
}

/** The call's own arguments are unusable (amount not a positive integer of cents, empty order number …): nothing was sent. */
export class InvalidRequestError extends OmipayError {
  override readonly name = 'InvalidRequestError';
  readonly code = INVALID_REQUEST;

  constructor(
    api: string,
    readonly field: string,
    reason: string,
  ) {
    super(`Omipay ${api}: invalid ${field} (${reason})`, api);
  }
}
