/**
 * The journal's edge: every row and patch is checked here before SQL sees it, so a bad value becomes a
 * JournalError('invalid_input') and never a half-written state. Identity fields are rejected when wrong;
 * free text that comes from the gateway (error details) is truncated instead, because refusing to record a
 * gateway reply would lose the only evidence of what happened to the money.
 */
import { z } from 'zod';
import { JournalError } from './errors';
import { ATTEMPT_STATUSES, REFUND_STATUSES, SALE_STATUSES } from './status';
import type { AttemptStatus, RefundStatus, SaleStatus } from './types';

export const MAX_TIME = 253_402_300_799_999; // 9999-12-31T23:59:59.999Z

export const idSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces');
export const posNoSchema = z.string().regex(/^[A-Za-z0-9_-]{1,16}$/, '1–16 of A-Z a-z 0-9 _ -');
/** out_order_no / out_refund_no as Omipay accepts them. */
export const outNoSchema = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, '1–32 of A-Z a-z 0-9 _ -');
export const gatewayNoSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[\x21-\x7e]+$/);
export const timeSchema = z.number().int().min(0).max(MAX_TIME);
export const centsSchema = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
export const platformSchema = z.enum(['WECHATPAY', 'ALIPAY']);
export const kindSchema = z.enum(['scan', 'qr', 'jsapi']);
export const saleStatusSchema = z.enum(SALE_STATUSES as [SaleStatus, ...SaleStatus[]]);
export const attemptStatusSchema = z.enum(ATTEMPT_STATUSES as [AttemptStatus, ...AttemptStatus[]]);
export const refundStatusSchema = z.enum(REFUND_STATUSES as [RefundStatus, ...RefundStatus[]]);
export const businessDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

const truncated = (max: number) => z.string().transform((s) => (s.length > max ? s.slice(0, max) : s));
const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const newSaleSchema = z.strictObject({
  id: idSchema,
  posNo: posNoSchema,
  kind: kindSchema,
  amountCents: centsSchema,
  currency: z.literal('AUD'),
  orderName: z.string().max(256),
  platform: platformSchema.nullable(),
  status: saleStatusSchema,
  createdAt: timeSchema,
  /** Who took the sale; default: the person acting at the till (PeopleTable.setActing). */
  personId: idSchema.nullable().optional(),
});

export const salePatchSchema = z.strictObject({
  status: saleStatusSchema.optional(),
  platform: platformSchema.nullable().optional(),
  paidAttemptId: idSchema.nullable().optional(),
  paidAt: timeSchema.nullable().optional(),
  statusReason: truncated(500).nullable().optional(),
  voidedBy: idSchema.optional(),
});

export const newAttemptSchema = z.strictObject({
  id: idSchema,
  saleId: idSchema,
  kind: kindSchema,
  outOrderNo: outNoSchema,
  paymentCode: z
    .string()
    .min(1)
    .max(128)
    .regex(/^[\x21-\x7e]+$/)
    .nullable(),
  platform: platformSchema.nullable(),
  createdAt: timeSchema,
  status: attemptStatusSchema.optional(),
  personId: idSchema.nullable().optional(),
});

export const attemptPatchSchema = z.strictObject({
  paymentCode: z.string().min(1).max(128).nullable().optional(),
  platform: platformSchema.nullable().optional(),
  status: attemptStatusSchema.optional(),
  orderNo: gatewayNoSchema.nullable().optional(),
  errorCode: truncated(64).nullable().optional(),
  errorDetail: truncated(1000).nullable().optional(),
  orderTime: timeSchema.nullable().optional(),
  payTime: timeSchema.nullable().optional(),
  exchangeRateScaled: z
    .string()
    .regex(/^\d{1,30}$/)
    .nullable()
    .optional(),
  payCurrency: z.string().min(1).max(8).nullable().optional(),
  cnyAmount: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).nullable().optional(),
  qrcode: z.string().max(4096).nullable().optional(),
  payUrl: z.string().max(4096).nullable().optional(),
  lastCheckedAt: timeSchema.nullable().optional(),
  nextCheckAt: timeSchema.nullable().optional(),
  checkCount: count.optional(),
  resolvedBy: z.string().min(1).max(32).nullable().optional(),
});

export const newRefundSchema = z.strictObject({
  id: idSchema,
  saleId: idSchema,
  attemptId: idSchema,
  orderNo: gatewayNoSchema,
  outRefundNo: outNoSchema,
  amountCents: centsSchema,
  reason: truncated(256),
  status: refundStatusSchema,
  createdAt: timeSchema,
  requestedBy: idSchema.nullable().optional(),
  approvedBy: idSchema.nullable().optional(),
});

export const refundPatchSchema = z.strictObject({
  reason: truncated(256).optional(),
  status: refundStatusSchema.optional(),
  refundNo: gatewayNoSchema.nullable().optional(),
  errorCode: truncated(64).nullable().optional(),
  errorDetail: truncated(1000).nullable().optional(),
  refundTime: timeSchema.nullable().optional(),
  successTime: timeSchema.nullable().optional(),
  lastCheckedAt: timeSchema.nullable().optional(),
  nextCheckAt: timeSchema.nullable().optional(),
  checkCount: count.optional(),
});

export const newEventSchema = z.strictObject({
  at: timeSchema,
  actor: z.enum(['cashier', 'manager', 'system', 'gateway']),
  type: z.string().min(1).max(64),
  entity: z.enum(['sale', 'attempt', 'refund', 'manager', 'settings', 'day', 'terminal']),
  entityId: z.string().min(1).max(64).nullable(),
  data: z.record(z.string(), z.unknown()),
  /** Who did it; default for the cashier's events: the person acting at the till. */
  personId: idSchema.nullable().optional(),
});

export const eventFilterSchema = z.strictObject({
  entity: newEventSchema.shape.entity.optional(),
  entityId: z.string().min(1).max(64).optional(),
  since: timeSchema.optional(),
  afterId: z.number().int().min(0).optional(),
  limit: z.number().int().min(1).max(10_000).optional(),
});

export const saleSearchSchema = z.strictObject({
  text: z.string().max(64).optional(),
  orderNo: z.string().min(1).max(64).optional(),
  outOrderNo: z.string().min(1).max(64).optional(),
  amountCents: centsSchema.optional(),
  from: timeSchema.optional(),
  to: timeSchema.optional(),
  businessDate: businessDateSchema.optional(),
  statuses: z.array(saleStatusSchema).max(SALE_STATUSES.length).optional(),
  limit: z.number().int().min(1).max(500).optional(),
  offset: z.number().int().min(0).max(100_000).optional(),
});

export const managerAuthSchema = z.strictObject({
  pinHash: z.string().min(1).max(512).nullable(),
  failedAttempts: count,
  lockedUntil: timeSchema.nullable(),
});

/** Event payloads must never carry a secret: a key with one of these names is refused outright. */
const SECRET_KEY = /^(pin|newpin|currentpin|oldpin|secret|secretkey|secret_key|password|passcode)$/i;

export function assertNoSecrets(value: unknown, path = 'data', depth = 0): void {
  if (depth > 8 || value === null || typeof value !== 'object') return;
  for (const [k, v] of Object.entries(value)) {
    if (SECRET_KEY.test(k))
      throw new JournalError('invalid_input', `${path}.${k}: secrets are never journalled`);
    assertNoSecrets(v, `${path}.${k}`, depth + 1);
  }
}

/** Parses with zod and turns a failure into JournalError naming the field (never echoing the value). */
export function parse<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.join('.') : '(value)';
  throw new JournalError('invalid_input', `${what}: ${where}: ${issue?.message ?? 'invalid'}`);
}
