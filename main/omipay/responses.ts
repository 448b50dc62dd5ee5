import { z } from 'zod';
import { parseDecimalRate, rateFromScaledInteger } from './exact-rate';
import { parseGatewayTime } from './gateway-time';
import {
  ORDER_STATUSES,
  PLATFORMS,
  REFUND_STATUSES,
  type ExchangeRate,
  type JsapiOrderResult,
  type OrderStatus,
  type OrderStatusResult,
  type Platform,
  type QrOrderResult,
  type RefundResult,
  type RefundStatus,
  type RefundStatusResult,
  type ScanOrderResult,
} from './types';

/*
 * Gateway replies are parsed with parseJsonKeepingNumbers, so every number arrives here as its source text and
 * every field is a string (or null / absent). Each schema validates and normalises in one pass.
 */

const MAX_SAFE_DIGITS = /^\d{1,15}$/;

const absentToNull = (v: string | null | undefined): string | null =>
  v === undefined || v === null || v === '' ? null : v;

export const requiredText = z.string().refine((s) => s.trim() !== '', 'must not be empty');
export const optionalText = z.string().nullish().transform(absentToNull);

/** Non-negative integer (cents, CNY fen); '' or absent → null. */
export const optionalInt = z
  .string()
  .nullish()
  .transform((v, ctx): number | null => {
    const t = absentToNull(v);
    if (t === null) return null;
    if (!MAX_SAFE_DIGITS.test(t.trim())) {
      ctx.addIssue({ code: 'custom', message: 'not a non-negative integer' });
      return z.NEVER;
    }
    return Number(t);
  });

/** exchange_rate: the rate × 10^8 as an integer; '', 0-less absence → null. */
export const optionalScaledRate = z
  .string()
  .nullish()
  .transform((v, ctx) => {
    const t = absentToNull(v);
    if (t === null) return null;
    const rate = rateFromScaledInteger(t);
    if (!rate) {
      ctx.addIssue({ code: 'custom', message: 'not an integer rate × 10^8' });
      return z.NEVER;
    }
    return rate;
  });

export const decimalRate = z.string().transform((v, ctx) => {
  const rate = parseDecimalRate(v);
  if (!rate) {
    ctx.addIssue({ code: 'custom', message: 'not a decimal rate' });
    return z.NEVER;
  }
  return rate;
});

export function gatewayTime(timeZone: string) {
  return z
    .string()
    .nullish()
    .transform((v, ctx): number | null => {
      try {
        return parseGatewayTime(v ?? '', timeZone);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'not a yyyyMMddHHmmss time' });
        return z.NEVER;
      }
    });
}

/** What a paid order's answer says of its money and times: QueryOrder (section 2.5) and the notification (2.6). */
export function orderPaymentFields(time: ReturnType<typeof gatewayTime>) {
  return {
    amount: optionalInt,
    total_amount: optionalInt,
    order_time: time,
    pay_time: time,
    exchange_rate: optionalScaledRate,
    pay_currency: optionalText,
    cny_amount: optionalInt,
  };
}

export const platform = z
  .string()
  .nullish()
  .transform((v): Platform | null => {
    const upper = v?.trim().toUpperCase();
    return PLATFORMS.find((p) => p === upper) ?? null;
  });

/** PAID and PAYED both mean paid (v2 clients vs the document's own example). */
export const orderStatus = z.string().transform((v, ctx): OrderStatus => {
  const upper = v.trim().toUpperCase();
  const status = upper === 'PAYED' ? 'PAID' : ORDER_STATUSES.find((s) => s === upper);
  if (!status) {
    ctx.addIssue({ code: 'custom', message: 'unknown order status' });
    return z.NEVER;
  }
  return status;
});

/** The document's table is CamelCase (Closed), its example upper case (CLOSED). */
export const refundStatus = z.string().transform((v, ctx): RefundStatus => {
  const upper = v.trim().toUpperCase();
  const status = REFUND_STATUSES.find((s) => s === upper);
  if (!status) {
    ctx.addIssue({ code: 'custom', message: 'unknown refund status' });
    return z.NEVER;
  }
  return status;
});

/** Every reply: SUCCESS with the API's fields, or FAIL with error_code / error_msg (and order_no for USERPAYING). */
export const envelopeSchema = z.object({
  return_code: z.string(),
  error_code: z.string().nullish(),
  error_msg: z.string().nullish(),
  order_no: z.string().nullish(),
});

/** `amount` in the field tables, `total_amount` in the examples and real notifications. */
function pickAmount(o: { amount: number | null; total_amount: number | null }): number | null {
  return o.amount ?? o.total_amount;
}

export function makeResponseSchemas(timeZone: string) {
  const time = gatewayTime(timeZone);
  return {
    GetExchangeRate: z
      .object({ rate: decimalRate, platform })
      .transform((o): ExchangeRate => ({ rate: o.rate, platform: o.platform })),

    MakeQROrder: z
      .object({ order_no: requiredText, qrcode: requiredText, pay_url: optionalText })
      .transform((o): QrOrderResult => ({ orderNo: o.order_no, qrcode: o.qrcode, payUrl: o.pay_url })),

    MakeJSAPIOrder: z
      .object({ order_no: requiredText, pay_url: requiredText })
      .transform((o): JsapiOrderResult => ({ orderNo: o.order_no, payUrl: o.pay_url })),

    MakeScanOrder: z
      .object({ order_no: requiredText, out_order_no: optionalText, order_time: time })
      .transform((o): ScanOrderResult => ({
        orderNo: o.order_no,
        outOrderNo: o.out_order_no,
        orderTime: o.order_time,
      })),

    QueryOrder: z
      .object({
        result_code: orderStatus,
        out_order_no: optionalText,
        currency: optionalText,
        ...orderPaymentFields(time),
      })
      .transform((o): OrderStatusResult => ({
        status: o.result_code,
        outOrderNo: o.out_order_no,
        currency: o.currency,
        amount: pickAmount(o),
        orderTime: o.order_time,
        payTime: o.pay_time,
        exchangeRate: o.exchange_rate,
        payCurrency: o.pay_currency,
        cnyAmount: o.cny_amount,
      })),

    // Keys were trimmed before this point, so the document's `"refund_no "` arrives as refund_no.
    Refund: z
      .object({ refund_no: requiredText, currency: optionalText, amount: optionalInt, refund_time: time })
      .transform((o): RefundResult => ({
        refundNo: o.refund_no,
        currency: o.currency,
        amount: o.amount,
        refundTime: o.refund_time,
      })),

    QueryRefund: z
      .object({
        result_code: refundStatus,
        out_refund_no: optionalText,
        currency: optionalText,
        amount: optionalInt,
        total_amount: optionalInt,
        refund_time: time,
        success_time: time,
      })
      .transform((o): RefundStatusResult => ({
        status: o.result_code,
        outRefundNo: o.out_refund_no,
        currency: o.currency,
        amount: pickAmount(o),
        refundTime: o.refund_time,
        successTime: o.success_time,
      })),
  } as const;
}

export type ResponseSchemas = ReturnType<typeof makeResponseSchemas>;
export type ApiName = keyof ResponseSchemas;

/** Zod issue paths and messages only: never the values, which could echo anything the gateway sent. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}
