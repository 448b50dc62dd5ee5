/**
 * The closed loop. Omipay has no cancel: a payment can land after the shop gave the sale up (voided — the
 * customer paid another way). Such money is never kept silently: it is refunded in full automatically, or, when
 * the store chose so, held for the manager's decision. The cashier is told either way.
 */
import type { Logger } from 'pino';
import type { NoticeView } from '../../../preload/api';
import type { Journal, RefundRow, SaleRow } from '../../journal/types';
import { bilingual } from '../../shared/bilingual';
import { formatCents } from '../../shared/money';
import { wallClock, pad2 } from '../../shared/zoned-time';
import type { RefundEngine, RefundPeople } from '../refund-engine';
import { msg } from '../messages';
import { EngineError } from './context';
import { LATE_PAYMENT_REASON, isFailedRefund, isOpenRefund, latePaymentRefund } from './lifecycle';

/** refund: refund every late payment at once (default). ask_manager: hold it until a manager decides. */
export type LatePaymentPolicy = 'refund' | 'ask_manager';

export interface ClosedLoopDeps {
  journal: Journal;
  refunds: RefundEngine;
  policy: () => LatePaymentPolicy;
  keep: (saleId: string) => SaleRow;
  notify: (notice: NoticeView) => void;
  timeZone: () => string;
  now?: () => number;
  log?: Logger;
}

export class ClosedLoop {
  private readonly now: () => number;

  constructor(private readonly deps: ClosedLoopDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** A late payment was journalled (SaleEngine's late-payment event). */
  async onLatePayment(saleId: string): Promise<void> {
    const sale = this.deps.journal.getSale(saleId);
    if (!sale || sale.status !== 'voided' || !sale.paidAttemptId) return;
    if (this.deps.policy() === 'ask_manager') {
      this.notice(sale, 'late_payment_held');
      return;
    }
    await this.refund(sale);
  }

  /**
   * Start-up: a late payment whose refund was never journalled (the process died in between) is refunded now;
   * one already journalled is resumed by the refund engine itself.
   */
  async recover(): Promise<void> {
    const voided = this.deps.journal.searchSales({ statuses: ['voided'], limit: 500 });
    for (const sale of voided) {
      if (!sale.paidAttemptId) continue;
      if (latePaymentRefund(this.deps.journal.listRefunds(sale.id))) continue;
      await this.onLatePayment(sale.id);
    }
  }

  /** The manager's decision on a held late payment (or one whose refund failed). */
  /** who: the person whose PIN decided it, journalled with the refund. */
  async decide(saleId: string, decision: 'refund' | 'keep', who?: RefundPeople): Promise<void> {
    const sale = this.deps.journal.getSale(saleId);
    if (!sale || sale.status !== 'voided' || !sale.paidAttemptId) {
      throw new EngineError('NO_LATE_PAYMENT', msg.noLatePayment);
    }
    const existing = latePaymentRefund(this.deps.journal.listRefunds(saleId));
    if (existing && !isFailedRefund(existing.status)) {
      throw new EngineError('REFUND_IN_PROGRESS', msg.lateRefundInProgress);
    }
    if (decision === 'keep') this.deps.keep(saleId);
    else await this.refund(sale, who);
  }

  /** A refund changed (RefundEngine event): a late-payment refund that reached its end is told to the cashier. */
  onRefundChanged(refund: RefundRow): void {
    if (refund.reason !== LATE_PAYMENT_REASON || isOpenRefund(refund.status)) return;
    const sale = this.deps.journal.getSale(refund.saleId);
    if (!sale) return;
    this.notice(sale, refund.status === 'CLOSED' ? 'late_payment_refunded' : 'late_refund_failed', refund.id);
  }

  private async refund(sale: SaleRow, who?: RefundPeople): Promise<void> {
    try {
      await this.deps.refunds.refundLatePayment(sale.id, who);
    } catch (err) {
      // e.g. no Omipay order number yet: nothing can be sent; the manager sees it held.
      this.deps.log?.warn({ saleId: sale.id, err: String(err) }, 'late payment refund not sent');
      this.notice(sale, 'late_payment_held');
    }
  }

  private notice(sale: SaleRow, kind: NoticeView['kind'], refundId?: string): void {
    const amount = `A$ ${formatCents(sale.amountCents)}`;
    // The time is when the sale began (the journal keeps no void time apart): say "from", as the other notices do.
    const t = wallClock(sale.createdAt, this.deps.timeZone());
    const time = `${pad2(t.hour)}:${pad2(t.minute)}`;
    const texts: Record<string, [string, string]> = {
      late_payment_refunded: [
        `The ${amount} sale from ${time} was voided, then paid by the customer. It has been refunded to them in full.`,
        `${time} 的 ${amount} 交易已作废，之后顾客仍付了款，已全额退回给顾客。`,
      ],
      late_payment_held: [
        `The ${amount} sale from ${time} was voided, then paid by the customer. A manager must refund it or keep it.`,
        `${time} 的 ${amount} 交易已作废，之后顾客仍付了款，需由经理决定退款或保留。`,
      ],
      late_refund_failed: [
        `The refund of the ${amount} paid after the void of the sale from ${time} did not go through. A manager must act.`,
        `${time} 的交易作废后顾客付的 ${amount} 退款未成功，需由经理处理。`,
      ],
    };
    const [en, zh] = texts[kind] ?? [`${amount} sale at ${time}`, `${time} ${amount} 交易`];
    this.deps.notify({
      id: `${kind}:${sale.id}${refundId ? `:${refundId}` : ''}`,
      saleId: sale.id,
      kind,
      amountCents: sale.amountCents,
      message: bilingual(en, zh),
      at: this.now(),
    });
  }
}
