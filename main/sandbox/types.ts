import type { EventEmitter } from 'node:events';
import type { SandboxSwitches } from './switches';

export type SandboxPlatform = 'WECHATPAY' | 'ALIPAY';

export interface SandboxMerchant {
  mNumber: string;
  secretKey: string;
}

export interface SandboxOptions {
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 0 (ephemeral); the CLI default is 8787. */
  port?: number;
  /** Default [{ mNumber: '100001', secretKey: 'sandboxsecret0000000000000000000' }]. */
  merchants?: SandboxMerchant[];
  /** Multiplies every scenario, refund and notification delay; default 1; tests use ~0.02. */
  timeScale?: number;
  /** Sandbox clock = Date.now() + offset (for SIGN_TIMEOUT tests). */
  clockOffsetMs?: number;
  /** Empty/undefined = any pos_no accepted, else POS_NOT_REGISTERED. */
  registeredPosNos?: string[];
  /** AMOUNT_INVALID outside; default 1 .. 5_000_000. */
  amountLimits?: { minCents: number; maxCents: number };
  /** Decimal strings, defaults '4.71230000' / '4.70980000'. */
  exchangeRates?: { WECHATPAY?: string; ALIPAY?: string };
  /** Time between refund statuses Applied → … → Closed (scaled by timeScale); default 2000. */
  refundStepMs?: number;
  /** Zone of yyyyMMddHHmmss times; default 'Australia/Sydney'. */
  gatewayTimeZone?: string;
  /** Default: silent. Lines never contain secrets, signatures or signed URLs. */
  logger?: (line: string) => void;
  /** Spelling of the paid status in QueryOrder's result_code; default 'PAID' (the document's example says 'PAYED'). */
  paidStatusSpelling?: 'PAID' | 'PAYED';
  /** Refund success carries the example's `"refund_no "` key (trailing space) instead of `refund_no`; default false. */
  refundNoKeyQuirk?: boolean;
  /** Base URL written into qrcode/pay_url (e.g. a LAN address for a phone); default the listening URL. */
  publicUrl?: string;
  /** Reject a nonce_str seen before from the same merchant within the signature window; default true. */
  rejectReplayedNonces?: boolean;
  /** Faults armed from the start, as if injected with control.injectFault in this order. */
  faults?: FaultRule[];
  /** Behaviour switches (docs/sandbox.md, "Switches"); unnamed ones keep their defaults. */
  switches?: Partial<SandboxSwitches>;
}

export type SandboxOrderStatus = 'READY' | 'PAYING' | 'PAID' | 'FAILED' | 'CANCELLED' | 'CLOSED';

export type SandboxFault =
  | { kind: 'delay'; ms: number }
  | { kind: 'http500' }
  | { kind: 'malformed' }
  | { kind: 'reset' }
  | { kind: 'drop' }
  | { kind: 'system_error' };

export interface FaultRule {
  fault: SandboxFault;
  /** e.g. 'MakeScanOrder'; undefined = any Omipay API. */
  api?: string;
  /** Default 1. */
  times?: number;
}

export type SandboxRefundStatus =
  | 'Applied'
  | 'MerchantConfirmed'
  | 'OrganizationConfirmed'
  | 'OrganizationPayback'
  | 'Closed'
  | 'MerchantRejected'
  | 'TimeoutClosed'
  | 'OrganizationFailed'
  | 'CustomerCancelled';

export type SandboxRefundFailure =
  'MerchantRejected' | 'TimeoutClosed' | 'OrganizationFailed' | 'CustomerCancelled';

export interface SandboxOrderView {
  orderNo: string;
  outOrderNo: string;
  mNumber: string;
  amount: number;
  platform: SandboxPlatform;
  kind: 'scan' | 'qr' | 'jsapi';
  status: SandboxOrderStatus;
  createdAt: number;
  paidAt?: number;
  /** When a paid order was settled (CLOSED after PAID). */
  settledAt?: number;
  /** When a READY/PAYING order will end CANCELLED by itself, if nothing else settles it first. */
  expiresAt?: number;
  /** The wallet token inside a QR order's qrcode (what the customer's phone would scan). */
  walletToken?: string;
  /** Sum of the order's refunds that have not ended in a failure status. */
  refundedCents: number;
}

export interface SandboxRefundView {
  refundNo: string;
  outRefundNo: string;
  orderNo: string;
  amount: number;
  status: SandboxRefundStatus;
  createdAt: number;
}

export interface SandboxNotificationAttempt {
  at: number;
  /** 'delivered': the reply's return_code was SUCCESS; 'refused': any other reply; 'failed': no reply. */
  result: 'delivered' | 'refused' | 'failed';
  httpStatus?: number;
  /** Why a failed attempt failed (connection refused, timeout…), never the body sent. */
  error?: string;
}

export interface SandboxNotificationRecord {
  orderNo: string;
  url: string;
  attempts: number;
  delivered: boolean;
  /** Every attempt, oldest first. */
  history: SandboxNotificationAttempt[];
}

export interface SandboxSeedOrder {
  /** Default: a new number in the orderNoFormat of the moment. */
  orderNo?: string;
  outOrderNo: string;
  /** Default: the first merchant. */
  mNumber?: string;
  amount: number;
  platform?: SandboxPlatform;
  kind?: 'scan' | 'qr' | 'jsapi';
  /** Default 'PAID'. */
  status?: 'READY' | 'PAYING' | 'PAID';
}

export interface SandboxSeedRefund {
  refundNo?: string;
  orderNo: string;
  outRefundNo: string;
  amount: number;
}

export interface OrderStatusEvent {
  orderNo: string;
  outOrderNo: string;
  status: SandboxOrderStatus;
  at: number;
}

export interface RefundStatusEvent {
  refundNo: string;
  outRefundNo: string;
  orderNo: string;
  status: SandboxRefundStatus;
  at: number;
}

export interface SandboxControl {
  /** As if the customer paid a pending QR/JSAPI/USERPAYING order. Throws on an unknown or settled order. */
  payOrder(orderNo: string): void;
  failOrder(orderNo: string): void;
  /** Ends a pending order (e.g. scenario 0007) as CLOSED. */
  closeOrder(orderNo: string): void;
  /** Ends a pending order as CANCELLED (what the unpaid-order expiry does by itself). */
  cancelOrder(orderNo: string): void;
  /** Settles a PAID order now: it reads CLOSED, with its pay_time, and can still be refunded. */
  settleOrder(orderNo: string): void;
  /** The customer's wallet: pays or fails the order behind a QR order's qrcode string, no merchant credentials. */
  walletAction(qrcode: string, action: 'pay' | 'fail'): SandboxOrderView;
  /** Books an order directly (fixtures, the document's examples); throws TypeError on bad input or a used number. */
  seedOrder(order: SandboxSeedOrder): SandboxOrderView;
  /** Books an Applied refund directly on a paid order. */
  seedRefund(refund: SandboxSeedRefund): SandboxRefundView;
  /** The switches now in force. */
  getSwitches(): SandboxSwitches;
  /** Changes some switches; throws TypeError on an unknown switch or a bad value. */
  setSwitches(update: Partial<SandboxSwitches>): SandboxSwitches;
  /** Ends a refund that is still in progress with a failure status (default 'OrganizationFailed'). */
  failRefund(refundNo: string, status?: SandboxRefundFailure): void;
  injectFault(rule: FaultRule): void;
  clearFaults(): void;
  setClockOffset(ms: number): void;
  getOrder(orderNo: string): SandboxOrderView | undefined;
  findOrderByOutOrderNo(mNumber: string, outOrderNo: string): SandboxOrderView | undefined;
  listOrders(): SandboxOrderView[];
  listRefunds(): SandboxRefundView[];
  /** Requests received per API (all of them, including rejected and dropped ones); no argument = all APIs. */
  requestCount(api?: string): number;
  /** Emits 'order-status' (OrderStatusEvent) and 'refund-status' (RefundStatusEvent). */
  events: EventEmitter;
  notificationsSent(): SandboxNotificationRecord[];
  /** Forgets all orders, refunds, faults, notifications, nonces and counters; restores the initial clock offset and switches. */
  reset(): void;
}

export interface SandboxHandle {
  url: string;
  port: number;
  merchants: SandboxMerchant[];
  control: SandboxControl;
  close(): Promise<void>;
}
