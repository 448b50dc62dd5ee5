/**
 * zod schemas for every PosApi argument. The Electron IPC handlers, the hub's WebSocket bridge and PosService
 * itself all validate with these, so a hostile or malformed argument is refused the same way everywhere.
 */
import { z } from 'zod';
import type { PosMethod } from '../../preload/api';

const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/);
const amountText = z.string().trim().min(1).max(20);
const pin = z.string().regex(/^\d{4,8}$/);
const platform = z.enum(['WECHATPAY', 'ALIPAY']);
const epochMs = z.number().int().min(0).max(8_640_000_000_000_000);
const businessDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const phase = z.enum([
  'awaiting_code',
  'submitting',
  'waiting_customer',
  'checking',
  'paid',
  'declined',
  'unresolved',
  'abandoned',
  'failed',
  'voided',
  'late_paid',
  'late_refunding',
  'late_refunded',
]);
/** Scanned or typed codes: printable ASCII only, bounded, so noise cannot smuggle control characters. */
const scannedText = z
  .string()
  .max(128)
  .regex(/^[\x20-\x7E]*$/);

const noArgs = z.undefined().or(z.object({}).strict());
const region = z.enum(['AU', 'CN', 'sandbox', 'custom']);
/** Shapes only; values are checked again by the config schema when applied. */
const settingsPatch = z
  .object({
    posNo: z.string().max(16).optional(),
    merchantName: z.string().max(60).optional(),
    orderName: z.string().max(60).optional(),
    timeZone: z.string().max(64).optional(),
    language: z.enum(['en', 'zh']).optional(),
    soundOn: z.boolean().optional(),
    maxAmountCents: z.number().int().optional(),
    latePayments: z.enum(['refund', 'ask_manager']).optional(),
    gateway: z
      .object({
        region: region.optional(),
        baseUrl: z.string().max(200).nullable().optional(),
        mNumber: z.string().max(32).nullable().optional(),
        timeZone: z.string().max(64).optional(),
        httpMethod: z.enum(['GET', 'POST']).optional(),
        callTimeoutMs: z.number().int().optional(),
        maxWaitMs: z.number().int().optional(),
      })
      .strict()
      .optional(),
    scanner: z.record(z.string(), z.unknown()).optional(),
    printer: z.record(z.string(), z.unknown()).nullable().optional(),
    terminalApi: z
      .object({
        enabled: z.boolean().optional(),
        host: z.string().max(64).optional(),
        port: z.number().int().optional(),
        refundApproval: z.enum(['pin', 'on_screen']).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export const posArgSchemas = {
  getSnapshot: noArgs,
  startSale: z.object({ amount: amountText }).strict(),
  submitCode: z.object({ saleId: id, code: scannedText.min(1) }).strict(),
  submitWedgeScan: z.object({ code: scannedText.min(1) }).strict(),
  stopWaiting: z.object({ saleId: id }).strict(),
  clearSale: z.object({ saleId: id }).strict(),
  voidSale: z.object({ saleId: id }).strict(),
  startQrSale: z.object({ amount: amountText, platform, kind: z.enum(['qr', 'jsapi']) }).strict(),
  searchHistory: z
    .object({
      text: z.string().max(64).optional(),
      from: epochMs.optional(),
      to: epochMs.optional(),
      phases: z.array(phase).max(10).optional(),
      limit: z.number().int().min(1).max(500).optional(),
    })
    .strict(),
  getSaleDetail: z.object({ saleId: id }).strict(),
  findSale: z.object({ reference: scannedText.min(1).max(64) }).strict(),
  checkNow: z.object({ saleId: id }).strict(),
  getReceipt: z.object({ saleId: id, refundId: id.optional() }).strict(),
  getExchangeRate: z.object({ platform }).strict(),
  refund: z.object({ saleId: id, amount: amountText, reason: z.string().trim().max(200), pin }).strict(),
  decideLatePayment: z.object({ saleId: id, decision: z.enum(['refund', 'keep']), pin }).strict(),
  report: z.object({ kind: z.enum(['X', 'Z']), businessDate: businessDate.optional() }).strict(),
  closeDay: z.object({ businessDate: businessDate.optional(), pin, confirmUnresolved: z.boolean() }).strict(),
  reconcile: z.object({ businessDate: businessDate.optional(), pin }).strict(),
  exportCsv: z.object({ from: epochMs, to: epochMs, pin }).strict(),
  setManagerPin: z.object({ newPin: pin, currentPin: pin.optional() }).strict(),
  setLanguage: z.object({ language: z.enum(['en', 'zh']) }).strict(),
  getSettings: noArgs,
  updateSettings: z.object({ pin, patch: settingsPatch }).strict(),
  setSecretKey: z
    .object({
      pin,
      secretKey: z
        .string()
        .trim()
        .min(8)
        .max(128)
        .regex(/^[\x21-\x7E]+$/),
    })
    .strict(),
  testConnection: z
    .object({
      pin,
      region: region.optional(),
      baseUrl: z.string().url().max(200).optional(),
      mNumber: z
        .string()
        .regex(/^[A-Za-z0-9]{1,32}$/)
        .optional(),
      secretKey: z
        .string()
        .trim()
        .min(8)
        .max(128)
        .regex(/^[\x21-\x7E]+$/)
        .optional(),
    })
    .strict(),
  listScannerDevices: noArgs,
  setScannerTestMode: z.object({ on: z.boolean() }).strict(),
  getReceiptHtml: z.object({ saleId: id, refundId: id.optional() }).strict(),
  printReceipt: z.object({ saleId: id, refundId: id.optional() }).strict(),
  testPrint: z.object({ pin }).strict(),
  getReportHtml: z.object({ kind: z.enum(['X', 'Z']), businessDate: businessDate.optional() }).strict(),
  printReport: z.object({ kind: z.enum(['X', 'Z']), businessDate: businessDate.optional() }).strict(),
  verifyManagerPin: z.object({ pin }).strict(),
} satisfies Record<PosMethod, z.ZodType>;

export type ArgCheck = { ok: true; value: unknown } | { ok: false; issues: string };

/** Validates one call's argument; unknown methods and extra keys are refused. */
export function checkPosArgs(method: string, args: unknown): ArgCheck {
  if (!Object.prototype.hasOwnProperty.call(posArgSchemas, method)) {
    return { ok: false, issues: `unknown method ${JSON.stringify(method.slice(0, 40))}` };
  }
  const schema = posArgSchemas[method as PosMethod];
  const parsed = schema.safeParse(args);
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    issues: parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join('.') || '(argument)'}: ${i.message}`)
      .join('; '),
  };
}

export function isPosMethod(name: unknown): name is PosMethod {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(posArgSchemas, name);
}
