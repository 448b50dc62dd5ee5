/**
 * One attempt: send → classify → settle. MakeScanOrder is sent only after the attempt (with its out_order_no and
 * the customer's code) is journalled; every answer is classified by what it says about money and settled through
 * the lifecycle table. A re-submission uses the same out_order_no and code, so a sale can never be charged twice.
 */
import type { AttemptPatch, AttemptRow, SaleRow } from '../../journal/types';
import type { OrderStatusResult } from '../../omipay';
import { classifyPaymentError, type CallOutcome } from '../outcome';
import { callOptions, requireAttempt, requireSale, type EngineContext } from './context';
import { canSale, isOpenAttempt } from './lifecycle';

export type ScanOutcome = CallOutcome | { kind: 'paid'; orderNo: string; orderTime: number | null };

/** How the final answer became known (journalled as resolvedBy). */
export type Via = 'reply' | 'query' | 'resubmit' | 'notification';

export class AttemptFlow {
  constructor(
    private readonly ctx: EngineContext,
    /** Called once an attempt is final: the resolver stops following it. */
    private readonly onFinal: (attemptId: string) => void,
  ) {}

  /** MakeScanOrder for an attempt: the first send and every re-submission use the same out_order_no and code. */
  async sendScanOrder(sale: SaleRow, attempt: AttemptRow): Promise<ScanOutcome> {
    const { settings } = this.ctx;
    try {
      const reply = await this.ctx.gateway.makeScanOrder(
        {
          orderName: sale.orderName,
          amount: sale.amountCents,
          qrcode: attempt.paymentCode ?? '',
          posNo: settings.posNo,
          outOrderNo: attempt.outOrderNo,
          ...(settings.notifyUrl ? { notifyUrl: settings.notifyUrl } : {}),
        },
        callOptions(this.ctx),
      );
      this.gatewayOk();
      return { kind: 'paid', orderNo: reply.orderNo, orderTime: reply.orderTime };
    } catch (err) {
      this.gatewayFailed(err);
      return classifyPaymentError(err);
    }
  }

  applyScanOutcome(attemptId: string, outcome: ScanOutcome, via: Via): void {
    if (!isOpenAttempt(requireAttempt(this.ctx, attemptId).status)) return;
    switch (outcome.kind) {
      case 'paid':
        this.settlePaid(attemptId, { orderNo: outcome.orderNo, orderTime: outcome.orderTime }, via);
        return;
      case 'already_paid':
        if (outcome.orderNo) {
          // Confirm with QueryOrder (amount included) before believing it: an out_order_no reused by another
          // terminal or a restored install must never turn this sale into "paid".
          this.update(
            attemptId,
            'unknown',
            { orderNo: outcome.orderNo, errorCode: 'ORDER_PAID' },
            {
              orderNo: outcome.orderNo,
              reported: 'ORDER_PAID',
            },
          );
        } else {
          // The document answers ORDER_PAID without an order_no. Our out_order_no is unique to this install
          // (install id + durable sequence), so the gateway can only mean our own order: it is paid, and the
          // order number is learnt later (notification, or the manager's lookup) before it can be refunded.
          this.settlePaid(attemptId, { errorCode: null }, via, { orderNoKnown: false });
        }
        return;
      case 'userpaying':
        this.update(
          attemptId,
          'userpaying',
          { ...(outcome.orderNo ? { orderNo: outcome.orderNo } : {}), errorCode: 'USERPAYING' },
          { orderNo: outcome.orderNo },
        );
        return;
      case 'not_charged':
        this.settleUnpaid(attemptId, 'declined', outcome.code, outcome.detail, via);
        return;
      case 'unknown':
        this.update(
          attemptId,
          'unknown',
          {
            errorCode: outcome.code,
            errorDetail: outcome.detail.slice(0, 500),
            // e.g. ORDER_CLOSED with its order_no: from now on QueryOrder can settle it.
            ...(outcome.orderNo ? { orderNo: outcome.orderNo } : {}),
          },
          { code: outcome.code },
        );
        return;
    }
  }

  /** A QueryOrder answer for an attempt. It settles nothing unless the gateway's order is this very sale's. */
  applyOrderStatus(attemptId: string, s: OrderStatusResult, via: Via = 'query'): void {
    const attempt = requireAttempt(this.ctx, attemptId);
    const sale = requireSale(this.ctx, attempt.saleId);
    const mismatch =
      (s.amount !== null && s.amount !== sale.amountCents) ||
      (s.outOrderNo !== null && s.outOrderNo !== '' && s.outOrderNo !== attempt.outOrderNo);
    if (mismatch) {
      // The gateway's order is not this sale's: settle nothing, keep it in front of the manager.
      if (attempt.errorCode !== 'ORDER_MISMATCH' && isOpenAttempt(attempt.status)) {
        this.update(
          attemptId,
          attempt.status === 'userpaying' ? 'userpaying' : 'unknown',
          {
            errorCode: 'ORDER_MISMATCH',
            errorDetail: `gateway amount ${s.amount}, out_order_no ${s.outOrderNo}`,
          },
          { mismatch: true, gatewayAmount: s.amount, gatewayOutOrderNo: s.outOrderNo, status: s.status },
        );
      }
      return;
    }
    const money: AttemptPatch = {
      orderTime: s.orderTime,
      payTime: s.payTime,
      exchangeRateScaled: s.exchangeRate ? s.exchangeRate.scaled.toString() : null,
      payCurrency: s.payCurrency,
      cnyAmount: s.cnyAmount,
    };
    switch (s.status) {
      case 'PAID':
        this.settlePaid(attemptId, money, via);
        return;
      case 'CLOSED':
        // CLOSED is "settled by Omipay": paid orders end CLOSED too. Only a pay_time tells them apart.
        if (s.payTime !== null) this.settlePaid(attemptId, money, via);
        else this.settleUnpaid(attemptId, 'failed', 'ORDER_CLOSED', '', via);
        return;
      case 'FAILED':
      case 'CANCELLED':
        this.settleUnpaid(attemptId, 'failed', `ORDER_${s.status}`, '', via);
        return;
      case 'READY':
      case 'PAYING':
        return;
    }
  }

  /**
   * Paid: the attempt and its sale together. A sale the shop had given up on (voided) stays voided and records
   * the late payment, which the closed loop then refunds.
   */
  settlePaid(attemptId: string, fields: AttemptPatch, via: Via, data: Record<string, unknown> = {}): void {
    const { journal, recorder } = this.ctx;
    const actor = via === 'notification' ? 'gateway' : 'system';
    const outcome = journal.transaction(() => {
      const attempt = requireAttempt(this.ctx, attemptId);
      if (attempt.status === 'paid') return null;
      const paid = recorder.attempt(
        attemptId,
        'paid',
        actor,
        { via, orderNo: fields.orderNo ?? attempt.orderNo, ...data },
        { ...fields, errorCode: null, errorDetail: null, resolvedBy: via, nextCheckAt: null },
      );
      const sale = requireSale(this.ctx, attempt.saleId);
      const late = canSale(sale.status, 'late_paid');
      const patch = { paidAttemptId: attemptId, paidAt: this.ctx.now(), platform: paid.platform };
      if (late) {
        recorder.sale(sale.id, 'late_paid', actor, { attemptId, via }, patch);
      } else if (canSale(sale.status, 'paid')) {
        recorder.sale(sale.id, 'paid', actor, { attemptId, via }, { ...patch, statusReason: null });
      }
      return { saleId: sale.id, late };
    });
    if (!outcome) return;
    this.onFinal(attemptId);
    if (outcome.late) this.ctx.emit({ type: 'late-payment', saleId: outcome.saleId, attemptId });
  }

  settleUnpaid(
    attemptId: string,
    status: 'declined' | 'failed',
    code: string,
    detail: string,
    via: Via,
  ): void {
    const { journal, recorder } = this.ctx;
    const changed = journal.transaction(() => {
      const attempt = requireAttempt(this.ctx, attemptId);
      if (!isOpenAttempt(attempt.status)) return false;
      recorder.attempt(
        attemptId,
        status,
        'system',
        { code, via },
        { errorCode: code, errorDetail: detail.slice(0, 500), resolvedBy: via, nextCheckAt: null },
      );
      const sale = requireSale(this.ctx, attempt.saleId);
      // A sale the cashier is still looking at can be retried with a fresh code; one already handed to the
      // background is over for good; a voided one stays voided, now with nothing left to watch.
      if (canSale(sale.status, 'unpaid')) {
        recorder.sale(sale.id, 'unpaid', 'system', { attemptId, code }, { statusReason: code });
      }
      return true;
    });
    if (changed) this.onFinal(attemptId);
  }

  /** A status the attempt keeps open (userpaying, unknown), with the fields the answer carried. */
  update(
    attemptId: string,
    event: 'userpaying' | 'unknown',
    patch: AttemptPatch,
    data: Record<string, unknown>,
  ): void {
    const attempt = requireAttempt(this.ctx, attemptId);
    if (!isOpenAttempt(attempt.status)) return;
    this.ctx.recorder.attempt(attemptId, event, 'system', data, patch);
    this.ctx.emit({ type: 'sale', saleId: attempt.saleId });
  }

  gatewayOk(): void {
    this.ctx.emit({ type: 'gateway-call', ok: true, code: null });
  }

  gatewayFailed(err: unknown): void {
    const outcome = classifyPaymentError(err);
    this.ctx.emit({ type: 'gateway-call', ok: false, code: 'code' in outcome ? outcome.code : null });
  }
}
