import type { EventEmitter } from 'node:events';

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
  /** Refund success carries the document's `"refund_no "` key (trailing space) instead of `refund_no`; default true. */
  refundNoKeyQuirk?: boolean;
  /** Base URL written into qrcode/pay_url (e.g. a LAN address for a phone); default the listening URL. */
  publicUrl?: string;
  /** Reject a nonce_str seen before from the same merchant within the signature window; default true. */
  rejectReplayedNonces?: boolean;
  /** Faults armed from the start, as if injected with control.injectFault in this order. */
  faults?: FaultRule[];
}

export type SandboxOrderStatus = 'READY' | 'PAYING' | 'PAID' | 'FAILED' | 'CANCELLED' | 'CLOSED';

export type SandboxFault =
  | { kind: 'delay'; ms: number }
  | { kind: 'http500' }
  | { kind: 'malformed' }
  | { kind: 'reset' }
  | { kind: 'drop' };

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

export interface SandboxNotificationRecord {
  orderNo: string;
  url: string;
  attempts: number;
  delivered: boolean;
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
  /** Forgets all orders, refunds, faults, notifications, nonces and counters; restores the initial clock offset. */
  reset(): void;
}

export interface SandboxHandle {
  url: string;
  port: number;
  merchants: SandboxMerchant[];
  control: SandboxControl;
  close(): Promise<void>;
}
