/**
 * The conformance suite, part 2: each API's success fields and every error code of its list, the five common
 * codes on every API, and (last) that no API answered a code outside its list. The outside client is in
 * sandbox-conformance-client.ts.
 */
import { describe, expect, it } from 'vitest';
import {
  A,
  B,
  docSign,
  ERROR_LISTS,
  expectFail,
  GATEWAY_TIME,
  notificationReceiver,
  NOTIFICATION_TABLE_KEYS,
  ORDER_STATUSES,
  raw,
  REFUND_STATUSES,
  until,
  useConformanceSandbox,
  wechat,
} from './sandbox-conformance-client';

const { url, seen, call, control, getControl, out, scanParams, paidOrder } = useConformanceSandbox();

describe('the five common error codes, on every API', () => {
  const minimal: Record<string, Record<string, string>> = {
    GetExchangeRate: { currency: 'AUD', base_currency: 'CNY' },
    MakeQROrder: { order_name: 'x', amount: '100', out_order_no: 'E1', platform: 'WECHATPAY' },
    MakeJSAPIOrder: {
      order_name: 'x',
      amount: '100',
      out_order_no: 'E2',
      redirect_url: 'https://s.example/',
    },
    MakeScanOrder: scanParams(wechat('0000'), { out_order_no: 'E3' }),
    QueryOrder: { order_no: 'TR0000000000000000000000' },
    Refund: { order_no: 'TR0000000000000000000000', out_refund_no: 'R1', amount: '1' },
    QueryRefund: { refund_no: 'RF0000000000000000000000' },
    GetUserInfo: { redirect_uri: 'https://s.example/' },
  };
  /** A parameter set the API refuses as PARAMETER_INVALID (a mandatory field missing or mistyped). */
  const invalid: Record<string, Record<string, string>> = {
    GetExchangeRate: { platform: 'PAYPAL' },
    MakeQROrder: { order_name: 'x', amount: '1.00', out_order_no: 'E1' },
    MakeJSAPIOrder: { order_name: 'x', amount: '100', out_order_no: 'E2' },
    MakeScanOrder: { order_name: 'x', amount: '100', out_order_no: 'E3', qrcode: wechat('0000') },
    QueryOrder: {},
    Refund: { order_no: 'TR0000000000000000000000', amount: '1' },
    QueryRefund: {},
    GetUserInfo: { redirect_uri: 'javascript:alert(1)' },
  };

  it.each(Object.keys(ERROR_LISTS))('%s', async (api) => {
    const params = minimal[api] ?? {};
    expectFail(await call(api, invalid[api] ?? {}), 'PARAMETER_INVALID');
    expectFail(await call(api, params, A, { timestamp: Date.now() - 6 * 60_000 }), 'SIGN_TIMEOUT');
    expectFail(await call(api, params, A, { timestamp: Date.now() + 6 * 60_000 }), 'SIGN_TIMEOUT');
    expectFail(await call(api, params, A, { mNumber: '999999' }), 'MERCHANTNO_INVALID');
    expectFail(await call(api, params, A, { sign: '0'.repeat(32) }), 'SIGN_ERROR');
    expectFail(await call(api, params, A, { mNumber: B.mNumber }), 'SIGN_ERROR'); // B's number, A's key
    expect((await control('/faults', { fault: { kind: 'system_error' }, api })).status).toBe(201);
    expectFail(await call(api, params), 'SYSTEM_ERROR');
  });
});

describe('each API, its success fields and its own error codes', () => {
  it('2.1 GetExchangeRate: rate and platform, WECHATPAY by default', async () => {
    const r = await call('GetExchangeRate', { currency: 'AUD', base_currency: 'CNY' });
    expect(r.json).toMatchObject({ return_code: 'SUCCESS', platform: 'WECHATPAY' });
    expect(typeof r.json.rate).toBe('number');
    const ali = await call('GetExchangeRate', { platform: 'ALIPAY' });
    expect(ali.json.platform).toBe('ALIPAY');
  });

  it('2.2 MakeQROrder: order_no, qrcode, pay_url; the customer pays from the qrcode', async () => {
    const r = await call('MakeQROrder', {
      order_name: 'QR',
      amount: '250',
      out_order_no: out('Q'),
      platform: 'ALIPAY',
    });
    expect(r.json.return_code).toBe('SUCCESS');
    for (const f of ['order_no', 'qrcode', 'pay_url']) expect(typeof r.json[f], f).toBe('string');
    const orderNo = r.json.order_no as string;
    expect((await call('QueryOrder', { order_no: orderNo })).json.result_code).toBe('READY');
    // pay_url opens as it is (already signed), without the merchant's key.
    const payUrl = new URL(r.json.pay_url as string);
    expect((await raw(url(), `${payUrl.pathname}${payUrl.search}`)).status).toBe(200);
    const paid = await control('/wallet/pay', { qrcode: r.json.qrcode });
    expect(paid.status).toBe(200);
    expect((await call('QueryOrder', { order_no: orderNo })).json.result_code).toBe('PAID');
    // Amounts beyond the platform's limit: MakeQROrder's list has only PARAMETER_INVALID for it.
    expectFail(
      await call('MakeQROrder', {
        order_name: 'QR',
        amount: '999999999',
        out_order_no: out('Q'),
        platform: 'ALIPAY',
      }),
      'PARAMETER_INVALID',
    );
  });

  it('2.3 MakeJSAPIOrder: order_no, pay_url; WECHAT_STORE_NOT_EXISTS without a WESTORE organisation', async () => {
    const p = {
      order_name: 'JS',
      amount: '300',
      out_order_no: out('J'),
      redirect_url: 'https://shop.example/done',
    };
    const r = await call('MakeJSAPIOrder', p);
    expect(r.json.return_code).toBe('SUCCESS');
    expect(typeof r.json.order_no).toBe('string');
    expect(typeof r.json.pay_url).toBe('string');
    await control('/switches', { wechatStore: false });
    expectFail(await call('MakeJSAPIOrder', { ...p, out_order_no: out('J') }), 'WECHAT_STORE_NOT_EXISTS');
  });

  it('2.4 MakeScanOrder: order_no, out_order_no, order_time, and every code of its list', async () => {
    const p = scanParams(wechat('0000'));
    const ok = await call('MakeScanOrder', p);
    expect(ok.json).toMatchObject({ return_code: 'SUCCESS', out_order_no: p.out_order_no });
    expect(typeof ok.json.order_no).toBe('string');
    expect(ok.json.order_time).toMatch(GATEWAY_TIME);

    expectFail(await call('MakeScanOrder', p), 'ORDER_PAID');
    expectFail(
      await call('MakeScanOrder', scanParams(wechat('0000'), { pos_no: 'POS-9' })),
      'POS_NOT_REGISTERED',
    );
    expectFail(await call('MakeScanOrder', scanParams(wechat('0003'))), 'NOT_ENOUGH');
    expectFail(await call('MakeScanOrder', scanParams(wechat('0008'))), 'CARD_NOT_SUPPORT');
    expectFail(await call('MakeScanOrder', scanParams(wechat('0004'))), 'QRCODE_EXPIRED');
    expectFail(await call('MakeScanOrder', scanParams(wechat('0009'))), 'QRCODE_ERROR');
    expectFail(await call('MakeScanOrder', scanParams('9300633601234')), 'QRCODE_ERROR');
    expectFail(
      await call('MakeScanOrder', scanParams(wechat('0000'), { amount: '5000001' })),
      'AMOUNT_INVALID',
    );
    const declined = scanParams(wechat('0003'));
    await call('MakeScanOrder', declined);
    expectFail(await call('MakeScanOrder', { ...declined, qrcode: wechat('0000') }), 'ORDER_CLOSED');

    // USERPAYING comes with order_no (the table's Fail returns); the customer's password then decides.
    const paying = await call('MakeScanOrder', scanParams(wechat('0001')));
    expectFail(paying, 'USERPAYING');
    const orderNo = paying.json.order_no as string;
    expect(typeof orderNo).toBe('string');
    await until(
      async () => (await call('QueryOrder', { order_no: orderNo })).json.result_code === 'PAID',
      'USERPAYING order paid',
    );
  });

  it("2.5 QueryOrder: the table fields; PERMISSION_ERROR for an order that is not the merchant's", async () => {
    const orderNo = await paidOrder(12345);
    const r = await call('QueryOrder', { order_no: orderNo });
    expect(r.json).toMatchObject({ return_code: 'SUCCESS', result_code: 'PAID' });
    expect(r.json).toMatchObject({ currency: 'AUD', amount: 12345, pay_currency: 'CNY' });
    expect(typeof r.json.out_order_no).toBe('string');
    expect(r.json.order_time).toMatch(GATEWAY_TIME);
    expect(r.json.pay_time).toMatch(GATEWAY_TIME);
    // exchange_rate is 10^8 × the rate; cny_amount is amount in CNY.
    const rate = r.json.exchange_rate as number;
    expect(Number.isInteger(rate)).toBe(true);
    expect(r.json.cny_amount).toBe(Math.round((12345 * rate) / 1e8));
    expectFail(await call('QueryOrder', { order_no: orderNo }, B), 'PERMISSION_ERROR');
    expectFail(await call('QueryOrder', { order_no: 'TR9999999999999999999999' }), 'PERMISSION_ERROR');
  });

  it('2.5 every order status of the list is reachable', async () => {
    const observed = new Set<unknown>();
    const statusOf = async (orderNo: string): Promise<unknown> => {
      const status = (await call('QueryOrder', { order_no: orderNo })).json.result_code;
      observed.add(status);
      return status;
    };
    const qr = await call('MakeQROrder', { order_name: 'QR', amount: '100', out_order_no: out('Q') });
    expect(await statusOf(qr.json.order_no as string)).toBe('READY');
    const paying = await call('MakeScanOrder', scanParams(wechat('0007')));
    expect(await statusOf(paying.json.order_no as string)).toBe('PAYING');
    const paid = await paidOrder();
    expect(await statusOf(paid)).toBe('PAID');
    expect((await control(`/orders/${paid}/settle`)).status).toBe(200);
    const settled = await call('QueryOrder', { order_no: paid });
    observed.add(settled.json.result_code);
    expect(settled.json).toMatchObject({ result_code: 'CLOSED' });
    expect(settled.json.pay_time).toMatch(GATEWAY_TIME); // settled, not unpaid
    const cancelled = await call('MakeScanOrder', scanParams(wechat('0010')));
    await until(async () => (await statusOf(cancelled.json.order_no as string)) === 'CANCELLED', 'CANCELLED');
    const failed = await call('MakeScanOrder', scanParams(wechat('0002')));
    await until(async () => (await statusOf(failed.json.order_no as string)) === 'FAILED', 'FAILED');
    expect([...observed].sort()).toEqual([...ORDER_STATUSES].sort());
  });

  it('1.1 "Transaction expires in 5 minutes": an unpaid order is CANCELLED five (scaled) minutes after creation', async () => {
    const r = await call('MakeQROrder', { order_name: 'QR', amount: '100', out_order_no: out('Q') });
    const orderNo = r.json.order_no as string;
    const view = (await getControl(`/orders/${orderNo}`)).json.order as {
      createdAt: number;
      expiresAt: number;
    };
    expect(view.expiresAt - view.createdAt).toBe(5 * 60_000 * 0.01);
    await until(
      async () => (await call('QueryOrder', { order_no: orderNo })).json.result_code === 'CANCELLED',
      'expiry',
    );
  });

  it("2.6 the notification: the table's fields, signed, retried up to 3 times until SUCCESS", async () => {
    // A FAIL, then not JSON, then SUCCESS: three deliveries.
    const receiver = await notificationReceiver([
      '{"return_code":"FAIL"}',
      'nope',
      '{"return_code":"SUCCESS"}',
    ]);
    const { bodies } = receiver;
    try {
      // The table's format; the default (the `field` format) is checked in sandbox-conformance-clients.test.ts.
      expect((await control('/switches', { notificationFormat: 'document' })).status).toBe(200);
      const notifyUrl = receiver.url;
      const p = scanParams(wechat('0000'), { amount: '2000', notify_url: notifyUrl });
      const r = await call('MakeScanOrder', p);
      await until(async () => bodies.length === 3, 'three deliveries');
      const n = bodies[0] ?? {};
      for (const f of NOTIFICATION_TABLE_KEYS) expect(n, f).toHaveProperty(f);
      expect(n).toMatchObject({
        order_no: r.json.order_no,
        out_order_no: p.out_order_no,
        currency: 'AUD',
        amount: 2000,
        pay_currency: 'CNY',
      });
      expect(n.sign).toBe(docSign(A.mNumber, String(n.timestamp), String(n.nonce_str), A.secretKey));
      expect(new Set(bodies.map((b) => b.nonce_str)).size).toBe(3);
      const log = (await getControl('/notifications')).json.notifications as {
        attempts: number;
        delivered: boolean;
      }[];
      expect(log[0]).toMatchObject({ attempts: 3, delivered: true });
    } finally {
      await receiver.close();
    }
  });

  it('2.7 Refund: refund_no, currency, amount, refund_time; and its own error codes', async () => {
    const orderNo = await paidOrder(1000);
    const r = await call('Refund', { order_no: orderNo, out_refund_no: out('R'), amount: '400' });
    expect(r.json).toMatchObject({ return_code: 'SUCCESS', currency: 'AUD', amount: 400 });
    expect(typeof r.json.refund_no).toBe('string');
    expect(r.json.refund_time).toMatch(GATEWAY_TIME);
    // "An order could be refunded multiple times. The total … shouldn't be more than order amount."
    expect(
      (await call('Refund', { order_no: orderNo, out_refund_no: out('R'), amount: '600' })).json.return_code,
    ).toBe('SUCCESS');
    expectFail(
      await call('Refund', { order_no: orderNo, out_refund_no: out('R'), amount: '1' }),
      'AMOUNT_OVER_LIMIT',
    );
    expectFail(
      await call('Refund', { order_no: orderNo, out_refund_no: out('R'), amount: '1' }, B),
      'PERMISSION_ERROR',
    );
    expectFail(
      await call('Refund', { order_no: 'TR9999999999999999999999', out_refund_no: out('R'), amount: '1' }),
      'ORDER_NO_ERROR',
    );
    const pending = await call('MakeScanOrder', scanParams(wechat('0007')));
    expectFail(
      await call('Refund', {
        order_no: pending.json.order_no as string,
        out_refund_no: out('R'),
        amount: '1',
      }),
      'ORDER_NOT_PAID',
    );
  });

  it('2.8 QueryRefund: the table fields and statuses; PERMISSION_ERROR and REFUND_NO_ERROR', async () => {
    const orderNo = await paidOrder(500);
    const outRefundNo = out('R');
    const r = await call('Refund', { order_no: orderNo, out_refund_no: outRefundNo, amount: '500' });
    const refundNo = r.json.refund_no as string;
    const q = await call('QueryRefund', { refund_no: refundNo });
    expect(q.json).toMatchObject({
      return_code: 'SUCCESS',
      out_refund_no: outRefundNo,
      currency: 'AUD',
      amount: 500,
      success_time: '',
    });
    expect(REFUND_STATUSES).toContain(q.json.result_code);
    expect(q.json.refund_time).toMatch(GATEWAY_TIME);
    await until(
      async () => (await call('QueryRefund', { refund_no: refundNo })).json.result_code === 'Closed',
      'Closed',
    );
    expect((await call('QueryRefund', { refund_no: refundNo })).json.success_time).toMatch(GATEWAY_TIME);
    expectFail(await call('QueryRefund', { refund_no: refundNo }, B), 'PERMISSION_ERROR');
    expectFail(await call('QueryRefund', { refund_no: 'RF9999999999999999999999' }), 'REFUND_NO_ERROR');
    // The failure statuses of the list, reached through the control endpoint.
    const other = await paidOrder(100);
    const r2 = await call('Refund', { order_no: other, out_refund_no: out('R'), amount: '100' });
    const no2 = r2.json.refund_no as string;
    expect((await control(`/refunds/${no2}/fail`, { status: 'MerchantRejected' })).status).toBe(200);
    expect((await call('QueryRefund', { refund_no: no2 })).json.result_code).toBe('MerchantRejected');
  });

  it('2.9 GetUserInfo: redirects to redirect_uri with openid, nickname, headimgurl', async () => {
    const r = await call('GetUserInfo', { redirect_uri: 'https://shop.example/me' });
    expect(r.status).toBe(302);
    const to = new URL(r.headers.location ?? '');
    expect(to.origin + to.pathname).toBe('https://shop.example/me');
    for (const f of ['openid', 'nickname', 'headimgurl']) expect(to.searchParams.has(f), f).toBe(true);
  });
});

describe('by default every API answers only codes of its own list', () => {
  it('QR/JSAPI reuse of a finished out_order_no is PARAMETER_INVALID, not ORDER_PAID/ORDER_CLOSED', async () => {
    const outOrderNo = out('Q');
    const qr = await call('MakeQROrder', { order_name: 'QR', amount: '100', out_order_no: outOrderNo });
    await control(`/orders/${qr.json.order_no as string}/pay`);
    expectFail(
      await call('MakeQROrder', { order_name: 'QR', amount: '100', out_order_no: outOrderNo }),
      'PARAMETER_INVALID',
    );
  });

  it('(runs last) the codes seen in this file are all in the lists', () => {
    for (const [api, codes] of Object.entries(seen)) {
      for (const code of codes) expect(ERROR_LISTS[api], `${api} answered ${code}`).toContain(code);
    }
    // Every code of every list was produced somewhere above.
    for (const [api, list] of Object.entries(ERROR_LISTS)) {
      for (const code of list)
        expect([...(seen[api] ?? [])], `${api} never answered ${code}`).toContain(code);
    }
  });
});
