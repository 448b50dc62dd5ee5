/** The engines' events turned into the screens' events; returns the unsubscribers. */
import { remoteRefundView } from '../../store-link/remote-refunds';
import { refundView } from '../views';
import { watchBackgroundSales } from '../sale-notices';
import { fillPaidDetails } from '../paid-details';
import type { ServiceContext } from './context';

export function forwardEngineEvents(ctx: ServiceContext): Array<() => void> {
  const { deps } = ctx;
  const unsubscribe: Array<() => void> = [
    deps.engine.on((e) => {
      switch (e.type) {
        case 'sale': {
          const sale = deps.journal.getSale(e.saleId);
          if (sale) ctx.emit({ type: 'sale', sale: ctx.view(sale) });
          // An idle sign-out that waited for this sale happens once it has ended.
          ctx.people.saleChanged();
          return;
        }
        case 'unresolved-count':
          ctx.emit({ type: 'unresolved-count', count: e.count });
          return;
        case 'gateway-call':
          ctx.noteGatewayCall(e.ok, e.code);
          return;
        case 'late-payment':
          void ctx.closedLoop.onLatePayment(e.saleId);
          return;
        case 'storage-failed':
          ctx.storage.note(e.error);
          return;
      }
    }),
    deps.refunds.on((refundId) => {
      const r = deps.journal.getRefund(refundId);
      if (!r) return;
      ctx.emit({ type: 'refund', refund: refundView(r, deps.journal) });
      const sale = deps.journal.getSale(r.saleId);
      if (sale) ctx.emit({ type: 'sale', sale: ctx.view(sale) });
      ctx.closedLoop.onRefundChanged(r);
    }),
    watchBackgroundSales({
      journal: deps.journal,
      onEngineEvent: (l) => deps.engine.on(l),
      emit: (notice) => ctx.emit({ type: 'notice', notice }),
      timeZone: () => ctx.terminal.timeZone,
      now: ctx.now,
    }),
    fillPaidDetails({
      journal: deps.journal,
      gateway: deps.gateway,
      onEngineEvent: (l) => deps.engine.on(l),
      updated: (saleId) => {
        const sale = deps.journal.getSale(saleId);
        if (sale) ctx.emit({ type: 'sale', sale: ctx.view(sale) });
      },
      now: ctx.now,
      ...(deps.log ? { log: deps.log } : {}),
    }).stop,
  ];
  if (deps.remoteRefunds) {
    unsubscribe.push(
      deps.remoteRefunds.on((r) => ctx.emit({ type: 'remote-refund', refund: remoteRefundView(r) })),
    );
  }
  if (deps.storeLink) {
    unsubscribe.push(
      deps.storeLink.onStatus((status) => ctx.emit({ type: 'store-link', status })),
      deps.storeLink.onNotice((notice) => ctx.emit({ type: 'notice', notice })),
    );
  }
  return unsubscribe;
}
