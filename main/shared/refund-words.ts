/**
 * One vocabulary for a refund's state, wherever a person reads it: the manager's tables (refunds, history,
 * reports, store sales), the result banner after a refund, the refund receipt, the refunds CSV, the customer
 * display and the Terminal API's `words`. The journal keeps its own statuses (its lower-case internal ones and
 * Omipay's upper-case ones); `refundState` folds them into the five states people see, and `REFUND_WORDS` gives
 * each its word and what it means. docs/payments.md has the table. Browser-safe: the renderer imports it.
 */
import type { Bilingual } from './bilingual';

export const REFUND_STATES = ['sending', 'checking', 'processing', 'refunded', 'failed'] as const;
export type RefundState = (typeof REFUND_STATES)[number];

export interface RefundWords {
  /** The state in one word: table cells, the receipt's status, the CSV (its English word, lower-cased). */
  word: Bilingual;
  /** What it means for the people behind the counter: the banner and the receipt print it under the word. */
  meaning: Bilingual;
  /** What the customer reads on the customer display under "Refund: <word>". */
  customer: Bilingual;
}

// ASCII punctuation in English: receipt printers' code pages do not all have dashes or curly quotes.
export const REFUND_WORDS: Readonly<Record<RefundState, RefundWords>> = {
  sending: {
    word: { en: 'Sending', zh: '发送中' },
    meaning: {
      en: 'Being sent to Omipay. Do not refund again.',
      zh: '正在发送给 Omipay。请勿重复退款。',
    },
    customer: { en: 'Your refund is being sent.', zh: '正在为您提交退款。' },
  },
  checking: {
    word: { en: 'Checking', zh: '确认中' },
    meaning: {
      en: 'Sent, but Omipay has not answered yet. The till keeps checking. Do not refund again.',
      zh: '已发送，Omipay 尚未答复，终端会继续查询。请勿重复退款。',
    },
    customer: { en: 'Your refund has been sent and is being confirmed.', zh: '退款已提交，正在确认。' },
  },
  processing: {
    word: { en: 'Processing', zh: '处理中' },
    meaning: {
      en: 'Omipay accepted it and is paying it back. Do not refund again.',
      zh: 'Omipay 已受理，正在退回。请勿重复退款。',
    },
    customer: {
      en: 'The money is on its way back to the account you paid with.',
      zh: '款项正在退回您的付款账户。',
    },
  },
  refunded: {
    word: { en: 'Refunded', zh: '已退款' },
    meaning: { en: 'The money went back to the customer.', zh: '款项已退回顾客。' },
    customer: { en: 'The money goes back to the account you paid with.', zh: '款项将退回您的付款账户。' },
  },
  failed: {
    word: { en: 'Failed', zh: '失败' },
    meaning: {
      en: 'No money went back. The amount can be refunded again.',
      zh: '款项未退回，可重新退款。',
    },
    customer: {
      en: 'The refund could not be completed. Please ask the staff.',
      zh: '退款未能完成，请向店员咨询。',
    },
  },
};

/** Final, and no money went back (the journal's FAILED_REFUND_STATUSES, kept here so the renderer needs no journal). */
const FAILED = new Set([
  'rejected',
  'MERCHANTREJECTED',
  'TIMEOUTCLOSED',
  'ORGANIZATIONFAILED',
  'CUSTOMERCANCELLED',
]);

/** The state people see for a journal refund status (any status Omipay may add later reads as processing). */
export function refundState(status: string): RefundState {
  if (status === 'submitting') return 'sending';
  if (status === 'unknown') return 'checking';
  if (status === 'CLOSED') return 'refunded';
  if (FAILED.has(status)) return 'failed';
  return 'processing';
}

/** "Refund: Processing" / "退款：处理中", the customer display's title for a refund in that state. */
export function refundHeadline(state: RefundState): Bilingual {
  const { word } = REFUND_WORDS[state];
  return { en: `Refund: ${word.en}`, zh: `退款：${word.zh}` };
}

export interface RefundReceiptHeading {
  /** The receipt's title. */
  title: Bilingual;
  /** The label over the amount. */
  amount: Bilingual;
}

/**
 * A refund receipt's title and amount label by state: a customer reads the title, not the status line, so only a
 * refund whose money went back is titled a refund receipt; one in flight or failed says so where the eye lands.
 */
const IN_FLIGHT_HEADING: RefundReceiptHeading = {
  title: { en: 'REFUND NOT YET MADE', zh: '退款尚未完成' },
  amount: { en: 'Not yet refunded', zh: '尚未退回金额' },
};
export const REFUND_RECEIPT_HEADINGS: Readonly<Record<RefundState, RefundReceiptHeading>> = {
  sending: IN_FLIGHT_HEADING,
  checking: IN_FLIGHT_HEADING,
  processing: IN_FLIGHT_HEADING,
  refunded: {
    title: { en: 'REFUND RECEIPT', zh: '退款凭证' },
    amount: { en: 'Refund amount', zh: '退款金额' },
  },
  failed: {
    title: { en: 'REFUND NOT MADE', zh: '退款未成功' },
    amount: { en: 'Not refunded', zh: '未退回金额' },
  },
};

export function refundWords(status: string): RefundWords {
  return REFUND_WORDS[refundState(status)];
}
