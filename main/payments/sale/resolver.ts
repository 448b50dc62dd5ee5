/**
 * Follows every open attempt to a final gateway state: in the foreground while the cashier waits (on the poll
 * schedule, within the query budget), then in the background on the follow-up schedule, counted from when the
 * follow-up began (dense while the customer may still be paying, then a backoff) for as long as it takes —
 * Omipay has no cancel, so an order is never forgotten. A notification only asks for an immediate check.
 */
import type { OrderStatusResult } from '../../omipay';
import { AttemptFlow } from './attempt-flow';
import {
  callOptions,
  requireAttempt,
  requireSale,
  sleep,
  unresolvedCount,
  type EngineContext,
} from './context';
import { isOpenAttempt } from './lifecycle';
import { StorageStalls, type StorageState } from './storage-stalls';

export class Resolver {
  readonly flow: AttemptFlow;
  /** Foreground deadlines (countdown) per attempt; memory only: after a restart the wait is in the background. */
  private readonly deadlines = new Map<string, number>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** One gateway check per attempt at a time; later callers share the running one. */
  private readonly inflight = new Map<string, Promise<void>>();
  private readonly foreground = new Set<string>();
  /** When each attempt's background follow-up began: its schedule counts from there. */
  private readonly followUpSince = new Map<string, number>();
  private readonly stalls = new StorageStalls();

  constructor(
    private readonly ctx: EngineContext,
    /** An attempt stalled on storage wrote again and is still open: the engine puts its sale right. */
    private readonly onStorageRecovered: (attemptId: string) => void = () => undefined,
  ) {
    this.flow = new AttemptFlow(ctx, (attemptId) => this.finished(attemptId));
  }

  /** Whether the attempt's answer is waiting for the journal to be writable ('stalled'), or came after it. */
  storageState(attemptId: string): StorageState {
    return this.stalls.state(attemptId);
  }

  waitDeadline(attemptId: string): number | null {
    return this.deadlines.get(attemptId) ?? null;
  }

  /** The cashier is waiting on this attempt: poll it in the foreground until `deadline`. */
  holdInForeground(attemptId: string, deadline?: number): void {
    this.foreground.add(attemptId);
    if (deadline !== undefined) this.deadlines.set(attemptId, deadline);
  }

  isForeground(attemptId: string): boolean {
    return this.foreground.has(attemptId);
  }

  /** The cashier stopped waiting (or voided): the attempt is followed in the background from now on. */
  releaseToBackground(attemptId: string): void {
    this.foreground.delete(attemptId);
    this.deadlines.delete(attemptId);
    this.beginFollowUp(attemptId, this.ctx.now());
  }

  /**
   * Polls in the foreground until final or the deadline. Returns true when the attempt is still open at the end
   * and was still the cashier's: the caller moves the sale to the background.
   */
  async runForegroundWait(attemptId: string): Promise<boolean> {
    const { schedule, settings } = this.ctx;
    const started = this.ctx.now();
    let n = 0;
    while (!this.ctx.isClosed() && this.foreground.has(attemptId)) {
      if (!isOpenAttempt(requireAttempt(this.ctx, attemptId).status)) break;
      const deadline = this.deadlines.get(attemptId) ?? started + settings.maxWaitMs;
      const delay = schedule.foregroundDelay(n++, this.ctx.now() - started);
      if (this.ctx.now() + delay > deadline) {
        await sleep(Math.max(0, deadline - this.ctx.now()));
        if (!this.foreground.has(attemptId)) break;
        await this.check(attemptId);
        break;
      }
      await sleep(delay);
      if (!this.foreground.has(attemptId) || this.ctx.isClosed()) break;
      await this.check(attemptId);
    }
    if (this.ctx.isClosed()) return false;
    const wasForeground = this.foreground.delete(attemptId);
    this.deadlines.delete(attemptId);
    const open = isOpenAttempt(requireAttempt(this.ctx, attemptId).status);
    if (!open || !wasForeground) return false;
    this.beginFollowUp(attemptId, this.ctx.now());
    return true;
  }

  /** One gateway check of an open attempt: QueryOrder when the order is known, else re-submit the same order. */
  check(attemptId: string): Promise<void> {
    const running = this.inflight.get(attemptId);
    if (running) return running;
    const p = this.storageSafe(attemptId, () => this.checkOnce(attemptId)).finally(() =>
      this.inflight.delete(attemptId),
    );
    this.inflight.set(attemptId, p);
    return p;
  }

  /**
   * Runs the first send of an attempt as its check: a check asked for meanwhile (stop waiting, void, a
   * notification) waits for this reply instead of re-submitting the same order while it is still in flight.
   */
  firstSend(attemptId: string, send: () => Promise<void>): Promise<void> {
    const p = this.storageSafe(attemptId, send).finally(() => this.inflight.delete(attemptId));
    this.inflight.set(attemptId, p);
    return p;
  }

  /**
   * Runs one step of an attempt. A storage failure stalls the attempt instead of ending its follow-up: its
   * timers keep running (every few seconds while stalled) and the first step that writes again settles it.
   */
  private async storageSafe(attemptId: string, step: () => Promise<void>): Promise<void> {
    try {
      await step();
    } catch (err) {
      if (!this.stalls.stall(attemptId, err)) throw err;
      this.ctx.log?.error({ attemptId, err: String(err) }, 'attempt answer cannot be journalled; retrying');
      this.ctx.emit({ type: 'storage-failed', error: err });
      this.emitSaleOf(attemptId);
      return;
    }
    if (!this.stalls.clear(attemptId)) return;
    this.ctx.recorder.note('attempt', attemptId, 'attempt.storage_recovered', 'system', {});
    this.emitSaleOf(attemptId);
    if (isOpenAttempt(requireAttempt(this.ctx, attemptId).status)) this.onStorageRecovered(attemptId);
  }

  private emitSaleOf(attemptId: string): void {
    const attempt = this.ctx.journal.getAttempt(attemptId);
    if (attempt) this.ctx.emit({ type: 'sale', saleId: attempt.saleId });
  }

  /** Checks at once and, if still open and nobody waits on it in the foreground, keeps following it. */
  async checkAndFollow(attemptId: string): Promise<void> {
    await this.check(attemptId);
    const fresh = requireAttempt(this.ctx, attemptId);
    if (isOpenAttempt(fresh.status) && !this.foreground.has(attemptId)) {
      if (!this.followUpSince.has(attemptId)) this.followUpSince.set(attemptId, this.ctx.now());
      this.scheduleBackground(attemptId, this.nextFollowUpDelay(attemptId));
    }
  }

  /**
   * Resumes an attempt found open at start-up. Its follow-up counts from when its wait would have ended (its
   * start plus the longest wait), so a restart neither restarts the dense phase of an old order nor skips it
   * for a fresh one.
   */
  resume(attemptId: string): void {
    const a = requireAttempt(this.ctx, attemptId);
    const now = this.ctx.now();
    this.followUpSince.set(attemptId, Math.min(now, a.createdAt + this.ctx.settings.maxWaitMs));
    const delay = a.status === 'submitting' ? 0 : Math.max(0, (a.nextCheckAt ?? 0) - now);
    this.scheduleBackground(attemptId, delay);
  }

  /**
   * A paid attempt whose order number the gateway never gave (ORDER_PAID without order_no): asks QueryOrder for
   * a candidate number and keeps it only when the gateway's own answer is this attempt — same out_order_no,
   * same amount, paid. Returns whether it was kept.
   */
  async learnOrderNo(attemptId: string, candidate: string): Promise<boolean> {
    const attempt = requireAttempt(this.ctx, attemptId);
    if (attempt.status !== 'paid' || attempt.orderNo) return false;
    const sale = requireSale(this.ctx, attempt.saleId);
    const s = await this.ctx.gateway.queryOrder({ orderNo: candidate }, callOptions(this.ctx));
    this.flow.gatewayOk();
    const paid = s.status === 'PAID' || (s.status === 'CLOSED' && s.payTime !== null);
    const ours = s.outOrderNo === attempt.outOrderNo && (s.amount === null || s.amount === sale.amountCents);
    if (!paid || !ours) {
      this.ctx.recorder.note('attempt', attemptId, 'attempt.order_no_refused', 'system', {
        candidate,
        gatewayOutOrderNo: s.outOrderNo,
        gatewayAmount: s.amount,
        status: s.status,
      });
      return false;
    }
    const at = this.ctx.now();
    this.ctx.journal.transaction(() => {
      this.ctx.journal.updateAttempt(
        attemptId,
        {
          orderNo: candidate,
          payTime: s.payTime,
          orderTime: s.orderTime,
          exchangeRateScaled: s.exchangeRate ? s.exchangeRate.scaled.toString() : null,
          payCurrency: s.payCurrency,
          cnyAmount: s.cnyAmount,
        },
        at,
      );
      this.ctx.recorder.note('attempt', attemptId, 'attempt.order_no_learned', 'system', {
        orderNo: candidate,
      });
    });
    this.ctx.emit({ type: 'sale', saleId: attempt.saleId });
    return true;
  }

  close(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  async idle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight.values()]);
  }

  private async checkOnce(attemptId: string): Promise<void> {
    const { journal } = this.ctx;
    const attempt = requireAttempt(this.ctx, attemptId);
    if (!isOpenAttempt(attempt.status)) return;
    const at = this.ctx.now();
    journal.updateAttempt(attemptId, { lastCheckedAt: at, checkCount: attempt.checkCount + 1 }, at);
    if (attempt.orderNo) {
      let status: OrderStatusResult;
      try {
        status = await this.ctx.gateway.queryOrder({ orderNo: attempt.orderNo }, callOptions(this.ctx));
        this.flow.gatewayOk();
      } catch (err) {
        this.flow.gatewayFailed(err);
        return; // still unknown; the schedule decides when to ask again
      }
      this.flow.applyOrderStatus(attemptId, status);
      return;
    }
    if (attempt.kind !== 'scan' || !attempt.paymentCode) {
      // A QR order whose creation reply was lost: nobody saw a QR, so nobody can have paid it.
      this.flow.settleUnpaid(
        attemptId,
        'declined',
        attempt.errorCode ?? 'SYSTEM_ERROR',
        'QR order was never shown',
        'query',
      );
      return;
    }
    const sale = requireSale(this.ctx, attempt.saleId);
    const outcome = await this.flow.sendScanOrder(sale, attempt);
    this.ctx.recorder.note('attempt', attemptId, 'attempt.resubmitted', 'system', {
      outcome: outcome.kind,
      code: 'code' in outcome ? outcome.code : null,
    });
    // A re-submission that only says "unknown" again leaves the attempt as it was, but keeps an order_no it names.
    if (outcome.kind === 'unknown') {
      if (outcome.orderNo) journal.updateAttempt(attemptId, { orderNo: outcome.orderNo }, this.ctx.now());
      return;
    }
    this.flow.applyScanOutcome(attemptId, outcome, 'resubmit');
  }

  private scheduleBackground(attemptId: string, scheduled: number): void {
    if (this.ctx.isClosed()) return;
    const existing = this.timers.get(attemptId);
    if (existing) clearTimeout(existing);
    const at = this.ctx.now();
    try {
      // Only a hint for the next start-up: a journal that cannot take it must not stop the follow-up.
      this.ctx.journal.updateAttempt(attemptId, { nextCheckAt: at + scheduled }, at);
    } catch (err) {
      if (!this.stalls.stall(attemptId, err)) throw err;
    }
    const delayMs = this.stalls.delay(attemptId, scheduled);
    const timer = setTimeout(() => {
      this.timers.delete(attemptId);
      void this.backgroundCheck(attemptId);
    }, delayMs);
    timer.unref?.();
    this.timers.set(attemptId, timer);
  }

  private async backgroundCheck(attemptId: string): Promise<void> {
    if (this.ctx.isClosed() || this.foreground.has(attemptId)) return;
    try {
      await this.check(attemptId);
    } catch (err) {
      this.ctx.log?.error({ err: String(err), attemptId }, 'background check failed');
    }
    if (this.ctx.isClosed()) return;
    const attempt = this.ctx.journal.getAttempt(attemptId);
    if (!attempt || !isOpenAttempt(attempt.status) || this.foreground.has(attemptId)) return;
    this.scheduleBackground(attemptId, this.nextFollowUpDelay(attemptId));
  }

  private beginFollowUp(attemptId: string, at: number): void {
    this.followUpSince.set(attemptId, at);
    this.scheduleBackground(attemptId, this.ctx.schedule.followUpDelay(0));
  }

  private nextFollowUpDelay(attemptId: string): number {
    const since = this.followUpSince.get(attemptId) ?? this.ctx.now();
    return this.ctx.schedule.followUpDelay(Math.max(0, this.ctx.now() - since));
  }

  private finished(attemptId: string): void {
    const t = this.timers.get(attemptId);
    if (t) clearTimeout(t);
    this.timers.delete(attemptId);
    this.foreground.delete(attemptId);
    this.deadlines.delete(attemptId);
    this.followUpSince.delete(attemptId);
    const attempt = requireAttempt(this.ctx, attemptId);
    this.ctx.emit({ type: 'sale', saleId: attempt.saleId });
    this.ctx.emit({ type: 'unresolved-count', count: unresolvedCount(this.ctx) });
  }
}
