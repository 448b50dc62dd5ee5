/**
 * The conformance suite, part 3: the request shapes public Omipay client libraries send (sandbox-client-shapes.ts)
 * and the replies they parse. Their nonce styles, their extra parameters (platform everywhere, direct_pay and
 * show_pc_pay_url on JSAPI, redirect_url on a QR order, a channel o_number, notify_url=null), GetUserInfo with
 * redirect_url, Refund read through refund_no, a pay_url with a second signature appended, and the default
 * notification read as their notification class reads it.
 */
import { describe, expect, it } from 'vitest';
import {
  APPENDED_PAY_URL_KEYS,
  CHANNEL_NUMBER,
  EXTRA_ON_EVERY_API,
  FIELD_NOTIFICATION_KEYS,
  NONCE_STYLES,
  orderShapes,
  UNSET_NOTIFY_URL,
} from './sandbox-client-shapes';
import {
  A,
  docSign,
  expectFail,
  notificationReceiver,
  raw,
  until,
  useConformanceSandbox,
  wechat,
} from './sandbox-conformance-client';

const { url, call, control, getControl, out, scanParams, paidOrder } = useConformanceSandbox();
const extras = { ...EXTRA_ON_EVERY_API, ...CHANNEL_NUMBER };

describe.each(NONCE_STYLES)('a client with $name nonces', (style) => {
  const o = (): { nonce: string } => {
    const nonce = style.make();
    expect(nonce).toMatch(style.pattern);
    return { nonce };
  };

  it('creates every kind of order with the extra parameters it sends', async () => {
    for (const [api, params] of Object.entries(orderShapes(() => out('L')))) {
      const r = await call(api, params, A, o());
      expect(r.json.return_code, `${api}: ${r.text}`).toBe('SUCCESS');
      const order = (await call('QueryOrder', { order_no: r.json.order_no as string, ...extras }, A, o()))
        .json;
      expect(order, api).toMatchObject({ return_code: 'SUCCESS', out_order_no: params.out_order_no });
      expect(order.amount, api).toBe(Number(params.amount));
    }
  });

  it('reads refund_no from the Refund reply and queries the refund with it', async () => {
    const orderNo = await paidOrder(700);
    const outRefundNo = out('R');
    const refund = await call(
      'Refund',
      { order_no: orderNo, out_refund_no: outRefundNo, amount: '700', ...extras },
      A,
      o(),
    );
    expect(refund.json).toMatchObject({ return_code: 'SUCCESS', amount: 700 });
    expect(refund.json).not.toHaveProperty(['refund_no ']);
    const refundNo = refund.json.refund_no;
    expect(typeof refundNo).toBe('string');
    const q = await call('QueryRefund', { refund_no: refundNo as string, ...extras }, A, o());
    expect(q.json).toMatchObject({ return_code: 'SUCCESS', out_refund_no: outRefundNo, amount: 700 });
  });

  it('gets the rate and logs the customer in through redirect_url', async () => {
    const rate = await call('GetExchangeRate', { currency: 'AUD', base_currency: 'CNY', ...extras }, A, o());
    expect(rate.json).toMatchObject({ return_code: 'SUCCESS', platform: 'WECHATPAY' });
    const login = await call('GetUserInfo', { redirect_url: 'https://shop.example/me', ...extras }, A, o());
    expect(login.status).toBe(302);
    const to = new URL(login.headers.location ?? '');
    expect(to.origin + to.pathname).toBe('https://shop.example/me');
    expect(to.searchParams.get('openid')).toBe(`sandbox-openid-${A.mNumber}`);
  });

  it('opens the gateway pay_url with its own signature appended', async () => {
    const shapes = orderShapes(() => out('P'));
    for (const api of ['MakeQROrder', 'MakeJSAPIOrder']) {
      const r = await call(api, shapes[api] ?? {}, A, o());
      const payUrl = new URL(r.json.pay_url as string);
      const timestamp = String(Date.now());
      const { nonce } = o();
      const appended = new URLSearchParams({
        m_number: A.mNumber,
        timestamp,
        nonce_str: nonce,
        sign: docSign(A.mNumber, timestamp, nonce, A.secretKey),
        redirect_url: 'https://shop.example/return',
      });
      for (const key of APPENDED_PAY_URL_KEYS) expect(payUrl.searchParams.has(key), key).toBe(true);
      const page = await raw(url(), `${payUrl.pathname}${payUrl.search}&${appended.toString()}`);
      expect(page.status, `${api}: ${page.text.slice(0, 200)}`).toBe(200);
      expect(page.text).toContain(r.json.order_no as string);
    }
  });
});

describe('leniency the libraries rely on, and what stays refused', () => {
  it('notify_url=null is an order without a notification; a URL that is not http(s) is still refused', async () => {
    const receiver = await notificationReceiver();
    try {
      const silent = await call('MakeScanOrder', scanParams(wechat('0000'), { ...UNSET_NOTIFY_URL }));
      expect(silent.json.return_code).toBe('SUCCESS');
      // Paid after the silent one: once its notification is in, the silent order's would have been sent.
      const heard = await call('MakeScanOrder', scanParams(wechat('0000'), { notify_url: receiver.url }));
      await until(async () => receiver.bodies.length === 1, 'the notification of the second order');
      expect(receiver.bodies[0]?.order_no).toBe(heard.json.order_no);
      const log = (await getControl('/notifications')).json.notifications as { orderNo: string }[];
      expect(log.map((n) => n.orderNo)).toEqual([heard.json.order_no]);
    } finally {
      await receiver.close();
    }
    for (const bad of ['NULL', 'nul', 'ftp://shop.example/n', 'javascript:alert(1)']) {
      const before = (await getControl('/orders')).json.orders as unknown[];
      expectFail(
        await call('MakeScanOrder', scanParams(wechat('0000'), { notify_url: bad })),
        'PARAMETER_INVALID',
      );
      expect((await getControl('/orders')).json.orders, bad).toHaveLength(before.length);
    }
  });

  it('a QR order ignores redirect_url; the customer pays it from the qrcode', async () => {
    const params = orderShapes(() => out('Q')).MakeQROrder ?? {};
    const r = await call('MakeQROrder', params);
    expect(r.json).toMatchObject({ return_code: 'SUCCESS', platform: 'ALIPAY' });
    expect((await control('/wallet/pay', { qrcode: r.json.qrcode })).status).toBe(200);
    expect((await call('QueryOrder', { order_no: r.json.order_no as string })).json.result_code).toBe('PAID');
  });

  it("GetUserInfo: the document's redirect_uri wins over redirect_url; neither is PARAMETER_INVALID", async () => {
    const both = await call('GetUserInfo', {
      redirect_uri: 'https://shop.example/uri',
      redirect_url: 'https://shop.example/url',
    });
    expect(new URL(both.headers.location ?? '').pathname).toBe('/uri');
    const neither = await call('GetUserInfo', { ...extras });
    expectFail(neither, 'PARAMETER_INVALID');
    expect(neither.json.error_msg).toContain('redirect_uri');
    expectFail(await call('GetUserInfo', { redirect_url: 'javascript:alert(1)' }), 'PARAMETER_INVALID');
  });

  it("a platform the API defines is still checked: GetExchangeRate's PAYPAL is refused", async () => {
    expectFail(await call('GetExchangeRate', { platform: 'PAYPAL' }), 'PARAMETER_INVALID');
  });
});

describe('the default notification, as a client library reads it', () => {
  it('return_code, total_amount, integer exchange_rate, no amount and no pay_currency', async () => {
    const receiver = await notificationReceiver();
    try {
      const p = scanParams(wechat('0000'), { amount: '2500', notify_url: receiver.url });
      const r = await call('MakeScanOrder', p);
      await until(async () => receiver.bodies.length === 1, 'the notification');
      const n = receiver.bodies[0] ?? {};
      expect(Object.keys(n).sort()).toEqual([...FIELD_NOTIFICATION_KEYS].sort());
      expect(n).toMatchObject({
        return_code: 'SUCCESS',
        order_no: r.json.order_no,
        out_order_no: p.out_order_no,
        currency: 'AUD',
        total_amount: 2500,
      });
      expect(Number.isInteger(n.exchange_rate)).toBe(true);
      expect(Number.isInteger(n.cny_amount)).toBe(true);
      expect(n.sign).toBe(docSign(A.mNumber, String(n.timestamp), String(n.nonce_str), A.secretKey));
    } finally {
      await receiver.close();
    }
  });
});
