import type { EventEmitter } from 'node:events';
import type { GatewayIds, GatewayNoFormat } from './gateway-ids';
import type { ScaledRate } from './money';
import type { Cancel, Scheduler } from './scheduler';
import type {
  OrderStatusEvent,
  RefundStatusEvent,
  SandboxOrderStatus,
  SandboxOrderView,
  SandboxRefundFailure,
  SandboxRefundStatus,
  SandboxRefundView,
} from './types';

/** What the sandbox keeps of an order: all its view shows (but the refunded sum, counted from the refunds). */
export interface OrderRecord extends Omit<SandboxOrderView, 'refundedCents'> {
  orderName: string;
  rate: ScaledRate;
  notifyUrl?: string;
  redirectUrl?: string;
  posNo?: string;
  cancelPending?: Cancel;
  cancelExpiry?: Cancel;
  cancelSettlement?: Cancel;
}

export interface RefundRecord {
  refundNo: string;
  outRefundNo: string;
  orderNo: string;
  mNumber: string;
  amount: number;
  status: SandboxRefundStatus;
  createdAt: number;
  successAt?: number;
  cancelStep?: Cancel;
}

/** Applied → … → Closed, one step per refundStepMs × timeScale. */
export const REFUND_PROGRESSION: readonly SandboxRefundStatus[] = [
  'Applied',
  'MerchantConfirmed',
  'OrganizationConfirmed',
  'OrganizationPayback',
  'Closed',
];
export const REFUND_FAILURES: ReadonlySet<SandboxRefundStatus> = new Set<SandboxRefundStatus>([
  'MerchantRejected',
  'TimeoutClosed',
  'OrganizationFailed',
  'CustomerCancelled',
]);

const PENDING: ReadonlySet<SandboxOrderStatus> = new Set<SandboxOrderStatus>(['READY', 'PAYING']);

export interface LedgerDeps {
  scheduler: Scheduler;
  clock: () => number;
  events: EventEmitter;
  /** Refund step in real milliseconds (already scaled). */
  refundStepMs: () => number;
  /** Unpaid-order expiry and settlement delay in real milliseconds (already scaled); 0 = never. */
  unpaidExpiryMs: () => number;
  settlementDelayMs: () => number;
  idFormat: () => GatewayNoFormat;
  ids: GatewayIds;
  onPaid: (order: OrderRecord) => void;
}

export type NewOrder = Omit<
  OrderRecord,
  'orderNo' | 'createdAt' | 'status' | 'cancelPending' | 'cancelExpiry' | 'cancelSettlement'
> & {
  status: SandboxOrderStatus;
  /** A fixed number (seeded fixtures); default a new one. */
  orderNo?: string;
  /** Scenario 0007 never ends by itself. */
  noExpiry?: boolean;
};

export class SandboxStateError extends Error {
  override name = 'SandboxStateError';
}

/** Orders and refunds of every merchant, with the status machines that move them. */
export class Ledger {
  private readonly orders = new Map<string, OrderRecord>();
  private readonly ordersByOut = new Map<string, OrderRecord>();
  private readonly refunds = new Map<string, RefundRecord>();
  private readonly refundsByOut = new Map<string, RefundRecord>();
  private readonly ordersByToken = new Map<string, OrderRecord>();

  constructor(private readonly deps: LedgerDeps) {}

  createOrder(init: NewOrder): OrderRecord {
    const now = this.deps.clock();
    const { noExpiry, orderNo: fixedNo, ...fields } = init;
    const orderNo = fixedNo ?? this.freshNo('order', init.mNumber, now);
    if (this.orders.has(orderNo)) throw new SandboxStateError(`Order ${orderNo} already exists`);
    const order: OrderRecord = { ...fields, orderNo, createdAt: now };
    this.orders.set(order.orderNo, order);
    this.ordersByOut.set(outKey(order.mNumber, order.outOrderNo), order);
    if (order.walletToken) this.ordersByToken.set(order.walletToken, order);
    if (order.status === 'PAID') order.paidAt = now;
    if (PENDING.has(order.status) && !noExpiry) this.scheduleExpiry(order);
    this.emitOrder(order);
    if (order.status === 'PAID') this.afterPaid(order);
    return order;
  }

  findByWalletToken(token: string): OrderRecord | undefined {
    return this.ordersByToken.get(token);
  }

  private freshNo(kind: 'order' | 'refund', mNumber: string, at: number): string {
    for (;;) {
      const no = this.deps.ids.next(kind, mNumber, at, this.deps.idFormat());
      if (!this.orders.has(no) && !this.refunds.has(no)) return no;
    }
  }

  /** Section 1.1, "transaction expires in 5 minutes": an order nobody paid ends CANCELLED. */
  private scheduleExpiry(order: OrderRecord): void {
    const ms = this.deps.unpaidExpiryMs();
    if (ms <= 0) return;
    order.expiresAt = order.createdAt + ms;
    order.cancelExpiry = this.deps.scheduler.after(ms, () => {
      order.cancelExpiry = undefined;
      if (PENDING.has(order.status)) this.settle(order.orderNo, 'CANCELLED');
    });
  }

  private afterPaid(order: OrderRecord): void {
    const ms = this.deps.settlementDelayMs();
    if (ms > 0) {
      order.cancelSettlement = this.deps.scheduler.after(ms, () => {
        order.cancelSettlement = undefined;
        if (order.status === 'PAID') this.markSettled(order.orderNo);
      });
    }
    this.deps.onPaid(order);
  }

  /** PAID → CLOSED ("settled by Omipay"): the order keeps its pay_time and stays refundable. */
  markSettled(orderNo: string): OrderRecord {
    const order = this.orders.get(orderNo);
    if (!order) throw new SandboxStateError(`Unknown order ${orderNo}`);
    if (order.status !== 'PAID') throw new SandboxStateError(`Order ${orderNo} is ${order.status}, not PAID`);
    order.cancelSettlement?.();
    order.cancelSettlement = undefined;
    order.status = 'CLOSED';
    order.settledAt = this.deps.clock();
    this.emitOrder(order);
    return order;
  }

  /** Paid, whether still PAID or already settled (CLOSED with a pay time). */
  isPaid(order: OrderRecord): boolean {
    return order.status === 'PAID' || (order.status === 'CLOSED' && order.paidAt !== undefined);
  }

  getOrder(orderNo: string): OrderRecord | undefined {
    return this.orders.get(orderNo);
  }

  findByOutOrderNo(mNumber: string, outOrderNo: string): OrderRecord | undefined {
    return this.ordersByOut.get(outKey(mNumber, outOrderNo));
  }

  /** Moves a pending order to a final status; throws SandboxStateError if it is not pending. */
  settle(orderNo: string, to: 'PAID' | 'FAILED' | 'CLOSED' | 'CANCELLED'): OrderRecord {
    const order = this.orders.get(orderNo);
    if (!order) throw new SandboxStateError(`Unknown order ${orderNo}`);
    if (!PENDING.has(order.status)) {
      throw new SandboxStateError(`Order ${orderNo} is ${order.status}, not pending`);
    }
    order.cancelPending?.();
    order.cancelPending = undefined;
    order.cancelExpiry?.();
    order.cancelExpiry = undefined;
    order.expiresAt = undefined;
    order.status = to;
    if (to === 'PAID') order.paidAt = this.deps.clock();
    this.emitOrder(order);
    if (to === 'PAID') this.afterPaid(order);
    return order;
  }

  /** Settles a pending order after `ms` real milliseconds unless something settles it first. */
  settleLater(order: OrderRecord, ms: number, to: 'PAID' | 'FAILED' | 'CANCELLED'): void {
    order.cancelPending?.();
    order.cancelPending = this.deps.scheduler.after(ms, () => {
      order.cancelPending = undefined;
      if (PENDING.has(order.status)) this.settle(order.orderNo, to);
    });
  }

  /** Refunds that still count against the paid amount (in progress or Closed). */
  refundedCents(orderNo: string): number {
    let sum = 0;
    for (const r of this.refunds.values())
      if (r.orderNo === orderNo && !REFUND_FAILURES.has(r.status)) sum += r.amount;
    return sum;
  }

  findRefundByOut(orderNo: string, outRefundNo: string): RefundRecord | undefined {
    return this.refundsByOut.get(outKey(orderNo, outRefundNo));
  }

  getRefund(refundNo: string): RefundRecord | undefined {
    return this.refunds.get(refundNo);
  }

  createRefund(order: OrderRecord, outRefundNo: string, amount: number, fixedNo?: string): RefundRecord {
    const now = this.deps.clock();
    const refundNo = fixedNo ?? this.freshNo('refund', order.mNumber, now);
    if (this.refunds.has(refundNo)) throw new SandboxStateError(`Refund ${refundNo} already exists`);
    const refund: RefundRecord = {
      refundNo,
      outRefundNo,
      orderNo: order.orderNo,
      mNumber: order.mNumber,
      amount,
      status: 'Applied',
      createdAt: now,
    };
    this.refunds.set(refund.refundNo, refund);
    this.refundsByOut.set(outKey(order.orderNo, outRefundNo), refund);
    this.emitRefund(refund);
    this.scheduleRefundStep(refund);
    return refund;
  }

  private scheduleRefundStep(refund: RefundRecord): void {
    const index = REFUND_PROGRESSION.indexOf(refund.status);
    const next = REFUND_PROGRESSION[index + 1];
    if (index < 0 || !next) return;
    refund.cancelStep = this.deps.scheduler.after(this.deps.refundStepMs(), () => {
      refund.cancelStep = undefined;
      refund.status = next;
      if (next === 'Closed') refund.successAt = this.deps.clock();
      this.emitRefund(refund);
      this.scheduleRefundStep(refund);
    });
  }

  failRefund(refundNo: string, status: SandboxRefundFailure): RefundRecord {
    const refund = this.refunds.get(refundNo);
    if (!refund) throw new SandboxStateError(`Unknown refund ${refundNo}`);
    if (refund.status === 'Closed' || REFUND_FAILURES.has(refund.status)) {
      throw new SandboxStateError(`Refund ${refundNo} is already final (${refund.status})`);
    }
    refund.cancelStep?.();
    refund.cancelStep = undefined;
    refund.status = status;
    this.emitRefund(refund);
    return refund;
  }

  orderView(order: OrderRecord): SandboxOrderView {
    const view: SandboxOrderView = {
      orderNo: order.orderNo,
      outOrderNo: order.outOrderNo,
      mNumber: order.mNumber,
      amount: order.amount,
      platform: order.platform,
      kind: order.kind,
      status: order.status,
      createdAt: order.createdAt,
      refundedCents: this.refundedCents(order.orderNo),
    };
    if (order.paidAt !== undefined) view.paidAt = order.paidAt;
    if (order.settledAt !== undefined) view.settledAt = order.settledAt;
    if (order.expiresAt !== undefined) view.expiresAt = order.expiresAt;
    if (order.walletToken !== undefined) view.walletToken = order.walletToken;
    return view;
  }

  refundView(refund: RefundRecord): SandboxRefundView {
    return {
      refundNo: refund.refundNo,
      outRefundNo: refund.outRefundNo,
      orderNo: refund.orderNo,
      amount: refund.amount,
      status: refund.status,
      createdAt: refund.createdAt,
    };
  }

  listOrders(): SandboxOrderView[] {
    return [...this.orders.values()].map((o) => this.orderView(o));
  }

  listRefunds(): SandboxRefundView[] {
    return [...this.refunds.values()].map((r) => this.refundView(r));
  }

  /** Forgets everything; the caller cancels the scheduler's timers. */
  clear(): void {
    this.orders.clear();
    this.ordersByOut.clear();
    this.refunds.clear();
    this.refundsByOut.clear();
    this.ordersByToken.clear();
  }

  private emitOrder(order: OrderRecord): void {
    const event: OrderStatusEvent = {
      orderNo: order.orderNo,
      outOrderNo: order.outOrderNo,
      status: order.status,
      at: this.deps.clock(),
    };
    safeEmit(this.deps.events, 'order-status', event);
  }

  private emitRefund(refund: RefundRecord): void {
    const event: RefundStatusEvent = {
      refundNo: refund.refundNo,
      outRefundNo: refund.outRefundNo,
      orderNo: refund.orderNo,
      status: refund.status,
      at: this.deps.clock(),
    };
    safeEmit(this.deps.events, 'refund-status', event);
  }
}

/** A throwing listener (a test's, say) must not break the sandbox's own state machine. */
export function safeEmit(events: EventEmitter, name: string, payload: unknown): void {
  try {
    events.emit(name, payload);
  } catch {
    // Listener errors belong to the listener.
  }
}

function outKey(scope: string, id: string): string {
  return `${scope}\u0000${id}`;
}
