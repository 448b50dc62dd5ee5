/**
 * The customer page's own words, always in both languages (Chinese first): the display does not follow the
 * cashier's language setting, because the customer is not the cashier.
 */
import type { Bilingual, Platform } from '../../../preload/api';
import { REFUND_RECEIPT_HEADINGS } from '../../../main/shared/refund-words';

export const customerWords = {
  qrAlt: { zh: '付款二维码', en: 'Payment QR code' },
  connecting: { zh: '连接中', en: 'Connecting' },
  wallets: {
    WECHATPAY: { zh: '微信支付', en: 'WeChat Pay' },
    ALIPAY: { zh: '支付宝', en: 'Alipay' },
  } satisfies Record<Platform, Bilingual>,
  walletPath: {
    WECHATPAY: { zh: '我 › 服务 › 收付款', en: 'Me › Services › Money' },
    ALIPAY: { zh: '首页 › 付钱/收钱', en: 'Home › Pay/Receive' },
  } satisfies Record<Platform, Bilingual>,
} as const;

/** The estimate names whose rate it uses: before the code is scanned that is WeChat Pay's, not the customer's. */
export function estimateWords(cny: string, rate: string, wallet: Platform): Bilingual {
  const name = customerWords.wallets[wallet];
  return {
    zh: `约 ¥${cny}（${name.zh}参考汇率 ${rate}，仅供参考）`,
    en: `About ¥${cny} at ${name.en}'s rate ${rate} (estimate only)`,
  };
}

/** The serving person's first name, as the shop chose to show it (the core sends it only then). */
export function servedByWords(name: string): Bilingual {
  return { zh: `为您服务：${name}`, en: `Served by ${name}` };
}

export function countdownWords(left: string): Bilingual {
  return { zh: `剩余 ${left}`, en: `${left} left` };
}

export function walletHintWords(platform: Platform): Bilingual {
  const name = customerWords.wallets[platform];
  const path = customerWords.walletPath[platform];
  return { zh: `${name.zh}：${path.zh}`, en: `${name.en}: ${path.en}` };
}

/**
 * The label over the amount on a refund screen, as the refund receipt words it: "Refund amount" only once the
 * money went back, so a refund in progress or failed is never read as made.
 */
export function refundAmountLabel(screen: 'refunding' | 'refunded' | 'refund_failed'): Bilingual {
  const state = screen === 'refunded' ? 'refunded' : screen === 'refund_failed' ? 'failed' : 'processing';
  return REFUND_RECEIPT_HEADINGS[state].amount;
}
