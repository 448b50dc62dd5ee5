/** What the till says about refunds through the store server, in the cashier's two languages. */
import type { Bilingual } from '../../preload/api';
import { formatCents } from '../shared/money';

export const remoteRefundWords = {
  overBalance: (refundableCents: number): Bilingual => ({
    en: `That is more than is left to refund on this sale across the store: A$ ${formatCents(refundableCents)} can still be refunded.`,
    zh: `退款金额超过本店该笔交易的可退余额：还可退 A$ ${formatCents(refundableCents)}。`,
  }),
  notRefundable: {
    en: 'The store server says this sale cannot be refunded (not paid, or no Omipay order number yet).',
    zh: '门店服务器显示该交易不能退款（未付款，或尚无 Omipay 订单号）。',
  },
  notFound: {
    en: 'The store server does not know this sale. If it was taken at another till moments ago, try again shortly.',
    zh: '门店服务器上找不到该交易。如果刚在另一台收银机收款，请稍后再试。',
  },
  unreachable: {
    en: 'The store server cannot be reached, so sales taken at other tills cannot be found or refunded now. Sales of this till can still be refunded here.',
    zh: '无法连接门店服务器，暂时无法查找或退款其他收银机的交易。本机的交易仍可在此退款。',
  },
  notLinked: {
    en: 'This till is not linked to a store server, so only its own sales can be found and refunded.',
    zh: '本机未连接门店服务器，只能查找和退款本机的交易。',
  },
  refused: {
    en: 'The store server refused this refund. Try again, or refund it at the till that took the sale.',
    zh: '门店服务器拒绝了此次退款。请重试，或在收款的收银机上退款。',
  },
  ownSale: {
    en: 'This sale was taken at this till: refund it from the sale itself.',
    zh: '该交易由本机收款，请在交易详情中退款。',
  },
} as const;
