/**
 * The data that crosses the contract: what PosService answers and pushes, and what the screens send. Every type
 * here is plain serialisable data (structured-clone and JSON safe): no functions, classes, Dates or bigints.
 * The methods that carry these types are in ./methods.
 */

import type { CustomerDisplayStatus } from './customer-display';
import type { PeopleState, PersonTotalsView } from './people-views';

export interface Bilingual {
  en: string;
  zh: string;
}

export type Platform = 'WECHATPAY' | 'ALIPAY';
export type Language = 'en' | 'zh';

/** Every call answers with a result; failures carry a message a cashier can read, never a stack or a secret. */
export type PosResult<T> = { ok: true; value: T } | { ok: false; error: PosError };

export interface PosError {
  /** Stable machine code from the one vocabulary in ./errors (the edge's, the core's, or an Omipay error_code). */
  code: string;
  message: Bilingual;
  /** Extra detail for the manager (e.g. the gateway's own error_msg). Never contains a secret. */
  detail?: string;
  /** Set when the call was refused because of lockout etc.: until when (epoch ms). */
  retryAfter?: number;
}

/**
 * What the cashier sees of a sale. `phase` is the screen to show:
 * awaiting_code → submitting → waiting_customer → paid | declined | unresolved; abandoned/failed are final.
 * The closed loop (a sale the cashier voided, i.e. the customer paid another way):
 * voided → (an attempt turns out paid) late_refunding → late_refunded, or late_paid when the store asks the
 * manager to decide instead of refunding automatically.
 */
export const SALE_PHASES = [
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
] as const;
export type SalePhase = (typeof SALE_PHASES)[number];

export interface SaleView {
  id: string;
  kind: 'scan' | 'qr' | 'jsapi';
  amountCents: number;
  platform: Platform | null;
  phase: SalePhase;
  /** Number of attempts made (each with its own out_order_no). */
  attempts: number;
  /** Current or paying attempt's identifiers. */
  outOrderNo: string | null;
  orderNo: string | null;
  createdAt: number;
  paidAt: number | null;
  /** While waiting_customer: when the engine stops waiting in the foreground (epoch ms) — drives the countdown. */
  waitDeadline: number | null;
  /** Why the sale is declined/unresolved/failed, or what is going on, in both languages. */
  message: Bilingual | null;
  /**
   * Set while the gateway's answer for this sale cannot be recorded (the disk is full or failing), and after it
   * was recorded late: what happened, in both languages. Absent otherwise.
   */
  storageNote?: Bilingual;
  /** Omipay error_code behind `message`, if any. */
  errorCode: string | null;
  /** For merchant-presented QR sales. */
  qrcode: string | null;
  payUrl: string | null;
  /** Known after payment: CNY actually paid and the rate (×10^8 as a decimal string). */
  cnyAmount: number | null;
  exchangeRateScaled: string | null;
  refundedCents: number;
  /** Who took the sale (null: before people were recorded). Additive. */
  personName?: string | null;
}

export interface RefundView {
  id: string;
  saleId: string;
  outRefundNo: string;
  refundNo: string | null;
  amountCents: number;
  reason: string;
  /** submitting | unknown | rejected | APPLIED … CLOSED (Omipay statuses upper-cased). */
  status: string;
  final: boolean;
  succeeded: boolean;
  message: Bilingual | null;
  createdAt: number;
  refundTime: number | null;
  successTime: number | null;
  /** Who asked for the refund and whose PIN approved it (null: before people were recorded). Additive. */
  requestedByName?: string | null;
  approvedByName?: string | null;
}

export interface AttemptView {
  id: string;
  seq: number;
  outOrderNo: string;
  orderNo: string | null;
  platform: Platform | null;
  status: string;
  errorCode: string | null;
  message: Bilingual | null;
  createdAt: number;
  lastCheckedAt: number | null;
  checkCount: number;
  /** Payment code with all but the last 4 digits masked. */
  maskedCode: string | null;
  /** When the customer paid, by the gateway's clock (pay_time), once known. */
  payTime: number | null;
}

/** A refund of this till's sale made at another till of the store, as the store server last told this till. */
export interface RefundElsewhereView {
  outRefundNo: string;
  /** The till that made (or is making) it. */
  tillName: string;
  amountCents: number;
  /** requested → pending → refunded | failed | cancelled; only `refunded` means the money went back. */
  state: 'requested' | 'pending' | 'refunded' | 'failed' | 'cancelled';
  /** When it was asked for, and when this till last heard of it. */
  requestedAt: number;
  heardAt: number;
  /** What it is now, failures with their reason. */
  message: Bilingual;
}

export interface SaleDetail {
  sale: SaleView;
  attempts: AttemptView[];
  /** Refunds made at this till. */
  refunds: RefundView[];
  /** Refunds made at other tills of the store (refund anywhere), counted in refundedCents / refundableCents. */
  refundsElsewhere?: RefundElsewhereView[];
  /**
   * Set when this till is enrolled with a store server: whether the link is up now, and when the till last heard
   * the server's whole list of refunds made elsewhere (null: never). While the link is down what is shown is
   * that last known state.
   */
  elsewhereKnown?: { live: boolean; syncedAt: number | null } | null;
  refundableCents: number;
  /**
   * When the POS learned the sale was paid; `sale.paidAt` is when the customer paid (the gateway's pay_time,
   * falling back to this when the gateway gave none). Both are shown where they differ.
   */
  paidRecordedAt?: number | null;
  /** `words` is the entry for people; `type` and `summary` are the journal's own terms. */
  history: Array<{ at: number; actor: string; type: string; summary: string; words: Bilingual }>;
}

export interface HistoryQuery {
  text?: string;
  from?: number;
  to?: number;
  /** Only sales recorded with this business date (what the day report counts as that day). */
  businessDate?: string;
  phases?: SalePhase[];
  limit?: number;
}

export interface ScannerStatus {
  kind: 'serial' | 'hid' | 'wedge' | 'none';
  state: 'connected' | 'disconnected' | 'error' | 'idle';
  device: string | null;
  reason: Bilingual | null;
  /**
   * The scanner is lent to the Settings screen's test (its scans charge nothing) until `endsAt` at the latest.
   * Additive: absent means not in test mode.
   */
  testMode?: { endsAt: number } | null;
  /**
   * A keyboard-wedge scanner's learned pace: the longest gap (ms) between its keys still read as one scan, as
   * Settings measured it. Additive: absent means the detector's default (30 ms).
   */
  wedgeMaxInterKeyMs?: number;
  /**
   * When the first keyboard-wedge scan reached the core since it started (null: none yet): a wedge scanner
   * works whatever the scanner setting says, so the status says so rather than "No scanner". Additive.
   */
  wedgeSeenAt?: number | null;
}

export interface GatewayStatus {
  mode: 'sandbox' | 'live';
  /** Region label: AU, CN, sandbox or custom. */
  region: string;
  online: boolean;
  /** Last network problem, cleared when a call succeeds. */
  problem: Bilingual | null;
  /** Measured terminal clock − gateway clock, ms, after a SIGN_TIMEOUT (null when never measured). */
  clockSkewMs: number | null;
}

export interface TerminalInfo {
  posNo: string;
  merchantName: string;
  /** Terminal's IANA time zone, for showing local times. */
  timeZone: string;
  language: Language;
  soundOn: boolean;
  hasManagerPin: boolean;
  maxAmountCents: number;
  /** How typed digits make an amount: 'cents' (EFTPOS style, 1-2-5-0 = 12.50; the default) or 'decimal'. */
  amountEntry?: AmountEntryMode;
  /** Amounts at or above this ask for a second Enter (default A$ 500). */
  largeAmountCents?: number;
  /** What happens to a payment that lands after a void: refunded automatically, or held for the manager. */
  latePayments?: 'refund' | 'ask_manager';
  /**
   * Open while the till must be told the shop's time zone before it sells (first start of an Australian till on
   * a UTC machine; docs/screens.md): sales are held until answerShopZone. Null or absent: nothing to ask.
   */
  shopZoneQuestion?: ShopZoneQuestion | null;
}

export interface ShopZoneQuestion {
  /** The zone offered first (Australia/Sydney). */
  proposed: string;
  /** The Australian zones offered; any other IANA zone may be typed. */
  zones: string[];
  /** What the machine says (UTC), shown so the manager sees why the question is asked. */
  machineZone: string;
}

export type AmountEntryMode = 'cents' | 'decimal';

export interface PosSnapshot {
  terminal: TerminalInfo;
  activeSale: SaleView | null;
  scanner: ScannerStatus;
  gateway: GatewayStatus;
  unresolvedCount: number;
  /** Whether a customer-facing display is on and showing (see ./customer-display). */
  customerDisplay?: CustomerDisplayStatus;
  /** The store server link (docs/store-server.md); state 'off' when this till is not enrolled. Additive. */
  storeLink?: StoreLinkStatus;
  /** Who is at the counter, and whom one can switch to. */
  people: PeopleState;
}

/**
 * The till's link to its store server: off (not enrolled), connecting, online, offline (the till keeps selling
 * and sends its records later) or revoked (the server refused this till's credential). Never the credential.
 */
export interface StoreLinkStatus {
  state: 'off' | 'connecting' | 'online' | 'offline' | 'revoked';
  /** Journal records the server does not have yet ("12 events waiting"). */
  backlog: number;
  /** When the server last confirmed it had everything (ms), or null. */
  lastSyncAt: number | null;
  url: string | null;
  storeName: string | null;
  tillName: string | null;
  /** Why it is offline or revoked, in words; null when all is well. */
  problem: Bilingual | null;
}

export interface RateView {
  platform: Platform;
  /** Decimal text of AUD→CNY, e.g. "4.7123". */
  rate: string;
  fetchedAt: number;
}

export interface PlatformTotalsView {
  platform: Platform | 'UNKNOWN';
  salesCount: number;
  salesCents: number;
  refundsCount: number;
  refundsCents: number;
  netCents: number;
  /**
   * Payments that landed after their sale was voided (money in, outside the sales line), and how many of the
   * refunds above gave such a payment back. Net = sales + late payments − refunds. Reports show the columns of
   * main/shared/report-columns.ts (sales, paid after void, refunded after void, other refunds), which add up.
   */
  latePaymentsCount: number;
  latePaymentsCents: number;
  lateRefundsCount: number;
  lateRefundsCents: number;
}

/** A session (shift): from the first sale after a Z to the next Z. Several per business date, numbered. */
export interface SessionView {
  /** Running shift number of this terminal. */
  id: number;
  /** The business date it opened on. */
  businessDate: string;
  /** Its Z's number within that date (Z 1, Z 2 …). */
  seq: number;
  openedAt: number;
  closedAt: number | null;
  forced: boolean;
  /** Sales whose outcome was not known at its close (null while open). */
  unresolvedCount: number | null;
  totals: Omit<PlatformTotalsView, 'platform'>;
}

/**
 * X: the open session so far. Z: a closed session, as frozen at its close (or the open one previewed, closedAt
 * null). day: a business date's sales and refunds, with that day's sessions listed.
 */
export type ReportKind = 'X' | 'Z' | 'day';

export interface ReportView {
  kind: ReportKind;
  businessDate: string;
  generatedAt: number;
  perPlatform: PlatformTotalsView[];
  totals: Omit<PlatformTotalsView, 'platform'>;
  unresolved: SaleView[];
  /**
   * Sales still unresolved from an earlier shift (X, Z; fromSessionId) or an earlier business date (day report):
   * not in these totals, listed apart so the report agrees with the status bar's count. Additive.
   */
  unresolvedEarlier?: Array<{ sale: SaleView; fromSessionId: number | null }>;
  pendingRefunds: RefundView[];
  closedAt: number | null;
  forced: boolean;
  /** Sales voided with no payment landing (no money; counted so the manager sees them). Additive. */
  voidedCount?: number;
  /** X/Z: the session reported (null: no session is open, nothing sold since the last Z). Additive. */
  session?: SessionView | null;
  /** Day report: the day's sessions in order, each with its own totals. Additive. */
  sessions?: SessionView[];
  /** Sales from an earlier session whose outcome became known in this one (counted here when paid). Additive. */
  carried?: Array<{ sale: SaleView; fromSessionId: number }>;
  /** Refunds from an earlier session that settled in this one (one that failed is taken back out). Additive. */
  carriedRefunds?: Array<{ refund: RefundView; fromSessionId: number }>;
  /**
   * The same totals per person: sales by who took them, refunds by who asked for them (rows add up to
   * `totals`). Additive.
   */
  byPerson?: PersonTotalsView[];
}

export interface ReconcileLine {
  saleId: string;
  outOrderNo: string;
  orderNo: string | null;
  journal: string;
  gateway: string;
  changed: boolean;
}

export interface ReceiptView {
  merchantName: string;
  posNo: string;
  saleId: string;
  kind: 'sale' | 'refund';
  amountCents: number;
  cnyAmount: number | null;
  exchangeRate: string | null;
  platform: Platform | null;
  orderNo: string;
  outOrderNo: string;
  at: number;
  timeZone: string;
  /**
   * The business date the reports and History count it under (the date it was made on, in the zone of that
   * time); printed beside the date when a later zone change makes the two differ. Additive.
   */
  businessDate?: string;
  refund: RefundView | null;
  /** A sandbox (test-mode) receipt: printed with a clear TEST / 测试 mark, since no money moved. */
  test?: boolean;
  /**
   * Set when the shop prints tax invoices: the sale's receipt is a tax invoice, a refunded refund's an adjustment
   * note (docs/receipts.md). Absent or null: an ordinary receipt. Additive.
   */
  taxInvoice?: ReceiptTaxInvoice | null;
  /** The first name of who took the sale, when the shop prints it; absent for older sales. Additive. */
  servedBy?: string | null;
}

/** What a tax invoice or adjustment note prints besides the payment (settings `receipt`). */
export interface ReceiptTaxInvoice {
  businessName: string;
  /** 11 digits; printed grouped 2-3-3-3. */
  abn: string;
  /** Prices include GST: the receipt states the GST included (1/11 of the total). Otherwise no GST line. */
  pricesIncludeGst: boolean;
  /** What was sold (the order name sent to Omipay): the till takes an amount, not items. */
  description: string;
  /** The sale's total, also on its refunds' receipts: from A$1,000 the buyer's name or ABN is asked for. */
  saleAmountCents: number;
}

export * from './settings-views';
export * from './people-views';

/** Something the cashier should know about a sale that is no longer on screen (it settled in the background). */
export interface NoticeView {
  /** Unique; the same notice is never shown twice. */
  id: string;
  saleId: string;
  kind:
    | 'paid_in_background'
    | 'failed_in_background'
    | 'late_payment_refunded'
    | 'late_payment_held'
    | 'late_refund_failed'
    /** Another till of the store refunded one of this till's sales (through the store server). */
    | 'refunded_elsewhere';
  amountCents: number;
  message: Bilingual;
  at: number;
}

/** A sale of this store found on the store server (refund anywhere), possibly taken at another till. */
export interface StoreSaleView {
  saleId: string;
  tillId: string;
  tillName: string;
  /** Taken at this till: refunded from the sale itself, as always. */
  own: boolean;
  outOrderNo: string;
  orderNo: string | null;
  platform: string | null;
  amountCents: number;
  refundedCents: number;
  reservedCents: number;
  /** What may still be refunded across the store (paid − refunded − reserved). */
  refundableCents: number;
  status: string;
  paidAt: number | null;
  businessDate: string;
}

export interface StoreSaleSearchView {
  sales: StoreSaleView[];
  /** ok: the server answered. unreachable / off: only this till's own sales can be found; message says why. */
  server: 'ok' | 'unreachable' | 'off';
  message: Bilingual | null;
}

/** A refund this till sent for another till's sale, with the store server's out_refund_no. */
export interface RemoteRefundView extends RefundView {
  saleTillId: string;
  ownerTillName: string | null;
  outOrderNo: string | null;
}

export type PosEvent =
  | { type: 'sale'; sale: SaleView }
  | { type: 'remote-refund'; refund: RemoteRefundView }
  | { type: 'notice'; notice: NoticeView }
  | { type: 'refund'; refund: RefundView }
  | { type: 'scanner-status'; status: ScannerStatus }
  | { type: 'scan-rejected'; code: string; message: Bilingual }
  | { type: 'scan-ignored'; message: Bilingual }
  /** A receipt's Omipay order number was scanned (a manager looking a sale up for a refund). */
  | { type: 'reference-scanned'; reference: string }
  | { type: 'scan-accepted'; platform: Platform; maskedCode: string }
  /** The cashier left this sale for a new one: what the customer display showed of it ends. */
  | { type: 'counter-free'; saleId: string }
  /**
   * A payment code scanned while no sale was waiting for one: the core holds it until `expiresAt`; a startSale
   * with `heldScanId` charges the amount with it (the cashier confirmed the amount), otherwise it is dropped.
   */
  | { type: 'scan-held'; holdId: string; platform: Platform; maskedCode: string; expiresAt: number }
  | { type: 'scanner-test'; rawHex: string; decoded: string | null }
  | { type: 'gateway'; status: GatewayStatus }
  | { type: 'unresolved-count'; count: number }
  | { type: 'terminal'; terminal: TerminalInfo }
  | { type: 'customer-display'; status: CustomerDisplayStatus }
  | { type: 'store-link'; status: StoreLinkStatus }
  | { type: 'api-request'; request: ApiRequestNotice }
  | { type: 'people'; people: PeopleState };

/** A POS paired with the Terminal API, as the manager's settings list it (never its key or the key's hash). */
export interface ApiKeyView {
  id: string;
  name: string;
  createdAt: number;
  lastUsedAt: number | null;
}

/** The Terminal API (main/terminal-api) tells the cashier: a POS asked for a payment, or wants to pair. */
export type ApiRequestNotice =
  | { kind: 'payment'; saleId: string; posName: string; amountCents: number; reference: string | null }
  | { kind: 'pairing'; posName: string; code: string; expiresAt: number }
  | { kind: 'paired'; posName: string }
  /** The code on screen was burned by wrong tries: the banner says so instead of showing it. */
  | { kind: 'pairing-ended'; posName: string; reason: 'burned' }
  /** A POS asks for a refund that the manager approves (PIN) or declines on this screen: approveApiRefund. */
  | {
      kind: 'refund';
      requestId: string;
      posName: string;
      saleId: string;
      amountCents: number;
      reason: string;
    }
  /** That refund request was decided: the screen takes its banner down. */
  | { kind: 'refund-decided'; requestId: string; approved: boolean };

/** An on-screen refund request after the manager's decision. */
export interface ApiRefundDecision {
  requestId: string;
  state: 'declined' | 'pending' | 'succeeded' | 'failed';
  refundId: string | null;
}
