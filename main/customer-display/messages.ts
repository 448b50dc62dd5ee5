/**
 * Words for the customer, not the cashier: short, calm, and about what the customer should do. Never an error
 * code, an order number or anything that only makes sense behind the counter.
 */
import type { Bilingual } from '../../preload/api';

const b = (zh: string, en: string): Bilingual => ({ zh, en });

export const customerText = {
  welcome: b('欢迎光临', 'Welcome'),
  wallets: b('支持微信支付和支付宝', 'We accept WeChat Pay and Alipay'),
  showCode: b('请出示付款码', 'Please show your payment code'),
  scanQr: b('请用手机扫描二维码付款', 'Scan this QR code with your phone to pay'),
  processing: b('正在处理付款，请稍候', 'Processing your payment, please wait'),
  confirmOnPhone: b('请在手机上确认付款', 'Please confirm the payment on your phone'),
  confirmOnPhoneHow: b('例如输入支付密码', 'For example, enter your payment password'),
  checking: b('正在确认付款结果，请稍候', 'Confirming your payment, please wait'),
  checkingHow: b('请勿重复付款，店员会告诉您结果', 'Please do not pay again; the cashier will tell you'),
  paid: b('付款成功 · 谢谢', 'Paid · Thank you'),
  declined: b('付款未成功', 'The payment did not go through'),
  failed: b('付款未完成', 'The payment was not completed'),
  failedHow: b('您未被扣款。请向店员咨询', 'You have not been charged. Please ask the cashier'),
  voided: b('已在柜台取消', 'Cancelled at the counter'),
  voidedHow: b(
    '如果手机仍提示付款，请不要支付；如果已经扣款，款项会自动退回',
    'If your phone still asks you to pay, don’t. If a payment went through, it will be refunded automatically',
  ),
  voidedAskStaff: b(
    '如果手机仍提示付款，请不要支付；如果已经扣款，请告诉店员，店员会为您处理',
    'If your phone still asks you to pay, don’t. If a payment went through, please tell the staff: they will sort it out',
  ),
  latePaid: b('您的付款已到账', 'Your payment has arrived'),
  latePaidHow: b('店员会为您处理，请稍候', 'The staff will sort this out with you'),
} as const;

/** A decline in words a customer understands, with what to do; unknown codes get the general advice. */
const DECLINE_ADVICE: Readonly<Record<string, Bilingual>> = {
  NOT_ENOUGH: b(
    '余额不足，未扣款。请在应用中更换付款方式后再试',
    'Not enough balance; you have not been charged. Choose another card in the app and try again',
  ),
  CARD_NOT_SUPPORT: b(
    '此卡无法使用，未扣款。请在应用中更换付款卡',
    'This card cannot be used; you have not been charged. Choose another card in the app',
  ),
  QRCODE_EXPIRED: b(
    '付款码已过期，未扣款。请刷新付款码后再出示',
    'The payment code expired; you have not been charged. Refresh it and show it again',
  ),
  QRCODE_ERROR: b(
    '付款码无法识别，未扣款。请打开微信或支付宝付款码',
    'The code could not be read; you have not been charged. Open your WeChat Pay or Alipay payment code',
  ),
  AMOUNT_INVALID: b(
    '金额超出支付限额，未扣款。请改用其他方式付款',
    'The amount is over your payment limit; you have not been charged. Please pay another way',
  ),
};

export const GENERAL_DECLINE: Bilingual = b(
  '未扣款。请再试一次，或改用其他方式付款',
  'You have not been charged. Please try again or pay another way',
);

export function declineAdvice(errorCode: string | null): Bilingual {
  return (errorCode !== null ? DECLINE_ADVICE[errorCode] : undefined) ?? GENERAL_DECLINE;
}
