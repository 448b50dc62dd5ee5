import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeNonce } from '../../main/omipay/sign';
import { startSandbox, type SandboxHandle, type SandboxMerchant } from '../../main/sandbox';
import {
  callApi,
  outNo,
  refundReaches,
  scanParams,
  wechatCode,
  alipayCode,
  orderReaches,
  refundOfPaidOrder,
} from './sandbox-helpers';

const OTHER: SandboxMerchant = { mNumber: '200002', secretKey: 'othersecret' };
let sb: SandboxHandle;
let me: SandboxMerchant;

beforeAll(async () => {
  sb = await startSandbox({
    timeScale: 0.01,
    merchants: [{ mNumber: '100001', secretKey: 'sandboxsecret0000000000000000000' }, OTHER],
    registeredPosNos: ['POS-1', 'POS-2'],
    amountLimits: { minCents: 10, maxCents: 100_000 },
  });
  me = sb.merchants[0] as SandboxMerchant;
});
afterAll(async () => {
  await sb.close();
});
beforeEach(() => sb.control.reset());

const call = (
  api: string,
  params: Record<string, string>,
  extra: Partial<Parameters<typeof callApi>[3]> = {},
) => callApi(sb.url, api, params, { merchant: me, ...extra });

async function paidOrder(amount = 1000, merchant: SandboxMerchant = me): Promise<string> {
  const r = await callApi(sb.url, 'MakeScanOrder', scanParams(wechatCode('0000'), amount), { merchant });
  expect(r.json.return_code).toBe('SUCCESS');
  return r.json.order_no as string;
}

function expectFail(r: { json: Record<string, unknown> }, code: string): void {
  expect(r.json).toMatchObject({ return_code: 'FAIL', error_code: code });
  expect(typeof r.json.error_msg).toBe('string');
}

describe('GetExchangeRate', () => {
  it('writes the rate as a JSON number with 8 decimals on the wire, per platform', async () => {
    const w = await call('GetExchangeRate', { currency: 'AUD', base_currency: 'CNY' });
    expect(w.status).toBe(200);
    expect(w.headers.get('content-type')).toMatch(/^application\/json/);
    expect(w.text).toContain('"rate":4.71230000');
    expect(w.json).toMatchObject({ return_code: 'SUCCESS', platform: 'WECHATPAY' });
    const a = await call('GetExchangeRate', { platform: 'ALIPAY' });
    expect(a.text).toContain('"rate":4.70980000');
    expect(a.json.platform).toBe('ALIPAY');
  });

  it('answers configured rates, padded to 8 decimals', async () => {
    const other = await startSandbox({ exchangeRates: { WECHATPAY: '5.0154', ALIPAY: '4.7' } });
    try {
      const r = await callApi(
        other.url,
        'GetExchangeRate',
        {},
        { merchant: other.merchants[0] as SandboxMerchant },
      );
      expect(r.text).toContain('"rate":5.01540000');
    } finally {
      await other.close();
    }
  });

  it('rejects currencies other than AUD/CNY and unknown platforms', async () => {
    expectFail(await call('GetExchangeRate', { currency: 'USD' }), 'PARAMETER_INVALID');
    expectFail(await call('GetExchangeRate', { base_currency: 'USD' }), 'PARAMETER_INVALID');
    expectFail(await call('GetExchangeRate', { platform: 'UNIONPAY' }), 'PARAMETER_INVALID');
  });

  it('accepts POST with the parameters in the query and ignores the body', async () => {
    const r = await call('GetExchangeRate', {}, { method: 'POST' });
    expect(r.json.return_code).toBe('SUCCESS');
  });
});

describe('signature checks', () => {
  it('SIGN_ERROR for a wrong sign, and for a right sign of another secret', async () => {
    expectFail(await call('GetExchangeRate', {}, { sign: '8516A3B52F9C8897F52239B19CD8A499' }), 'SIGN_ERROR');
    expectFail(
      await call('GetExchangeRate', {}, { merchant: { mNumber: me.mNumber, secretKey: 'wrong' } }),
      'SIGN_ERROR',
    );
  });

  it('accepts a lowercase hex sign (the MD5 is the same)', async () => {
    const { omipaySign } = await import('../../main/omipay/sign');
    const ts = Date.now();
    const nonce = makeNonce();
    const sign = omipaySign(me.mNumber, ts, nonce, me.secretKey).toLowerCase();
    const r = await call('GetExchangeRate', {}, { now: ts, nonce, sign });
    expect(r.json.return_code).toBe('SUCCESS');
  });

  it('SIGN_TIMEOUT beyond ±5 minutes of the sandbox clock, both directions', async () => {
    expectFail(await call('GetExchangeRate', {}, { now: Date.now() - 5 * 60_000 - 5_000 }), 'SIGN_TIMEOUT');
    expectFail(await call('GetExchangeRate', {}, { now: Date.now() + 5 * 60_000 + 5_000 }), 'SIGN_TIMEOUT');
    expect((await call('GetExchangeRate', {}, { now: Date.now() - 4 * 60_000 })).json.return_code).toBe(
      'SUCCESS',
    );
  });

  it('SIGN_TIMEOUT follows the sandbox clock offset', async () => {
    sb.control.setClockOffset(10 * 60_000);
    expectFail(await call('GetExchangeRate', {}), 'SIGN_TIMEOUT');
    expect((await call('GetExchangeRate', {}, { now: Date.now() + 10 * 60_000 })).json.return_code).toBe(
      'SUCCESS',
    );
  });

  it('MERCHANTNO_INVALID for an unknown merchant number', async () => {
    expectFail(
      await call('GetExchangeRate', {}, { merchant: { mNumber: '999999', secretKey: 'x' } }),
      'MERCHANTNO_INVALID',
    );
  });

  it('rejects a replayed nonce', async () => {
    const nonce = makeNonce();
    const now = Date.now();
    expect((await call('GetExchangeRate', {}, { nonce, now })).json.return_code).toBe('SUCCESS');
    expectFail(await call('GetExchangeRate', {}, { nonce, now }), 'SIGN_ERROR');
  });

  it('PARAMETER_INVALID for missing or mistyped signing parameters', async () => {
    for (const omit of ['m_number', 'timestamp', 'nonce_str', 'sign']) {
      expectFail(await call('GetExchangeRate', {}, { omit: [omit] }), 'PARAMETER_INVALID');
    }
    expectFail(await call('GetExchangeRate', {}, { nonce: 'short' }), 'PARAMETER_INVALID');
    expectFail(await call('GetExchangeRate', {}, { nonce: 'abcdefghij-klmnop' }), 'PARAMETER_INVALID');
    expectFail(await call('GetExchangeRate', {}, { nonce: 'a'.repeat(33) }), 'PARAMETER_INVALID');
    expectFail(await call('GetExchangeRate', { timestamp: '12.5' }), 'PARAMETER_INVALID');
  });
});

describe('parameter validation', () => {
  it.each([
    ['missing amount', { amount: '' }],
    ['decimal amount', { amount: '10.00' }],
    ['negative amount', { amount: '-100' }],
    ['zero amount', { amount: '0' }],
    ['leading zero', { amount: '0100' }],
    ['currency USD', { currency: 'USD' }],
    ['missing order_name', { order_name: '' }],
    ['missing out_order_no', { out_order_no: '' }],
    ['missing pos_no', { pos_no: '' }],
    ['notify_url not http', { notify_url: 'javascript:alert(1)' }],
    ['language XX', { language: 'XX' }],
  ])('MakeScanOrder: %s → PARAMETER_INVALID', async (_name, override) => {
    const r = await call('MakeScanOrder', { ...scanParams(wechatCode('0000')), ...override });
    expectFail(r, 'PARAMETER_INVALID');
    expect(sb.control.listOrders()).toHaveLength(0);
  });

  it('a repeated parameter is ambiguous and rejected', async () => {
    const q = new URLSearchParams(
      (await import('./sandbox-helpers')).signedQuery(scanParams(wechatCode('0000')), { merchant: me }),
    );
    q.append('amount', '1');
    const res = await fetch(`${sb.url}/omipay/api/v2/MakeScanOrder?${q.toString()}`);
    expect(await res.json()).toMatchObject({ error_code: 'PARAMETER_INVALID' });
  });

  it('MakeQROrder platform defaults to WECHATPAY (the MakeQRCode example has none); others are refused', async () => {
    const base = { order_name: 'QR', amount: '100', out_order_no: outNo() };
    const r = await call('MakeQROrder', base);
    expect(r.json).toMatchObject({ return_code: 'SUCCESS', platform: 'WECHATPAY' });
    expect(r.json.qrcode).toMatch(/^weixin:\/\/wxpay\/bizpayurl\?pr=[a-z0-9]{24}$/);
    expect(sb.control.getOrder(r.json.order_no as string)?.platform).toBe('WECHATPAY');
    expectFail(await call('MakeQROrder', { ...base, platform: 'PAYPAL' }), 'PARAMETER_INVALID');
  });

  it('currency may be omitted (the document examples do) and defaults to AUD', async () => {
    const p = scanParams(wechatCode('0000'));
    delete p.currency;
    expect((await call('MakeScanOrder', p)).json.return_code).toBe('SUCCESS');
  });

  it('error_msg follows language, Chinese by default as the document says', async () => {
    const en = await call('GetExchangeRate', {}, { sign: 'X' });
    expect(en.json.error_msg).toBe('Signature check failed.');
    const chs = await call('GetExchangeRate', {}, { sign: 'X', language: null });
    expect(chs.json.error_msg).toMatch(/[\u4e00-\u9fff]/);
  });

  it('AMOUNT_INVALID outside the configured limits', async () => {
    expectFail(await call('MakeScanOrder', scanParams(wechatCode('0000'), 9)), 'AMOUNT_INVALID');
    expectFail(await call('MakeScanOrder', scanParams(wechatCode('0000'), 100_001)), 'AMOUNT_INVALID');
    expect((await call('MakeScanOrder', scanParams(wechatCode('0000'), 100_000))).json.return_code).toBe(
      'SUCCESS',
    );
  });

  it('POS_NOT_REGISTERED for a pos_no outside the registered list', async () => {
    expectFail(
      await call('MakeScanOrder', scanParams(wechatCode('0000'), 100, { pos_no: 'POS-9' })),
      'POS_NOT_REGISTERED',
    );
  });
});

describe('orders', () => {
  it('MakeScanOrder success carries a 24-character TR… order_no, out_order_no and order_time', async () => {
    const p = scanParams(wechatCode('0000'), 2500, { order_name: '咖啡 & cake =1' });
    const r = await call('MakeScanOrder', p);
    expect(r.json).toMatchObject({ return_code: 'SUCCESS', out_order_no: p.out_order_no });
    // TR + yyMMdd (gateway zone) + merchant number in 10 digits + sequence, as in the field.
    expect(r.json.order_no).toMatch(new RegExp(`^TR\\d{6}${me.mNumber.padStart(10, '0')}\\d{6}$`));
    expect(r.json.order_time).toMatch(/^\d{14}$/);
    expect((r.json.order_no as string).slice(2, 8)).toBe((r.json.order_time as string).slice(2, 8));
    const view = sb.control.getOrder(r.json.order_no as string);
    expect(view).toMatchObject({
      amount: 2500,
      platform: 'WECHATPAY',
      kind: 'scan',
      status: 'PAID',
      mNumber: me.mNumber,
    });
    expect(sb.control.findOrderByOutOrderNo(me.mNumber, p.out_order_no ?? '')?.orderNo).toBe(r.json.order_no);
  });

  it('QueryOrder reports amount (the table), exchange_rate ×10^8 and an exact cny_amount', async () => {
    const orderNo = await paidOrder(12345);
    const r = await call('QueryOrder', { order_no: orderNo });
    expect(r.json).toMatchObject({
      return_code: 'SUCCESS',
      result_code: 'PAID',
      currency: 'AUD',
      amount: 12345,
      exchange_rate: 471230000,
      pay_currency: 'CNY',
      // 12345 × 4.7123 = 58173.3435 → 58173
      cny_amount: 58173,
    });
    expect(r.json.pay_time).toMatch(/^\d{14}$/);
    expect(r.json).not.toHaveProperty('total_amount');
    sb.control.setSwitches({ queryOrderAmountField: 'total_amount' });
    const example = await call('QueryOrder', { order_no: orderNo });
    expect(example.json.total_amount).toBe(12345);
    expect(example.json).not.toHaveProperty('amount');
    sb.control.setSwitches({ queryOrderAmountField: 'both' });
    expect((await call('QueryOrder', { order_no: orderNo })).json).toMatchObject({
      amount: 12345,
      total_amount: 12345,
    });
  });

  it("orderNoFormat 'hex32' gives the document's 32 lowercase hex characters", async () => {
    sb.control.setSwitches({ orderNoFormat: 'hex32' });
    const orderNo = await paidOrder(100);
    expect(orderNo).toMatch(/^[0-9a-f]{32}$/);
    const r = await call('Refund', { order_no: orderNo, out_refund_no: outNo('R'), amount: '100' });
    expect(r.json.refund_no).toMatch(/^[0-9a-f]{32}$/);
  });

  it('Alipay codes book ALIPAY orders at the Alipay rate', async () => {
    const r = await call('MakeScanOrder', scanParams(alipayCode('0000'), 10_000));
    const q = await call('QueryOrder', { order_no: r.json.order_no as string });
    expect(sb.control.getOrder(r.json.order_no as string)?.platform).toBe('ALIPAY');
    expect(q.json).toMatchObject({ exchange_rate: 470980000, cny_amount: 47098 });
  });

  it('paidStatusSpelling PAYED changes only the wire spelling', async () => {
    const other = await startSandbox({ paidStatusSpelling: 'PAYED' });
    try {
      const m = other.merchants[0] as SandboxMerchant;
      const r = await callApi(other.url, 'MakeScanOrder', scanParams(wechatCode('0000')), { merchant: m });
      const q = await callApi(
        other.url,
        'QueryOrder',
        { order_no: r.json.order_no as string },
        { merchant: m },
      );
      expect(q.json.result_code).toBe('PAYED');
      expect(other.control.getOrder(r.json.order_no as string)?.status).toBe('PAID');
    } finally {
      await other.close();
    }
  });

  it('gateway times are wall-clock yyyyMMddHHmmss in Australia/Sydney, DST included', async () => {
    const summer = Date.UTC(2024, 0, 15, 0, 0, 30); // AEDT, UTC+11
    sb.control.setClockOffset(summer - Date.now());
    const r = await call('MakeScanOrder', scanParams(wechatCode('0000')), { now: summer });
    expect(r.json.order_time).toMatch(/^2024011511003[01]$/);
    const winter = Date.UTC(2024, 6, 15, 0, 0, 30); // AEST, UTC+10
    sb.control.setClockOffset(winter - Date.now());
    const w = await call('MakeScanOrder', scanParams(wechatCode('0000')), { now: winter });
    expect(w.json.order_time).toMatch(/^2024071510003[01]$/);
  });

  it('the document example path MakeQRCode reaches MakeQROrder', async () => {
    const r = await call('MakeQRCode', {
      order_name: 'QR',
      amount: '100',
      out_order_no: outNo(),
      platform: 'WECHATPAY',
    });
    expect(r.json.return_code).toBe('SUCCESS');
    expect(sb.control.requestCount('MakeQROrder')).toBe(1);
  });

  it('ORDER_PAID for a repeated out_order_no of a paid order; no second charge', async () => {
    const p = scanParams(wechatCode('0000'));
    expect((await call('MakeScanOrder', p)).json.return_code).toBe('SUCCESS');
    expectFail(await call('MakeScanOrder', p), 'ORDER_PAID');
    expectFail(await call('MakeScanOrder', { ...p, amount: '5000' }), 'ORDER_PAID');
    expect(sb.control.listOrders()).toHaveLength(1);
    expect(sb.control.requestCount('MakeScanOrder')).toBe(3);
  });

  it('ORDER_PAID carries the order_no by default; orderNoOnOrderPaid false omits it, as the document reads', async () => {
    const p = scanParams(wechatCode('0000'));
    const first = await call('MakeScanOrder', p);
    expect((await call('MakeScanOrder', p)).json.order_no).toBe(first.json.order_no);
    sb.control.setSwitches({ orderNoOnOrderPaid: false });
    const bare = await call('MakeScanOrder', p);
    expectFail(bare, 'ORDER_PAID');
    expect(bare.json).not.toHaveProperty('order_no');
    // Scenario 0005 then a re-submission: the path where a POS learns "paid" with no order number.
    const lost = scanParams(wechatCode('0005'));
    expectFail(await call('MakeScanOrder', lost), 'SYSTEM_ERROR');
    const retry = await call('MakeScanOrder', lost);
    expectFail(retry, 'ORDER_PAID');
    expect(retry.json).not.toHaveProperty('order_no');
    // USERPAYING keeps its order_no (the document returns it there).
    const paying = await call('MakeScanOrder', scanParams(wechatCode('0007')));
    expect(paying.json.order_no).toMatch(/^TR\d{22}$/);
  });

  it('USERPAYING with the same order_no for a repeated out_order_no still paying', async () => {
    const p = scanParams(wechatCode('0007'));
    const first = await call('MakeScanOrder', p);
    expectFail(first, 'USERPAYING');
    const again = await call('MakeScanOrder', { ...p, qrcode: wechatCode('0000') });
    expectFail(again, 'USERPAYING');
    expect(again.json.order_no).toBe(first.json.order_no);
    expect(sb.control.listOrders()).toHaveLength(1);
  });

  it('ORDER_CLOSED for a repeated out_order_no of a failed order (each attempt needs a new one)', async () => {
    const p = scanParams(wechatCode('0003'));
    expectFail(await call('MakeScanOrder', p), 'NOT_ENOUGH');
    expectFail(await call('MakeScanOrder', { ...p, qrcode: wechatCode('0000') }), 'ORDER_CLOSED');
  });

  it('PARAMETER_INVALID for a repeated out_order_no with a different amount while pending', async () => {
    const p = scanParams(wechatCode('0007'), 500);
    expectFail(await call('MakeScanOrder', p), 'USERPAYING');
    expectFail(await call('MakeScanOrder', { ...p, amount: '600' }), 'PARAMETER_INVALID');
  });

  it('QueryOrder: PERMISSION_ERROR (its list) for an unknown order, PARAMETER_INVALID for a malformed one', async () => {
    expectFail(await call('QueryOrder', { order_no: 'f'.repeat(32) }), 'PERMISSION_ERROR');
    sb.control.setSwitches({ queryOrderUnknownCode: 'ORDER_NO_ERROR' });
    expectFail(await call('QueryOrder', { order_no: 'f'.repeat(32) }), 'ORDER_NO_ERROR');
    expectFail(await call('QueryOrder', { order_no: 'not/an-order' }), 'PARAMETER_INVALID');
    expectFail(await call('QueryOrder', {}), 'PARAMETER_INVALID');
  });

  it("PERMISSION_ERROR for another merchant's order", async () => {
    const orderNo = await paidOrder(1000, OTHER);
    expectFail(await call('QueryOrder', { order_no: orderNo }), 'PERMISSION_ERROR');
    expectFail(
      await call('Refund', { order_no: orderNo, out_refund_no: outNo('R'), amount: '100' }),
      'PERMISSION_ERROR',
    );
    const mine = await callApi(sb.url, 'QueryOrder', { order_no: orderNo }, { merchant: OTHER });
    expect(mine.json.result_code).toBe('PAID');
  });
});

describe('refunds', () => {
  it("success reply uses the table's refund_no key by default", async () => {
    const orderNo = await paidOrder(1000);
    const r = await call('Refund', { order_no: orderNo, out_refund_no: outNo('R'), amount: '400' });
    expect(r.text).toContain('"refund_no":"');
    expect(r.json).not.toHaveProperty(['refund_no ']);
    expect(r.json).toMatchObject({ return_code: 'SUCCESS', currency: 'AUD', amount: 400 });
    expect(r.json.refund_no).toMatch(/^RF\d{22}$/);
    expect(r.json.refund_time).toMatch(/^\d{14}$/);
  });

  it('refundNoKeyQuirk true sends the example\'s "refund_no " key with its trailing space', async () => {
    const other = await startSandbox({ refundNoKeyQuirk: true });
    try {
      const m = other.merchants[0] as SandboxMerchant;
      const o = await callApi(other.url, 'MakeScanOrder', scanParams(wechatCode('0000')), { merchant: m });
      const params = { order_no: o.json.order_no as string, out_refund_no: 'R1', amount: '100' };
      const r = await callApi(other.url, 'Refund', params, { merchant: m });
      expect(r.text).toContain('"refund_no ":"');
      expect(r.json['refund_no ']).toMatch(/^RF\d{22}$/);
      expect(r.json).not.toHaveProperty('refund_no');
    } finally {
      await other.close();
    }
  });

  it('a repeated out_refund_no returns the same refund instead of refunding twice', async () => {
    const orderNo = await paidOrder(1000);
    const params = { order_no: orderNo, out_refund_no: outNo('R'), amount: '700' };
    const first = await call('Refund', params);
    const retry = await call('Refund', params);
    expect(retry.json).toEqual(first.json);
    expect(sb.control.listRefunds()).toHaveLength(1);
    expect(sb.control.getOrder(orderNo)?.refundedCents).toBe(700);
    expectFail(await call('Refund', { ...params, amount: '100' }), 'PARAMETER_INVALID');
  });

  it('ORDER_NO_ERROR, ORDER_NOT_PAID and REFUND_NO_ERROR', async () => {
    expectFail(
      await call('Refund', { order_no: 'a'.repeat(32), out_refund_no: 'R', amount: '1' }),
      'ORDER_NO_ERROR',
    );
    const pending = await call('MakeScanOrder', scanParams(wechatCode('0007')));
    const params = { order_no: pending.json.order_no as string, out_refund_no: 'R', amount: '1' };
    expectFail(await call('Refund', params), 'ORDER_NOT_PAID');
    expectFail(await call('QueryRefund', { refund_no: 'b'.repeat(32) }), 'REFUND_NO_ERROR');
    expectFail(await call('Refund', { ...params, amount: '1.5' }), 'PARAMETER_INVALID');
  });

  it('AMOUNT_OVER_LIMIT once refunds would exceed the paid amount; failed refunds free it up', async () => {
    const orderNo = await paidOrder(1000);
    const a = await call('Refund', { order_no: orderNo, out_refund_no: outNo('R'), amount: '600' });
    expect(a.json.return_code).toBe('SUCCESS');
    expectFail(
      await call('Refund', { order_no: orderNo, out_refund_no: outNo('R'), amount: '401' }),
      'AMOUNT_OVER_LIMIT',
    );
    sb.control.failRefund(a.json.refund_no as string, 'OrganizationFailed');
    expect(sb.control.getOrder(orderNo)?.refundedCents).toBe(0);
    const b = await call('Refund', { order_no: orderNo, out_refund_no: outNo('R'), amount: '1000' });
    expect(b.json.return_code).toBe('SUCCESS');
    const q = await call('QueryRefund', { refund_no: a.json.refund_no as string });
    expect(q.json.result_code).toBe('OrganizationFailed');
  });

  it('refund statuses advance Applied → MerchantConfirmed → OrganizationConfirmed → OrganizationPayback → Closed', async () => {
    const orderNo = await paidOrder(1000);
    const seen: Array<{ refundNo: string; status: string }> = [];
    const observe = (e: { refundNo: string; status: string }): number => seen.push(e);
    sb.control.events.on('refund-status', observe);
    const outRefundNo = outNo('R');
    const r = await call('Refund', { order_no: orderNo, out_refund_no: outRefundNo, amount: '250' });
    const refundNo = r.json.refund_no as string;
    await refundReaches(sb.control, refundNo, 'Closed');
    sb.control.events.off('refund-status', observe);
    expect(seen.filter((e) => e.refundNo === refundNo).map((e) => e.status)).toEqual([
      'Applied',
      'MerchantConfirmed',
      'OrganizationConfirmed',
      'OrganizationPayback',
      'Closed',
    ]);
    const last = await call('QueryRefund', { refund_no: refundNo });
    expect(last.json).toMatchObject({
      return_code: 'SUCCESS',
      result_code: 'Closed',
      out_refund_no: outRefundNo,
    });
    expect(last.json.success_time).toMatch(/^\d{14}$/);
  });

  it('QueryRefund shows each CamelCase status, with success_time empty until Closed', async () => {
    // Steps long enough to read every status before the next; each wait is on the status event, not a sleep.
    const slow = await startSandbox({ refundStepMs: 300, timeScale: 1 });
    try {
      const m = slow.merchants[0] as SandboxMerchant;
      const { refund } = await refundOfPaidOrder(slow.url, m, { out_refund_no: 'R', amount: '9' });
      const refundNo = refund.json.refund_no as string;
      const readings: Array<{ status: unknown; success: unknown }> = [];
      for (const status of [
        'Applied',
        'MerchantConfirmed',
        'OrganizationConfirmed',
        'OrganizationPayback',
        'Closed',
      ] as const) {
        await refundReaches(slow.control, refundNo, status);
        const q = await callApi(slow.url, 'QueryRefund', { refund_no: refundNo }, { merchant: m });
        readings.push({ status: q.json.result_code, success: q.json.success_time });
        expect(q.json).toMatchObject({ amount: 9, currency: 'AUD', out_refund_no: 'R' });
      }
      const order = [
        'Applied',
        'MerchantConfirmed',
        'OrganizationConfirmed',
        'OrganizationPayback',
        'Closed',
      ];
      // Each reading is the awaited status or (on a very slow machine) a later one, never an earlier one.
      readings.forEach((x, i) => expect(order.indexOf(x.status as string)).toBeGreaterThanOrEqual(i));
      for (const x of readings) expect(x.success === '').toBe(x.status !== 'Closed');
      expect(readings[4]?.success).toMatch(/^\d{14}$/);
    } finally {
      await slow.close();
    }
  });

  it("QueryRefund: PERMISSION_ERROR for another merchant's refund", async () => {
    const orderNo = await paidOrder(1000, OTHER);
    const r = await callApi(
      sb.url,
      'Refund',
      { order_no: orderNo, out_refund_no: 'R', amount: '1' },
      { merchant: OTHER },
    );
    expectFail(await call('QueryRefund', { refund_no: r.json.refund_no as string }), 'PERMISSION_ERROR');
  });
});

describe('GetUserInfo', () => {
  it('redirects to redirect_uri with a sandbox user', async () => {
    const r = await call(
      'GetUserInfo',
      { redirect_uri: 'https://shop.example/login?x=1' },
      { path: '/omipay/api/auth/GetUserInfo' },
    );
    expect(r.status).toBe(302);
    const location = new URL(r.headers.get('location') ?? '');
    expect(location.origin + location.pathname).toBe('https://shop.example/login');
    expect(location.searchParams.get('x')).toBe('1');
    expect(location.searchParams.get('openid')).toContain(me.mNumber);
  });

  it('signs like every API and lives only under /omipay/api/auth/', async () => {
    expectFail(
      await call(
        'GetUserInfo',
        { redirect_uri: 'https://a.example/' },
        { path: '/omipay/api/auth/GetUserInfo', sign: 'BAD' },
      ),
      'SIGN_ERROR',
    );
    const v2 = await call('GetUserInfo', { redirect_uri: 'https://a.example/' });
    expect(v2.status).toBe(404);
  });
});

describe('routing', () => {
  it('unknown paths answer 404 JSON; unsupported methods 405', async () => {
    for (const path of ['/nope', '/omipay/api/v2/Nope', '/omipay/api/v2/QueryOrder/extra', '/%zz', '//x']) {
      const res = await fetch(`${sb.url}${path}`);
      expect(res.status, path).toBe(404);
      expect(await res.json()).toMatchObject({ return_code: 'FAIL' });
    }
    const put = await fetch(`${sb.url}/omipay/api/v2/QueryOrder`, { method: 'PUT' });
    expect(put.status).toBe(405);
  });

  it('counts requests per API', async () => {
    await call('GetExchangeRate', {});
    await call('GetExchangeRate', {}, { sign: 'x' });
    await call('QueryOrder', {});
    expect(sb.control.requestCount('GetExchangeRate')).toBe(2);
    expect(sb.control.requestCount('QueryOrder')).toBe(1);
    expect(sb.control.requestCount()).toBe(3);
  });
});

describe('scheduled transitions through control', () => {
  it('orderReaches resolves on the event', async () => {
    const r = await call('MakeScanOrder', scanParams(wechatCode('0001')));
    await orderReaches(sb.control, r.json.order_no as string, 'PAID');
    expect(sb.control.getOrder(r.json.order_no as string)?.paidAt).toBeTypeOf('number');
  });
});
