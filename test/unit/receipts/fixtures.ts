/** Fixed views for the receipt tests: every figure here is checked against what is printed. */
import type { ReceiptView, RefundView, ReportView, SaleView } from '../../../preload/api';
import { NO_LATE_MONEY, QUIET_SALE_FIELDS, ZERO_REPORT_LINE } from '../../helpers/view-fixtures';

/** 2025-11-25 14:04:05 in Sydney (AEDT, UTC+11). */
export const AT = Date.UTC(2025, 10, 25, 3, 4, 5);
export const TZ = 'Australia/Sydney';
export const ORDER_NO = 'bc112874260946a2af2b7107825e6ce2';
export const OUT_ORDER_NO = 'POS001-20251125-000042';

export const saleReceipt: ReceiptView = {
  merchantName: '金龙 Golden Dragon Café & Bar',
  posNo: 'POS001',
  saleId: 'sale_0001',
  kind: 'sale',
  amountCents: 1250,
  cnyAmount: 5890,
  exchangeRate: '4.7123',
  platform: 'WECHATPAY',
  orderNo: ORDER_NO,
  outOrderNo: OUT_ORDER_NO,
  at: AT,
  timeZone: TZ,
  refund: null,
};

export const refund: RefundView = {
  id: 'refund_0001',
  saleId: 'sale_0001',
  outRefundNo: 'R-POS001-000007',
  refundNo: 'rf9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4',
  amountCents: 500,
  reason: '顾客退货 customer returned 1 item',
  status: 'CLOSED',
  final: true,
  succeeded: true,
  message: null,
  createdAt: AT + 3_600_000,
  refundTime: AT + 3_600_000,
  successTime: AT + 3_605_000,
};

export const refundReceipt: ReceiptView = {
  ...saleReceipt,
  kind: 'refund',
  amountCents: 500,
  cnyAmount: null,
  at: refund.createdAt,
  refund,
};

const unresolvedSale: SaleView = {
  id: 'sale_0009',
  kind: 'scan',
  amountCents: 8800,
  platform: 'ALIPAY',
  phase: 'unresolved',
  attempts: 1,
  outOrderNo: 'POS001-20251125-000051',
  orderNo: null,
  createdAt: AT + 7_200_000,
  paidAt: null,
  ...QUIET_SALE_FIELDS,
  refundedCents: 0,
};

export const xReport: ReportView = {
  kind: 'X',
  businessDate: '2025-11-25',
  generatedAt: AT + 8 * 3_600_000,
  perPlatform: [
    {
      platform: 'WECHATPAY',
      salesCount: 3,
      salesCents: 4250,
      refundsCount: 1,
      refundsCents: 500,
      netCents: 3750,
      ...NO_LATE_MONEY,
    },
    {
      platform: 'ALIPAY',
      salesCount: 2,
      salesCents: 123456,
      refundsCount: 0,
      refundsCents: 0,
      netCents: 123456,
      ...NO_LATE_MONEY,
    },
    {
      platform: 'UNKNOWN',
      ...ZERO_REPORT_LINE,
    },
  ],
  totals: {
    salesCount: 5,
    salesCents: 127706,
    refundsCount: 1,
    refundsCents: 500,
    netCents: 127206,
    ...NO_LATE_MONEY,
  },
  unresolved: [unresolvedSale],
  pendingRefunds: [{ ...refund, id: 'refund_0002', status: 'APPLIED', final: false, succeeded: false }],
  closedAt: null,
  forced: false,
};

export const zReportForced: ReportView = {
  ...xReport,
  kind: 'Z',
  closedAt: AT + 9 * 3_600_000,
  forced: true,
};

export const header = { merchantName: saleReceipt.merchantName, posNo: 'POS001', timeZone: TZ };
