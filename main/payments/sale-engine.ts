/**
 * The sale engine: one active sale per terminal, every state change journalled before the network call that
 * depends on it, and every sale followed until its outcome is final — also across restarts.
 *
 * Money-safety invariants:
 *  - an attempt (out_order_no + payment code) is committed before MakeScanOrder is sent;
 *  - a sale is never marked failed/declined while the gateway may have charged it;
 *  - an unknown outcome is settled by QueryOrder when the order_no is known, otherwise by re-submitting the SAME
 *    out_order_no and code (the gateway answers ORDER_PAID / USERPAYING for an order it already has), so one
 *    sale can never be charged twice;
 *  - a new attempt (new out_order_no) is only made after every earlier attempt of the sale is final and unpaid.
 */
import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import type { Bilingual } from '../shared/bilingual';
import type { Platform } from '../shared/platform';
import type { Journal, AttemptRow, SaleRow, AttemptPatch } from '../journal/types';
import { isOpenAttemptStatus } from '../journal/status';
import type { OrderStatusResult, PaymentNotification } from '../omipay';
import type { PaymentGateway } from './gateway';
import { adaptiveSchedule, type PollSchedule } from './poll-schedule';
import { classifyPaymentError, type CallOutcome } from './outcome';
import { msg } from './messages';
import { newId } from './ids';
import { recognisePaymentCode } from '../scanner/payment-code';

export interface SaleEngineOptions {
  journal: Journal;
  gateway: PaymentGateway;
  posNo: string;
  /** Shown to the customer in their wallet. */
  orderName: string;
  maxAmountCents: number;
  /** How long the cashier's screen waits for a confirming customer before the sale goes to the background. */
  maxWaitMs?: number;
  schedule?: PollSchedule;
  /** Per gateway call; a reply slower than this is an unknown outcome. */
  callTimeoutMs?: number;
  notifyUrl?: string;
  /** Where a JSAPI payment page sends the customer afterwards. */
  jsapiRedirectUrl?: string;
  now?: () => number;
  log?: Logger;
}

export type EngineEvent =
  | { type: 'sale'; saleId: string }
  | { type: 'unresolved-count'; count: number }
  | { type: 'gateway-call'; ok: boolean; code: string | null };

export class EngineError extends Error {
  constructor(
    readonly code: string,
    readonly userMessage: Bilingual,
    detail?: string,
  ) {
    super(detail ?? userMessage.en);
    this.name = 'EngineError';
  }
}

type ScanOutcome = CallOutcome | { kind: 'paid'; orderNo: string; orderTime: number | null };

export class SaleEngine {
  private readonly journal: Journal;
  private readonly gateway: PaymentGateway;
  private readonly opts: Required<Pick<SaleEngineOptions, 'maxWaitMs' | 'callTimeoutMs'>> & SaleEngineOptions;
  private readonly schedule: PollSchedule;
  private readonly now: () => number;
  private readonly events = new EventEmitter();
  private activeSaleId: string | null = null;
  /** Foreground deadlines (countdown) per attempt; memory only: after a restart the wait is in the background. */
  private readonly deadlines = new Map<string, number>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** One gateway check per attempt at a time; later callers share the running one. */
  private readonly inflight = new Map<string, Promise<void>>();
  private readonly foreground = new Set<string>();
  private closed = false;

  constructor(options: SaleEngineOptions) {
    this.journal = options.journal;
    this.gateway = options.gateway;
    this.opts = { maxWaitMs: 60_000, callTimeoutMs: 20_000, ...options };
    this.schedule = options.schedule ?? adaptiveSchedule();
    this.now = options.now ?? Date.now;
    this.events.setMaxListeners(100);
  }

  /** Settings changed by the manager: applies to every call from now on. */
  reconfigure(
    p: Partial<
      Pick<
        SaleEngineOptions,
        'posNo' | 'orderName' | 'maxAmountCents' | 'maxWaitMs' | 'callTimeoutMs' | 'notifyUrl'
      >
    >,
  ): void {
    Object.assign(this.opts, p);
  }

  on(listener: (event: EngineEvent) => void): () => void {
    this.events.on('event', listener);
    return () => this.events.off('event', listener);
  }

  get activeSale(): SaleRow | null {
    return this.activeSaleId ? (this.journal.getSale(this.activeSaleId) ?? null) : null;
  }

  waitDeadline(attemptId: string): number | null {
    return this.deadlines.get(attemptId) ?? null;
  }

  /** Rebuilds in-memory state from the journal and resumes every unfinished attempt. */
  recover(): void {
    const active = this.journal
      .listActiveSales()
      .filter((s) => s.status === 'open' || s.status === 'declined' || s.status === 'in_progress')
      .sort((a, b) => b.createdAt - a.createdAt);
    this.activeSaleId = active[0]?.id ?? null;
    for (const attempt of this.journal.listOpenAttempts()) {
      const sale = this.journal.getSale(attempt.saleId);
      if (!sale) continue;
      // The foreground wait died with the old process: whatever was in progress is now a background check.
      if (sale.status === 'in_progress') {
        this.journal.transaction(() => {
          this.journal.updateSale(sale.id, { status: 'unresolved', statusReason: 'RESTARTED' }, this.now());
          this.journal.appendEvent({
            at: this.now(),
            actor: 'system',
            type: 'sale.unresolved_after_restart',
            entity: 'sale',
            entityId: sale.id,
            data: { attemptId: attempt.id, attemptStatus: attempt.status },
          });
        });
      }
      const delay =
        attempt.status === 'submitting' ? 0 : Math.max(0, (attempt.nextCheckAt ?? 0) - this.now());
      this.scheduleBackground(attempt.id, delay);
    }
    this.emitUnresolvedCount();
  }

  /** Starts a sale for an amount in cents. An open sale with nothing in flight is replaced (amount corrected). */
  startSale(amountCents: number, kind: 'scan' | 'qr' | 'jsapi' = 'scan'): SaleRow {
    this.assertOpen();
    if (!Number.isSafeInteger(amountCents) || amountCents <= 0) {
      throw new EngineError('AMOUNT_INVALID', msg.amountInvalid);
    }
    if (amountCents > this.opts.maxAmountCents) throw new EngineError('AMOUNT_TOO_LARGE', msg.amountTooLarge);
    const current = this.activeSale;
    if (current?.status === 'in_progress') throw new EngineError('SALE_BUSY', msg.saleBusy);
    const at = this.now();
    const sale = this.journal.transaction(() => {
      if (current && (current.status === 'open' || current.status === 'declined')) {
        this.abandonInTx(current, at);
      }
      const row = this.journal.createSale({
        id: newId('S', at),
        posNo: this.opts.posNo,
        kind,
        amountCents,
        currency: 'AUD',
        orderName: this.opts.orderName,
        platform: null,
        status: 'open',
        createdAt: at,
      });
      this.journal.appendEvent({
        at,
        actor: 'cashier',
        type: 'sale.started',
        entity: 'sale',
        entityId: row.id,
        data: { amountCents, kind },
      });
      return row;
    });
    if (current && current.id !== sale.id) this.emitSale(current.id);
    this.activeSaleId = sale.id;
    this.emitSale(sale.id);
    return sale;
  }

  /** Closes an open or declined sale; refused while money may be moving. */
  clearSale(saleId: string): void {
    const sale = this.requireSale(saleId);
    if (sale.status === 'open' || sale.status === 'declined') {
      this.journal.transaction(() => this.abandonInTx(sale, this.now()));
      this.emitSale(sale.id);
    } else if (sale.status === 'in_progress') {
      throw new EngineError('SALE_BUSY', msg.cannotClearMoneyMayMove);
    }
    if (this.activeSaleId === saleId) this.activeSaleId = null;
  }

  /**
   * A payment code for a sale (from a scanner, the wedge detector or typed). Journals the attempt, then sends it;
   * returns once the attempt is safely recorded — the outcome follows as events.
   */
  submitCode(
    saleId: string,
    rawCode: string,
  ): { sale: SaleRow; attempt: AttemptRow; settled: Promise<void> } {
    this.assertOpen();
    const recognised = recognisePaymentCode(rawCode);
    if (!recognised.ok) throw new EngineError('CODE_REJECTED', recognised.message);
    const sale = this.requireSale(saleId);
    if (sale.status === 'in_progress') throw new EngineError('SALE_BUSY', msg.saleBusy);
    if (sale.status === 'paid') throw new EngineError('SALE_PAID', msg.scanWhilePaid);
    if (sale.status !== 'open' && sale.status !== 'declined') {
      throw new EngineError('SALE_NOT_ACCEPTING_CODE', msg.saleNotAcceptingCode);
    }
    if (sale.kind !== 'scan') throw new EngineError('SALE_NOT_ACCEPTING_CODE', msg.saleNotAcceptingCode);
    const at = this.now();
    const attempt = this.journal.transaction(() => {
      const outOrderNo = this.journal.nextOutOrderNo(this.opts.posNo, at);
      const row = this.journal.createAttempt({
        id: newId('A', at),
        saleId,
        kind: 'scan',
        outOrderNo,
        paymentCode: recognised.code,
        platform: recognised.platform,
        createdAt: at,
        status: 'submitting',
      });
      this.journal.updateSale(
        saleId,
        { status: 'in_progress', platform: recognised.platform, statusReason: null },
        at,
      );
      this.journal.appendEvent({
        at,
        actor: 'cashier',
        type: 'attempt.created',
        entity: 'attempt',
        entityId: row.id,
        data: { saleId, outOrderNo, platform: recognised.platform, seq: row.seq },
      });
      return row;
    });
    this.foreground.add(attempt.id);
    this.emitSale(saleId);
    const settled = this.runScanAttempt(attempt.id).catch((err: unknown) => {
      this.opts.log?.error({ err: String(err), attemptId: attempt.id }, 'attempt flow failed');
    });
    return { sale: this.requireSale(saleId), attempt, settled };
  }

  /** Merchant-presented QR (or JSAPI) sale: creates the order and waits for the customer. */
  async startQrSale(
    amountCents: number,
    platform: Platform,
    kind: 'qr' | 'jsapi',
  ): Promise<{ sale: SaleRow; attempt: AttemptRow }> {
    const sale = this.startSale(amountCents, kind);
    const at = this.now();
    const attempt = this.journal.transaction(() => {
      const outOrderNo = this.journal.nextOutOrderNo(this.opts.posNo, at);
      const row = this.journal.createAttempt({
        id: newId('A', at),
        saleId: sale.id,
        kind,
        outOrderNo,
        paymentCode: null,
        platform: kind === 'qr' ? platform : null,
        createdAt: at,
        status: 'submitting',
      });
      this.journal.updateSale(sale.id, { status: 'in_progress', platform: row.platform }, at);
      this.journal.appendEvent({
        at,
        actor: 'cashier',
        type: 'attempt.created',
        entity: 'attempt',
        entityId: row.id,
        data: { saleId: sale.id, outOrderNo, kind, platform },
      });
      return row;
    });
    this.foreground.add(attempt.id);
    this.emitSale(sale.id);
    try {
      const params = {
        orderName: sale.orderName,
        amount: sale.amountCents,
        outOrderNo: attempt.outOrderNo,
        ...(this.opts.notifyUrl ? { notifyUrl: this.opts.notifyUrl } : {}),
      };
      const created =
        kind === 'qr'
          ? await this.gateway.makeQROrder({ ...params, platform }, this.callOptions())
          : await this.gateway.makeJSAPIOrder(
              { ...params, redirectUrl: this.opts.jsapiRedirectUrl ?? 'https://www.omipay.com.au/' },
              this.callOptions(),
            );
      this.gatewayOk();
      const qrcode = 'qrcode' in created ? created.qrcode : null;
      this.patchAttempt(
        attempt.id,
        {
          status: 'pending',
          orderNo: created.orderNo,
          qrcode,
          payUrl: created.payUrl ?? null,
        },
        'attempt.qr_created',
        { orderNo: created.orderNo },
      );
      this.deadlines.set(attempt.id, this.now() + this.opts.maxWaitMs * 3);
      this.emitSale(sale.id);
      void this.runForegroundWait(attempt.id);
    } catch (err) {
      this.gatewayFailed(err);
      // No QR was ever shown, so no customer can have paid this order: it is safe to call it declined.
      const outcome = classifyPaymentError(err);
      const code =
        outcome.kind === 'not_charged' || outcome.kind === 'unknown' ? outcome.code : 'SYSTEM_ERROR';
      this.settleNotCharged(attempt.id, code, errorDetail(err), 'reply');
    }
    return { sale: this.requireSale(sale.id), attempt: this.requireAttempt(attempt.id) };
  }

  /** The cashier stops waiting: the sale is checked in the background from now on (Omipay has no cancel). */
  stopWaiting(saleId: string): SaleRow {
    const sale = this.requireSale(saleId);
    if (sale.status !== 'in_progress') return sale;
    const open = this.journal.listAttempts(saleId).find((a) => isOpenAttemptStatus(a.status));
    const at = this.now();
    this.journal.transaction(() => {
      this.journal.updateSale(saleId, { status: 'unresolved', statusReason: 'STOPPED_WAITING' }, at);
      this.journal.appendEvent({
        at,
        actor: 'cashier',
        type: 'sale.stopped_waiting',
        entity: 'sale',
        entityId: saleId,
        data: { attemptId: open?.id ?? null },
      });
    });
    if (open) {
      this.foreground.delete(open.id);
      this.deadlines.delete(open.id);
      this.scheduleBackground(open.id, this.schedule.backgroundDelay(0));
    }
    this.emitSale(saleId);
    this.emitUnresolvedCount();
    return this.requireSale(saleId);
  }

  /** Checks every open attempt of a sale right now (manager "check now", reconciliation). */
  async checkNow(saleId: string): Promise<void> {
    this.requireSale(saleId);
    const open = this.journal.listAttempts(saleId).filter((a) => isOpenAttemptStatus(a.status));
    await Promise.all(open.map((a) => this.check(a.id)));
    for (const a of open) {
      const fresh = this.requireAttempt(a.id);
      if (isOpenAttemptStatus(fresh.status) && !this.foreground.has(a.id)) {
        this.scheduleBackground(a.id, this.schedule.backgroundDelay(fresh.checkCount));
      }
    }
  }

  /** Applies a verified payment notification after cross-checking it against the journal. */
  applyNotification(n: PaymentNotification): { applied: boolean; reason: string } {
    const attempt = this.journal.findAttemptByOutOrderNo(n.outOrderNo);
    if (!attempt) return { applied: false, reason: 'unknown out_order_no' };
    if (attempt.orderNo && attempt.orderNo !== n.orderNo)
      return { applied: false, reason: 'order_no mismatch' };
    const sale = this.requireSale(attempt.saleId);
    if (n.amount !== sale.amountCents || (n.currency && n.currency !== 'AUD')) {
      this.journal.appendEvent({
        at: this.now(),
        actor: 'gateway',
        type: 'notification.mismatch',
        entity: 'attempt',
        entityId: attempt.id,
        data: { orderNo: n.orderNo, amount: n.amount, expected: sale.amountCents },
      });
      // Do not trust it; ask the gateway itself instead.
      if (isOpenAttemptStatus(attempt.status)) this.scheduleBackground(attempt.id, 0);
      return { applied: false, reason: 'amount mismatch' };
    }
    if (attempt.status === 'paid') return { applied: true, reason: 'already paid' };
    this.settlePaid(
      attempt.id,
      {
        orderNo: n.orderNo,
        orderTime: n.orderTime,
        payTime: n.payTime,
        exchangeRateScaled: n.exchangeRate ? n.exchangeRate.scaled.toString() : null,
        payCurrency: n.payCurrency,
        cnyAmount: n.cnyAmount,
      },
      'notification',
    );
    return { applied: true, reason: 'paid' };
  }

  unresolvedCount(): number {
    return this.journal.listActiveSales().filter((s) => s.status === 'unresolved').length;
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  /** Resolves once no check is running (tests and shutdown). */
  async idle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight.values()]);
  }

  // ——— attempt flows ———

  private async runScanAttempt(attemptId: string): Promise<void> {
    const attempt = this.requireAttempt(attemptId);
    const sale = this.requireSale(attempt.saleId);
    const outcome = await this.sendScanOrder(sale, attempt);
    // The countdown starts with the reply, so the first event already carries it.
    if (outcome.kind === 'userpaying' || outcome.kind === 'unknown') {
      this.deadlines.set(attemptId, this.now() + this.opts.maxWaitMs);
    }
    this.applyScanOutcome(attemptId, outcome, 'reply');
    const after = this.requireAttempt(attemptId);
    if (isOpenAttemptStatus(after.status)) await this.runForegroundWait(attemptId);
  }

  private applyScanOutcome(attemptId: string, outcome: ScanOutcome, via: string): void {
    switch (outcome.kind) {
      case 'paid':
        this.settlePaid(attemptId, { orderNo: outcome.orderNo, orderTime: outcome.orderTime }, via);
        return;
      case 'already_paid':
        if (outcome.orderNo) {
          // Confirm with QueryOrder (amount included) before believing it: an out_order_no reused by another
          // terminal or a restored install must never turn this sale into "paid".
          this.patchAttempt(
            attemptId,
            { status: 'unknown', orderNo: outcome.orderNo, errorCode: 'ORDER_PAID' },
            'attempt.order_paid_reported',
            { orderNo: outcome.orderNo },
          );
        } else {
          this.settlePaid(attemptId, {}, via);
        }
        return;
      case 'userpaying':
        this.patchAttempt(
          attemptId,
          {
            status: 'userpaying',
            ...(outcome.orderNo ? { orderNo: outcome.orderNo } : {}),
            errorCode: 'USERPAYING',
          },
          'attempt.userpaying',
          { orderNo: outcome.orderNo },
        );
        return;
      case 'not_charged':
        this.settleNotCharged(attemptId, outcome.code, outcome.detail, via);
        return;
      case 'unknown':
        this.patchAttempt(
          attemptId,
          {
            status: 'unknown',
            errorCode: outcome.code,
            errorDetail: outcome.detail.slice(0, 500),
            // e.g. ORDER_CLOSED with its order_no: from now on QueryOrder can settle it.
            ...(outcome.orderNo ? { orderNo: outcome.orderNo } : {}),
          },
          'attempt.outcome_unknown',
          { code: outcome.code },
        );
        return;
    }
  }

  /** MakeScanOrder for an attempt: the first send and every re-submission use the same out_order_no and code. */
  private async sendScanOrder(sale: SaleRow, attempt: AttemptRow): Promise<ScanOutcome> {
    try {
      const reply = await this.gateway.makeScanOrder(
        {
          orderName: sale.orderName,
          amount: sale.amountCents,
          qrcode: attempt.paymentCode ?? '',
          posNo: this.opts.posNo,
          outOrderNo: attempt.outOrderNo,
          ...(this.opts.notifyUrl ? { notifyUrl: this.opts.notifyUrl } : {}),
        },
        this.callOptions(),
      );
      this.gatewayOk();
      return { kind: 'paid', orderNo: reply.orderNo, orderTime: reply.orderTime };
    } catch (err) {
      this.gatewayFailed(err);
      return classifyPaymentError(err);
    }
  }

  /** Polls in the foreground until final or the deadline; then hands over to the background. */
  private async runForegroundWait(attemptId: string): Promise<void> {
    const started = this.now();
    let n = 0;
    while (!this.closed && this.foreground.has(attemptId)) {
      const attempt = this.requireAttempt(attemptId);
      if (!isOpenAttemptStatus(attempt.status)) break;
      const deadline = this.deadlines.get(attemptId) ?? started + this.opts.maxWaitMs;
      const waited = this.now() - started;
      const delay = this.schedule.foregroundDelay(n++, waited);
      if (this.now() + delay > deadline) {
        await sleep(Math.max(0, deadline - this.now()));
        if (!this.foreground.has(attemptId)) break;
        await this.check(attemptId);
        break;
      }
      await sleep(delay);
      if (!this.foreground.has(attemptId) || this.closed) break;
      await this.check(attemptId);
    }
    if (this.closed) return;
    const attempt = this.requireAttempt(attemptId);
    const wasForeground = this.foreground.delete(attemptId);
    this.deadlines.delete(attemptId);
    if (!isOpenAttemptStatus(attempt.status) || !wasForeground) return;
    const sale = this.requireSale(attempt.saleId);
    if (sale.status === 'in_progress') {
      const at = this.now();
      this.journal.transaction(() => {
        this.journal.updateSale(
          sale.id,
          { status: 'unresolved', statusReason: attempt.errorCode ?? 'TIMEOUT' },
          at,
        );
        this.journal.appendEvent({
          at,
          actor: 'system',
          type: 'sale.unresolved',
          entity: 'sale',
          entityId: sale.id,
          data: { attemptId, attemptStatus: attempt.status },
        });
      });
      this.emitSale(sale.id);
      this.emitUnresolvedCount();
    }
    this.scheduleBackground(attemptId, this.schedule.backgroundDelay(0));
  }

  /** One gateway check of an open attempt: QueryOrder when the order is known, else re-submit the same order. */
  private check(attemptId: string): Promise<void> {
    const running = this.inflight.get(attemptId);
    if (running) return running;
    const p = this.checkOnce(attemptId).finally(() => this.inflight.delete(attemptId));
    this.inflight.set(attemptId, p);
    return p;
  }

  private async checkOnce(attemptId: string): Promise<void> {
    const attempt = this.requireAttempt(attemptId);
    if (!isOpenAttemptStatus(attempt.status)) return;
    const at = this.now();
    this.journal.updateAttempt(attemptId, { lastCheckedAt: at, checkCount: attempt.checkCount + 1 }, at);
    if (attempt.orderNo) {
      let status: OrderStatusResult;
      try {
        status = await this.gateway.queryOrder({ orderNo: attempt.orderNo }, this.callOptions());
        this.gatewayOk();
      } catch (err) {
        this.gatewayFailed(err);
        return; // still unknown; the caller decides when to ask again
      }
      this.applyOrderStatus(attemptId, status);
      return;
    }
    if (attempt.kind !== 'scan' || !attempt.paymentCode) {
      // A QR order whose creation reply was lost: nobody saw a QR, so nobody can have paid it.
      this.settleNotCharged(
        attemptId,
        attempt.errorCode ?? 'SYSTEM_ERROR',
        'QR order was never shown',
        'query',
      );
      return;
    }
    const sale = this.requireSale(attempt.saleId);
    const outcome = await this.sendScanOrder(sale, attempt);
    this.journal.appendEvent({
      at: this.now(),
      actor: 'system',
      type: 'attempt.resubmitted',
      entity: 'attempt',
      entityId: attemptId,
      data: { outcome: outcome.kind, code: 'code' in outcome ? outcome.code : null },
    });
    // A re-submission that only says "unknown" again leaves the attempt as it was, but keeps an order_no it names.
    if (outcome.kind === 'unknown') {
      if (outcome.orderNo) this.journal.updateAttempt(attemptId, { orderNo: outcome.orderNo }, this.now());
      return;
    }
    this.applyScanOutcome(attemptId, outcome, 'resubmit');
  }

  private applyOrderStatus(attemptId: string, s: OrderStatusResult): void {
    const attempt = this.requireAttempt(attemptId);
    const sale = this.requireSale(attempt.saleId);
    const mismatch =
      (s.amount !== null && s.amount !== sale.amountCents) ||
      (s.outOrderNo !== null && s.outOrderNo !== '' && s.outOrderNo !== attempt.outOrderNo);
    if (mismatch) {
      // The gateway's order is not this sale's: settle nothing, keep it in front of the manager.
      if (attempt.errorCode !== 'ORDER_MISMATCH') {
        this.patchAttempt(
          attemptId,
          {
            errorCode: 'ORDER_MISMATCH',
            errorDetail: `gateway amount ${s.amount}, out_order_no ${s.outOrderNo}`,
          },
          'attempt.order_mismatch',
          { gatewayAmount: s.amount, gatewayOutOrderNo: s.outOrderNo, status: s.status },
        );
      }
      return;
    }
    const money = {
      orderTime: s.orderTime,
      payTime: s.payTime,
      exchangeRateScaled: s.exchangeRate ? s.exchangeRate.scaled.toString() : null,
      payCurrency: s.payCurrency,
      cnyAmount: s.cnyAmount,
    };
    switch (s.status) {
      case 'PAID':
        this.settlePaid(attemptId, money, 'query');
        return;
      case 'CLOSED':
        // CLOSED is "settled by Omipay": paid orders end CLOSED too. Only a pay_time tells them apart.
        if (s.payTime !== null) this.settlePaid(attemptId, money, 'query');
        else this.settleFailed(attemptId, 'ORDER_CLOSED', 'query');
        return;
      case 'FAILED':
      case 'CANCELLED':
        this.settleFailed(attemptId, `ORDER_${s.status}`, 'query');
        return;
      case 'READY':
      case 'PAYING':
        return;
    }
  }

  // ——— settling ———

  private settlePaid(attemptId: string, fields: AttemptPatch, via: string): void {
    const at = this.now();
    const changed = this.journal.transaction(() => {
      const attempt = this.requireAttempt(attemptId);
      if (attempt.status === 'paid') return false;
      if (attempt.status === 'declined' || attempt.status === 'failed') {
        // The gateway contradicts an earlier final answer: money wins, but leave a trace for the manager.
        this.journal.appendEvent({
          at,
          actor: 'gateway',
          type: 'attempt.paid_after_final',
          entity: 'attempt',
          entityId: attemptId,
          data: { previous: attempt.status, via },
        });
      }
      this.journal.updateAttempt(
        attemptId,
        { ...fields, status: 'paid', errorCode: null, errorDetail: null, resolvedBy: via, nextCheckAt: null },
        at,
      );
      this.journal.updateSale(
        attempt.saleId,
        {
          status: 'paid',
          paidAttemptId: attemptId,
          paidAt: at,
          platform: attempt.platform,
          statusReason: null,
        },
        at,
      );
      this.journal.appendEvent({
        at,
        actor: via === 'notification' ? 'gateway' : 'system',
        type: 'attempt.paid',
        entity: 'attempt',
        entityId: attemptId,
        data: { via, orderNo: fields.orderNo ?? attempt.orderNo },
      });
      return true;
    });
    if (!changed) return;
    this.afterFinal(attemptId);
  }

  private settleNotCharged(attemptId: string, code: string, detail: string, via: string): void {
    this.settleUnpaid(attemptId, 'declined', code, detail, via);
  }

  private settleFailed(attemptId: string, code: string, via: string): void {
    this.settleUnpaid(attemptId, 'failed', code, '', via);
  }

  private settleUnpaid(
    attemptId: string,
    status: 'declined' | 'failed',
    code: string,
    detail: string,
    via: string,
  ): void {
    const at = this.now();
    const changed = this.journal.transaction(() => {
      const attempt = this.requireAttempt(attemptId);
      if (!isOpenAttemptStatus(attempt.status)) return false;
      this.journal.updateAttempt(
        attemptId,
        { status, errorCode: code, errorDetail: detail.slice(0, 500), resolvedBy: via, nextCheckAt: null },
        at,
      );
      const sale = this.requireSale(attempt.saleId);
      if (sale.status !== 'paid') {
        // A sale the cashier is still looking at can be retried with a fresh code; one already handed to the
        // background is over for good (the customer has long gone or paid another way).
        const saleStatus = sale.status === 'in_progress' ? 'declined' : 'failed';
        this.journal.updateSale(sale.id, { status: saleStatus, statusReason: code }, at);
      }
      this.journal.appendEvent({
        at,
        actor: 'system',
        type: `attempt.${status}`,
        entity: 'attempt',
        entityId: attemptId,
        data: { code, via },
      });
      return true;
    });
    if (!changed) return;
    this.afterFinal(attemptId);
  }

  private afterFinal(attemptId: string): void {
    const t = this.timers.get(attemptId);
    if (t) clearTimeout(t);
    this.timers.delete(attemptId);
    this.foreground.delete(attemptId);
    this.deadlines.delete(attemptId);
    const attempt = this.requireAttempt(attemptId);
    this.emitSale(attempt.saleId);
    this.emitUnresolvedCount();
  }

  private patchAttempt(
    attemptId: string,
    patch: AttemptPatch,
    eventType: string,
    data: Record<string, unknown>,
  ): void {
    const at = this.now();
    this.journal.transaction(() => {
      const attempt = this.requireAttempt(attemptId);
      if (!isOpenAttemptStatus(attempt.status)) return;
      this.journal.updateAttempt(attemptId, patch, at);
      this.journal.appendEvent({
        at,
        actor: 'system',
        type: eventType,
        entity: 'attempt',
        entityId: attemptId,
        data,
      });
    });
    this.emitSale(this.requireAttempt(attemptId).saleId);
  }

  // ——— background checks ———

  private scheduleBackground(attemptId: string, delayMs: number): void {
    if (this.closed) return;
    const existing = this.timers.get(attemptId);
    if (existing) clearTimeout(existing);
    const at = this.now();
    this.journal.updateAttempt(attemptId, { nextCheckAt: at + delayMs }, at);
    const timer = setTimeout(() => {
      this.timers.delete(attemptId);
      void this.backgroundCheck(attemptId);
    }, delayMs);
    timer.unref?.();
    this.timers.set(attemptId, timer);
  }

  private async backgroundCheck(attemptId: string): Promise<void> {
    if (this.closed || this.foreground.has(attemptId)) return;
    try {
      await this.check(attemptId);
    } catch (err) {
      this.opts.log?.error({ err: String(err), attemptId }, 'background check failed');
    }
    const attempt = this.journal.getAttempt(attemptId);
    if (!attempt || !isOpenAttemptStatus(attempt.status) || this.foreground.has(attemptId)) return;
    this.scheduleBackground(attemptId, this.schedule.backgroundDelay(attempt.checkCount));
  }

  // ——— helpers ———

  private abandonInTx(sale: SaleRow, at: number): void {
    this.journal.updateSale(sale.id, { status: 'abandoned', statusReason: null }, at);
    this.journal.appendEvent({
      at,
      actor: 'cashier',
      type: 'sale.abandoned',
      entity: 'sale',
      entityId: sale.id,
      data: {},
    });
  }

  private callOptions(): { timeoutMs: number } {
    return { timeoutMs: this.opts.callTimeoutMs };
  }

  private gatewayOk(): void {
    this.events.emit('event', { type: 'gateway-call', ok: true, code: null } satisfies EngineEvent);
  }

  private gatewayFailed(err: unknown): void {
    const outcome = classifyPaymentError(err);
    const code = 'code' in outcome ? outcome.code : null;
    this.events.emit('event', { type: 'gateway-call', ok: false, code } satisfies EngineEvent);
  }

  private emitSale(saleId: string): void {
    this.events.emit('event', { type: 'sale', saleId } satisfies EngineEvent);
  }

  private emitUnresolvedCount(): void {
    this.events.emit('event', {
      type: 'unresolved-count',
      count: this.unresolvedCount(),
    } satisfies EngineEvent);
  }

  private requireSale(id: string): SaleRow {
    const sale = this.journal.getSale(id);
    if (!sale) throw new EngineError('SALE_NOT_FOUND', msg.saleNotFound);
    return sale;
  }

  private requireAttempt(id: string): AttemptRow {
    const attempt = this.journal.getAttempt(id);
    if (!attempt) throw new EngineError('SALE_NOT_FOUND', msg.saleNotFound, `attempt ${id}`);
    return attempt;
  }

  private assertOpen(): void {
    if (this.closed) throw new EngineError('CLOSED', msg.internal, 'engine closed');
  }
}

function errorDetail(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
