import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  GatewayError,
  InvalidRequestError,
  omipaySign,
  OmipayClient,
  TransportError,
  type OmipayClientOptions,
} from '../../../main/omipay';
import { replyJson, startLocalServer, type LocalServer, type SeenRequest } from './local-server';

const CREDS = { mNumber: '123456', secretKey: '0af61531c6c04ac4ac910d0cd59e6238' };
const NOW = 1482812036067;

/** The server answers with whatever the test queued, in order (default: a SUCCESS exchange rate). */
let replies: Array<{ status?: number; body: unknown }> = [];
let server: LocalServer;

beforeAll(async () => {
  server = await startLocalServer((_req, res) => {
    const next = replies.shift() ?? { body: { return_code: 'SUCCESS', rate: 4.7123 } };
    replyJson(res, next.body, next.status ?? 200);
  });
});
afterAll(() => server.close());
afterEach(() => {
  replies = [];
  server.requests.length = 0;
});

function client(extra: Partial<OmipayClientOptions> = {}): OmipayClient {
  return new OmipayClient({ baseUrl: server.url, credentials: CREDS, now: () => NOW, ...extra });
}

function last(): SeenRequest {
  const r = server.requests.at(-1);
  if (!r) throw new Error('no request reached the server');
  return r;
}

function expectSigned(r: SeenRequest): void {
  const q = r.query;
  expect(q.get('m_number')).toBe(CREDS.mNumber);
  expect(q.get('timestamp')).toBe(String(NOW));
  expect(q.get('nonce_str')).toMatch(/^[A-Za-z0-9]{10,32}$/);
  expect(q.get('sign')).toBe(omipaySign(CREDS.mNumber, NOW, q.get('nonce_str') ?? '', CREDS.secretKey));
}

describe('requests', () => {
  it('GETs /omipay/api/v2/<Api> with the signed parameters, a fresh nonce and the injected clock', async () => {
    const c = client();
    await c.getExchangeRate();
    await c.getExchangeRate({ platform: 'ALIPAY' });
    const [a, b] = server.requests;
    expect(a?.method).toBe('GET');
    expect(a?.path).toBe('/omipay/api/v2/GetExchangeRate');
    expect(a?.body).toBe('');
    expectSigned(a!);
    expectSigned(b!);
    expect(a?.query.get('nonce_str')).not.toBe(b?.query.get('nonce_str'));
    expect(a?.query.get('currency')).toBe('AUD');
    expect(a?.query.get('base_currency')).toBe('CNY');
    expect(a?.query.get('language')).toBe('EN');
    expect(a?.query.has('platform')).toBe(false);
    expect(b?.query.get('platform')).toBe('ALIPAY');
    expect(a?.headers['accept']).toBe('application/json');
  });

  it('POSTs the same query with an empty body when asked', async () => {
    replies = [{ body: { return_code: 'SUCCESS', result_code: 'READY' } }];
    const r0 = await client({ httpMethod: 'POST', language: 'CHS' }).queryOrder({ orderNo: 'abc123' });
    expect(r0.status).toBe('READY');
    const r = last();
    expect(r.method).toBe('POST');
    expect(r.path).toBe('/omipay/api/v2/QueryOrder');
    expect(r.body).toBe('');
    expect(r.headers['content-length']).toBe('0');
    expect(r.headers['content-type']).toBe('application/json');
    expectSigned(r);
    expect(r.query.get('order_no')).toBe('abc123');
    expect(r.query.get('language')).toBe('CHS');
  });

  it('keeps a path prefix of the base URL', async () => {
    await client({ baseUrl: `${server.url}/gateway/` }).getExchangeRate();
    expect(last().path).toBe('/gateway/omipay/api/v2/GetExchangeRate');
  });

  it('sends each API its own parameters', async () => {
    const c = client();
    const cases: Array<[() => Promise<unknown>, string, Record<string, string>]> = [
      [
        () =>
          c.makeQROrder({
            orderName: 'Tea',
            amount: 150,
            outOrderNo: 'S1',
            platform: 'WECHATPAY',
            notifyUrl: 'https://pos.example/n',
          }),
        'MakeQROrder',
        {
          order_name: 'Tea',
          currency: 'AUD',
          amount: '150',
          out_order_no: 'S1',
          platform: 'WECHATPAY',
          notify_url: 'https://pos.example/n',
        },
      ],
      [
        () =>
          c.makeJSAPIOrder({
            orderName: 'Tea',
            amount: 150,
            outOrderNo: 'S2',
            redirectUrl: 'https://pos.example/r',
          }),
        'MakeJSAPIOrder',
        {
          order_name: 'Tea',
          currency: 'AUD',
          amount: '150',
          out_order_no: 'S2',
          redirect_url: 'https://pos.example/r',
        },
      ],
      [
        () =>
          c.makeScanOrder({
            orderName: 'Tea',
            amount: 150,
            qrcode: '130000000000000000',
            posNo: 'POS-1',
            outOrderNo: 'S3',
          }),
        'MakeScanOrder',
        {
          order_name: 'Tea',
          currency: 'AUD',
          amount: '150',
          qrcode: '130000000000000000',
          pos_no: 'POS-1',
          out_order_no: 'S3',
        },
      ],
      [() => c.queryOrder({ orderNo: 'O1' }), 'QueryOrder', { order_no: 'O1' }],
      [
        () => c.refund({ orderNo: 'O1', outRefundNo: 'R1', amount: 50 }),
        'Refund',
        { order_no: 'O1', out_refund_no: 'R1', amount: '50' },
      ],
      [() => c.queryRefund({ refundNo: 'RF1' }), 'QueryRefund', { refund_no: 'RF1' }],
    ];
    for (const [call, api, params] of cases) {
      await call().catch(() => undefined); // the canned reply does not fit every API; the request is what is checked
      const r = last();
      expect(r.path).toBe(`/omipay/api/v2/${api}`);
      expectSigned(r);
      const business = Object.fromEntries(
        [...r.query].filter(([k]) => !['m_number', 'timestamp', 'nonce_str', 'sign', 'language'].includes(k)),
      );
      expect(business, api).toEqual(params);
    }
  });

  it('percent-encodes every value: Chinese, spaces, & = + % # ? /', async () => {
    const name = '测试订单 Café & Bar = 50% + tax #1 ?/';
    const out = 'A&B=C+D%20/?#x';
    await client()
      .makeScanOrder({
        orderName: name,
        amount: 1,
        qrcode: '130000000000000000',
        posNo: 'till 1',
        outOrderNo: out,
        notifyUrl: 'https://pos.example/n?a=1&b=2',
      })
      .catch(() => undefined);
    const r = last();
    expect(r.query.get('order_name')).toBe(name);
    expect(r.query.get('out_order_no')).toBe(out);
    expect(r.query.get('pos_no')).toBe('till 1');
    expect(r.query.get('notify_url')).toBe('https://pos.example/n?a=1&b=2');
    // Space is %20, never '+', so every server decodes the same text.
    expect(r.rawQuery).toContain(
      'order_name=%E6%B5%8B%E8%AF%95%E8%AE%A2%E5%8D%95%20Caf%C3%A9%20%26%20Bar%20%3D%2050%25%20%2B%20tax%20%231%20%3F%2F',
    );
    expect(r.rawQuery).not.toMatch(/[ #]/);
    expect(r.target.split('?')).toHaveLength(2);
  });
});

describe('argument checks (nothing is sent)', () => {
  it('refuses amounts that are not positive whole cents, empty identifiers, unknown platforms, bad URLs and broken text', async () => {
    const c = client();
    const base = { orderName: 'Tea', qrcode: '130000000000000000', posNo: 'P', outOrderNo: 'S' };
    const attempts: Array<[Promise<unknown>, string]> = [
      [c.makeScanOrder({ ...base, amount: 0 }), 'amount'],
      [c.makeScanOrder({ ...base, amount: 1.5 }), 'amount'],
      [c.makeScanOrder({ ...base, amount: -100 }), 'amount'],
      [c.makeScanOrder({ ...base, amount: Number.NaN }), 'amount'],
      [c.makeScanOrder({ ...base, amount: 2 ** 53 }), 'amount'],
      [c.makeScanOrder({ ...base, amount: '100' as unknown as number }), 'amount'],
      [c.makeScanOrder({ ...base, amount: 1, outOrderNo: ' ' }), 'outOrderNo'],
      [c.makeScanOrder({ ...base, amount: 1, qrcode: '' }), 'qrcode'],
      [c.makeScanOrder({ ...base, amount: 1, notifyUrl: 'javascript:alert(1)' }), 'notifyUrl'],
      [c.makeScanOrder({ ...base, amount: 1, orderName: 'bad \ud800 text' }), 'order_name'],
      [
        c.makeQROrder({ orderName: 'Tea', amount: 1, outOrderNo: 'S', platform: 'VISA' as 'ALIPAY' }),
        'platform',
      ],
      [
        c.makeJSAPIOrder({ orderName: 'Tea', amount: 1, outOrderNo: 'S', redirectUrl: 'not a url' }),
        'redirectUrl',
      ],
      [c.refund({ orderNo: 'O', outRefundNo: 'R', amount: 0 }), 'amount'],
      [c.queryOrder({ orderNo: '' }), 'orderNo'],
      [c.queryRefund({ refundNo: '' }), 'refundNo'],
      [c.queryOrder({ orderNo: 'O' }, { timeoutMs: 0 }), 'timeoutMs'],
    ];
    for (const [p, field] of attempts) {
      const err = await p.catch((e: unknown) => e);
      expect(err, field).toBeInstanceOf(InvalidRequestError);
      expect((err as InvalidRequestError).field).toBe(field);
      expect((err as InvalidRequestError).code).toBe('INVALID_REQUEST');
    }
    expect(server.requests).toHaveLength(0);
  });

  it('refuses a bad timeout or time zone at construction', () => {
    expect(() => client({ timeoutMs: -1 })).toThrow(RangeError);
    expect(() => client({ gatewayTimeZone: 'Nowhere/Special' })).toThrow(RangeError);
  });
});

describe('normalised replies', () => {
  it("keeps GetExchangeRate's decimal exact", async () => {
    replies = [{ body: '{"return_code":"SUCCESS","rate":5.01540000,"platform":"ALIPAY"}' }];
    const r = await client().getExchangeRate();
    expect(r).toEqual({ rate: { scaled: 501540000n, scale: 8, text: '5.0154' }, platform: 'ALIPAY' });
  });

  it('reads the document example of QueryOrder: PAYED, total_amount, rate × 10^8, Sydney times', async () => {
    replies = [
      {
        body: '{"return_code":"SUCCESS","result_code":"PAYED","currency":"AUD","total_amount":100,"order_time":"20161227105530","pay_time":"20161227105602","exchange_rate":650000000,"cny_amount":650}',
      },
    ];
    expect(await client().queryOrder({ orderNo: 'bc112874260946a2af2b7107825e6ce2' })).toEqual({
      status: 'PAID',
      outOrderNo: null,
      currency: 'AUD',
      amount: 100,
      orderTime: Date.UTC(2016, 11, 26, 23, 55, 30),
      payTime: Date.UTC(2016, 11, 26, 23, 56, 2),
      exchangeRate: { scaled: 650000000n, scale: 8, text: '6.5' },
      payCurrency: null,
      cnyAmount: 650,
    });
  });

  it('reads the field-table form of QueryOrder (amount, empty pay_time) and a configured zone', async () => {
    replies = [
      {
        body: {
          return_code: 'SUCCESS',
          result_code: 'paying',
          out_order_no: 'S1',
          currency: 'AUD',
          amount: '250',
          order_time: '20160627105530',
          pay_time: '',
          exchange_rate: '',
          pay_currency: 'CNY',
          cny_amount: '',
        },
      },
    ];
    const r = await client({ gatewayTimeZone: 'Australia/Brisbane' }).queryOrder({ orderNo: 'O' });
    expect(r).toMatchObject({
      status: 'PAYING',
      outOrderNo: 'S1',
      amount: 250,
      payTime: null,
      exchangeRate: null,
      cnyAmount: null,
      payCurrency: 'CNY',
    });
    expect(r.orderTime).toBe(Date.UTC(2016, 5, 27, 0, 55, 30));
  });

  it('reads the Refund reply with its "refund_no " key', async () => {
    replies = [
      {
        body: '{"return_code":"SUCCESS","refund_no ":"ADDFGHJKL","currency":"AUD","amount":100,"refund_time":"20161227105530"}',
      },
    ];
    expect(await client().refund({ orderNo: 'O', outRefundNo: 'R', amount: 100 })).toEqual({
      refundNo: 'ADDFGHJKL',
      currency: 'AUD',
      amount: 100,
      refundTime: Date.UTC(2016, 11, 26, 23, 55, 30),
    });
  });

  it('reads refund statuses in any case', async () => {
    const c = client();
    for (const [sent, status] of [
      ['Closed', 'CLOSED'],
      ['CLOSED', 'CLOSED'],
      ['OrganizationPayback', 'ORGANIZATIONPAYBACK'],
      ['merchantconfirmed', 'MERCHANTCONFIRMED'],
      ['CustomerCancelled', 'CUSTOMERCANCELLED'],
    ] as const) {
      replies = [
        {
          body: {
            return_code: 'SUCCESS',
            result_code: sent,
            out_refund_no: 'R1',
            amount: 100,
            refund_time: '20161227105530',
            success_time: '',
          },
        },
      ];
      const r = await c.queryRefund({ refundNo: 'RF' });
      expect(r.status).toBe(status);
      expect(r.successTime).toBeNull();
    }
  });

  it('reads QR, JSAPI and scan replies', async () => {
    const c = client();
    replies = [
      {
        body: {
          return_code: 'SUCCESS',
          order_no: 'Q1',
          qrcode: 'weixin://wxpay/x',
          pay_url: 'https://www.omipay.com.au/pay/Q1',
        },
      },
      { body: { return_code: 'SUCCESS', order_no: 'J1', pay_url: 'https://www.omipay.com.au/pay/J1' } },
      {
        body: { return_code: 'SUCCESS', order_no: 'S1', out_order_no: 'OUT1', order_time: '20161227105530' },
      },
    ];
    expect(
      await c.makeQROrder({ orderName: 'x', amount: 1, outOrderNo: 'a', platform: 'WECHATPAY' }),
    ).toEqual({
      orderNo: 'Q1',
      qrcode: 'weixin://wxpay/x',
      payUrl: 'https://www.omipay.com.au/pay/Q1',
    });
    expect(
      await c.makeJSAPIOrder({
        orderName: 'x',
        amount: 1,
        outOrderNo: 'b',
        redirectUrl: 'https://a.example/',
      }),
    ).toEqual({
      orderNo: 'J1',
      payUrl: 'https://www.omipay.com.au/pay/J1',
    });
    expect(
      await c.makeScanOrder({ orderName: 'x', amount: 1, outOrderNo: 'c', qrcode: '1', posNo: 'p' }),
    ).toEqual({
      orderNo: 'S1',
      outOrderNo: 'OUT1',
      orderTime: Date.UTC(2016, 11, 26, 23, 55, 30),
    });
  });

  it('turns FAIL into GatewayError with code, detail and the USERPAYING order_no', async () => {
    const c = client();
    replies = [
      { body: { return_code: 'FAIL', error_code: 'USERPAYING', error_msg: '用户支付中', order_no: 'bc11' } },
      { body: { return_code: 'FAIL', error_code: 'SIGN_TIMEOUOT', error_msg: 'Sign timeout.' } },
      { body: { return_code: 'USERPAYING', order_no: 'bc12' } },
    ];
    const scan = () =>
      c.makeScanOrder({ orderName: 'x', amount: 1, outOrderNo: 'c', qrcode: '1', posNo: 'p' });
    const e1 = await scan().catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(GatewayError);
    expect(e1).toMatchObject({
      code: 'USERPAYING',
      detail: '用户支付中',
      orderNo: 'bc11',
      api: 'MakeScanOrder',
    });
    expect((e1 as GatewayError).cashier.zh).toMatch(/请勿重复收款/);
    expect(await scan().catch((e: unknown) => e)).toMatchObject({ code: 'SIGN_TIMEOUT', orderNo: null });
    expect(await scan().catch((e: unknown) => e)).toMatchObject({ code: 'USERPAYING', orderNo: 'bc12' });
  });

  it('treats replies that are not the documented shapes as outcome unknown', async () => {
    const c = client();
    const bad: unknown[] = [
      { return_code: 'SUCCESS' }, // a SUCCESS without order_no: did it charge? unknown
      { return_code: 'SUCCESS', order_no: '' },
      { return_code: 'FAIL' },
      { return_code: 'MAYBE' },
      { error_code: 'SYSTEM_ERROR' },
      ['SUCCESS'],
      '"SUCCESS"',
      { return_code: 'SUCCESS', order_no: 'S1', order_time: '2016-12-27' },
    ];
    for (const body of bad) {
      replies = [{ body }];
      const err = await c
        .makeScanOrder({ orderName: 'x', amount: 1, outOrderNo: 'c', qrcode: '1', posNo: 'p' })
        .catch((e: unknown) => e);
      expect(err, JSON.stringify(body)).toBeInstanceOf(TransportError);
      expect(err).toMatchObject({ outcome: 'unknown', failure: 'bad_response', code: 'TRANSPORT_UNKNOWN' });
    }
    replies = [{ body: { return_code: 'SUCCESS', result_code: 'REFUNDED' } }];
    expect(await c.queryOrder({ orderNo: 'O' }).catch((e: unknown) => e)).toMatchObject({
      outcome: 'unknown',
      failure: 'bad_response',
    });
    replies = [{ body: { return_code: 'SUCCESS', result_code: 'PAID', total_amount: '1.5' } }];
    expect(await c.queryOrder({ orderNo: 'O' }).catch((e: unknown) => e)).toMatchObject({
      outcome: 'unknown',
      failure: 'bad_response',
    });
  });
});

describe('signed URLs', () => {
  it('appends a signature and redirect_url to the gateway pay_url', () => {
    const c = client();
    const url = new URL(c.payUrl(`${server.url}/omipay/pay/Q1?lang=en`, 'https://shop.example/done?a=1&b=2'));
    expect(url.pathname).toBe('/omipay/pay/Q1');
    expect(url.searchParams.get('lang')).toBe('en');
    expect(url.searchParams.get('redirect_url')).toBe('https://shop.example/done?a=1&b=2');
    const nonce = url.searchParams.get('nonce_str') ?? '';
    expect(url.searchParams.get('sign')).toBe(omipaySign(CREDS.mNumber, NOW, nonce, CREDS.secretKey));
    expect(url.searchParams.get('timestamp')).toBe(String(NOW));
    expect(url.searchParams.get('m_number')).toBe(CREDS.mNumber);

    const plain = c.payUrl(`${server.url}/omipay/pay/Q1`, 'https://shop.example/');
    expect(plain).toMatch(/\/omipay\/pay\/Q1\?m_number=/);
    expect(c.payUrl('/omipay/pay/Q2#top', 'https://shop.example/')).toMatch(
      new RegExp(`^${server.url}/omipay/pay/Q2\\?m_number=.*#top$`),
    );
  });

  it("replaces the gateway's own signature in a field-style pay_url instead of adding a second one", () => {
    const c = client();
    const gateway =
      `${server.url}/Omipay/H5Pay/QRcode_Pay.html?paycode=TR1812060010011263009795&m_number=0010011263` +
      '&platform=WECHATPAY&timestamp=1544088240364&nonce_str=jinwuwc8hyzi67itxwf9x0fjxjz00q' +
      '&sign=F49FC0DFFB81EDF639AB8BF4A0FE7252&redirect_url=https%3A%2F%2Fold.example%2F';
    const url = new URL(c.payUrl(gateway, 'https://shop.example/done'));
    const keys = [...url.searchParams.keys()];
    expect(keys).toEqual([
      'paycode',
      'platform',
      'm_number',
      'timestamp',
      'nonce_str',
      'sign',
      'redirect_url',
    ]);
    expect(url.searchParams.get('paycode')).toBe('TR1812060010011263009795');
    expect(url.searchParams.get('m_number')).toBe(CREDS.mNumber);
    expect(url.searchParams.get('timestamp')).toBe(String(NOW));
    expect(url.searchParams.get('redirect_url')).toBe('https://shop.example/done');
    const nonce = url.searchParams.get('nonce_str') ?? '';
    expect(url.searchParams.get('sign')).toBe(omipaySign(CREDS.mNumber, NOW, nonce, CREDS.secretKey));
    // The document's noncestring spelling is replaced too.
    const doc = new URL(
      c.payUrl(`${server.url}/omipay/pay/Q1?noncestring=abcdefghij&sign=X`, 'https://s.example/'),
    );
    expect(doc.searchParams.getAll('sign')).toHaveLength(1);
    expect(doc.searchParams.has('noncestring')).toBe(false);
  });

  it('signs a pay_url on an https Omipay host other than the API host, and nothing that only looks like one', () => {
    const c = client();
    for (const ok of [
      'https://www.omipay.com.cn/Omipay/H5Pay/QRcode_Pay.html?paycode=TR1',
      'https://www.omipay.com.au/Omipay/H5Pay/QRcode_Pay.html?paycode=TR1',
      'https://g.omipay.com.cn/pay?paycode=TR1',
      'https://WWW.OMIPAY.COM.AU./pay',
    ]) {
      expect(new URL(c.payUrl(ok, 'https://shop.example/')).searchParams.get('m_number'), ok).toBe(
        CREDS.mNumber,
      );
    }
    for (const bad of [
      'http://www.omipay.com.cn/pay',
      'https://www.omipay.com.cn:8443/pay',
      'https://omipay.com.cn.evil.example/pay',
      'https://evilomipay.com.au/pay',
      'https://user:pw@www.omipay.com.au/pay',
      'weixin://wxpay/bizpayurl?pr=abc',
    ]) {
      expect(() => c.payUrl(bad, 'https://shop.example/'), bad).toThrow(InvalidRequestError);
    }
  });

  it("never signs a URL outside the gateway's origin", () => {
    const c = client();
    expect(() => c.payUrl('https://evil.example/omipay/pay/Q1', 'https://shop.example/')).toThrow(
      InvalidRequestError,
    );
    expect(() => c.payUrl(`${server.url}/omipay/pay/Q1`, 'ftp://x')).toThrow(InvalidRequestError);
  });

  it('builds the WeChat login URL under /omipay/api/auth/GetUserInfo', () => {
    const url = new URL(client().userInfoUrl('https://shop.example/me?x=1 2'));
    expect(url.origin + url.pathname).toBe(`${server.url}/omipay/api/auth/GetUserInfo`);
    expect(url.searchParams.get('redirect_uri')).toBe('https://shop.example/me?x=1 2');
    expect(url.searchParams.get('sign')).toBe(
      omipaySign(CREDS.mNumber, NOW, url.searchParams.get('nonce_str') ?? '', CREDS.secretKey),
    );
  });
});

describe('secrets stay out of logs and errors', () => {
  it('logs api, out_order_no, duration and outcome only', async () => {
    const logs: object[] = [];
    const logger = { debug: (o: object) => void logs.push(o), warn: (o: object) => void logs.push(o) };
    const c = client({ logger });
    replies = [
      { body: { return_code: 'SUCCESS', order_no: 'S1', out_order_no: 'OUT-1', order_time: '' } },
      { body: { return_code: 'FAIL', error_code: 'NOT_ENOUGH', error_msg: 'x' } },
      { status: 500, body: 'oops' },
    ];
    const scan = (out: string) =>
      c.makeScanOrder({ orderName: 'Secret sauce', amount: 1, outOrderNo: out, qrcode: '1', posNo: 'p' });
    await scan('OUT-1');
    await scan('OUT-2').catch(() => undefined);
    await scan('OUT-3').catch(() => undefined);
    expect(logs).toHaveLength(3);
    expect(logs[0]).toMatchObject({ api: 'MakeScanOrder', outOrderNo: 'OUT-1', outcome: 'ok' });
    expect(logs[1]).toMatchObject({ outOrderNo: 'OUT-2', outcome: 'gateway_error', errorCode: 'NOT_ENOUGH' });
    expect(logs[2]).toMatchObject({
      outOrderNo: 'OUT-3',
      outcome: 'unknown',
      failure: 'http_status',
      httpStatus: 500,
    });
    for (const l of logs) expect(typeof (l as { durationMs: unknown }).durationMs).toBe('number');
    const text = JSON.stringify(logs);
    for (const r of server.requests) {
      expect(text).not.toContain(r.query.get('sign'));
      expect(text).not.toContain(r.query.get('nonce_str'));
    }
    expect(text).not.toContain(CREDS.secretKey);
    expect(text).not.toContain('?');
    expect(text).not.toContain('Secret sauce');
  });

  it('keeps the secret and the signed query out of every error, its cause and its stack', async () => {
    const c = client();
    replies = [
      { status: 502, body: 'bad gateway' },
      { body: 'not json' },
      { body: { return_code: 'FAIL', error_code: 'SIGN_ERROR' } },
    ];
    const errors = [
      await c.getExchangeRate().catch((e: unknown) => e),
      await c.getExchangeRate().catch((e: unknown) => e),
      await c.getExchangeRate().catch((e: unknown) => e),
    ];
    for (const [i, e] of errors.entries()) {
      const text = inspect(e, { depth: 5, showHidden: true });
      const sign = server.requests[i]?.query.get('sign') ?? 'missing';
      expect(text).not.toContain(CREDS.secretKey);
      expect(text).not.toContain(sign);
      expect(text).not.toContain('nonce_str=');
    }
  });
});

describe('clock', () => {
  it('refuses to sign with a clock that gives no valid time', async () => {
    const err = await client({ now: () => Number.NaN })
      .getExchangeRate()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect(server.requests).toHaveLength(0);
  });
});
