/** A gateway that tells `onQuery` about every QueryOrder it passes on (tests and benches count polling). */
import type { PaymentGateway } from '../../main/payments/gateway';

export function queryCountingGateway(g: PaymentGateway, onQuery: () => (() => void) | void): PaymentGateway {
  return {
    makeScanOrder: (p, o) => g.makeScanOrder(p, o),
    makeQROrder: (p, o) => g.makeQROrder(p, o),
    makeJSAPIOrder: (p, o) => g.makeJSAPIOrder(p, o),
    queryOrder: async (p, o) => {
      // onQuery may return a callback for when the answer is in (round-trip timing).
      const done = onQuery();
      try {
        return await g.queryOrder(p, o);
      } finally {
        done?.();
      }
    },
    refund: (p, o) => g.refund(p, o),
    queryRefund: (p, o) => g.queryRefund(p, o),
    getExchangeRate: (p, o) => g.getExchangeRate(p, o),
  };
}
