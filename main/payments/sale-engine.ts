/**
 * The sale engine's commands: one active sale per terminal; start, submit a code, stop waiting, void, recover.
 * Each command reads validate → transition → journal → gateway → settle: the status change goes through the
 * lifecycle table (./sale/lifecycle) and is journalled before the network call that depends on it; the resolver
 * (./sale/resolver) then follows every attempt until its outcome is final — also across restarts.
 *
 * Money-safety invariants:
 *  - an attempt (out_order_no + payment code) is committed before MakeScanOrder is sent;
 *  - a sale is never marked failed/declined while the gateway may have charged it;
 *  - an unknown outcome is settled by QueryOrder when the order_no is known, otherwise by re-submitting the SAME
 *    out_order_no and code (the gateway answers ORDER_PAID / USERPAYING for an order it already has), so one
 *    sale can never be charged twice;
 *  - a new attempt (new out_order_no) is only made after every earlier attempt of the sale is final and unpaid;
 *  - a voided sale's attempts are still followed to a final state; a payment that lands is refunded (closed loop);
 *  - a notification is a trigger, never proof: it only asks the gateway now.
 */
import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import type { Platform } from '../shared/platform';
import type { Bilingual } from '../shared/bilingual';
import type { Journal, AttemptRow, SaleRow, SaleKind } from '../journal/types';
import type { PaymentNotification } from '../omipay';
import type { PaymentGateway } from './gateway';
import { adaptiveSchedule, type PollSchedule } from './poll-schedule';
import { classifyPaymentError } from './outcome';
import { msg } from './messages';
import { newId } from './ids';
import { recognisePaymentCode } from '../scanner/payment-code';
import {
  EngineError,
  callOptions,
  errorDetail,
  requireAttempt,
  requireSale,
  unresolvedCount,
  type EngineContext,
  type EngineEvent,
  type EngineSettings,
} from './sale/context';
import { SaleRecorder } from './sale/recorder';
import type { StorageState } from './sale/storage-stalls';
import { storageProblem } from './storage-guard';
import { Resolver } from './sale/resolver';
import {
  ATTEMPT_START,
  SALE_START,
  acceptsCode,
  canSale,
  isBusySale,
  isIdleSale,
  isOpenAttempt,
} from './sale/lifecycle';

export { EngineError, type EngineEvent } from './sale/context';

export interface SaleEngineOptions extends Omit<EngineSettings, 'maxWaitMs' | 'callTimeoutMs'> {
  journal: Journal;
  gateway: PaymentGateway;
  maxWaitMs?: number;
  callTimeoutMs?: number;
  schedule?: PollSchedule;
  now?: () => number;
  log?: Logger;
}

export type NotificationVerdict =
  | { applied: true; reason: 'checking' | 'already_final' }
  | { applied: false; reason: 'unknown_order' | 'not_success' | 'order_no_mismatch' | 'amount_mismatch' };

export class SaleEngine {
  private readonly ctx: EngineContext;
  private readonly resolver: Resolver;
  private readonly events = new EventEmitter();
  private activeSaleId: string | null = null;
  private closed = false;
  private salesHeldBy: { code: string; message: Bilingual } | null = null;

  constructor(options: SaleEngineOptions) {
    const now = options.now ?? Date.now;
    const settings: EngineSettings = {
      posNo: options.posNo,
      orderName: options.orderName,
      maxAmountCents: options.maxAmountCents,
      maxWaitMs: options.maxWaitMs ?? 60_000,
      callTimeoutMs: options.callTimeoutMs ?? 20_000,
      ...(options.notifyUrl ? { notifyUrl: options.notifyUrl } : {}),
      ...(options.jsapiRedirectUrl ? { jsapiRedirectUrl: options.jsapiRedirectUrl } : {}),
    };
    this.events.setMaxListeners(100);
    this.ctx = {
      journal: options.journal,
      gateway: options.gateway,
      settings,
      schedule: options.schedule ?? adaptiveSchedule(),
      recorder: new SaleRecorder(options.journal, now, options.log),
      now,
      log: options.log,
      emit: (event) => this.events.emit('event', event),
      isClosed: () => this.closed,
    };
    this.resolver = new Resolver(this.ctx, (attemptId) => this.afterStorageRecovered(attemptId));
  }

  /** Settings changed by the manager: applies to every call from now on. */
  reconfigure(
    p: Partial<
      Pick<
        EngineSettings,
        'posNo' | 'orderName' | 'maxAmountCents' | 'maxWaitMs' | 'callTimeoutMs' | 'notifyUrl'
      >
    >,
  ): void {
    Object.assign(this.ctx.settings, p);
  }

  /**
   * Holds every new sale and code (null releases): the till may not sell yet, e.g. while the first-start time
   * zone question is open, since a sale dated in the wrong zone lands on the wrong day's report. The refusal
   * carries `reason`'s code and words; nothing reaches the gateway.
   */
  holdSales(reason: { code: string; message: Bilingual } | null): void {
    this.salesHeldBy = reason;
  }

  get salesHeld(): { code: string; message: Bilingual } | null {
    return this.salesHeldBy;
  }

  private assertSelling(): void {
    this.assertOpen();
    if (this.salesHeldBy) throw new EngineError(this.salesHeldBy.code, this.salesHeldBy.message);
  }

  on(listener: (event: EngineEvent) => void): () => void {
    this.events.on('event', listener);
    return () => this.events.off('event', listener);
  }

  get activeSale(): SaleRow | null {
    return this.activeSaleId ? (this.ctx.journal.getSale(this.activeSaleId) ?? null) : null;
  }

  waitDeadline(attemptId: string): number | null {
    return this.resolver.waitDeadline(attemptId);
  }

  /** 'stalled' while an attempt's answer waits for a writable journal; 'recovered' once it was written late. */
  storageState(attemptId: string): StorageState {
    return this.resolver.storageState(attemptId);
  }

  /** Rebuilds in-memory state from the journal and resumes every unfinished attempt. */
  recover(): void {
    const { journal } = this.ctx;
    const active = journal
      .listActiveSales()
      .filter((s) => isIdleSale(s.status) || isBusySale(s.status))
      .sort((a, b) => b.createdAt - a.createdAt);
    this.activeSaleId = active[0]?.id ?? null;
    for (const attempt of journal.listOpenAttempts()) {
      const sale = journal.getSale(attempt.saleId);
      if (!sale) continue;
      // The foreground wait died with the old process: whatever was in progress is now a background check.
      if (canSale(sale.status, 'restart')) {
        this.ctx.recorder.sale(
          sale.id,
          'restart',
          'system',
          {
            attemptId: attempt.id,
            attemptStatus: attempt.status,
          },
          { statusReason: 'RESTARTED' },
        );
      }
      this.resolver.resume(attempt.id);
    }
    this.emitUnresolvedCount();
  }

  /** Starts a sale for an amount in cents. An open sale with nothing in flight is replaced (amount corrected). */
  startSale(amountCents: number, kind: SaleKind = 'scan'): SaleRow {
    this.assertSelling();
    const { journal, settings } = this.ctx;
    if (!Number.isSafeInteger(amountCents) || amountCents <= 0) {
      throw new EngineError('AMOUNT_INVALID', msg.amountInvalid);
    }
    if (amountCents > settings.maxAmountCents) throw new EngineError('AMOUNT_TOO_LARGE', msg.amountTooLarge);
    const current = this.activeSale;
    if (current && isBusySale(current.status)) throw new EngineError('SALE_BUSY', msg.saleBusy);
    const at = this.ctx.now();
    const sale = journal.transaction(() => {
      if (current && isIdleSale(current.status)) {
        this.ctx.recorder.sale(current.id, 'abandon', 'cashier', { replacedBy: 'new sale' });
      }
      const row = journal.createSale({
        id: newId('S', at),
        posNo: settings.posNo,
        kind,
        amountCents,
        currency: 'AUD',
        orderName: settings.orderName,
        platform: null,
        status: SALE_START.status,
        createdAt: at,
      });
      this.ctx.recorder.note('sale', row.id, SALE_START.journal, 'cashier', { amountCents, kind });
      return row;
    });
    if (current && current.id !== sale.id) this.emitSale(current.id);
    this.activeSaleId = sale.id;
    this.emitSale(sale.id);
    return sale;
  }

  /** Closes an open or declined sale; refused while money may be moving. */
  clearSale(saleId: string): void {
    const sale = requireSale(this.ctx, saleId);
    if (isIdleSale(sale.status)) {
      this.ctx.recorder.sale(sale.id, 'abandon', 'cashier');
      this.emitSale(sale.id);
    } else if (isBusySale(sale.status)) {
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
    this.assertSelling();
    const recognised = recognisePaymentCode(rawCode);
    if (!recognised.ok) throw new EngineError('CODE_REJECTED', recognised.message);
    const sale = requireSale(this.ctx, saleId);
    if (isBusySale(sale.status)) throw new EngineError('SALE_BUSY', msg.saleBusy);
    if (sale.status === 'paid') throw new EngineError('SALE_PAID', msg.scanWhilePaid);
    if (!acceptsCode(sale)) throw new EngineError('SALE_NOT_ACCEPTING_CODE', msg.saleNotAcceptingCode);
    const attempt = this.createAttempt(sale, 'scan', recognised.code, recognised.platform);
    this.resolver.holdInForeground(attempt.id);
    this.emitSale(saleId);
    const settled = this.runScanAttempt(attempt.id).catch((err: unknown) => {
      this.ctx.log?.error({ err: String(err), attemptId: attempt.id }, 'attempt flow failed');
    });
    return { sale: requireSale(this.ctx, saleId), attempt, settled };
  }

  /** Merchant-presented QR (or JSAPI) sale: creates the order and waits for the customer. */
  async startQrSale(
    amountCents: number,
    platform: Platform,
    kind: 'qr' | 'jsapi',
  ): Promise<{ sale: SaleRow; attempt: AttemptRow }> {
    const sale = this.startSale(amountCents, kind);
    const attempt = this.createAttempt(sale, kind, null, kind === 'qr' ? platform : null);
    this.resolver.holdInForeground(attempt.id);
    this.emitSale(sale.id);
    const { settings, gateway } = this.ctx;
    const flow = this.resolver.flow;
    try {
      const params = {
        orderName: sale.orderName,
        amount: sale.amountCents,
        outOrderNo: attempt.outOrderNo,
        ...(settings.notifyUrl ? { notifyUrl: settings.notifyUrl } : {}),
      };
      const created =
        kind === 'qr'
          ? await gateway.makeQROrder({ ...params, platform }, callOptions(this.ctx))
          : await gateway.makeJSAPIOrder(
              { ...params, redirectUrl: settings.jsapiRedirectUrl ?? 'https://www.omipay.com.au/' },
              callOptions(this.ctx),
            );
      flow.gatewayOk();
      this.ctx.recorder.attempt(
        attempt.id,
        'qr_created',
        'system',
        { orderNo: created.orderNo },
        {
          orderNo: created.orderNo,
          qrcode: 'qrcode' in created ? created.qrcode : null,
          payUrl: created.payUrl ?? null,
        },
      );
      // A customer scanning a shown QR takes longer than one confirming a payment code.
      this.resolver.holdInForeground(attempt.id, this.ctx.now() + settings.maxWaitMs * 3);
      this.emitSale(sale.id);
      void this.followForeground(attempt.id);
    } catch (err) {
      flow.gatewayFailed(err);
      // No QR was ever shown, so no customer can have paid this order: it is safe to call it declined.
      const outcome = classifyPaymentError(err);
      const code =
        outcome.kind === 'not_charged' || outcome.kind === 'unknown' ? outcome.code : 'SYSTEM_ERROR';
      flow.settleUnpaid(attempt.id, 'declined', code, errorDetail(err), 'reply');
    }
    return { sale: requireSale(this.ctx, sale.id), attempt: requireAttempt(this.ctx, attempt.id) };
  }

  /** The cashier stops waiting: the customer may still pay; the sale is followed in the background. */
  stopWaiting(saleId: string): SaleRow {
    const sale = requireSale(this.ctx, saleId);
    if (!canSale(sale.status, 'stop_waiting')) return sale;
    return this.leaveCounter(saleId, 'stop_waiting', 'STOPPED_WAITING');
  }

  /**
   * The customer pays another way: the sale is given up at once and the screen is free. Its attempts are still
   * followed to a final gateway state; a payment that lands is refunded (the closed loop, in PosService).
   */
  voidSale(saleId: string, voidedBy?: string): SaleRow {
    const sale = requireSale(this.ctx, saleId);
    if (!canSale(sale.status, 'void')) {
      throw new EngineError('SALE_NOT_VOIDABLE', msg.cannotVoid, `sale is ${sale.status}`);
    }
    const open = this.leaveCounter(saleId, 'void', 'VOIDED', voidedBy);
    if (this.activeSaleId === saleId) this.activeSaleId = null;
    // Ask at once: the answer decides whether the customer's code is still being charged.
    const attempt = this.openAttempt(saleId);
    if (attempt) void this.resolver.checkAndFollow(attempt.id).catch(() => undefined);
    return open;
  }

  /** A manager keeps a late payment (the customer did not pay another way after all): the sale is paid. */
  keepLatePayment(saleId: string): SaleRow {
    const sale = requireSale(this.ctx, saleId);
    if (!sale.paidAttemptId || !canSale(sale.status, 'keep')) {
      throw new EngineError('NO_LATE_PAYMENT', msg.noLatePayment);
    }
    this.ctx.recorder.sale(saleId, 'keep', 'manager', {}, { statusReason: null });
    this.emitSale(saleId);
    return requireSale(this.ctx, saleId);
  }

  /**
   * The manager types the Omipay order number of a sale paid on an ORDER_PAID that named none (from the
   * merchant portal or the customer's wallet). It is kept only when QueryOrder confirms it is this payment.
   */
  async linkOrderNo(saleId: string, orderNo: string): Promise<SaleRow> {
    const sale = requireSale(this.ctx, saleId);
    const attempt = sale.paidAttemptId ? requireAttempt(this.ctx, sale.paidAttemptId) : undefined;
    if (!attempt || attempt.orderNo) throw new EngineError('ORDER_NO_KNOWN', msg.orderNoAlreadyKnown);
    const kept = await this.resolver.learnOrderNo(attempt.id, orderNo);
    if (!kept) throw new EngineError('ORDER_NO_NOT_THIS_SALE', msg.orderNoNotThisSale);
    return requireSale(this.ctx, saleId);
  }

  /** Checks every open attempt of a sale right now (manager "check now", reconciliation). */
  async checkNow(saleId: string): Promise<void> {
    requireSale(this.ctx, saleId);
    const open = this.ctx.journal.listAttempts(saleId).filter((a) => isOpenAttempt(a.status));
    await Promise.all(open.map((a) => this.resolver.checkAndFollow(a.id)));
  }

  /**
   * A verified payment notification is a trigger, never proof: its signature covers no order field. It only
   * makes the resolver ask the gateway now; the sale settles from the gateway's own answer, cross-checked
   * against the journal. Whatever it says is recorded; what contradicts the journal changes nothing.
   */
  applyNotification(n: PaymentNotification & { returnCode?: string | null }): NotificationVerdict {
    const attempt = this.ctx.journal.findAttemptByOutOrderNo(n.outOrderNo);
    const data = { outOrderNo: n.outOrderNo, orderNo: n.orderNo, amount: n.amount, returnCode: n.returnCode };
    if (!attempt) {
      this.ctx.journal.appendEvent({
        at: this.ctx.now(),
        actor: 'gateway',
        type: 'notification.unknown_order',
        entity: 'terminal',
        entityId: null,
        data,
      });
      return { applied: false, reason: 'unknown_order' };
    }
    const note = (type: string) => this.ctx.recorder.note('attempt', attempt.id, type, 'gateway', data);
    const sale = requireSale(this.ctx, attempt.saleId);
    if (n.returnCode !== undefined && n.returnCode !== null && n.returnCode !== 'SUCCESS') {
      note('notification.not_success');
      return { applied: false, reason: 'not_success' };
    }
    if (attempt.orderNo && attempt.orderNo !== n.orderNo) {
      note('notification.order_no_mismatch');
      return { applied: false, reason: 'order_no_mismatch' };
    }
    if (n.amount !== sale.amountCents || (n.currency && n.currency !== 'AUD')) {
      note('notification.amount_mismatch');
      return { applied: false, reason: 'amount_mismatch' };
    }
    note('notification.received');
    if (attempt.status === 'paid' && !attempt.orderNo) {
      // Paid on an ORDER_PAID that named no order: the notification says which, the gateway confirms it.
      void this.resolver.learnOrderNo(attempt.id, n.orderNo).catch((err: unknown) => {
        this.ctx.log?.warn({ err: String(err), attemptId: attempt.id }, 'order number lookup failed');
      });
      return { applied: true, reason: 'checking' };
    }
    if (!isOpenAttempt(attempt.status)) return { applied: true, reason: 'already_final' };
    void this.resolver.check(attempt.id).catch((err: unknown) => {
      this.ctx.log?.warn({ err: String(err), attemptId: attempt.id }, 'notification check failed');
    });
    return { applied: true, reason: 'checking' };
  }

  unresolvedCount(): number {
    return unresolvedCount(this.ctx);
  }

  close(): void {
    this.closed = true;
    this.resolver.close();
  }

  /** Resolves once no check is running (tests and shutdown). */
  idle(): Promise<void> {
    return this.resolver.idle();
  }

  // ——— steps ———

  private createAttempt(
    sale: SaleRow,
    kind: SaleKind,
    paymentCode: string | null,
    platform: Platform | null,
  ): AttemptRow {
    const { journal, settings, recorder } = this.ctx;
    const at = this.ctx.now();
    return journal.transaction(() => {
      const outOrderNo = journal.nextOutOrderNo(settings.posNo, at);
      const row = journal.createAttempt({
        id: newId('A', at),
        saleId: sale.id,
        kind,
        outOrderNo,
        paymentCode,
        platform,
        createdAt: at,
        status: ATTEMPT_START.status,
      });
      recorder.note('attempt', row.id, ATTEMPT_START.journal, 'cashier', {
        saleId: sale.id,
        outOrderNo,
        kind,
        platform,
        seq: row.seq,
      });
      recorder.sale(sale.id, 'send', 'cashier', { attemptId: row.id }, { platform, statusReason: null });
      return row;
    });
  }

  private async runScanAttempt(attemptId: string): Promise<void> {
    const attempt = requireAttempt(this.ctx, attemptId);
    const sale = requireSale(this.ctx, attempt.saleId);
    await this.resolver.firstSend(attemptId, async () => {
      const outcome = await this.resolver.flow.sendScanOrder(sale, attempt);
      // The countdown starts with the reply, so the first event already carries it — unless the cashier has
      // meanwhile stopped waiting or voided the sale.
      const stillWaiting = this.resolver.isForeground(attemptId);
      if (stillWaiting && (outcome.kind === 'userpaying' || outcome.kind === 'unknown')) {
        this.resolver.holdInForeground(attemptId, this.ctx.now() + this.ctx.settings.maxWaitMs);
      }
      this.resolver.flow.applyScanOutcome(attemptId, outcome, 'reply');
    });
    const open = isOpenAttempt(requireAttempt(this.ctx, attemptId).status);
    if (open && this.resolver.isForeground(attemptId)) await this.followForeground(attemptId);
  }

  /** Foreground wait; when it runs out with the outcome unknown, the sale becomes unresolved. */
  private async followForeground(attemptId: string): Promise<void> {
    const stillOpen = await this.resolver.runForegroundWait(attemptId);
    if (!stillOpen) return;
    const attempt = requireAttempt(this.ctx, attemptId);
    const sale = requireSale(this.ctx, attempt.saleId);
    if (!canSale(sale.status, 'wait_expired')) return;
    try {
      this.ctx.recorder.sale(
        sale.id,
        'wait_expired',
        'system',
        { attemptId, attemptStatus: attempt.status },
        { statusReason: attempt.errorCode ?? 'TIMEOUT' },
      );
    } catch (err) {
      // The journal cannot be written: the attempt is stalled and afterStorageRecovered ends the wait later.
      if (!storageProblem(err)) throw err;
      this.ctx.emit({ type: 'storage-failed', error: err });
      return;
    }
    this.emitSale(sale.id);
    this.emitUnresolvedCount();
  }

  /**
   * An attempt's answer was journalled after a storage failure and the attempt is still open. A foreground wait
   * still running carries on; one that ended while the journal was failing could not record its end, so the
   * sale is handed to the background now, as the wait's end would have done.
   */
  private afterStorageRecovered(attemptId: string): void {
    if (this.resolver.isForeground(attemptId)) return;
    const sale = requireSale(this.ctx, requireAttempt(this.ctx, attemptId).saleId);
    if (!canSale(sale.status, 'wait_expired')) return;
    this.ctx.recorder.sale(
      sale.id,
      'wait_expired',
      'system',
      { attemptId, afterStorage: true },
      {
        statusReason: 'TIMEOUT',
      },
    );
    this.emitSale(sale.id);
    this.emitUnresolvedCount();
  }

  /** The sale leaves the cashier's screen (stop waiting, void); its open attempt goes on in the background. */
  private leaveCounter(
    saleId: string,
    event: 'stop_waiting' | 'void',
    reason: string,
    voidedBy?: string,
  ): SaleRow {
    const open = this.openAttempt(saleId);
    this.ctx.recorder.sale(
      saleId,
      event,
      'cashier',
      { attemptId: open?.id ?? null },
      { statusReason: reason, ...(voidedBy !== undefined ? { voidedBy } : {}) },
      voidedBy,
    );
    if (open && this.resolver.isForeground(open.id)) this.resolver.releaseToBackground(open.id);
    this.emitSale(saleId);
    this.emitUnresolvedCount();
    return requireSale(this.ctx, saleId);
  }

  private openAttempt(saleId: string): AttemptRow | undefined {
    return this.ctx.journal.listAttempts(saleId).find((a) => isOpenAttempt(a.status));
  }

  private emitSale(saleId: string): void {
    this.ctx.emit({ type: 'sale', saleId });
  }

  private emitUnresolvedCount(): void {
    this.ctx.emit({ type: 'unresolved-count', count: this.unresolvedCount() });
  }

  private assertOpen(): void {
    if (this.closed) throw new EngineError('CLOSED', msg.internal, 'engine closed');
  }
}
