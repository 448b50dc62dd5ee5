/**
 * Refunds: journalled before sending, retried only with the same out_refund_no, tracked with QueryRefund until
 * Omipay calls them final — also across restarts. The refundable balance is checked and the refund row written
 * in one transaction, so two refunds racing on one sale can never exceed what was paid.
 */
import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import type { Journal, RefundPatch, RefundRow, RefundStatus } from '../journal/types';
import { isFailedRefundStatus, isOpenRefundStatus } from '../journal/status';
import type { PaymentGateway } from './gateway';
import { classifyRefundError } from './outcome';
import { EngineError } from './sale/context';
import { LATE_PAYMENT_REASON, REFUND_START, refundTransition, type RefundEvent } from './sale/lifecycle';
import { msg } from './messages';
import { newId } from './ids';
import { adaptiveSchedule, type PollSchedule } from './poll-schedule';

/** Final: Omipay will not change it again (CLOSED means the money went back; the rest mean it did not). */
export function isFinalRefundStatus(status: RefundStatus): boolean {
  return !isOpenRefundStatus(status);
}

export { isFailedRefundStatus } from '../journal/status';

/** What the engine follows a refund with: the fields that Refund and QueryRefund need and change. */
export type TrackedRefund = Pick<
  RefundRow,
  'id' | 'orderNo' | 'outRefundNo' | 'amountCents' | 'status' | 'refundNo' | 'checkCount' | 'nextCheckAt'
>;

/**
 * Where the engine's refund rows live: the journal's `refunds` by default; `remote_refunds` for a refund of
 * another till's sale (main/store-link/remote-refunds.ts), followed by exactly the same send/track code.
 */
export interface RefundLedger {
  get(id: string): TrackedRefund | undefined;
  update(id: string, patch: RefundPatch, at: number): void;
  listOpen(): TrackedRefund[];
}

export function journalRefundLedger(journal: Journal): RefundLedger {
  return {
    get: (id) => journal.getRefund(id),
    update: (id, patch, at) => void journal.updateRefund(id, patch, at),
    listOpen: () => journal.listOpenRefunds(),
  };
}

export interface RefundEngineOptions {
  journal: Journal;
  /** Default: the journal's refunds (journalRefundLedger). */
  ledger?: RefundLedger;
  gateway: PaymentGateway;
  posNo: string;
  schedule?: PollSchedule;
  /** First QueryRefund after an accepted refund. */
  trackFirstMs?: number;
  callTimeoutMs?: number;
  now?: () => number;
  log?: Logger;
}

/** The people on a refund: who asked for it, and whose PIN approved it. */
export interface RefundPeople {
  requestedBy: string | null;
  approvedBy: string | null;
}

export class RefundEngine {
  private readonly events = new EventEmitter();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly inflight = new Map<string, Promise<void>>();
  private readonly schedule: PollSchedule;
  private readonly now: () => number;
  private readonly ledger: RefundLedger;
  private closed = false;

  constructor(private readonly opts: RefundEngineOptions) {
    this.ledger = opts.ledger ?? journalRefundLedger(opts.journal);
    this.schedule = opts.schedule ?? adaptiveSchedule({ backgroundFirstMs: opts.trackFirstMs ?? 3_000 });
    this.now = opts.now ?? Date.now;
  }

  /** Settings changed by the manager: applies to every call from now on. */
  reconfigure(p: Partial<Pick<RefundEngineOptions, 'posNo' | 'callTimeoutMs'>>): void {
    Object.assign(this.opts, p);
  }

  on(listener: (refundId: string) => void): () => void {
    this.events.on('refund', listener);
    return () => this.events.off('refund', listener);
  }

  refundableCents(saleId: string): number {
    const sale = this.opts.journal.getSale(saleId);
    if (!sale || sale.status !== 'paid') return 0;
    return sale.amountCents - this.opts.journal.refundedCents(saleId);
  }

  /**
   * Journals and sends one refund. The caller has already authorised the manager. Resolves with the refund as it
   * stands after the first reply (accepted, rejected, or unknown — then retried in the background).
   */
  async refund(
    saleId: string,
    amountCents: number,
    reason: string,
    actor = 'manager',
    /** A number the store server reserved for this refund (refund anywhere); default the till's own next. */
    reserved?: { outRefundNo: string },
    /** Who asked for it and whose PIN approved it (refunds.requested_by / approved_by). */
    who?: RefundPeople,
  ): Promise<RefundRow> {
    const { journal } = this.opts;
    if (!Number.isSafeInteger(amountCents) || amountCents <= 0) {
      throw new EngineError('AMOUNT_INVALID', msg.amountInvalid);
    }
    const at = this.now();
    const row = journal.transaction(() => {
      const sale = journal.getSale(saleId);
      if (!sale) throw new EngineError('SALE_NOT_FOUND', msg.saleNotFound);
      if (sale.status !== 'paid' || !sale.paidAttemptId)
        throw new EngineError('ORDER_NOT_PAID', msg.refundNotPaid);
      const attempt = journal.getAttempt(sale.paidAttemptId);
      if (!attempt?.orderNo) throw new EngineError('NO_ORDER_NO', msg.refundNoOrder);
      const left = sale.amountCents - journal.refundedCents(saleId);
      if (amountCents > left) {
        throw new EngineError(
          'AMOUNT_OVER_LIMIT',
          msg.refundOverLimit,
          `refundable ${left}, asked ${amountCents}`,
        );
      }
      const outRefundNo = reserved?.outRefundNo ?? journal.nextOutRefundNo(this.opts.posNo, at);
      const start = {
        saleId,
        attemptId: attempt.id,
        orderNo: attempt.orderNo,
        outRefundNo,
        amountCents,
        reason,
      };
      const event = { saleId, amountCents, outRefundNo, reason, ...(reserved ? { reserved: true } : {}) };
      return this.journalStart(start, at, actor === 'manager' ? 'manager' : 'system', who, event);
    });
    this.emit(row.id);
    await this.send(row.id);
    return this.require(row.id);
  }

  /**
   * The full refund of a payment that landed after the shop gave the sale up (voided). Its out_refund_no is
   * derived from the paid attempt, so however often this runs — after a crash, twice at once — the journal's
   * unique index and the gateway see one refund. Returns the existing one when it was already journalled.
   */
  /** who: set when a person decided it (a held late payment); the automatic refund names nobody. */
  async refundLatePayment(saleId: string, who?: RefundPeople): Promise<RefundRow> {
    const { journal } = this.opts;
    const at = this.now();
    const row = journal.transaction(() => {
      const sale = journal.getSale(saleId);
      if (!sale) throw new EngineError('SALE_NOT_FOUND', msg.saleNotFound);
      if (sale.status !== 'voided' || !sale.paidAttemptId)
        throw new EngineError('ORDER_NOT_PAID', msg.refundNotPaid, 'no late payment on this sale');
      const attempt = journal.getAttempt(sale.paidAttemptId);
      if (!attempt?.orderNo) throw new EngineError('NO_ORDER_NO', msg.refundNoOrder);
      const refunds = journal.listRefunds(saleId);
      const live = refunds.find((r) => r.reason === LATE_PAYMENT_REASON && !isFailedRefundStatus(r.status));
      if (live) return live;
      if (journal.refundedCents(saleId) > 0)
        throw new EngineError('AMOUNT_OVER_LIMIT', msg.refundOverLimit, 'sale already has refunds');
      const derived = `${attempt.outOrderNo}L`;
      // The first automatic refund uses the derived number; a retry after a refusal needs a fresh one.
      const outRefundNo = refunds.some((r) => r.outRefundNo === derived)
        ? journal.nextOutRefundNo(this.opts.posNo, at)
        : derived;
      const amountCents = sale.amountCents;
      const start = { saleId, attemptId: attempt.id, orderNo: attempt.orderNo, outRefundNo, amountCents };
      const event = { saleId, amountCents, outRefundNo, reason: 'late_payment' };
      return this.journalStart({ ...start, reason: LATE_PAYMENT_REASON }, at, 'system', who, event);
    });
    if (isFinalRefundStatus(row.status)) return row;
    this.emit(row.id);
    await this.step(row.id);
    return this.require(row.id);
  }

  /** Journals a refund at its first status, and the event saying who started it (in the caller's transaction). */
  private journalStart(
    r: {
      saleId: string;
      attemptId: string;
      orderNo: string;
      outRefundNo: string;
      amountCents: number;
      reason: string;
    },
    at: number,
    actor: 'manager' | 'system',
    who: RefundPeople | undefined,
    data: Record<string, unknown>,
  ): RefundRow {
    const { journal } = this.opts;
    const refund = journal.createRefund({
      id: newId('R', at),
      ...r,
      status: REFUND_START.status,
      createdAt: at,
      requestedBy: who?.requestedBy ?? null,
      approvedBy: who?.approvedBy ?? null,
    });
    journal.appendEvent({
      at,
      actor,
      personId: who?.approvedBy ?? null,
      type: REFUND_START.journal,
      entity: 'refund',
      entityId: refund.id,
      data,
    });
    return refund;
  }

  /** Resumes every refund that is not final (start-up). */
  recover(): void {
    for (const r of this.ledger.listOpen()) {
      const delay = r.status === 'submitting' ? 0 : Math.max(0, (r.nextCheckAt ?? 0) - this.now());
      this.schedule_(r.id, delay);
    }
  }

  async checkNow(refundId: string): Promise<void> {
    await this.step(refundId);
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  async idle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight.values()]);
  }

  // ——— internals ———

  private step(refundId: string): Promise<void> {
    const running = this.inflight.get(refundId);
    if (running) return running;
    const r = this.tracked(refundId);
    const p = (
      r.status === 'submitting' || r.status === 'unknown' || !r.refundNo
        ? this.send(refundId)
        : this.track(refundId)
    ).finally(() => this.inflight.delete(refundId));
    this.inflight.set(refundId, p);
    return p;
  }

  /** Sends (or re-sends, with the same out_refund_no) the Refund call. */
  private async send(refundId: string): Promise<void> {
    const r = this.tracked(refundId);
    if (isFinalRefundStatus(r.status)) return;
    try {
      const reply = await this.opts.gateway.refund(
        { orderNo: r.orderNo, outRefundNo: r.outRefundNo, amount: r.amountCents },
        { timeoutMs: this.opts.callTimeoutMs ?? 20_000 },
      );
      this.patch(
        refundId,
        'accepted',
        {
          refundNo: reply.refundNo,
          refundTime: reply.refundTime,
          errorCode: null,
          errorDetail: null,
        },
        { refundNo: reply.refundNo },
      );
      this.schedule_(refundId, this.schedule.backgroundDelay(0));
    } catch (err) {
      const outcome = classifyRefundError(err);
      if (outcome.kind === 'rejected') {
        this.patch(
          refundId,
          'rejected',
          { errorCode: outcome.code, errorDetail: outcome.detail.slice(0, 500), nextCheckAt: null },
          { code: outcome.code },
        );
      } else {
        const fresh = this.tracked(refundId);
        this.patch(
          refundId,
          'unknown',
          {
            errorCode: outcome.code,
            errorDetail: outcome.detail.slice(0, 500),
            checkCount: fresh.checkCount + 1,
          },
          { code: outcome.code },
        );
        this.schedule_(refundId, this.schedule.backgroundDelay(fresh.checkCount));
      }
    }
  }

  private async track(refundId: string): Promise<void> {
    const r = this.tracked(refundId);
    if (isFinalRefundStatus(r.status) || !r.refundNo) return;
    const at = this.now();
    try {
      const s = await this.opts.gateway.queryRefund(
        { refundNo: r.refundNo },
        { timeoutMs: this.opts.callTimeoutMs ?? 20_000 },
      );
      const status = s.status as RefundStatus;
      if (status !== r.status) {
        this.patch(
          refundId,
          'gateway_status',
          { successTime: s.successTime, lastCheckedAt: at, checkCount: r.checkCount + 1 },
          { status },
          status,
        );
      } else {
        this.ledger.update(refundId, { lastCheckedAt: at, checkCount: r.checkCount + 1 }, at);
      }
    } catch (err) {
      this.opts.log?.warn({ refundId, err: String(err) }, 'QueryRefund failed');
      this.ledger.update(refundId, { lastCheckedAt: at, checkCount: r.checkCount + 1 }, at);
    }
    const fresh = this.tracked(refundId);
    if (!isFinalRefundStatus(fresh.status))
      this.schedule_(refundId, this.schedule.backgroundDelay(fresh.checkCount));
  }

  private schedule_(refundId: string, delayMs: number): void {
    if (this.closed) return;
    const existing = this.timers.get(refundId);
    if (existing) clearTimeout(existing);
    const at = this.now();
    this.ledger.update(refundId, { nextCheckAt: at + delayMs }, at);
    const t = setTimeout(() => {
      this.timers.delete(refundId);
      if (!this.closed)
        void this.step(refundId).catch((err: unknown) => this.opts.log?.error({ err: String(err) }));
    }, delayMs);
    t.unref?.();
    this.timers.set(refundId, t);
  }

  /** Every refund status change: looked up in the lifecycle table, then written with its event. */
  private patch(
    refundId: string,
    event: RefundEvent,
    patch: Omit<Parameters<Journal['updateRefund']>[1], 'status'>,
    data: Record<string, unknown>,
    gatewayStatus?: RefundStatus,
  ): void {
    const at = this.now();
    this.opts.journal.transaction(() => {
      const t = refundTransition(this.tracked(refundId).status, event, gatewayStatus);
      this.ledger.update(refundId, { ...patch, status: t.to }, at);
      this.opts.journal.appendEvent({
        at,
        actor: 'system',
        type: t.journal,
        entity: 'refund',
        entityId: refundId,
        data,
      });
    });
    this.emit(refundId);
  }

  private emit(refundId: string): void {
    this.events.emit('refund', refundId);
  }

  private tracked(refundId: string): TrackedRefund {
    const r = this.ledger.get(refundId);
    if (!r) throw new EngineError('REFUND_NOT_FOUND', msg.saleNotFound, `refund ${refundId}`);
    return r;
  }

  private require(refundId: string): RefundRow {
    const r = this.opts.journal.getRefund(refundId);
    if (!r) throw new EngineError('REFUND_NOT_FOUND', msg.saleNotFound, `refund ${refundId}`);
    return r;
  }
}
