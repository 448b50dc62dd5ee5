import { z } from 'zod';
import { SANDBOX_NONCE_PATTERN } from './signing';
import { GatewayFailure, type GatewayLanguage } from './gateway-errors';

/** Parameters arrive in the URL query. A repeated name is ambiguous, so it is rejected rather than guessed. */
export function queryRecord(query: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  const repeated = new Set<string>();
  for (const [key, value] of query) {
    if (Object.prototype.hasOwnProperty.call(out, key)) repeated.add(key);
    out[key] = value;
  }
  if (repeated.size > 0) {
    throw new GatewayFailure('PARAMETER_INVALID', `repeated ${[...repeated].slice(0, 3).join(', ')}`);
  }
  return out;
}

/** Language decides error_msg; the document's default is CHS. An invalid value is reported in CHS. */
export function requestLanguage(record: Record<string, string>): {
  language: GatewayLanguage;
  valid: boolean;
} {
  const raw = record.language;
  if (raw === undefined || raw === '') return { language: 'CHS', valid: true };
  const upper = raw.toUpperCase();
  if (upper === 'EN' || upper === 'CHS') return { language: upper, valid: true };
  return { language: 'CHS', valid: false };
}

const printable = (max: number) =>
  z.string().regex(new RegExp(`^[\\x21-\\x7e]{1,${max}}$`), 'printable ASCII');
const httpUrl = z
  .string()
  .max(2048)
  .refine((u) => {
    try {
      const p = new URL(u).protocol;
      return p === 'http:' || p === 'https:';
    } catch {
      return false;
    }
  }, 'an http(s) URL');
/** Integer minor units as written in the query: no sign, no decimals, no leading zeros, safely an integer. */
const amount = z
  .string()
  .regex(/^[1-9]\d{0,14}$/, 'a positive integer')
  .transform(Number)
  .refine((n) => Number.isSafeInteger(n), 'a safe integer');
const gatewayNo = z.string().regex(/^[A-Za-z0-9]{1,64}$/, '1–64 letters or digits');
const platform = z.enum(['WECHATPAY', 'ALIPAY']);

export const authSchema = z.object({
  m_number: z.string().min(1).max(64),
  timestamp: z
    .string()
    .regex(/^\d{1,16}$/, 'an integer')
    .transform(Number),
  nonce_str: z.string().regex(SANDBOX_NONCE_PATTERN, '10–32 of [A-Za-z0-9]'),
  sign: z.string().min(1).max(128),
});

export const exchangeRateSchema = z.object({
  currency: z.literal('AUD').optional(),
  base_currency: z.literal('CNY').optional(),
  platform: platform.optional(),
});

/*
 * Parameters an API does not define are ignored, not refused: real clients send `platform` to every API,
 * `direct_pay` and `show_pc_pay_url` to MakeJSAPIOrder, `redirect_url` to MakeQROrder and a channel number
 * `o_number` (docs/sandbox.md, Deviations). The schemas below strip them.
 */
const orderCommon = {
  order_name: z.string().min(1).max(128),
  currency: z.literal('AUD').optional(),
  amount,
  notify_url: httpUrl.optional(),
  out_order_no: printable(64),
};

// The document's MakeQRCode example has no platform: the default is the one GetExchangeRate documents.
export const qrOrderSchema = z.object({ ...orderCommon, platform: platform.default('WECHATPAY') });
export const jsapiOrderSchema = z.object({ ...orderCommon, redirect_url: httpUrl });
export const scanOrderSchema = z.object({
  ...orderCommon,
  qrcode: z.string().min(1).max(128),
  pos_no: printable(64),
});
export const queryOrderSchema = z.object({ order_no: gatewayNo });
export const refundSchema = z.object({ order_no: gatewayNo, out_refund_no: printable(64), amount });
export const queryRefundSchema = z.object({ refund_no: gatewayNo });
// The document names redirect_uri; softbread/omipay-php-sdk sends redirect_url. The document's name wins.
export const userInfoSchema = z
  .object({ redirect_uri: httpUrl.optional(), redirect_url: httpUrl.optional() })
  .transform((p) => p.redirect_uri ?? p.redirect_url)
  .refine((uri): uri is string => uri !== undefined, { message: 'required', path: ['redirect_uri'] });
export const payPageSchema = z.object({ redirect_url: httpUrl.optional() });

/**
 * Parses business parameters; empty strings count as absent, as form-style clients send `notify_url=`. So does
 * the text `null` as `notify_url`: a Java client writes an unset URL that way (liangjw/omipay-java-api), the
 * document makes notify_url optional ("if the order is created with notify_url"), and "null" can never be
 * a URL to notify.
 */
export function parseParams<S extends z.ZodType>(schema: S, record: Record<string, string>): z.output<S> {
  const cleaned: Record<string, string> = {};
  for (const [k, v] of Object.entries(record)) {
    if (v !== '' && !(k === 'notify_url' && v === 'null')) cleaned[k] = v;
  }
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((i) => String(i.path[0] ?? '?')))];
    throw new GatewayFailure('PARAMETER_INVALID', fields.slice(0, 4).join(', '));
  }
  return parsed.data;
}
