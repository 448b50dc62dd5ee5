/**
 * What the till that took a sale says about a refund of it made at another till of the store, in English and
 * 简体中文: the refund as it is now (requested, waiting for Omipay, refunded, failed with why, or withdrawn).
 * Used by the notice, the sale's journal entries and its detail, so all three say the same. Never "refunded"
 * before Omipay has closed the refund.
 */
import type { Bilingual } from '../shared/bilingual';
import { formatCents } from '../shared/money';
import type { RefundElsewhereState } from '../shared/store-link-protocol';

/** Why a refund failed, said for the till that did not make it (the other till's cashier saw Omipay's words). */
const REASONS: Record<string, Bilingual> = {
  rejected: { en: 'Omipay refused it', zh: 'Omipay 拒绝了退款' },
  ORDER_NO_ERROR: { en: 'Omipay did not know the order', zh: 'Omipay 找不到该订单' },
  PERMISSION_ERROR: {
    en: 'the order belongs to another merchant account',
    zh: '该订单属于其他商户账户',
  },
  ORDER_NOT_PAID: { en: 'Omipay says the order was not paid', zh: 'Omipay 显示该订单未付款' },
  AMOUNT_OVER_LIMIT: {
    en: 'it was more than was left to refund on the order',
    zh: '金额超过该订单剩余可退金额',
  },
  MERCHANTREJECTED: { en: 'the merchant account refused it', zh: '商户拒绝了退款' },
  TIMEOUTCLOSED: { en: 'Omipay closed it after it timed out', zh: 'Omipay 因超时关闭了退款' },
  ORGANIZATIONFAILED: { en: 'the payment provider could not pay it back', zh: '支付机构未能退回款项' },
  CUSTOMERCANCELLED: { en: 'it was cancelled', zh: '退款已被取消' },
};

export function refundFailureReason(status: string, errorCode: string | null): Bilingual {
  const known = (errorCode && REASONS[errorCode]) || REASONS[status];
  if (known) return known;
  const code = (errorCode ?? status).replace(/[^A-Za-z0-9_]/g, '').slice(0, 40) || 'UNKNOWN';
  return { en: `Omipay refused it (${code})`, zh: `Omipay 拒绝了退款（${code}）` };
}

export interface RefundElsewhereFacts {
  amountCents: number;
  tillName: string;
  outRefundNo: string;
  state: RefundElsewhereState;
  status: string;
  errorCode: string | null;
}

export function refundElsewhereWords(f: RefundElsewhereFacts): Bilingual {
  const a = `A$ ${formatCents(f.amountCents)}`;
  const no = { en: `(refund ${f.outRefundNo})`, zh: `（退款单号 ${f.outRefundNo}）` };
  switch (f.state) {
    case 'requested':
      return {
        en: `${f.tillName} is refunding ${a} of one of this till's sales: it is asking Omipay now. Nothing is refunded yet ${no.en}.`,
        zh: `${f.tillName} 正在为本机的一笔交易退款 ${a}，正在向 Omipay 申请，尚未退款${no.zh}。`,
      };
    case 'pending':
      return {
        en: `A refund of ${a} of one of this till's sales, asked for at ${f.tillName}, is waiting for Omipay to finish ${no.en}.`,
        zh: `在 ${f.tillName} 申请的本机一笔交易的退款 ${a} 正在等待 Omipay 完成${no.zh}。`,
      };
    case 'refunded':
      return {
        en: `${a} of one of this till's sales was refunded at ${f.tillName} ${no.en}.`,
        zh: `本机的一笔交易已在 ${f.tillName} 退款 ${a}${no.zh}。`,
      };
    case 'failed': {
      const why = refundFailureReason(f.status, f.errorCode);
      return {
        en: `A refund of ${a} of one of this till's sales, asked for at ${f.tillName}, failed: ${why.en}. No money went back to the customer ${no.en}.`,
        zh: `在 ${f.tillName} 申请的本机一笔交易的退款 ${a} 未成功：${why.zh}。款项未退回顾客${no.zh}。`,
      };
    }
    case 'cancelled':
      return {
        en: `${f.tillName} withdrew a refund of ${a} of one of this till's sales before sending it: nothing was refunded ${no.en}.`,
        zh: `${f.tillName} 在发送前撤回了本机一笔交易的退款 ${a}，未退任何款项${no.zh}。`,
      };
  }
}
