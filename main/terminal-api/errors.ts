/**
 * The Terminal API's errors: one JSON shape, `{ error: { code, message: { en, zh }, detail? } }`, with stable
 * codes a POS can branch on and words a cashier (or the POS's own operator) can read.
 */
import type { Bilingual } from '../../preload/api';

export const API_ERRORS = {
  BAD_REQUEST: [400, 'The request is not valid.', '请求无效。'],
  BODY_TOO_LARGE: [413, 'The request body is too large.', '请求内容过大。'],
  UNSUPPORTED_MEDIA_TYPE: [415, 'Send the body as application/json.', '请以 application/json 格式发送。'],
  NOT_FOUND: [404, 'There is no such resource.', '找不到该资源。'],
  METHOD_NOT_ALLOWED: [405, 'That method is not allowed here.', '此处不允许该方法。'],
  PAYMENT_NOT_FOUND: [404, 'There is no payment with that id.', '找不到该付款。'],
  REFUND_NOT_FOUND: [404, 'There is no refund with that id.', '找不到该退款。'],
  SALE_NOT_FOUND: [404, 'The payment to refund was not found.', '找不到要退款的付款。'],
  IDEMPOTENCY_CONFLICT: [
    409,
    'This id was already used for a different request. Use a new id for a new payment or refund.',
    '此编号已用于另一个请求。新的付款或退款请使用新的编号。',
  ],
  TILL_BUSY: [
    409,
    'The till is busy with another payment. Wait for it to finish or abort it.',
    '收银机正在处理另一笔付款。请等待完成或取消。',
  ],
  ALREADY_PAID: [
    409,
    'The payment is already paid and cannot be aborted. Refund it instead.',
    '该付款已完成，无法取消。请改为退款。',
  ],
  NOT_ABORTABLE: [409, 'The payment cannot be aborted now.', '该付款现在无法取消。'],
  NOT_PAID: [409, 'The payment was not paid, so there is nothing to refund.', '该付款未完成，无可退款。'],
  AMOUNT_OVER_LIMIT: [
    422,
    'The refund is more than what is left to refund on this payment.',
    '退款金额超过该付款的可退余额。',
  ],
  AMOUNT_TOO_LARGE: [422, 'The amount is above this till’s limit.', '金额超过本收银机的上限。'],
  APPROVAL_REQUIRED: [
    403,
    'A manager must approve this refund: pass the manager PIN.',
    '此退款需经理批准：请提供经理密码。',
  ],
  WRONG_PIN: [403, 'The manager PIN is wrong.', '经理密码错误。'],
  PIN_LOCKED: [429, 'Too many wrong PINs. Try again later.', '密码错误次数过多，请稍后再试。'],
  NO_PIN: [403, 'No manager PIN is set on this till.', '本收银机尚未设置经理密码。'],
  UNAUTHORIZED: [
    401,
    'This POS is not paired with the till. Pair it with the code shown on the till’s screen.',
    '此 POS 尚未与收银机配对。请使用收银机屏幕上显示的配对码进行配对。',
  ],
  FORBIDDEN: [403, 'This call is only allowed from the till itself.', '此操作只能在收银机本机上进行。'],
  PAIRING_FAILED: [
    403,
    'The pairing code is wrong or has expired. Start pairing again.',
    '配对码错误或已过期。请重新开始配对。',
  ],
  PAIRING_BUSY: [
    409,
    'The till is showing a pairing code for another POS. Try again when it has expired.',
    '收银机正在显示另一台 POS 的配对码。请在其过期后再试。',
  ],
  NOT_YOUR_PAYMENT: [
    403,
    'This payment was started by another POS: only that POS can abort or refund it.',
    '此付款由另一台 POS 发起：只有该 POS 可以取消或退款。',
  ],
  CALLER_GONE: [499, 'The caller closed the connection.', '调用方已关闭连接。'],
  RATE_LIMITED: [429, 'Too many requests. Slow down and try again.', '请求过多，请稍后再试。'],
  NOT_READY: [409, 'The receipt is not available: the payment was not paid.', '收据不可用：该付款未完成。'],
  SHOP_ZONE_NEEDED: [
    503,
    'Sales are on hold until the shop’s time zone is chosen on the till’s screen. Nothing was charged.',
    '在收银机屏幕上选择本店时区之前暂停收款。未扣款。',
  ],
  GATEWAY_ERROR: [502, 'The payment gateway could not be reached.', '无法连接支付网关。'],
  INTERNAL: [500, 'Something went wrong on the till.', '收银机出现内部错误。'],
} as const satisfies Record<string, readonly [number, string, string]>;

export type ApiErrorCode = keyof typeof API_ERRORS;

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly bilingual: Bilingual;
  constructor(
    readonly code: ApiErrorCode | string,
    readonly detail?: string,
    options: { status?: number; message?: Bilingual; extra?: Record<string, unknown> } = {},
  ) {
    super(`${code}${detail ? `: ${detail}` : ''}`);
    const known = (API_ERRORS as Record<string, readonly [number, string, string]>)[code];
    this.status = options.status ?? known?.[0] ?? 400;
    this.bilingual = options.message ?? (known ? { en: known[1], zh: known[2] } : API_MESSAGE_FALLBACK);
    this.extra = options.extra ?? {};
  }
  readonly extra: Record<string, unknown>;

  body(): { error: Record<string, unknown> } {
    return {
      error: {
        code: this.code,
        message: this.bilingual,
        ...(this.detail ? { detail: this.detail.slice(0, 300) } : {}),
        ...this.extra,
      },
    };
  }
}

const API_MESSAGE_FALLBACK: Bilingual = { en: API_ERRORS.INTERNAL[1], zh: API_ERRORS.INTERNAL[2] };
