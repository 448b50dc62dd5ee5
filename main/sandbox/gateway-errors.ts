export type GatewayErrorCode =
  | 'PARAMETER_INVALID'
  | 'SIGN_TIMEOUT'
  | 'MERCHANTNO_INVALID'
  | 'SIGN_ERROR'
  | 'SYSTEM_ERROR'
  | 'ORDER_PAID'
  | 'POS_NOT_REGISTERED'
  | 'NOT_ENOUGH'
  | 'CARD_NOT_SUPPORT'
  | 'ORDER_CLOSED'
  | 'QRCODE_EXPIRED'
  | 'QRCODE_ERROR'
  | 'AMOUNT_INVALID'
  | 'USERPAYING'
  | 'PERMISSION_ERROR'
  | 'ORDER_NO_ERROR'
  | 'ORDER_NOT_PAID'
  | 'AMOUNT_OVER_LIMIT'
  | 'REFUND_NO_ERROR'
  | 'WECHAT_STORE_NOT_EXISTS';

export type GatewayLanguage = 'EN' | 'CHS';

/** error_msg texts; the gateway's default language is CHS, as the document says. */
const MESSAGES: Record<GatewayErrorCode, Record<GatewayLanguage, string>> = {
  PARAMETER_INVALID: { EN: 'Invalid parameters.', CHS: '参数无效' },
  SIGN_TIMEOUT: { EN: 'Sign time out.', CHS: '时间戳超时' },
  MERCHANTNO_INVALID: { EN: 'Merchant number is invalid.', CHS: '商户号无效' },
  SIGN_ERROR: { EN: 'Signature check failed.', CHS: '签名校验失败' },
  SYSTEM_ERROR: { EN: 'System error.', CHS: '服务器错误' },
  ORDER_PAID: { EN: 'This order is already paid.', CHS: '订单已支付' },
  POS_NOT_REGISTERED: { EN: 'POS device is not registered.', CHS: 'POS设备未注册' },
  NOT_ENOUGH: { EN: 'Not enough balance.', CHS: '余额不足' },
  CARD_NOT_SUPPORT: { EN: 'Card type is not supported.', CHS: '不支持该卡类型' },
  ORDER_CLOSED: { EN: 'Order is already closed.', CHS: '订单已关闭' },
  QRCODE_EXPIRED: { EN: 'QRCode is expired.', CHS: '付款码已过期' },
  QRCODE_ERROR: { EN: 'QRCode error.', CHS: '付款码错误' },
  AMOUNT_INVALID: { EN: 'Amount is invalid.', CHS: '金额无效' },
  USERPAYING: { EN: 'User is paying, waiting for the payment password.', CHS: '用户支付中，需要输入密码' },
  PERMISSION_ERROR: { EN: 'Permission error.', CHS: '无权限' },
  ORDER_NO_ERROR: { EN: 'Order No error.', CHS: '订单号错误' },
  ORDER_NOT_PAID: { EN: 'Order is not paid.', CHS: '订单未支付' },
  AMOUNT_OVER_LIMIT: { EN: 'Refund amount exceeds the limit.', CHS: '退款金额超限' },
  REFUND_NO_ERROR: { EN: 'Refund No is not correct.', CHS: '退款单号错误' },
  WECHAT_STORE_NOT_EXISTS: {
    EN: "This merchant doesn't have the WESTORE type organization.",
    CHS: '该商户没有微店类型的机构',
  },
};

export class GatewayFailure extends Error {
  constructor(
    readonly code: GatewayErrorCode,
    readonly detail?: string,
    readonly orderNo?: string,
  ) {
    super(code);
    this.name = 'GatewayFailure';
  }
}

export function errorMessage(code: GatewayErrorCode, language: GatewayLanguage, detail?: string): string {
  const base = MESSAGES[code][language];
  return detail ? `${base} (${detail})` : base;
}
