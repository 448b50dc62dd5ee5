import { z } from 'zod';
import type { GatewayContext } from './gateway-api';
import type { OrderRecord, RefundRecord } from './ledger';
import { walletToken } from './gateway-ids';
import type { SandboxSeedOrder, SandboxSeedRefund } from './types';

const gatewayNo = z.string().regex(/^[A-Za-z0-9]{1,64}$/, '1–64 letters or digits');
const outNo = z.string().regex(/^[\x21-\x7e]{1,64}$/, '1–64 printable ASCII');
const cents = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

const seedOrderSchema = z
  .object({
    orderNo: gatewayNo.optional(),
    outOrderNo: outNo,
    mNumber: z.string().min(1).optional(),
    amount: cents,
    platform: z.enum(['WECHATPAY', 'ALIPAY']).optional(),
    kind: z.enum(['scan', 'qr', 'jsapi']).optional(),
    status: z.enum(['READY', 'PAYING', 'PAID']).optional(),
  })
  .strict();

const seedRefundSchema = z
  .object({ refundNo: gatewayNo.optional(), orderNo: gatewayNo, outRefundNo: outNo, amount: cents })
  .strict();

function parse<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TypeError(`Invalid ${what} ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

/** Books an order as if it had been made through the API (fixtures, replaying the document's examples). */
export function seedOrder(input: SandboxSeedOrder, ctx: GatewayContext): OrderRecord {
  const o = parse(seedOrderSchema, input, 'seeded order');
  const mNumber = o.mNumber ?? [...ctx.merchants.keys()][0] ?? '';
  if (!ctx.merchants.has(mNumber)) throw new TypeError(`Invalid seeded order mNumber: unknown merchant`);
  if (o.orderNo && ctx.ledger.getOrder(o.orderNo)) throw new TypeError(`Order ${o.orderNo} already exists`);
  if (ctx.ledger.findByOutOrderNo(mNumber, o.outOrderNo)) throw new TypeError('outOrderNo already used');
  const platform = o.platform ?? 'WECHATPAY';
  const kind = o.kind ?? 'scan';
  return ctx.ledger.createOrder({
    ...(o.orderNo ? { orderNo: o.orderNo } : {}),
    outOrderNo: o.outOrderNo,
    mNumber,
    orderName: 'Seeded order',
    amount: o.amount,
    platform,
    kind,
    status: o.status ?? 'PAID',
    rate: ctx.options.exchangeRates[platform],
    ...(kind === 'scan' ? {} : { walletToken: walletToken() }),
  });
}

export function seedRefund(input: SandboxSeedRefund, ctx: GatewayContext): RefundRecord {
  const r = parse(seedRefundSchema, input, 'seeded refund');
  const order = ctx.ledger.getOrder(r.orderNo);
  if (!order) throw new TypeError('Invalid seeded refund orderNo: unknown order');
  if (!ctx.ledger.isPaid(order)) throw new TypeError('Invalid seeded refund orderNo: order is not paid');
  if (r.refundNo && ctx.ledger.getRefund(r.refundNo))
    throw new TypeError(`Refund ${r.refundNo} already exists`);
  if (ctx.ledger.findRefundByOut(order.orderNo, r.outRefundNo))
    throw new TypeError('outRefundNo already used');
  if (ctx.ledger.refundedCents(order.orderNo) + r.amount > order.amount)
    throw new TypeError('Invalid seeded refund amount: more than the order has left');
  return ctx.ledger.createRefund(order, r.outRefundNo, r.amount, r.refundNo);
}
