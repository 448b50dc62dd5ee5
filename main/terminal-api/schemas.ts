/**
 * The Terminal API's request and response schemas. The handlers validate with them, and the OpenAPI document
 * (./openapi) is generated from them, so the two cannot drift apart.
 */
import { SALE_PHASES } from '../../contract';
import { z } from 'zod';

/** The caller's own id (its idempotency key): a UUID, any version, lower or upper case. */
export const callerIdSchema = z
  .string()
  .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'a UUID')
  .transform((s) => s.toLowerCase());

const bilingualSchema = z.object({ en: z.string(), zh: z.string() });

/** Printable text without control characters: it reaches the till's screen and receipts. */
const plainText = (max: number) =>
  z
    .string()
    .max(max)
    // eslint-disable-next-line no-control-regex
    .regex(/^[^\u0000-\u001f\u007f]*$/, 'no control characters');

export const createPaymentSchema = z
  .object({
    id: callerIdSchema,
    amountCents: z.number().int().min(1).max(100_000_000),
    currency: z.literal('AUD'),
    reference: plainText(64).optional(),
    description: plainText(120).optional(),
    mode: z.enum(['scan', 'qr']).default('scan'),
    /** For mode 'qr': which wallet's QR code to show. */
    platform: z.enum(['WECHATPAY', 'ALIPAY']).default('WECHATPAY'),
  })
  .strict();
export type CreatePayment = z.infer<typeof createPaymentSchema>;

/** The lifecycle's phases, plus 'starting' (the caller's id is journalled, the sale not yet started). */
export const PAYMENT_STATES = ['starting', ...SALE_PHASES] as const;
export type PaymentState = (typeof PAYMENT_STATES)[number];

export const paymentSchema = z.object({
  id: z.string(),
  saleId: z.string().nullable(),
  state: z.enum(PAYMENT_STATES),
  /** Nothing will change any more: no money can still move on this payment. */
  final: z.boolean(),
  amountCents: z.number().int(),
  currency: z.literal('AUD'),
  mode: z.enum(['scan', 'qr']),
  reference: z.string().nullable(),
  description: z.string().nullable(),
  platform: z.enum(['WECHATPAY', 'ALIPAY']).nullable(),
  orderNo: z.string().nullable(),
  outOrderNo: z.string().nullable(),
  refundedCents: z.number().int(),
  createdAt: z.number().int(),
  paidAt: z.number().int().nullable(),
  message: bilingualSchema.nullable(),
  errorCode: z.string().nullable(),
  qrcode: z.string().nullable(),
  payUrl: z.string().nullable(),
});
export type Payment = z.infer<typeof paymentSchema>;

export const waitQuerySchema = z
  .object({
    wait: z.coerce.number().int().min(0).max(60).optional(),
    /** Return as soon as the state differs from this one (what the caller last saw). */
    known: z.enum(PAYMENT_STATES).optional(),
  })
  .strict();

export const createRefundSchema = z
  .object({
    id: callerIdSchema,
    /** The payment: the caller's payment id, our sale id, or the Omipay order number — exactly one. */
    paymentId: callerIdSchema.optional(),
    saleId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/)
      .optional(),
    orderNo: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/)
      .optional(),
    amountCents: z.number().int().min(1).max(100_000_000),
    reason: plainText(80).refine((s) => s.trim().length > 0, 'a reason'),
    /** The manager's PIN, when the store approves refunds with the PIN passed by the POS. */
    managerPin: z
      .string()
      .regex(/^\d{4,8}$/)
      .optional(),
  })
  .strict()
  .refine(
    (r) => [r.paymentId, r.saleId, r.orderNo].filter((v) => v !== undefined).length === 1,
    'exactly one of paymentId, saleId, orderNo',
  );
export type CreateRefund = z.infer<typeof createRefundSchema>;

export const refundSchema = z.object({
  id: z.string(),
  refundId: z.string().nullable(),
  saleId: z.string(),
  paymentId: z.string().nullable(),
  amountCents: z.number().int(),
  reason: z.string(),
  /**
   * awaiting_approval: waiting for the manager on the till's screen; declined there (nothing refunded); pending:
   * sent or being retried; succeeded; failed (the gateway refused: nothing was refunded).
   */
  state: z.enum(['awaiting_approval', 'declined', 'pending', 'succeeded', 'failed']),
  /**
   * The refund's state in the words the till, its receipt and its CSV use (main/shared/refund-words.ts:
   * Sending, Checking, Processing, Refunded, Failed); null while no refund was sent (awaiting approval, declined).
   */
  words: bilingualSchema.nullable(),
  final: z.boolean(),
  refundNo: z.string().nullable(),
  outRefundNo: z.string().nullable(),
  message: bilingualSchema.nullable(),
  createdAt: z.number().int(),
});
export type Refund = z.infer<typeof refundSchema>;

export const receiptQuerySchema = z
  .object({
    format: z.enum(['json', 'text', 'escpos']).default('json'),
    columns: z.enum(['32', '42', '48']).default('42'),
    language: z.enum(['en', 'zh', 'both']).default('both'),
    refundId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/)
      .optional(),
  })
  .strict();

export const receiptSchema = z.object({
  kind: z.enum(['sale', 'refund']),
  merchantName: z.string(),
  posNo: z.string(),
  saleId: z.string(),
  amountCents: z.number().int(),
  cnyAmount: z.number().int().nullable(),
  exchangeRate: z.string().nullable(),
  platform: z.enum(['WECHATPAY', 'ALIPAY']).nullable(),
  orderNo: z.string(),
  outOrderNo: z.string(),
  at: z.number().int(),
  timeZone: z.string(),
  refundId: z.string().nullable(),
  /** The same receipt as printable lines (42 columns unless asked otherwise). */
  lines: z.array(z.string()),
});

export const statusSchema = z.object({
  api: z.object({ version: z.literal('v1'), refundApproval: z.enum(['pin', 'on_screen']) }),
  till: z.object({
    posNo: z.string(),
    merchantName: z.string(),
    ready: z.boolean(),
    unresolvedCount: z.number().int(),
  }),
  scanner: z.object({ kind: z.string(), state: z.string(), reason: z.string().nullable() }),
  gateway: z.object({
    mode: z.enum(['sandbox', 'live']),
    region: z.string(),
    online: z.boolean(),
    problem: bilingualSchema.nullable(),
  }),
  /** The sale on the till's screen, if any (ours or the cashier's own). */
  currentSale: z.object({ saleId: z.string(), state: z.string(), amountCents: z.number().int() }).nullable(),
  /** The API payment in progress, if any. */
  activePaymentId: z.string().nullable(),
  session: z.object({ client: z.string(), paired: z.boolean() }),
});

export const pairingStartSchema = z.object({ name: plainText(40).min(1) }).strict();
export const pairingCompleteSchema = z
  .object({
    name: plainText(40).min(1),
    code: z.string().regex(/^\d{6}$/),
  })
  .strict();
export const pairingStartedSchema = z.object({ expiresAt: z.number().int() });
export const pairedSchema = z.object({ keyId: z.string(), apiKey: z.string(), name: z.string() });
export const apiKeyListSchema = z.object({
  keys: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      createdAt: z.number().int(),
      lastUsedAt: z.number().int().nullable(),
      revokedAt: z.number().int().nullable(),
    }),
  ),
});
export const okSchema = z.object({ ok: z.literal(true) });

/** What a busy till is doing, in a TILL_BUSY answer (./till-busy). */
export const TILL_ACTIVITIES = ['api_payment', 'cashier_paying', 'cashier_sale', 'cashier_typing'] as const;

export const errorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: bilingualSchema,
    detail: z.string().optional(),
    /** TILL_BUSY: the API payment in progress (null: the cashier's own sale or keypad). */
    activePaymentId: z.string().nullable().optional(),
    /** TILL_BUSY: what the till is doing (./till-busy). */
    tillActivity: z.enum(TILL_ACTIVITIES).optional(),
    /** PIN_LOCKED, PAIRING_BUSY: when to try again (epoch ms). */
    retryAfter: z.number().int().optional(),
  }),
});
