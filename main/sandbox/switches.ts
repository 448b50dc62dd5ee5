import { z } from 'zod';

/*
 * Behaviour switches: where the document, its examples and the gateway seen in the field disagree, the sandbox
 * can answer either way. Defaults are the realistic choice (docs/sandbox.md says why for each). They can be given
 * as start options, with `--switch name=value` on the CLI, and changed at run time (POST /_sandbox/switches).
 */
export const switchesSchema = z
  .object({
    /** 'omipay': 24 characters like TR1812060010011263009795 (seen in the field); 'hex32': the document's 32. */
    orderNoFormat: z.enum(['omipay', 'hex32']),
    /** 'wallet': weixin://… / https://qr.alipay.com/… as a wallet scans; 'customer-page': an http URL of /wallet. */
    qrcodeFormat: z.enum(['wallet', 'customer-page']),
    /** 'signed': …/Omipay/H5Pay/QRcode_Pay.html?paycode=…&m_number=…&sign=… (field); 'unsigned': /omipay/pay/{no}. */
    payUrlFormat: z.enum(['signed', 'unsigned']),
    /** QR/JSAPI replies also carry platform, error_msg: null, msg: null, success: true, as the field shows. */
    extraReplyFields: z.boolean(),
    /** QueryOrder's amount key: the table's `amount`, the example's `total_amount`, or both. */
    queryOrderAmountField: z.enum(['amount', 'total_amount', 'both']),
    /** 'field': return_code + total_amount, no pay_currency (what public handlers parse); 'document': the 2.6 table. */
    notificationFormat: z.enum(['document', 'field']),
    /** Send the notification's numbers as JSON strings ("100"), as some real notifications do. */
    notificationNumbersAsStrings: z.boolean(),
    /** MakeScanOrder's ORDER_PAID carries the order_no (the document returns order_no only with USERPAYING). */
    orderNoOnOrderPaid: z.boolean(),
    /** READY/PAYING orders end CANCELLED this long after creation (× timeScale); 0 = never. Section 1.1. */
    unpaidExpiryMs: z
      .number()
      .int()
      .min(0)
      .max(7 * 86_400_000),
    /** PAID orders become CLOSED ("settled by Omipay") this long after payment (× timeScale); 0 = never. */
    settlementDelayMs: z
      .number()
      .int()
      .min(0)
      .max(30 * 86_400_000),
    /** QueryOrder of an order number the gateway does not know: the API's own list has only PERMISSION_ERROR. */
    queryOrderUnknownCode: z.enum(['PERMISSION_ERROR', 'ORDER_NO_ERROR']),
    /** 'document': MakeQROrder/MakeJSAPIOrder answer only codes in their lists; 'extended': also ORDER_PAID etc. */
    qrOrderErrorCodes: z.enum(['document', 'extended']),
    /** false: every merchant lacks a WESTORE organisation, so MakeJSAPIOrder answers WECHAT_STORE_NOT_EXISTS. */
    wechatStore: z.boolean(),
    /** Spelling of the paid status in QueryOrder's result_code (the document's example says PAYED). */
    paidStatusSpelling: z.enum(['PAID', 'PAYED']),
    /** The Refund reply carries the example's `"refund_no "` key (trailing space) instead of the table's `refund_no`. */
    refundNoKeyQuirk: z.boolean(),
  })
  .strict();

export type SandboxSwitches = z.infer<typeof switchesSchema>;

export const DEFAULT_SWITCHES: Readonly<SandboxSwitches> = Object.freeze({
  orderNoFormat: 'omipay',
  qrcodeFormat: 'wallet',
  payUrlFormat: 'signed',
  extraReplyFields: true,
  queryOrderAmountField: 'amount',
  notificationFormat: 'field',
  notificationNumbersAsStrings: false,
  orderNoOnOrderPaid: true,
  unpaidExpiryMs: 5 * 60_000,
  settlementDelayMs: 24 * 60 * 60_000,
  queryOrderUnknownCode: 'PERMISSION_ERROR',
  qrOrderErrorCodes: 'document',
  wechatStore: true,
  paidStatusSpelling: 'PAID',
  refundNoKeyQuirk: false,
});

export const SWITCH_NAMES = Object.keys(DEFAULT_SWITCHES) as (keyof SandboxSwitches)[];

export const partialSwitchesSchema = switchesSchema.partial();

/** Validates a partial update; throws TypeError naming the first bad switch. */
export function parseSwitches(input: unknown): Partial<SandboxSwitches> {
  const parsed = partialSwitchesSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = issue?.path.join('.') || (issue?.code === 'unrecognized_keys' ? issue.keys.join(', ') : '');
    throw new TypeError(`Invalid sandbox switch ${name}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

/** `name=value` from the command line: numbers and booleans as such, the rest as text. */
export function parseSwitchArgument(text: string): Partial<SandboxSwitches> {
  const at = text.indexOf('=');
  if (at <= 0) throw new TypeError(`--switch needs name=value, got "${text}"`);
  const name = text.slice(0, at);
  const raw = text.slice(at + 1);
  const value: unknown =
    raw === 'true' ? true : raw === 'false' ? false : /^\d+$/.test(raw) ? Number(raw) : raw;
  return parseSwitches({ [name]: value });
}
