/**
 * A sale's journal events in words a manager reads ("Payment code scanned (Alipay)", "Refund of A$ 5.00
 * accepted"), not the journal's internals (attemptId=…, amountCents=700 kind=qr). Unknown event types still read
 * as words, from their name.
 */
import type { Bilingual } from '../shared/bilingual';
import { formatCents } from '../shared/money';
import { REFUND_ELSEWHERE_STATES, type RefundElsewhereState } from '../shared/store-link-protocol';
import { refundElsewhereState } from '../journal/status';
import { refundElsewhereWords } from './refund-elsewhere-words';

function isElsewhereState(v: unknown): v is RefundElsewhereState {
  return (REFUND_ELSEWHERE_STATES as readonly unknown[]).includes(v);
}

type Data = Record<string, unknown>;

const PLATFORM: Record<string, Bilingual> = {
  WECHATPAY: { en: 'WeChat Pay', zh: '微信支付' },
  ALIPAY: { en: 'Alipay', zh: '支付宝' },
};

const VIA: Record<string, Bilingual> = {
  reply: { en: 'from Omipay’s reply', zh: '来自 Omipay 回复' },
  query: { en: 'by checking with Omipay', zh: '经向 Omipay 查询' },
  notification: { en: 'by Omipay’s notification', zh: '来自 Omipay 通知' },
  resubmit: { en: 'by sending it again', zh: '经重新发送' },
};

function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

function money(v: unknown): string | null {
  return typeof v === 'number' && Number.isSafeInteger(v) ? `A$ ${formatCents(v)}` : null;
}

function platformPart(v: unknown): Bilingual {
  const p = str(v) ? PLATFORM[v as string] : undefined;
  return p ? { en: ` (${p.en})`, zh: `（${p.zh}）` } : { en: '', zh: '' };
}

function viaPart(v: unknown): Bilingual {
  const p = str(v) ? VIA[v as string] : undefined;
  return p ? { en: `, ${p.en}`, zh: `，${p.zh}` } : { en: '', zh: '' };
}

function codePart(v: unknown): Bilingual {
  const code = str(v);
  return code ? { en: ` (${code})`, zh: `（${code}）` } : { en: '', zh: '' };
}

const KIND: Record<string, Bilingual> = {
  scan: { en: 'scan', zh: '扫码' },
  qr: { en: 'QR code', zh: '二维码' },
  jsapi: { en: 'payment page', zh: '支付页面' },
};

export function historyWords(type: string, data: Data): Bilingual {
  const amount = money(data.amountCents);
  switch (type) {
    case 'refund.elsewhere': {
      const status = str(data.status) ?? 'unknown';
      return refundElsewhereWords({
        amountCents: typeof data.amountCents === 'number' ? data.amountCents : 0,
        tillName: str(data.tillName) ?? '?',
        outRefundNo: str(data.outRefundNo) ?? '?',
        state: isElsewhereState(data.state) ? data.state : refundElsewhereState(status),
        status,
        errorCode: str(data.errorCode),
      });
    }
    case 'sale.started': {
      const kind = str(data.kind) ? KIND[data.kind as string] : undefined;
      return {
        en: `Sale started${amount ? ` for ${amount}` : ''}${kind ? ` (${kind.en})` : ''}`,
        zh: `开始交易${amount ? ` ${amount}` : ''}${kind ? `（${kind.zh}）` : ''}`,
      };
    }
    case 'sale.abandoned':
      return { en: 'Sale closed without payment', zh: '交易未付款即关闭' };
    case 'sale.sending':
      return { en: 'Payment in progress', zh: '付款进行中' };
    case 'sale.paid':
    case 'sale.paid_after_final':
      return { en: 'Sale paid', zh: '交易已付款' };
    case 'sale.declined':
      return { en: 'Not paid; the customer may try a new code', zh: '未付款，顾客可换新付款码再试' };
    case 'sale.failed':
      return { en: 'Sale ended unpaid; nothing charged', zh: '交易以未付款结束，未扣款' };
    case 'sale.voided':
      return {
        en: 'Voided: the customer pays another way; a payment that still lands is refunded',
        zh: '已作废：顾客改用其他方式付款；之后若仍收到付款将退回',
      };
    case 'sale.void_confirmed':
      return { en: 'The voided sale ended unpaid; nothing charged', zh: '作废的交易以未付款结束，未扣款' };
    case 'sale.late_payment':
      return {
        en: 'The customer paid after the void: the money goes back to them',
        zh: '作废后顾客仍完成付款：款项将退回给顾客',
      };
    case 'sale.late_payment_kept':
      return { en: 'Manager kept the payment made after the void', zh: '经理保留了作废后收到的付款' };
    case 'attempt.order_no_learned':
      return { en: 'Omipay order number confirmed with Omipay', zh: '已向 Omipay 核实订单号' };
    case 'attempt.order_no_refused':
      return {
        en: 'An order number offered for this sale is not its payment (checked with Omipay); not used',
        zh: '提供的订单号经 Omipay 核实不是这笔付款，未采用',
      };
    case 'notification.received':
      return {
        en: 'Omipay sent a payment notice; checking with Omipay',
        zh: '收到 Omipay 付款通知，正在向 Omipay 核实',
      };
    case 'notification.not_success':
    case 'notification.amount_mismatch':
    case 'notification.order_no_mismatch':
      return {
        en: 'A payment notice did not match this sale and was not used',
        zh: '一条付款通知与本交易不符，未采用',
      };
    case 'sale.stopped_waiting':
      return {
        en: 'Cashier stopped waiting; checks go on in the background',
        zh: '收银员停止等待，后台继续查询',
      };
    case 'sale.unresolved':
      return { en: 'Result not known yet; checks go on in the background', zh: '结果未确定，后台继续查询' };
    case 'sale.unresolved_after_restart':
      return {
        en: 'Terminal restarted during the payment; checks go on in the background',
        zh: '付款过程中终端重启，后台继续查询',
      };
    case 'attempt.created': {
      const p = platformPart(data.platform);
      const seq = typeof data.seq === 'number' && data.seq > 1 ? data.seq : null;
      return {
        en: `${seq ? `Try ${seq}: p` : 'P'}ayment code scanned${p.en}, sent to Omipay`,
        zh: `${seq ? `第 ${seq} 次：` : ''}已扫描付款码${p.zh}，已发送至 Omipay`,
      };
    }
    case 'attempt.qr_created': {
      const p = platformPart(data.platform);
      return { en: `QR code made for the customer to scan${p.en}`, zh: `已生成供顾客扫描的二维码${p.zh}` };
    }
    case 'attempt.userpaying':
      return { en: 'Customer confirming on their phone', zh: '顾客正在手机上确认' };
    case 'attempt.outcome_unknown': {
      const c = codePart(data.code);
      return {
        en: `No clear answer from Omipay${c.en}; checking again`,
        zh: `Omipay 未给出明确结果${c.zh}，继续查询`,
      };
    }
    case 'attempt.order_paid_reported':
      return {
        en: 'Omipay says this order is already paid; confirming',
        zh: 'Omipay 显示该订单已付款，正在确认',
      };
    case 'attempt.resubmitted':
      return { en: 'Payment sent again with the same order number', zh: '已用同一订单号重新发送付款' };
    case 'attempt.order_mismatch':
      return {
        en: 'Omipay’s order does not match this sale (amount or number); not settled — manager to check',
        zh: 'Omipay 的订单与本交易不符（金额或单号），未结算，请经理核查',
      };
    case 'attempt.paid': {
      const v = viaPart(data.via);
      return { en: `Paid${v.en}`, zh: `已付款${v.zh}` };
    }
    case 'attempt.paid_after_final':
      return {
        en: 'Omipay reports paid after an earlier failure: the sale counts as paid',
        zh: '先前失败后 Omipay 显示已付款：交易按已付款处理',
      };
    case 'attempt.declined': {
      const c = codePart(data.code);
      return { en: `Declined${c.en}; nothing charged`, zh: `被拒绝${c.zh}，未扣款` };
    }
    case 'attempt.failed': {
      const c = codePart(data.code);
      return { en: `Not paid${c.en}; nothing charged`, zh: `未付款${c.zh}，未扣款` };
    }
    case 'notification.mismatch':
      return {
        en: 'A payment notice from Omipay did not match this sale and was not used',
        zh: '一条 Omipay 付款通知与本交易不符，未采用',
      };
    case 'refund.created':
      return { en: `Refund of ${amount ?? 'an amount'} asked for`, zh: `申请退款 ${amount ?? ''}`.trim() };
    case 'refund.accepted':
      return { en: 'Refund accepted by Omipay', zh: 'Omipay 已受理退款' };
    case 'refund.rejected': {
      const c = codePart(data.code);
      return { en: `Refund refused by Omipay${c.en}`, zh: `Omipay 拒绝退款${c.zh}` };
    }
    case 'refund.outcome_unknown':
      return { en: 'Refund result not known yet; checking', zh: '退款结果暂不确定，继续查询' };
    case 'refund.status': {
      const status = str(data.status);
      if (status === 'CLOSED') return { en: 'Refund completed', zh: '退款完成' };
      return { en: `Refund status: ${status ?? 'changed'}`, zh: `退款状态：${status ?? '已变更'}` };
    }
    default: {
      // A name such as "sale.late_refunded" still reads as words.
      const words = type.replace(/[._]+/g, ' ').trim();
      const en = words.charAt(0).toUpperCase() + words.slice(1);
      return { en, zh: en };
    }
  }
}
