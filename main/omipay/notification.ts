import { z } from 'zod';
import { assertTimeZone, DEFAULT_GATEWAY_TIME_ZONE } from './gateway-time';
import { parseJsonKeepingNumbers, trimKeys } from './json-text';
import { gatewayTime, optionalText, orderPaymentFields, requiredText } from './responses';
import { omipaySign, signaturesEqual } from './sign';
import type { OmipayCredentials, PaymentNotification } from './types';

/** What the receiver must answer so Omipay stops retrying (section 2.6). */
export const NOTIFICATION_REPLY = '{"return_code":"SUCCESS"}';

export type NotificationRejection =
  'malformed' | 'missing_fields' | 'bad_signature' | 'stale_timestamp' | 'replayed_nonce';

export type NotificationVerdict =
  | { ok: true; notification: PaymentNotification }
  | { ok: false; reason: NotificationRejection; message: string };

export interface NotificationVerifierOptions {
  credentials: OmipayCredentials;
  /** Injectable clock, UTC ms. */
  now?: () => number;
  /** Accepted distance between the notification's timestamp and our clock; default 300000 (±5 min). */
  windowMs?: number;
  /** How long a nonce is remembered; default 2 × windowMs, the longest a replay could still pass the window. */
  nonceTtlMs?: number;
  /** Most nonces remembered; the oldest is forgotten first. Default 10000. */
  maxNonces?: number;
  /** Zone of order_time / pay_time; default 'Australia/Sydney'. */
  gatewayTimeZone?: string;
  /** Larger bodies are rejected unread; default 16 KiB (a real notification is under 1 KiB). */
  maxBodyBytes?: number;
  /**
   * Where seen nonces are kept. Default: in memory (bounded by maxNonces). The POS passes its journal, so a
   * restart or a gateway switch never accepts a nonce twice.
   */
  nonces?: NonceStore;
}

/** Remembers a nonce until expiresAt; answers false when it was already seen and has not expired. */
export interface NonceStore {
  remember(nonce: string, now: number, expiresAt: number): boolean;
}

const REQUIRED = ['nonce_str', 'timestamp', 'sign', 'order_no', 'out_order_no', 'currency'] as const;
const SIGNATURE = /^[0-9A-Fa-f]{32}$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

function reject(reason: NotificationRejection, message: string): NotificationVerdict {
  return { ok: false, reason, message };
}

function parseForm(text: string): Record<string, unknown> | null {
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [k, v] of new URLSearchParams(text)) {
    const key = k.trim();
    // A repeated key is ambiguous (which amount is real?): refuse rather than guess.
    if (key in out) return null;
    out[key] = v;
  }
  return Object.keys(out).length === 0 ? null : out;
}

function parseJson(text: string): Record<string, unknown> | null {
  try {
    return trimKeys(parseJsonKeepingNumbers(text));
  } catch {
    return null;
  }
}

/**
 * JSON (the document, the Java demo) or form data (Omipay's PHP demo). A missing or generic content type is
 * sniffed; any other declared type is refused. Null when the body is not an object of fields.
 */
function parseBody(text: string, contentType: string | undefined): Record<string, unknown> | null {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'application/json' || type.endsWith('+json')) return parseJson(text);
  if (type === 'application/x-www-form-urlencoded') return parseForm(text);
  if (type !== '' && type !== 'text/plain' && type !== 'application/octet-stream') return null;
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) return parseJson(text);
  return trimmed.includes('=') ? parseForm(text) : null;
}

/**
 * Verifies Omipay payment notifications (section 2.6). Only m_number&timestamp&nonce_str&secret_key is signed,
 * so the amount is not authenticated: cross-check order_no / amount with QueryOrder or the journal before
 * trusting it. Never throws: every input yields a verdict.
 */
export class NotificationVerifier {
  private readonly credentials: OmipayCredentials;
  private readonly now: () => number;
  private readonly windowMs: number;
  private readonly nonceTtlMs: number;
  private readonly maxNonces: number;
  private readonly maxBodyBytes: number;
  /** nonce → expiry (ms); insertion order is expiry order while the TTL is constant. */
  private readonly nonces = new Map<string, number>();
  private readonly nonceStore: NonceStore | undefined;
  private readonly fields;

  constructor(o: NotificationVerifierOptions) {
    this.credentials = { mNumber: o.credentials.mNumber, secretKey: o.credentials.secretKey };
    this.now = o.now ?? Date.now;
    this.windowMs = o.windowMs ?? 300_000;
    this.nonceTtlMs = o.nonceTtlMs ?? 2 * this.windowMs;
    this.maxNonces = o.maxNonces ?? 10_000;
    this.maxBodyBytes = o.maxBodyBytes ?? 16 * 1024;
    this.nonceStore = o.nonces;
    for (const [name, v] of [
      ['windowMs', this.windowMs],
      ['nonceTtlMs', this.nonceTtlMs],
      ['maxNonces', this.maxNonces],
      ['maxBodyBytes', this.maxBodyBytes],
    ] as const) {
      if (!Number.isSafeInteger(v) || v <= 0) throw new RangeError(`${name} must be a positive integer`);
    }
    const zone = o.gatewayTimeZone ?? DEFAULT_GATEWAY_TIME_ZONE;
    assertTimeZone(zone);
    const time = gatewayTime(zone);
    this.fields = z.object({
      nonce_str: z.string().regex(/^[\x21-\x7e]{1,64}$/, 'not a nonce'),
      timestamp: z.string().regex(/^\d{1,15}$/, 'not a millisecond timestamp'),
      sign: z.string(),
      m_number: optionalText,
      order_no: requiredText,
      out_order_no: requiredText,
      currency: requiredText,
      ...orderPaymentFields(time),
      return_code: optionalText,
    });
  }

  verify(body: string | Buffer, contentType: string | undefined): NotificationVerdict {
    try {
      return this.check(body, contentType);
    } catch {
      return reject('malformed', 'notification could not be read');
    }
  }

  private check(body: string | Buffer, contentType: string | undefined): NotificationVerdict {
    const size = typeof body === 'string' ? Buffer.byteLength(body, 'utf8') : body.length;
    if (size > this.maxBodyBytes) return reject('malformed', 'body too large');
    let text: string;
    try {
      text = typeof body === 'string' ? body : utf8.decode(body);
    } catch {
      return reject('malformed', 'body is not UTF-8');
    }
    const data = parseBody(text, contentType);
    if (!data) return reject('malformed', 'body is neither a JSON object nor form data');

    const missing: string[] = REQUIRED.filter(
      (k) => data[k] === undefined || data[k] === null || data[k] === '',
    );
    if (
      (data['amount'] === undefined || data['amount'] === '') &&
      (data['total_amount'] === undefined || data['total_amount'] === '')
    ) {
      missing.push('amount');
    }
    if (missing.length > 0) return reject('missing_fields', `missing: ${missing.join(', ')}`);

    const parsed = this.fields.safeParse(data);
    if (!parsed.success) {
      const where = parsed.error.issues.map((i) => i.path.join('.')).join(', ');
      return reject('malformed', `invalid fields: ${where}`);
    }
    const f = parsed.data;
    const amount = f.amount ?? f.total_amount;
    if (amount === null) return reject('missing_fields', 'missing: amount');

    if (f.m_number !== null && f.m_number !== this.credentials.mNumber) {
      return reject('bad_signature', 'notification is for another merchant');
    }
    // Signed over the timestamp text exactly as sent.
    const expected = omipaySign(
      this.credentials.mNumber,
      f.timestamp,
      f.nonce_str,
      this.credentials.secretKey,
    );
    if (!SIGNATURE.test(f.sign) || !signaturesEqual(f.sign, expected)) {
      return reject('bad_signature', 'signature does not match');
    }

    const now = this.now();
    const timestamp = Number(f.timestamp);
    if (Math.abs(now - timestamp) > this.windowMs) {
      return reject(
        'stale_timestamp',
        `timestamp is ${Math.round((now - timestamp) / 1000)} s from our clock`,
      );
    }

    if (!this.rememberNonce(f.nonce_str, now)) return reject('replayed_nonce', 'nonce already used');

    return {
      ok: true,
      notification: {
        orderNo: f.order_no,
        outOrderNo: f.out_order_no,
        currency: f.currency,
        amount,
        orderTime: f.order_time,
        payTime: f.pay_time,
        exchangeRate: f.exchange_rate,
        payCurrency: f.pay_currency,
        cnyAmount: f.cny_amount,
        nonce: f.nonce_str,
        timestamp,
        returnCode: f.return_code,
      },
    };
  }

  private rememberNonce(nonce: string, now: number): boolean {
    if (this.nonceStore) return this.nonceStore.remember(nonce, now, now + this.nonceTtlMs);
    this.forgetExpiredNonces(now);
    const expiry = this.nonces.get(nonce);
    if (expiry !== undefined && expiry > now) return false;
    this.nonces.delete(nonce);
    this.nonces.set(nonce, now + this.nonceTtlMs);
    if (this.nonces.size > this.maxNonces) {
      const oldest = this.nonces.keys().next();
      if (!oldest.done) this.nonces.delete(oldest.value);
    }
    return true;
  }

  private forgetExpiredNonces(now: number): void {
    for (const [nonce, expiry] of this.nonces) {
      if (expiry > now) break;
      this.nonces.delete(nonce);
    }
  }
}
