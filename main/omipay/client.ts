import type { z } from 'zod';
import { checkBaseUrl, type BaseUrlCheck } from './base-url';
import { GatewayError, InvalidRequestError, OmipayError, TransportError } from './errors';
import { assertTimeZone, DEFAULT_GATEWAY_TIME_ZONE } from './gateway-time';
import { parseJsonKeepingNumbers, trimKeys } from './json-text';
import { normaliseErrorCode } from './messages';
import {
  describeIssues,
  envelopeSchema,
  makeResponseSchemas,
  type ApiName,
  type ResponseSchemas,
} from './responses';
import { payUrlHostAllowed, queryWithoutOwnKeys } from './pay-url';
import { makeNonce, omipaySign } from './sign';
import { HttpTransport } from './transport';
import {
  PLATFORMS,
  type ExchangeRate,
  type JsapiOrderResult,
  type OmipayCredentials,
  type OrderStatusResult,
  type Platform,
  type QrOrderResult,
  type RefundResult,
  type RefundStatusResult,
  type ScanOrderResult,
} from './types';

export interface OmipayLogger {
  debug(o: object, msg?: string): void;
  warn(o: object, msg?: string): void;
}

export interface OmipayClientOptions {
  /** OMIPAY_BASE_URLS.AU / .CN, or the sandbox URL. Must be https unless the host is loopback. */
  baseUrl: string;
  credentials: OmipayCredentials;
  /** Language of the gateway's error_msg; default 'EN'. */
  language?: 'EN' | 'CHS';
  /** Default 'GET'; 'POST' sends the same query with an empty body. */
  httpMethod?: 'GET' | 'POST';
  /** Per call, default 15000. */
  timeoutMs?: number;
  /** Injectable clock, UTC ms. */
  now?: () => number;
  /** IANA zone of the gateway's yyyyMMddHHmmss times; default 'Australia/Sydney'. */
  gatewayTimeZone?: string;
  /** pino-compatible. Receives api, out_order_no, duration and outcome: never the secret or a signed URL. */
  logger?: OmipayLogger;
  /** How long an idle keep-alive connection is kept; default 4000 ms. */
  idleSocketMs?: number;
  /** PEM of an extra CA to trust, e.g. a sandbox on the shop's LAN with its own certificate. */
  tlsCa?: string;
}

export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

export const DEFAULT_TIMEOUT_MS = 15_000;
const MAX_TIMER_MS = 2_147_483_647;
const API_PATH = '/omipay/api/v2/';
const USER_INFO_PATH = '/omipay/api/auth/GetUserInfo';

type Param = readonly [name: string, value: string | number | undefined];

interface LogContext {
  outOrderNo?: string;
  outRefundNo?: string;
}

function validTimeout(ms: unknown): ms is number {
  return typeof ms === 'number' && Number.isInteger(ms) && ms > 0 && ms <= MAX_TIMER_MS;
}

function requireText(api: string, field: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw new InvalidRequestError(api, field, 'must be non-empty text');
  return value;
}

function requireCents(api: string, field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw new InvalidRequestError(api, field, 'must be a positive whole number of cents');
  }
  return value;
}

function requireWebUrl(api: string, field: string, value: unknown): string {
  const text = requireText(api, field, value);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InvalidRequestError(api, field, 'must be an absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new InvalidRequestError(api, field, 'must be http(s)');
  return text;
}

function requirePlatform(api: string, value: unknown): Platform {
  const found = PLATFORMS.find((p) => p === value);
  if (!found) throw new InvalidRequestError(api, 'platform', 'must be WECHATPAY or ALIPAY');
  return found;
}

/** Every value is percent-encoded (%20 for space), which every server decodes the same way. */
function encodeParams(api: string, params: readonly Param[]): string {
  let out = '';
  for (const [name, value] of params) {
    if (value === undefined) continue;
    try {
      out += `&${name}=${encodeURIComponent(value)}`;
    } catch {
      // encodeURIComponent throws on lone UTF-16 surrogates.
      throw new InvalidRequestError(api, name, 'is not valid Unicode text');
    }
  }
  return out;
}

/**
 * The Omipay Web API v2 client: one method per API, each returning a normalised result or rejecting with
 * GatewayError (the gateway said FAIL), TransportError (not_sent or unknown) or InvalidRequestError.
 */
export class OmipayClient {
  private readonly credentials: OmipayCredentials;
  private readonly language: 'EN' | 'CHS';
  private readonly method: 'GET' | 'POST';
  private readonly timeoutMs: number;
  private readonly now: () => number;
  private readonly logger: OmipayLogger | undefined;
  private readonly schemas: ResponseSchemas;
  private readonly base: BaseUrlCheck;
  private readonly basePath: string;
  private readonly transport: HttpTransport | null;

  constructor(options: OmipayClientOptions) {
    this.credentials = { mNumber: options.credentials.mNumber, secretKey: options.credentials.secretKey };
    this.language = options.language ?? 'EN';
    this.method = options.httpMethod ?? 'GET';
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!validTimeout(this.timeoutMs))
      throw new RangeError('timeoutMs must be a positive integer of milliseconds');
    this.now = options.now ?? Date.now;
    this.logger = options.logger;
    const zone = options.gatewayTimeZone ?? DEFAULT_GATEWAY_TIME_ZONE;
    assertTimeZone(zone);
    this.schemas = makeResponseSchemas(zone);
    // An unusable base URL does not throw here: every call then fails as not_sent with INVALID_BASE_URL, which
    // the till can show ("ask the manager to check the settings") instead of failing to start.
    this.base = checkBaseUrl(options.baseUrl);
    this.basePath = this.base.ok ? this.base.url.pathname.replace(/\/+$/, '') : '';
    this.transport = this.base.ok
      ? new HttpTransport(this.base.url, { idleSocketMs: options.idleSocketMs, tlsCa: options.tlsCa })
      : null;
  }

  getExchangeRate(
    p: { platform?: Platform; currency?: string; baseCurrency?: string } = {},
    o?: CallOptions,
  ): Promise<ExchangeRate> {
    const api = 'GetExchangeRate';
    return this.call(api, o, {}, this.schemas.GetExchangeRate, () => [
      ['currency', p.currency ?? 'AUD'],
      ['base_currency', p.baseCurrency ?? 'CNY'],
      ['platform', p.platform === undefined ? undefined : requirePlatform(api, p.platform)],
    ]);
  }

  makeQROrder(
    p: { orderName: string; amount: number; outOrderNo: string; platform: Platform; notifyUrl?: string },
    o?: CallOptions,
  ): Promise<QrOrderResult> {
    const api = 'MakeQROrder';
    return this.call(api, o, { outOrderNo: p.outOrderNo }, this.schemas.MakeQROrder, () => [
      ['order_name', requireText(api, 'orderName', p.orderName)],
      ['currency', 'AUD'],
      ['amount', requireCents(api, 'amount', p.amount)],
      ['notify_url', p.notifyUrl === undefined ? undefined : requireWebUrl(api, 'notifyUrl', p.notifyUrl)],
      ['out_order_no', requireText(api, 'outOrderNo', p.outOrderNo)],
      ['platform', requirePlatform(api, p.platform)],
    ]);
  }

  makeJSAPIOrder(
    p: { orderName: string; amount: number; outOrderNo: string; redirectUrl: string; notifyUrl?: string },
    o?: CallOptions,
  ): Promise<JsapiOrderResult> {
    const api = 'MakeJSAPIOrder';
    return this.call(api, o, { outOrderNo: p.outOrderNo }, this.schemas.MakeJSAPIOrder, () => [
      ['order_name', requireText(api, 'orderName', p.orderName)],
      ['currency', 'AUD'],
      ['amount', requireCents(api, 'amount', p.amount)],
      ['notify_url', p.notifyUrl === undefined ? undefined : requireWebUrl(api, 'notifyUrl', p.notifyUrl)],
      ['redirect_url', requireWebUrl(api, 'redirectUrl', p.redirectUrl)],
      ['out_order_no', requireText(api, 'outOrderNo', p.outOrderNo)],
    ]);
  }

  makeScanOrder(
    p: {
      orderName: string;
      amount: number;
      qrcode: string;
      posNo: string;
      outOrderNo: string;
      notifyUrl?: string;
    },
    o?: CallOptions,
  ): Promise<ScanOrderResult> {
    const api = 'MakeScanOrder';
    return this.call(api, o, { outOrderNo: p.outOrderNo }, this.schemas.MakeScanOrder, () => [
      ['order_name', requireText(api, 'orderName', p.orderName)],
      ['currency', 'AUD'],
      ['amount', requireCents(api, 'amount', p.amount)],
      ['notify_url', p.notifyUrl === undefined ? undefined : requireWebUrl(api, 'notifyUrl', p.notifyUrl)],
      ['qrcode', requireText(api, 'qrcode', p.qrcode)],
      ['pos_no', requireText(api, 'posNo', p.posNo)],
      ['out_order_no', requireText(api, 'outOrderNo', p.outOrderNo)],
    ]);
  }

  queryOrder(p: { orderNo: string }, o?: CallOptions): Promise<OrderStatusResult> {
    const api = 'QueryOrder';
    return this.call(api, o, {}, this.schemas.QueryOrder, () => [
      ['order_no', requireText(api, 'orderNo', p.orderNo)],
    ]);
  }

  refund(
    p: { orderNo: string; outRefundNo: string; amount: number },
    o?: CallOptions,
  ): Promise<RefundResult> {
    const api = 'Refund';
    return this.call(api, o, { outRefundNo: p.outRefundNo }, this.schemas.Refund, () => [
      ['order_no', requireText(api, 'orderNo', p.orderNo)],
      ['out_refund_no', requireText(api, 'outRefundNo', p.outRefundNo)],
      ['amount', requireCents(api, 'amount', p.amount)],
    ]);
  }

  queryRefund(p: { refundNo: string }, o?: CallOptions): Promise<RefundStatusResult> {
    const api = 'QueryRefund';
    return this.call(api, o, {}, this.schemas.QueryRefund, () => [
      ['refund_no', requireText(api, 'refundNo', p.refundNo)],
    ]);
  }

  /**
   * The gateway's pay_url with one fresh signature and redirect_url (sections 2.2, 2.3): any m_number, timestamp,
   * nonce_str/noncestring, sign or redirect_url already in it are replaced, not duplicated (see pay-url.ts). A
   * signed URL authorises any API call for five minutes, so it is only attached to the gateway's own origin or an
   * https host under omipay.com.au / omipay.com.cn, and callers must not log it.
   */
  payUrl(payUrl: string, redirectUrl: string): string {
    const api = 'PayUrl';
    const base = this.requireBase(api);
    let target: URL;
    try {
      target = new URL(payUrl, base);
    } catch {
      throw new InvalidRequestError(api, 'payUrl', 'is not a URL');
    }
    if (!payUrlHostAllowed(target, base))
      throw new InvalidRequestError(api, 'payUrl', 'is not on the gateway or an Omipay host');
    const signed =
      this.signedQuery(api) +
      encodeParams(api, [['redirect_url', requireWebUrl(api, 'redirectUrl', redirectUrl)]]);
    const kept = queryWithoutOwnKeys(target.search.slice(1));
    return `${target.origin}${target.pathname}?${kept === '' ? '' : `${kept}&`}${signed}${target.hash}`;
  }

  /** Signed WeChat login URL (section 2.9) for a browser redirect; it is a credential, do not log it. */
  userInfoUrl(redirectUri: string): string {
    const api = 'GetUserInfo';
    const base = this.requireBase(api);
    const query =
      this.signedQuery(api) +
      encodeParams(api, [['redirect_uri', requireWebUrl(api, 'redirectUri', redirectUri)]]);
    return `${base.origin}${this.basePath}${USER_INFO_PATH}?${query}`;
  }

  /** Closes idle keep-alive connections (tests, shutdown). The client stays usable. */
  close(): void {
    this.transport?.close();
  }

  private requireBase(api: string): URL {
    if (!this.base.ok) throw this.baseError(api);
    return this.base.url;
  }

  private baseError(api: string): TransportError {
    const reason = this.base.ok ? 'no transport' : this.base.reason;
    return new TransportError(api, 'not_sent', 'invalid_base_url', reason);
  }

  /** m_number, timestamp, nonce_str and sign: the only signed values (business parameters are not signed). */
  private signedQuery(api: string): string {
    const { mNumber, secretKey } = this.credentials;
    const timestamp = Math.floor(this.now());
    if (!Number.isSafeInteger(timestamp) || timestamp <= 0)
      throw new InvalidRequestError(api, 'now', 'clock gave no valid time');
    const nonce = makeNonce();
    const sign = omipaySign(mNumber, timestamp, nonce, secretKey);
    return `m_number=${encodeURIComponent(mNumber)}&timestamp=${timestamp}&nonce_str=${nonce}&sign=${sign}`;
  }

  private async call<T>(
    api: ApiName,
    o: CallOptions | undefined,
    log: LogContext,
    schema: z.ZodType<T>,
    params: () => readonly Param[],
  ): Promise<T> {
    const started = performance.now();
    try {
      const timeoutMs = o?.timeoutMs ?? this.timeoutMs;
      if (!validTimeout(timeoutMs))
        throw new InvalidRequestError(api, 'timeoutMs', 'must be a positive integer');
      const business = encodeParams(api, [...params(), ['language', this.language]]);
      if (!this.transport) throw this.baseError(api);
      const body = await this.transport.send({
        api,
        method: this.method,
        pathAndQuery: `${this.basePath}${API_PATH}${api}?${this.signedQuery(api)}${business}`,
        timeoutMs,
        signal: o?.signal,
      });
      const result = this.parseReply(api, body, schema);
      this.logger?.debug({ api, ...log, durationMs: elapsed(started), outcome: 'ok' }, 'omipay call');
      return result;
    } catch (err) {
      this.logFailure(api, log, started, err);
      throw err;
    }
  }

  private parseReply<T>(api: ApiName, body: string, schema: z.ZodType<T>): T {
    let raw: unknown;
    try {
      raw = parseJsonKeepingNumbers(body);
    } catch {
      // No cause: JSON.parse's message quotes the body, which could echo the signed query.
      throw new TransportError(api, 'unknown', 'bad_response', 'reply is not JSON');
    }
    const reply = trimKeys(raw);
    const envelope = envelopeSchema.safeParse(reply);
    if (!reply || !envelope.success) {
      throw new TransportError(api, 'unknown', 'bad_response', 'reply has no return_code');
    }
    const e = envelope.data;
    const returnCode = e.return_code.trim().toUpperCase();
    if (returnCode === 'SUCCESS') {
      const parsed = schema.safeParse(reply);
      if (!parsed.success) {
        throw new TransportError(
          api,
          'unknown',
          'bad_response',
          `SUCCESS reply malformed: ${describeIssues(parsed.error)}`,
        );
      }
      return parsed.data;
    }
    // Section 2.4 once calls USERPAYING a return_code; accept it there as well as in error_code.
    const code =
      returnCode === 'FAIL' ? e.error_code?.trim() : returnCode === 'USERPAYING' ? returnCode : undefined;
    if (!code)
      throw new TransportError(
        api,
        'unknown',
        'bad_response',
        'reply is neither SUCCESS nor FAIL with an error_code',
      );
    const orderNo = e.order_no?.trim() ? e.order_no.trim() : null;
    throw new GatewayError(api, normaliseErrorCode(code), e.error_msg ?? '', orderNo);
  }

  private logFailure(api: string, log: LogContext, started: number, err: unknown): void {
    if (!this.logger) return;
    const base = { api, ...log, durationMs: elapsed(started) };
    if (err instanceof GatewayError) {
      this.logger.debug({ ...base, outcome: 'gateway_error', errorCode: err.code }, 'omipay call');
    } else if (err instanceof TransportError) {
      this.logger.warn(
        {
          ...base,
          outcome: err.outcome,
          failure: err.failure,
          systemCode: err.systemCode,
          httpStatus: err.httpStatus,
        },
        'omipay call failed',
      );
    } else if (err instanceof OmipayError) {
      this.logger.warn({ ...base, outcome: 'invalid_request', errorCode: err.code }, 'omipay call refused');
    }
  }
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}
