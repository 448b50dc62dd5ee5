/**
 * The part of the Omipay client the engines use. OmipayClient satisfies it structurally; keeping the engines on
 * this narrow surface makes plain what they depend on.
 */
import type {
  CallOptions,
  ExchangeRate,
  JsapiOrderResult,
  OrderStatusResult,
  Platform,
  QrOrderResult,
  RefundResult,
  RefundStatusResult,
  ScanOrderResult,
} from '../omipay';

export interface PaymentGateway {
  makeScanOrder(
    p: {
      orderName: string;
      amount: number;
      qrcode: string;
      posNo: string;
      outOrderNo: string;
      notifyUrl?: string;
    },
    o?: CallOptions,
  ): Promise<ScanOrderResult>;
  makeQROrder(
    p: { orderName: string; amount: number; outOrderNo: string; platform: Platform; notifyUrl?: string },
    o?: CallOptions,
  ): Promise<QrOrderResult>;
  makeJSAPIOrder(
    p: { orderName: string; amount: number; outOrderNo: string; redirectUrl: string; notifyUrl?: string },
    o?: CallOptions,
  ): Promise<JsapiOrderResult>;
  queryOrder(p: { orderNo: string }, o?: CallOptions): Promise<OrderStatusResult>;
  refund(p: { orderNo: string; outRefundNo: string; amount: number }, o?: CallOptions): Promise<RefundResult>;
  queryRefund(p: { refundNo: string }, o?: CallOptions): Promise<RefundStatusResult>;
  getExchangeRate(p: { platform?: Platform }, o?: CallOptions): Promise<ExchangeRate>;
}
