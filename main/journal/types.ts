/**
 * The journal's contract. The sale engine writes every state change here BEFORE the network call that depends
 * on it, and can rebuild all of its state from these rows alone. Times are UTC epoch milliseconds; money is
 * integer cents (AUD); `businessDate` is the counter's local calendar date (YYYY-MM-DD) when the row was made.
 */
import type { SalesInsightsView } from '../../contract/insights-views';
import type { PlatformTotalsView } from '../../contract/views';
import type { Platform } from '../shared/platform';
import type { RefundStatus as GatewayRefundStatus } from '../omipay/types';
import type { RefundElsewhereTable } from './refunds-elsewhere';
import type { RemoteRefundTable } from './remote-refunds';
import type { PeopleTable } from './tables/people';

export type SaleKind = 'scan' | 'qr' | 'jsapi';

/**
 * open        — amount entered, waiting for a payment code (or for the QR to be created)
 * in_progress — an attempt is being submitted or the customer is confirming (USERPAYING)
 * paid        — final: money taken
 * declined    — the last attempt was definitely declined; the cashier may retry with a fresh code
 * unresolved  — the outcome is not known yet; checked in the background until final; never forgotten
 * abandoned   — final: closed by the cashier with no attempt that could have taken money
 * failed      — final: settled by the resolver as not paid (e.g. an unresolved attempt ended FAILED/CANCELLED)
 * voided      — final for the shop: the customer paid another way. Its attempts are still followed; a payment
 *               that lands anyway is recorded (paidAttemptId) and refunded — the closed loop
 */
export type SaleStatus =
  'open' | 'in_progress' | 'paid' | 'declined' | 'unresolved' | 'abandoned' | 'failed' | 'voided';

/**
 * submitting — journalled; the request is about to be / has been sent and no reply is recorded (restart ⇒ unknown)
 * userpaying — the gateway said USERPAYING (order_no known); polling
 * pending    — merchant-presented QR/JSAPI order created, waiting for the customer
 * unknown    — the reply was lost (timeout, reset, 5xx, garbage, SYSTEM_ERROR): resolver settles it
 * paid       — final
 * declined   — final: a definite decline (NOT_ENOUGH, QRCODE_EXPIRED, …): no money moved
 * failed     — final: gateway reports FAILED / CANCELLED / CLOSED-before-paid for this order
 */
export type AttemptStatus =
  'submitting' | 'userpaying' | 'pending' | 'unknown' | 'paid' | 'declined' | 'failed';

/** Refund life: submitting/unknown/rejected are ours; the rest are Omipay's statuses upper-cased. */
export type RefundStatus = 'submitting' | 'unknown' | 'rejected' | GatewayRefundStatus;

export type Actor = 'cashier' | 'manager' | 'system' | 'gateway';

export interface SaleRow {
  id: string;
  posNo: string;
  kind: SaleKind;
  amountCents: number;
  currency: 'AUD';
  orderName: string;
  platform: Platform | null;
  status: SaleStatus;
  /** The attempt that took the money, when paid. */
  paidAttemptId: string | null;
  createdAt: number;
  updatedAt: number;
  paidAt: number | null;
  businessDate: string;
  /** Cashier-visible reason for the current status (error code or note), never a secret. */
  statusReason: string | null;
}

export interface AttemptRow {
  id: string;
  saleId: string;
  /** 1-based attempt number within its sale. */
  seq: number;
  kind: SaleKind;
  outOrderNo: string;
  /** The customer's payment code, kept so an unknown outcome can be re-submitted with the same code. */
  paymentCode: string | null;
  platform: Platform | null;
  status: AttemptStatus;
  orderNo: string | null;
  errorCode: string | null;
  errorDetail: string | null;
  orderTime: number | null;
  payTime: number | null;
  /** exchange_rate × 10^8 as a decimal string (exact). */
  exchangeRateScaled: string | null;
  payCurrency: string | null;
  cnyAmount: number | null;
  qrcode: string | null;
  payUrl: string | null;
  createdAt: number;
  updatedAt: number;
  lastCheckedAt: number | null;
  nextCheckAt: number | null;
  checkCount: number;
  /** How the final status became known: reply | query | notification | resubmit. */
  resolvedBy: string | null;
}

export type { RemoteRefundRow } from './remote-refunds';

/** What every refund ledger (`refunds`, `remote_refunds`) records about a refund and how it is followed. */
export interface RefundTracking {
  orderNo: string;
  outRefundNo: string;
  amountCents: number;
  reason: string;
  status: RefundStatus;
  refundNo: string | null;
  errorCode: string | null;
  errorDetail: string | null;
  refundTime: number | null;
  successTime: number | null;
  createdAt: number;
  updatedAt: number;
  lastCheckedAt: number | null;
  nextCheckAt: number | null;
  checkCount: number;
  businessDate: string;
}

export interface RefundRow extends RefundTracking {
  id: string;
  saleId: string;
  attemptId: string;
}

export interface EventRow {
  id: number;
  at: number;
  actor: Actor;
  type: string;
  entity: 'sale' | 'attempt' | 'refund' | 'manager' | 'settings' | 'day' | 'terminal';
  entityId: string | null;
  data: Record<string, unknown>;
  /** Who did it (migration 11); absent when nobody is recorded. */
  personId?: string | null;
}

export type NewEvent = Omit<EventRow, 'id'>;

export interface SaleSearch {
  /** Free text: matches an order_no / out_order_no (prefix) or an amount ("12.50"). */
  text?: string;
  orderNo?: string;
  outOrderNo?: string;
  amountCents?: number;
  from?: number;
  to?: number;
  /** Only sales recorded with this business date (the day report's); from/to may narrow it further. */
  businessDate?: string;
  statuses?: SaleStatus[];
  limit?: number;
  offset?: number;
}

export type SalePatch = Partial<
  Pick<SaleRow, 'status' | 'platform' | 'paidAttemptId' | 'paidAt' | 'statusReason'>
> & {
  /** The person who voided the sale (sales.voided_by, migration 11). */
  voidedBy?: string;
};
export type AttemptPatch = Partial<
  Omit<AttemptRow, 'id' | 'saleId' | 'seq' | 'kind' | 'outOrderNo' | 'createdAt' | 'updatedAt'>
>;
export type RefundPatch = Partial<
  Omit<
    RefundRow,
    | 'id'
    | 'saleId'
    | 'attemptId'
    | 'orderNo'
    | 'outRefundNo'
    | 'amountCents'
    | 'createdAt'
    | 'updatedAt'
    | 'businessDate'
  >
>;

/** One platform's line of a report: the journal counts exactly what the screens show (contract/views.ts). */
export type PlatformTotals = PlatformTotalsView;

/** A report's line for one person: sales they took, refunds they asked for (personId null: before people). */
export type PersonTotals = Omit<PlatformTotals, 'platform'> & {
  personId: string | null;
  name: string | null;
};

export interface DayReport {
  kind: 'X' | 'Z';
  businessDate: string;
  from: number;
  to: number;
  generatedAt: number;
  perPlatform: PlatformTotals[];
  totals: Omit<PlatformTotals, 'platform'>;
  /** The same lines per person (migration 11); absent on Zs frozen before it existed. */
  byPerson?: PersonTotals[];
  unresolved: SaleRow[];
  /**
   * Sales still unresolved that belong to an earlier shift (X, Z) or business date (day report): outside these
   * totals, listed so the report agrees with the status bar's count. Absent on Zs frozen before it existed.
   */
  unresolvedEarlier?: UnresolvedEarlier[];
  /** Refunds whose outcome is not final yet (counted in totals as refunded). */
  pendingRefunds: RefundRow[];
  /** Sales voided (the customer paid another way) with no payment landing: no money, listed for the count. */
  voidedCount: number;
}

/** A sale still unresolved from an earlier shift (null: recorded before shifts existed). */
export interface UnresolvedEarlier {
  row: SaleRow;
  fromSessionId: number | null;
}

/** A session (shift): from the first sale after a Z (or the first ever) to the next Z. */
export interface SessionRow {
  /** Running number across the terminal's life. */
  id: number;
  /** The business date it opened on. */
  businessDate: string;
  /** Its Z's number within that business date (1, 2, …). */
  seq: number;
  openedAt: number;
  closedAt: number | null;
  /** Sales whose outcome was not known when it closed (null while open). */
  unresolvedCount: number | null;
  /** true when the manager confirmed closing while sales were unresolved. */
  forced: boolean;
}

/** A sale or refund that changed status after its own session had closed, reported in the session it moved to. */
export interface CarriedRow<T> {
  row: T;
  fromSessionId: number;
}

/** X (open session, so far) or Z (frozen when the session closed) of one session. */
export interface SessionReport extends DayReport {
  session: SessionRow;
  /** Sales carried in from an earlier session (counted here when they turned paid). */
  carried: CarriedRow<SaleRow>[];
  /**
   * Refunds carried in from an earlier session, whose Z already counted them as refunded; one that then failed
   * is taken back out of this session's refund total.
   */
  carriedRefunds: CarriedRow<RefundRow>[];
}

export interface DayClose {
  id: number;
  businessDate: string;
  closedAt: number;
  report: DayReport;
  unresolvedCount: number;
  /** true when the manager confirmed closing while sales were unresolved. */
  forced: boolean;
}

export interface ManagerAuthState {
  pinHash: string | null;
  failedAttempts: number;
  lockedUntil: number | null;
}

export interface Journal {
  readonly path: string;
  /** IANA zone used for business dates (undefined = the system zone). Additive. */
  readonly timeZone: string | undefined;
  /**
   * The shop's zone changed (Settings): new sales, refunds, sessions, reports and exports use it from now on;
   * rows already written keep the business date they were given. Throws on a zone this runtime does not know.
   */
  setTimeZone(timeZone: string): void;
  close(): void;
  /** `PRAGMA integrity_check` lines; `['ok']` when the file is healthy. Additive. */
  integrityCheck(): string[];
  /** Runs fn in one IMMEDIATE transaction; everything inside commits durably together or not at all. */
  transaction<T>(fn: () => T): T;

  /** Unique forever: `${posNo}${yyMMdd}${installId4}${seq5}` (≤ 32 chars); seq survives restarts (kept in SQLite). */
  nextOutOrderNo(posNo: string, at: number): string;
  nextOutRefundNo(posNo: string, at: number): string;

  createSale(
    row: Omit<SaleRow, 'updatedAt' | 'paidAt' | 'paidAttemptId' | 'statusReason' | 'businessDate'> & {
      /** Who took it (sales.person_id); default: the person acting at the till. */
      personId?: string | null;
    },
  ): SaleRow;
  updateSale(id: string, patch: SalePatch, at: number): SaleRow;
  getSale(id: string): SaleRow | undefined;
  /** Sales not in a final status (open, in_progress, declined, unresolved). */
  listActiveSales(): SaleRow[];
  searchSales(query: SaleSearch): SaleRow[];

  createAttempt(
    row: Pick<
      AttemptRow,
      'id' | 'saleId' | 'kind' | 'outOrderNo' | 'paymentCode' | 'platform' | 'createdAt'
    > & {
      status?: AttemptStatus;
      personId?: string | null;
    },
  ): AttemptRow;
  updateAttempt(id: string, patch: AttemptPatch, at: number): AttemptRow;
  getAttempt(id: string): AttemptRow | undefined;
  listAttempts(saleId: string): AttemptRow[];
  findAttemptByOutOrderNo(outOrderNo: string): AttemptRow | undefined;
  findAttemptByOrderNo(orderNo: string): AttemptRow | undefined;
  /** Attempts whose outcome is not final (submitting, userpaying, pending, unknown). */
  listOpenAttempts(): AttemptRow[];

  createRefund(
    row: Omit<
      RefundRow,
      | 'updatedAt'
      | 'refundNo'
      | 'errorCode'
      | 'errorDetail'
      | 'refundTime'
      | 'successTime'
      | 'lastCheckedAt'
      | 'nextCheckAt'
      | 'checkCount'
      | 'businessDate'
    > & {
      /** Who asked for the refund and whose PIN approved it (migration 11). */
      requestedBy?: string | null;
      approvedBy?: string | null;
    },
  ): RefundRow;
  updateRefund(id: string, patch: RefundPatch, at: number): RefundRow;
  getRefund(id: string): RefundRow | undefined;
  listRefunds(saleId: string): RefundRow[];
  /** Refunds not in a final status. */
  listOpenRefunds(): RefundRow[];
  /**
   * Sum of refunds of a sale that did not fail (submitting/unknown/accepted/closed count against the limit),
   * those made at other tills of the store included as far as this till has heard (refundsElsewhere).
   */
  refundedCents(saleId: string): number;

  appendEvent(event: NewEvent): number;
  /** Oldest first. `since` is a time (at ≥ since); `afterId` pages by event id (additive). Limit default 1000. */
  listEvents(filter: {
    entity?: EventRow['entity'];
    entityId?: string;
    since?: number;
    afterId?: number;
    limit?: number;
  }): EventRow[];

  /**
   * Remembers a notification nonce until `expiresAt`; false when it was already seen and has not expired.
   * Kept in the journal so a restart or a gateway switch never accepts a nonce twice. Additive.
   */
  rememberNonce(nonce: string, now: number, expiresAt: number): boolean;

  getSetting<T>(key: string): T | undefined;
  setSetting(key: string, value: unknown): void;

  getManagerAuth(): ManagerAuthState;
  setManagerAuth(state: ManagerAuthState): void;

  /** X (kind 'X') or Z report over [from, to) for the business date. */
  report(kind: 'X' | 'Z', businessDate: string, at: number): DayReport;
  /** Legacy (before sessions): the one close of a business date. New closes are session closes. */
  recordDayClose(close: Omit<DayClose, 'id'>): DayClose;
  getDayClose(businessDate: string): DayClose | undefined;
  /** The open session, if any (the next sale opens one when none is). Additive. */
  currentSession(): SessionRow | undefined;
  getSession(id: number): SessionRow | undefined;
  /** Sessions opened on a business date, in order. */
  listSessions(businessDate: string): SessionRow[];
  /** The session a sale currently belongs to. */
  sessionOfSale(saleId: string): number | undefined;
  /** Live totals of one session (a closed one's figures can still move if a pending refund fails later). */
  sessionReport(kind: 'X' | 'Z', sessionId: number, at: number): SessionReport;
  /** Closes the open session with its Z, frozen; refuses a session that is not the open one. */
  /** closedBy: the person who closed it (sessions.closed_by, migration 11). */
  closeSession(sessionId: number, at: number, forced: boolean, closedBy?: string | null): SessionReport;
  /** The Z frozen when the session closed. */
  getSessionZ(sessionId: number): SessionReport | undefined;
  /** CSV (RFC 4180, UTF-8 with BOM for spreadsheet apps) of sales and refunds created in [from, to). */
  exportCsv(from: number, to: number): { salesCsv: string; refundsCsv: string };
  /** The sales and refunds recorded with this business date: the rows its day report counts. */
  exportDayCsv(businessDate: string): { salesCsv: string; refundsCsv: string };
  /**
   * A business-date range's sales by hour, day, platform and person, with CNY, and the range 7 days before
   * (insights.ts). At most 366 days; bad dates are refused with invalid_input. Additive.
   */
  salesInsights(range: { from: string; to: string }, at: number): SalesInsightsView;

  /**
   * The replication outbox (migration 6): records after `afterSeq`, oldest first, at most `limit`. Written only
   * by the journal's triggers; never changed or deleted. Additive.
   */
  outboxAfter(afterSeq: number, limit: number): OutboxRecord[];
  /** The journal's own identity (migration 8): a UUID made with the journal, never changed. Additive. */
  journalId(): string;
  /** The last outbox sequence (0 when empty). Additive. */
  outboxLastSeq(): number;

  /** Refunds this till sent for another till's sale (migration 7, refund anywhere). Additive. */
  readonly remoteRefunds: RemoteRefundTable;
  /** Refunds of this till's sales made at other tills, as the store server told it (migration 10). Additive. */
  readonly refundsElsewhere: RefundElsewhereTable;
  /** People at the counter, their PINs' lockouts and badges (migration 11). Additive. */
  readonly people: PeopleTable;
}

/** One change of a replicated row (docs/journal.md, "Replication outbox"); the wire's ReplicatedRecord. */
export interface OutboxRecord {
  seq: number;
  v: number;
  at: number;
  entity: string;
  entityId: string;
  op: 'upsert' | 'append';
  data: Record<string, unknown>;
}
