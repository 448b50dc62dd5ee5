/**
 * MakeScanOrder's success reply carries no pay time, CNY amount or rate (only QueryOrder and the payment
 * notification do), so a sale paid straight from the reply would show none of them on the receipt and "Paid at"
 * would be the moment the POS learned it. Once such a sale is paid, one QueryOrder fills them in; a failed
 * look-up changes nothing (the sale is paid either way) and is tried again on the next change of the sale.
 */
import type { Logger } from 'pino';
import type { Journal } from '../journal/types';
import type { PaymentGateway } from './gateway';
import type { EngineEvent } from './sale-engine';

export interface PaidDetailsDeps {
  journal: Journal;
  gateway: Pick<PaymentGateway, 'queryOrder'>;
  onEngineEvent: (listener: (event: EngineEvent) => void) => () => void;
  /** The sale's view changed (its receipt now has the CNY amount). */
  updated: (saleId: string) => void;
  now: () => number;
  timeoutMs?: number;
  log?: Logger;
}

export function fillPaidDetails(deps: PaidDetailsDeps): { stop(): void; idle(): Promise<void> } {
  const running = new Map<string, Promise<void>>();

  async function fetchFor(attemptId: string, orderNo: string, saleId: string): Promise<void> {
    try {
      const s = await deps.gateway.queryOrder({ orderNo }, { timeoutMs: deps.timeoutMs ?? 10_000 });
      const attempt = deps.journal.getAttempt(attemptId);
      const sale = deps.journal.getSale(saleId);
      if (!attempt || !sale || sale.paidAttemptId !== attemptId) return;
      // Only facts about this very order: a reply for another amount or out_order_no is not used.
      if (s.amount !== null && s.amount !== sale.amountCents) return;
      if (s.outOrderNo && s.outOrderNo !== attempt.outOrderNo) return;
      if (s.payTime === null && s.cnyAmount === null) return;
      deps.journal.updateAttempt(
        attemptId,
        {
          payTime: attempt.payTime ?? s.payTime,
          orderTime: attempt.orderTime ?? s.orderTime,
          cnyAmount: attempt.cnyAmount ?? s.cnyAmount,
          exchangeRateScaled:
            attempt.exchangeRateScaled ?? (s.exchangeRate ? s.exchangeRate.scaled.toString() : null),
          payCurrency: attempt.payCurrency ?? s.payCurrency,
        },
        deps.now(),
      );
      deps.updated(saleId);
    } catch (err) {
      deps.log?.warn(
        { saleId, err: err instanceof Error ? err.message : String(err) },
        'paid sale details not fetched',
      );
    }
  }

  const stop = deps.onEngineEvent((event) => {
    if (event.type !== 'sale') return;
    const sale = deps.journal.getSale(event.saleId);
    if (!sale || sale.status !== 'paid' || !sale.paidAttemptId) return;
    const attempt = deps.journal.getAttempt(sale.paidAttemptId);
    if (!attempt?.orderNo || (attempt.payTime !== null && attempt.cnyAmount !== null)) return;
    if (running.has(attempt.id)) return;
    const job = fetchFor(attempt.id, attempt.orderNo, sale.id).finally(() => running.delete(attempt.id));
    running.set(attempt.id, job);
  });

  return {
    stop,
    async idle() {
      await Promise.all([...running.values()]);
    },
  };
}
