import type { Bilingual } from '../shared/bilingual';

/** Transport outcomes and local refusals share the code space of gateway error codes, so one lookup serves all. */
export const TRANSPORT_NOT_SENT = 'TRANSPORT_NOT_SENT';
export const TRANSPORT_UNKNOWN = 'TRANSPORT_UNKNOWN';
export const INVALID_BASE_URL = 'INVALID_BASE_URL';
export const INVALID_REQUEST = 'INVALID_REQUEST';

/** Every error_code the document lists, plus USERPAYING (section 2.4's "still paying" answer). */
export const GATEWAY_ERROR_CODES = [
  'PARAMETER_INVALID',
  'SIGN_TIMEOUT',
  'MERCHANTNO_INVALID',
  'SIGN_ERROR',
  'SYSTEM_ERROR',
  'ORDER_PAID',
  'POS_NOT_REGISTERED',
  'NOT_ENOUGH',
  'CARD_NOT_SUPPORT',
  'ORDER_CLOSED',
  'QRCODE_EXPIRED',
  'QRCODE_ERROR',
  'AMOUNT_INVALID',
  'PERMISSION_ERROR',
  'ORDER_NO_ERROR',
  'ORDER_NOT_PAID',
  'AMOUNT_OVER_LIMIT',
  'REFUND_NO_ERROR',
  'WECHAT_STORE_NOT_EXISTS',
  'USERPAYING',
] as const;

export type GatewayErrorCode = (typeof GATEWAY_ERROR_CODES)[number];

/** The document's fail examples spell SIGN_TIMEOUT as "SIGN_TIMEOUOT"; a gateway built from it may too. */
const CODE_ALIASES: Readonly<Record<string, string>> = { SIGN_TIMEOUOT: 'SIGN_TIMEOUT' };

export function normaliseErrorCode(code: string): string {
  const upper = code.trim().toUpperCase();
  return CODE_ALIASES[upper] ?? upper;
}

const MESSAGES: Readonly<Record<string, Bilingual>> = {
  PARAMETER_INVALID: {
    en: 'The payment request was incomplete. Nothing was charged. Try again; if it happens again, call the manager.',
    zh: '支付请求信息不完整，未扣款。请重试；如再次出现，请联系经理。',
  },
  SIGN_TIMEOUT: {
    en: "This till's clock is wrong, so the payment was refused. Nothing was charged. Ask the manager to correct the date and time.",
    zh: '本机时间不准，支付被拒绝，未扣款。请经理校正本机日期和时间。',
  },
  MERCHANTNO_INVALID: {
    en: 'The merchant number in the settings is wrong. Nothing was charged. Ask the manager to check the Omipay settings.',
    zh: '设置中的商户号有误，未扣款。请经理检查 Omipay 设置。',
  },
  SIGN_ERROR: {
    en: 'The payment service did not accept our secret key. Nothing was charged. Ask the manager to check the Omipay settings.',
    zh: '支付服务不接受本店密钥，未扣款。请经理检查 Omipay 设置。',
  },
  SYSTEM_ERROR: {
    en: 'The payment service had a problem. The payment may still go through: do not charge again, wait for the status check.',
    zh: '支付服务出现故障，款项仍可能扣除：请勿重复收款，等待系统核实结果。',
  },
  ORDER_PAID: {
    en: 'This sale is already paid. Do not charge again.',
    zh: '此笔交易已付款，请勿重复收款。',
  },
  POS_NOT_REGISTERED: {
    en: 'This till is not registered with Omipay. Nothing was charged. Ask the manager to register the POS number.',
    zh: '本收银机未在 Omipay 登记，未扣款。请经理登记收银机编号。',
  },
  NOT_ENOUGH: {
    en: 'Not enough money in the customer’s wallet. Nothing was charged. Ask the customer to choose another card in the app or pay another way.',
    zh: '顾客余额不足，未扣款。请顾客在应用中更换付款卡，或改用其他方式付款。',
  },
  CARD_NOT_SUPPORT: {
    en: 'The customer’s card cannot be used here. Nothing was charged. Ask the customer to choose another card in the app.',
    zh: '顾客的银行卡不支持此笔付款，未扣款。请顾客在应用中更换付款卡。',
  },
  ORDER_CLOSED: {
    en: 'This order is already closed. Check the sale status before taking payment again.',
    zh: '此订单已关闭。再次收款前请先核对交易状态。',
  },
  QRCODE_EXPIRED: {
    en: 'The payment code has expired. Nothing was charged. Ask the customer to refresh the payment code, then scan again.',
    zh: '付款码已过期，未扣款。请顾客刷新付款码后重新扫码。',
  },
  QRCODE_ERROR: {
    en: 'That is not a valid payment code. Nothing was charged. Ask the customer to open the WeChat Pay or Alipay payment code, then scan again.',
    zh: '不是有效的付款码，未扣款。请顾客打开微信或支付宝付款码后重新扫码。',
  },
  AMOUNT_INVALID: {
    en: 'The amount is outside what the payment app allows. Nothing was charged. Check the amount or ask the customer to pay another way.',
    zh: '金额超出支付平台允许范围，未扣款。请核对金额或请顾客改用其他方式付款。',
  },
  PERMISSION_ERROR: {
    en: 'This order belongs to another merchant account. Nothing was changed. Check the order number.',
    zh: '此订单属于其他商户账户，未做任何更改。请核对订单号。',
  },
  ORDER_NO_ERROR: {
    en: 'Order number not found. Nothing was changed. Check the order number.',
    zh: '找不到该订单号，未做任何更改。请核对订单号。',
  },
  ORDER_NOT_PAID: {
    en: 'This order was never paid, so it cannot be refunded. Nothing was refunded.',
    zh: '此订单未付款，无法退款，未退任何款项。',
  },
  AMOUNT_OVER_LIMIT: {
    en: 'The refund is more than what is left on this order. Nothing was refunded. Check the amount.',
    zh: '退款金额超过此订单剩余可退金额，未退款。请核对金额。',
  },
  REFUND_NO_ERROR: {
    en: 'Refund number not found. Check the refund number.',
    zh: '找不到该退款单号，请核对退款单号。',
  },
  WECHAT_STORE_NOT_EXISTS: {
    en: 'This merchant account cannot take WeChat in-app payments. Nothing was charged. Scan the customer’s payment code instead.',
    zh: '此商户账户未开通微信内支付，未扣款。请改为扫描顾客付款码。',
  },
  USERPAYING: {
    en: 'Waiting for the customer to confirm on their phone (for example, enter their password). Do not charge again.',
    zh: '正在等待顾客在手机上确认付款（如输入密码），请勿重复收款。',
  },
  [TRANSPORT_NOT_SENT]: {
    en: 'Could not reach the payment service. Nothing was charged. Check the internet connection and try again.',
    zh: '无法连接支付服务，未扣款。请检查网络连接后重试。',
  },
  [TRANSPORT_UNKNOWN]: {
    en: 'No clear answer from the payment service; the payment may have gone through. Do not charge again: checking the status.',
    zh: '支付服务未给出明确结果，款项可能已扣除。请勿重复收款，系统正在核实。',
  },
  [INVALID_BASE_URL]: {
    en: 'The payment service address in the settings is not valid. Nothing was charged. Ask the manager to check the Omipay settings.',
    zh: '设置中的支付服务地址无效，未扣款。请经理检查 Omipay 设置。',
  },
  [INVALID_REQUEST]: {
    en: 'The sale details are not valid for payment. Nothing was charged. Check the amount and try again.',
    zh: '交易信息无效，未扣款。请核对金额后重试。',
  },
};

/**
 * A short cashier message with the next step, in English and 简体中文. Unknown codes get a safe fallback that
 * never claims nothing was charged.
 */
export function cashierMessage(code: string): Bilingual {
  const key = normaliseErrorCode(code);
  const known = MESSAGES[key];
  if (known) return known;
  const shown = key.replace(/[^A-Z0-9_]/g, '').slice(0, 40) || 'UNKNOWN';
  return {
    en: `The payment service gave an unexpected answer (${shown}). Check the sale status before taking payment again.`,
    zh: `支付服务返回了未知结果（${shown}）。再次收款前请先核对交易状态。`,
  };
}

/**
 * Codes after which no money can have moved in the call that returned them, so the sale may be tried again
 * (with a fresh payment code): every gateway code listed above but NOT_DEFINITE, plus the local refusals.
 * NOT_DEFINITE holds SYSTEM_ERROR (the payment may still complete), USERPAYING (pending), ORDER_PAID and
 * ORDER_CLOSED (an earlier attempt with that out_order_no may have taken the money). Also absent:
 * TRANSPORT_UNKNOWN, and every code we do not know.
 */
const NOT_DEFINITE: ReadonlySet<GatewayErrorCode> = new Set([
  'SYSTEM_ERROR',
  'USERPAYING',
  'ORDER_PAID',
  'ORDER_CLOSED',
]);
const DEFINITE_DECLINES: ReadonlySet<string> = new Set<string>([
  ...GATEWAY_ERROR_CODES.filter((c) => !NOT_DEFINITE.has(c)),
  TRANSPORT_NOT_SENT,
  INVALID_BASE_URL,
  INVALID_REQUEST,
]);

export function isDefiniteDecline(code: string): boolean {
  return DEFINITE_DECLINES.has(normaliseErrorCode(code));
}
