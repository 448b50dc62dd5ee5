/**
 * The gateway the engines hold. Settings can point the terminal at another gateway (sandbox → live, a new secret)
 * without rebuilding the engines: calls already in flight finish on the gateway they started on.
 */
import type { PaymentGateway } from './gateway';

export class SwitchableGateway implements PaymentGateway {
  constructor(private current: PaymentGateway) {}

  switchTo(next: PaymentGateway): void {
    this.current = next;
  }

  makeScanOrder: PaymentGateway['makeScanOrder'] = (p, o) => this.current.makeScanOrder(p, o);
  makeQROrder: PaymentGateway['makeQROrder'] = (p, o) => this.current.makeQROrder(p, o);
  makeJSAPIOrder: PaymentGateway['makeJSAPIOrder'] = (p, o) => this.current.makeJSAPIOrder(p, o);
  queryOrder: PaymentGateway['queryOrder'] = (p, o) => this.current.queryOrder(p, o);
  refund: PaymentGateway['refund'] = (p, o) => this.current.refund(p, o);
  queryRefund: PaymentGateway['queryRefund'] = (p, o) => this.current.queryRefund(p, o);
  getExchangeRate: PaymentGateway['getExchangeRate'] = (p, o) => this.current.getExchangeRate(p, o);
}
