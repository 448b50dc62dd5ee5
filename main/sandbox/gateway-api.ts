import type { ApiName } from './faults';
import { errorMessage, GatewayFailure, type GatewayLanguage } from './gateway-errors';
import { walletToken } from './gateway-ids';
import { formatGatewayTime } from './gateway-time';
import type { Ledger, OrderRecord, RefundRecord } from './ledger';
import { convertCents } from './money';
import type { NonceCache } from './nonce-cache';
import type { ResolvedOptions } from './options';
import {
  authSchema,
  exchangeRateSchema,
  jsapiOrderSchema,
  parseParams,
  qrOrderSchema,
  queryOrderSchema,
  queryRecord,
  queryRefundSchema,
  refundSchema,
  requestLanguage,
  scanOrderSchema,
  userInfoSchema,
} from './params';
import { classifyPaymentCode, SLOW_REPLY_MS, USERPAYING_RESOLVE_MS } from './scenarios';
import { gatewayNonce, gatewaySignature, signatureMatches } from './signing';
import type { SandboxMerchant, SandboxPlatform } from './types';

/** Signed requests older or newer than this versus the sandbox clock fail with SIGN_TIMEOUT. */
export const SIGNATURE_WINDOW_MS = 5 * 60_000;

export interface GatewayContext {
  options: ResolvedOptions;
  ledger: Ledger;
  clock: () => number;
  timeScale: () => number;
  merchants: ReadonlyMap<string, SandboxMerchant>;
  nonces: NonceCache;
  /** Base URL for qrcode/pay_url. */
  publicUrl: () => string;
}

export interface ApiReply {
  status: number;
  body: string;
  headers: Record<string, string>;
  /** Real milliseconds to hold the reply (scenario 0006). */
  delayMs: number;
  /** For the log: the outcome code, never parameters. */
  outcome: string;
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };

function json(body: Record<string, unknown>, outcome: string, delayMs = 0): ApiReply {
  return { status: 200, body: JSON.stringify(body), headers: { ...JSON_HEADERS }, delayMs, outcome };
}

export function failureReply(failure: GatewayFailure, language: GatewayLanguage): ApiReply {
  const body: Record<string, unknown> = {
    return_code: 'FAIL',
    error_code: failure.code,
    error_msg: errorMessage(failure.code, language, failure.detail),
  };
  if (failure.orderNo) body.order_no = failure.orderNo;
  return json(body, failure.code);
}

/** Runs one Omipay API call. Never throws: every failure becomes the document's FAIL reply. */
export function handleApi(api: ApiName, query: URLSearchParams, ctx: GatewayContext): ApiReply {
  let language: GatewayLanguage = 'CHS';
  try {
    const record = queryRecord(query);
    const lang = requestLanguage(record);
    language = lang.language;
    const merchant = authenticate(record, ctx, 'nonce_str', true);
    if (!lang.valid) throw new GatewayFailure('PARAMETER_INVALID', 'language');
    switch (api) {
      case 'GetExchangeRate':
        return getExchangeRate(record, ctx);
      case 'MakeQROrder':
        return makeQrOrder(record, merchant, ctx);
      case 'MakeJSAPIOrder':
        return makeJsapiOrder(record, merchant, ctx);
      case 'MakeScanOrder':
        return makeScanOrder(record, merchant, ctx);
      case 'QueryOrder':
        return queryOrder(record, merchant, ctx);
      case 'Refund':
        return refund(record, merchant, ctx);
      case 'QueryRefund':
        return queryRefund(record, merchant, ctx);
      case 'GetUserInfo':
        return getUserInfo(record, merchant);
    }
  } catch (err) {
    if (err instanceof GatewayFailure) return failureReply(err, language);
    throw err;
  }
}

/**
 * Checks, in order: the four signing parameters are present and well formed (PARAMETER_INVALID), the merchant
 * exists (MERCHANTNO_INVALID), the signature matches (SIGN_ERROR, constant-time), the timestamp is within
 * ±5 min of the sandbox clock (SIGN_TIMEOUT) and, optionally, the nonce is fresh (SIGN_ERROR).
 */
export function authenticate(
  record: Record<string, string>,
  ctx: GatewayContext,
  nonceField: 'nonce_str' | 'noncestring',
  rememberNonce: boolean,
): SandboxMerchant {
  const parsed = authSchema.safeParse({
    m_number: record.m_number,
    timestamp: record.timestamp,
    nonce_str: record[nonceField],
    sign: record.sign,
  });
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((i) => String(i.path[0] ?? '?')))].map((f) =>
      f === 'nonce_str' ? nonceField : f,
    );
    throw new GatewayFailure('PARAMETER_INVALID', fields.join(', '));
  }
  const { m_number, timestamp, nonce_str, sign } = parsed.data;
  const merchant = ctx.merchants.get(m_number);
  if (!merchant) throw new GatewayFailure('MERCHANTNO_INVALID');
  const expected = gatewaySignature(merchant.mNumber, record.timestamp ?? '', nonce_str, merchant.secretKey);
  if (!signatureMatches(expected, sign)) throw new GatewayFailure('SIGN_ERROR');
  const now = ctx.clock();
  if (Math.abs(timestamp - now) > SIGNATURE_WINDOW_MS) throw new GatewayFailure('SIGN_TIMEOUT');
  if (rememberNonce && ctx.options.rejectReplayedNonces) {
    if (!ctx.nonces.remember(`${merchant.mNumber}:${nonce_str}`, now)) {
      throw new GatewayFailure('SIGN_ERROR', 'nonce_str already used');
    }
  }
  return merchant;
}

function getExchangeRate(record: Record<string, string>, ctx: GatewayContext): ApiReply {
  const p = parseParams(exchangeRateSchema, record);
  const platform: SandboxPlatform = p.platform ?? 'WECHATPAY';
  const rate = ctx.options.exchangeRates[platform];
  // Written by hand so the 8 decimals the document shows ("rate": 5.01540000) are on the wire.
  const body = `{"return_code":"SUCCESS","rate":${rate.json},"platform":${JSON.stringify(platform)}}`;
  return { status: 200, body, headers: { ...JSON_HEADERS }, delayMs: 0, outcome: 'SUCCESS' };
}

/** AMOUNT_INVALID is in MakeScanOrder's list only; the QR/JSAPI lists say PARAMETER_INVALID unless 'extended'. */
function checkAmount(amount: number, kind: OrderRecord['kind'], ctx: GatewayContext): void {
  const { minCents, maxCents } = ctx.options.amountLimits;
  if (amount >= minCents && amount <= maxCents) return;
  if (kind === 'scan' || ctx.options.switches.qrOrderErrorCodes === 'extended')
    throw new GatewayFailure('AMOUNT_INVALID');
  throw new GatewayFailure('PARAMETER_INVALID', 'amount outside the limits');
}

/**
 * A repeated out_order_no. Scan orders: paid (PAID, or settled CLOSED) → ORDER_PAID (with its order_no unless
 * orderNoOnOrderPaid is off); FAILED/CANCELLED/unpaid CLOSED → ORDER_CLOSED (every attempt needs a new
 * out_order_no, as with WeChat Pay and Alipay). QR/JSAPI orders answer those two only with qrOrderErrorCodes
 * 'extended': their lists have neither, so by default both are PARAMETER_INVALID. A different kind or amount →
 * PARAMETER_INVALID; otherwise the still-pending order is returned as the original answer described it.
 */
function existingOrder(
  mNumber: string,
  outOrderNo: string,
  kind: OrderRecord['kind'],
  amount: number,
  ctx: GatewayContext,
): OrderRecord | undefined {
  const existing = ctx.ledger.findByOutOrderNo(mNumber, outOrderNo);
  if (!existing) return undefined;
  const pending = existing.status === 'READY' || existing.status === 'PAYING';
  if (!pending && kind !== 'scan' && ctx.options.switches.qrOrderErrorCodes === 'document') {
    throw new GatewayFailure('PARAMETER_INVALID', 'out_order_no already used');
  }
  if (ctx.ledger.isPaid(existing)) {
    // The order_no lets a terminal re-submitting after a lost reply find its order; the document omits it.
    const orderNo = ctx.options.switches.orderNoOnOrderPaid ? existing.orderNo : undefined;
    throw new GatewayFailure('ORDER_PAID', undefined, orderNo);
  }
  if (!pending) throw new GatewayFailure('ORDER_CLOSED', undefined, existing.orderNo);
  if (existing.kind !== kind || existing.amount !== amount) {
    throw new GatewayFailure('PARAMETER_INVALID', 'out_order_no already used for a different order');
  }
  return existing;
}

/** The pay page's address: signed as the field's replies are, or the bare page the document describes. */
function payPageUrl(order: OrderRecord, merchant: SandboxMerchant, ctx: GatewayContext): string {
  if (ctx.options.switches.payUrlFormat === 'unsigned')
    return `${ctx.publicUrl()}/omipay/pay/${order.orderNo}`;
  const timestamp = ctx.clock();
  const nonce = gatewayNonce(30);
  const q = new URLSearchParams({
    paycode: order.orderNo,
    m_number: merchant.mNumber,
    platform: order.platform,
    timestamp: String(timestamp),
    nonce_str: nonce,
    sign: gatewaySignature(merchant.mNumber, timestamp, nonce, merchant.secretKey),
  });
  return `${ctx.publicUrl()}${SIGNED_PAY_PATH}?${q.toString()}`;
}

export const SIGNED_PAY_PATH = '/Omipay/H5Pay/QRcode_Pay.html';

/** What a wallet scans: WeChat's bizpayurl or Alipay's qr.alipay.com link, or the sandbox's own wallet page. */
function qrcodeFor(order: OrderRecord, ctx: GatewayContext): string {
  const token = order.walletToken ?? '';
  if (ctx.options.switches.qrcodeFormat === 'customer-page') return `${ctx.publicUrl()}/wallet/${token}`;
  return order.platform === 'ALIPAY'
    ? `https://qr.alipay.com/${token}`
    : `weixin://wxpay/bizpayurl?pr=${token}`;
}

/** The extra fields of a real MakeQROrder reply (tomato-omipay's logged reply). */
function extraFields(ctx: GatewayContext, platform?: SandboxPlatform): Record<string, unknown> {
  if (!ctx.options.switches.extraReplyFields) return {};
  return { ...(platform ? { platform } : {}), error_msg: null, msg: null, success: true };
}

function makeQrOrder(
  record: Record<string, string>,
  merchant: SandboxMerchant,
  ctx: GatewayContext,
): ApiReply {
  const p = parseParams(qrOrderSchema, record);
  checkAmount(p.amount, 'qr', ctx);
  const order =
    existingOrder(merchant.mNumber, p.out_order_no, 'qr', p.amount, ctx) ??
    ctx.ledger.createOrder({
      outOrderNo: p.out_order_no,
      mNumber: merchant.mNumber,
      orderName: p.order_name,
      amount: p.amount,
      platform: p.platform,
      kind: 'qr',
      status: 'READY',
      rate: ctx.options.exchangeRates[p.platform],
      notifyUrl: p.notify_url,
      walletToken: walletToken(),
    });
  return json(
    {
      return_code: 'SUCCESS',
      order_no: order.orderNo,
      qrcode: qrcodeFor(order, ctx),
      pay_url: payPageUrl(order, merchant, ctx),
      ...extraFields(ctx, order.platform),
    },
    'SUCCESS',
  );
}

function makeJsapiOrder(
  record: Record<string, string>,
  merchant: SandboxMerchant,
  ctx: GatewayContext,
): ApiReply {
  const p = parseParams(jsapiOrderSchema, record);
  if (!ctx.options.switches.wechatStore) throw new GatewayFailure('WECHAT_STORE_NOT_EXISTS');
  checkAmount(p.amount, 'jsapi', ctx);
  const order =
    existingOrder(merchant.mNumber, p.out_order_no, 'jsapi', p.amount, ctx) ??
    ctx.ledger.createOrder({
      outOrderNo: p.out_order_no,
      mNumber: merchant.mNumber,
      orderName: p.order_name,
      amount: p.amount,
      // The customer picks the wallet on the page; the sandbox books JSAPI orders as WeChat Pay.
      platform: 'WECHATPAY',
      kind: 'jsapi',
      status: 'READY',
      rate: ctx.options.exchangeRates.WECHATPAY,
      notifyUrl: p.notify_url,
      redirectUrl: p.redirect_url,
      walletToken: walletToken(),
    });
  return json(
    {
      return_code: 'SUCCESS',
      order_no: order.orderNo,
      pay_url: payPageUrl(order, merchant, ctx),
      ...extraFields(ctx),
    },
    'SUCCESS',
  );
}

function makeScanOrder(
  record: Record<string, string>,
  merchant: SandboxMerchant,
  ctx: GatewayContext,
): ApiReply {
  const p = parseParams(scanOrderSchema, record);
  checkAmount(p.amount, 'scan', ctx);
  const registered = ctx.options.registeredPosNos;
  if (registered.size > 0 && !registered.has(p.pos_no)) throw new GatewayFailure('POS_NOT_REGISTERED');
  const existing = existingOrder(merchant.mNumber, p.out_order_no, 'scan', p.amount, ctx);
  if (existing) throw new GatewayFailure('USERPAYING', undefined, existing.orderNo);

  const { platform, scenario } = classifyPaymentCode(p.qrcode);
  if (scenario.kind === 'invalid-code' || !platform) throw new GatewayFailure('QRCODE_ERROR');
  const create = (status: 'PAID' | 'PAYING' | 'FAILED', noExpiry = false): OrderRecord =>
    ctx.ledger.createOrder({
      noExpiry,
      outOrderNo: p.out_order_no,
      mNumber: merchant.mNumber,
      orderName: p.order_name,
      amount: p.amount,
      platform,
      kind: 'scan',
      status,
      rate: ctx.options.exchangeRates[platform],
      notifyUrl: p.notify_url,
      posNo: p.pos_no,
    });
  const success = (order: OrderRecord, delayMs = 0): ApiReply =>
    json(
      {
        return_code: 'SUCCESS',
        order_no: order.orderNo,
        out_order_no: order.outOrderNo,
        order_time: formatGatewayTime(order.paidAt ?? order.createdAt, ctx.options.gatewayTimeZone),
      },
      'SUCCESS',
      delayMs,
    );

  switch (scenario.kind) {
    case 'paid':
      return success(create('PAID'));
    case 'paid-slow-reply':
      return success(create('PAID'), SLOW_REPLY_MS * ctx.timeScale());
    case 'paid-system-error':
      create('PAID');
      throw new GatewayFailure('SYSTEM_ERROR');
    case 'declined':
      create('FAILED');
      throw new GatewayFailure(scenario.code);
    case 'userpaying': {
      const order = create('PAYING', scenario.then === 'hold');
      if (scenario.then !== 'hold')
        ctx.ledger.settleLater(order, USERPAYING_RESOLVE_MS * ctx.timeScale(), scenario.then);
      throw new GatewayFailure('USERPAYING', undefined, order.orderNo);
    }
  }
}

function ownOrder(
  orderNo: string,
  merchant: SandboxMerchant,
  ctx: GatewayContext,
  unknownCode: 'ORDER_NO_ERROR' | 'PERMISSION_ERROR',
): OrderRecord {
  const order = ctx.ledger.getOrder(orderNo);
  if (!order) throw new GatewayFailure(unknownCode);
  if (order.mNumber !== merchant.mNumber) throw new GatewayFailure('PERMISSION_ERROR');
  return order;
}

function queryOrder(
  record: Record<string, string>,
  merchant: SandboxMerchant,
  ctx: GatewayContext,
): ApiReply {
  const p = parseParams(queryOrderSchema, record);
  const sw = ctx.options.switches;
  const order = ownOrder(p.order_no, merchant, ctx, sw.queryOrderUnknownCode);
  const tz = ctx.options.gatewayTimeZone;
  const status = order.status === 'PAID' ? sw.paidStatusSpelling : order.status;
  const amountField = sw.queryOrderAmountField;
  return json(
    {
      return_code: 'SUCCESS',
      result_code: status,
      out_order_no: order.outOrderNo,
      currency: 'AUD',
      ...(amountField === 'total_amount' ? {} : { amount: order.amount }),
      ...(amountField === 'amount' ? {} : { total_amount: order.amount }),
      order_time: formatGatewayTime(order.createdAt, tz),
      pay_time: order.paidAt === undefined ? '' : formatGatewayTime(order.paidAt, tz),
      exchange_rate: Number(order.rate.scaled),
      pay_currency: 'CNY',
      cny_amount: convertCents(order.amount, order.rate),
    },
    'SUCCESS',
  );
}

function refundReply(refund: RefundRecord, ctx: GatewayContext): ApiReply {
  const key = ctx.options.switches.refundNoKeyQuirk ? 'refund_no ' : 'refund_no';
  return json(
    {
      return_code: 'SUCCESS',
      [key]: refund.refundNo,
      currency: 'AUD',
      amount: refund.amount,
      refund_time: formatGatewayTime(refund.createdAt, ctx.options.gatewayTimeZone),
    },
    'SUCCESS',
  );
}

/**
 * A repeated out_refund_no for the same order returns the refund already made (same refund_no) instead of
 * refunding twice, so a POS may retry a refund whose reply it never saw.
 */
function refund(record: Record<string, string>, merchant: SandboxMerchant, ctx: GatewayContext): ApiReply {
  const p = parseParams(refundSchema, record);
  const order = ownOrder(p.order_no, merchant, ctx, 'ORDER_NO_ERROR');
  const previous = ctx.ledger.findRefundByOut(order.orderNo, p.out_refund_no);
  if (previous) {
    if (previous.amount !== p.amount) {
      throw new GatewayFailure('PARAMETER_INVALID', 'out_refund_no already used with a different amount');
    }
    return refundReply(previous, ctx);
  }
  // A settled order (CLOSED after PAID) is still refundable.
  if (!ctx.ledger.isPaid(order)) throw new GatewayFailure('ORDER_NOT_PAID');
  if (ctx.ledger.refundedCents(order.orderNo) + p.amount > order.amount) {
    throw new GatewayFailure('AMOUNT_OVER_LIMIT');
  }
  return refundReply(ctx.ledger.createRefund(order, p.out_refund_no, p.amount), ctx);
}

function queryRefund(
  record: Record<string, string>,
  merchant: SandboxMerchant,
  ctx: GatewayContext,
): ApiReply {
  const p = parseParams(queryRefundSchema, record);
  const r = ctx.ledger.getRefund(p.refund_no);
  if (!r) throw new GatewayFailure('REFUND_NO_ERROR');
  if (r.mNumber !== merchant.mNumber) throw new GatewayFailure('PERMISSION_ERROR');
  const tz = ctx.options.gatewayTimeZone;
  return json(
    {
      return_code: 'SUCCESS',
      result_code: r.status,
      out_refund_no: r.outRefundNo,
      currency: 'AUD',
      amount: r.amount,
      refund_time: formatGatewayTime(r.createdAt, tz),
      success_time: r.successAt === undefined ? '' : formatGatewayTime(r.successAt, tz),
    },
    'SUCCESS',
  );
}

/** WeChat login (2.9): the browser is sent back to redirect_uri (or redirect_url) with a fixed sandbox user. */
function getUserInfo(record: Record<string, string>, merchant: SandboxMerchant): ApiReply {
  const target = new URL(parseParams(userInfoSchema, record));
  target.searchParams.set('openid', `sandbox-openid-${merchant.mNumber}`);
  target.searchParams.set('nickname', 'Sandbox Customer');
  target.searchParams.set('headimgurl', '');
  return {
    status: 302,
    body: '',
    headers: { location: target.toString(), 'cache-control': 'no-store' },
    delayMs: 0,
    outcome: 'REDIRECT',
  };
}
