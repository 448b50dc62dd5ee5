/**
 * An outside client written only from the document (omipay-webapi-v2.txt): its own raw HTTP (node:http with the
 * exact request target on the wire) and its own MD5 signing. It imports nothing from main/omipay or the sandbox's
 * internals: the sandbox is started, then driven only over HTTP, its control endpoint included. Every API, every
 * error code of every API's list, and every request example of the document with its exact parameter set.
 */
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../main/sandbox';

// ——— the outside client ———

interface Credentials {
  mNumber: string;
  secretKey: string;
}

interface RawReply {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: Record<string, unknown>;
}

/** Section 1.3: uppercase hex MD5 of m_number&timestamp&nonce_str&secret_key. */
function docSign(mNumber: string, timestamp: string, nonce: string, secretKey: string): string {
  return createHash('md5')
    .update(`${mNumber}&${timestamp}&${nonce}&${secretKey}`, 'utf8')
    .digest('hex')
    .toUpperCase();
}

/** Section 1.2 (5): 10–32 characters of a-z A-Z 0-9. */
function docNonce(): string {
  return randomBytes(16).toString('hex');
}

function raw(base: string, target: string, method = 'GET', body?: string): Promise<RawReply> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: target,
        method,
        agent: false,
        headers: {
          'content-type': 'application/json',
          ...(body === undefined ? {} : { 'content-length': Buffer.byteLength(body) }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: Record<string, unknown> = {};
          try {
            json = JSON.parse(text) as Record<string, unknown>;
          } catch {
            // Not JSON (a page, a redirect): tests that care read text.
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

interface SignOptions {
  timestamp?: number;
  sign?: string;
  mNumber?: string;
  language?: string | null;
  method?: 'GET' | 'POST';
}

/** Signing parameters first, then the business parameters, every value URL-encoded. */
function signedTarget(
  api: string,
  params: Record<string, string>,
  who: Credentials,
  o: SignOptions = {},
): string {
  const timestamp = String(o.timestamp ?? Date.now());
  const nonce = docNonce();
  const mNumber = o.mNumber ?? who.mNumber;
  const all: Record<string, string> = {
    m_number: mNumber,
    timestamp,
    nonce_str: nonce,
    sign: o.sign ?? docSign(mNumber, timestamp, nonce, who.secretKey),
    ...(o.language === null ? {} : { language: o.language ?? 'EN' }),
    ...params,
  };
  const query = Object.entries(all)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');
  const path = api === 'GetUserInfo' ? '/omipay/api/auth/GetUserInfo' : `/omipay/api/v2/${api}`;
  return `${path}?${query}`;
}

// ——— the document's facts ———

const COMMON = ['PARAMETER_INVALID', 'SIGN_TIMEOUT', 'MERCHANTNO_INVALID', 'SIGN_ERROR', 'SYSTEM_ERROR'];
/** Each API's "Error code list". MakeScanOrder's USERPAYING is in its text (Addition comments, step 5). */
const ERROR_LISTS: Record<string, readonly string[]> = {
  GetExchangeRate: COMMON,
  MakeQROrder: COMMON,
  MakeJSAPIOrder: [...COMMON, 'WECHAT_STORE_NOT_EXISTS'],
  MakeScanOrder: [
    ...COMMON,
    'ORDER_PAID',
    'POS_NOT_REGISTERED',
    'NOT_ENOUGH',
    'CARD_NOT_SUPPORT',
    'ORDER_CLOSED',
    'QRCODE_EXPIRED',
    'QRCODE_ERROR',
    'AMOUNT_INVALID',
    'USERPAYING',
  ],
  QueryOrder: [...COMMON, 'PERMISSION_ERROR'],
  Refund: [...COMMON, 'PERMISSION_ERROR', 'ORDER_NO_ERROR', 'ORDER_NOT_PAID', 'AMOUNT_OVER_LIMIT'],
  QueryRefund: [...COMMON, 'PERMISSION_ERROR', 'REFUND_NO_ERROR'],
  GetUserInfo: COMMON,
};
const ORDER_STATUSES = ['READY', 'PAYING', 'PAID', 'CLOSED', 'CANCELLED', 'FAILED'];
const REFUND_STATUSES = [
  'Applied',
  'MerchantConfirmed',
  'OrganizationConfirmed',
  'OrganizationPayback',
  'Closed',
  'MerchantRejected',
  'TimeoutClosed',
  'OrganizationFailed',
  'CustomerCancelled',
];
const GATEWAY_TIME = /^\d{14}$/;

// ——— the sandbox under test ———

const A: Credentials = { mNumber: '100001', secretKey: 'conformance-secret-a-000000000001' };
const B: Credentials = { mNumber: '200002', secretKey: 'conformance-secret-b-000000000002' };
let sb: SandboxHandle;
let base: string;
/** Every error code seen per API over the whole file: checked against the lists at the end. */
const seen: Record<string, Set<string>> = {};

async function call(
  api: string,
  params: Record<string, string>,
  who: Credentials = A,
  o: SignOptions = {},
): Promise<RawReply> {
  const reply = await raw(base, signedTarget(api, params, who, o), o.method ?? 'GET');
  const code = reply.json.error_code;
  if (reply.json.return_code === 'FAIL' && typeof code === 'string') (seen[api] ??= new Set()).add(code);
  return reply;
}

async function control(path: string, body: unknown = {}): Promise<RawReply> {
  return raw(base, `/_sandbox${path}`, 'POST', JSON.stringify(body));
}

async function getControl(path: string): Promise<RawReply> {
  return raw(base, `/_sandbox${path}`);
}

function expectFail(r: RawReply, code: string): void {
  expect(r.status).toBe(200);
  expect(r.json).toMatchObject({ return_code: 'FAIL', error_code: code });
  expect(typeof r.json.error_msg).toBe('string');
}

let seq = 0;
const out = (p = 'C'): string => `${p}${Date.now().toString(36)}${++seq}`;
const scanParams = (qrcode: string, extra: Record<string, string> = {}): Record<string, string> => ({
  order_name: 'Conformance',
  currency: 'AUD',
  amount: '1000',
  qrcode,
  pos_no: 'POS-1',
  out_order_no: out('S'),
  ...extra,
});
const wechat = (s: string): string => `13000000000000${s}`;

async function until(check: () => Promise<boolean>, what: string, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function paidOrder(amount = 1000, who: Credentials = A): Promise<string> {
  const r = await call('MakeScanOrder', scanParams(wechat('0000'), { amount: String(amount) }), who);
  expect(r.json.return_code).toBe('SUCCESS');
  return r.json.order_no as string;
}

beforeAll(async () => {
  sb = await startSandbox({
    timeScale: 0.01,
    merchants: [A, B],
    registeredPosNos: ['POS-1'],
    refundStepMs: 1000,
  });
  base = sb.url;
});
afterAll(async () => {
  await sb.close();
});
beforeEach(async () => {
  expect((await control('/reset')).status).toBe(200);
});

describe('section 1.3: the signature', () => {
  it("the document's vector", () => {
    expect(
      docSign(
        '123456',
        '1482812036067',
        '313644f42ecd4758b5e23b80e86efdc4',
        '0af61531c6c04ac4ac910d0cd59e6238',
      ),
    ).toBe('8516A3B52F9C8897F52239B19CD8A499');
  });

  it('GET and POST, parameters in the URL, JSON replies', async () => {
    for (const method of ['GET', 'POST'] as const) {
      const r = await call('GetExchangeRate', {}, A, { method });
      expect(r.status).toBe(200);
      expect(r.headers['content-type']).toMatch(/^application\/json/);
      expect(r.json.return_code).toBe('SUCCESS');
    }
  });

  it('error_msg in Chinese by default (CHS), English with language=EN', async () => {
    const chs = await call('GetExchangeRate', {}, A, { sign: 'BAD', language: null });
    expect(chs.json.error_msg).toMatch(/[\u4e00-\u9fff]/);
    const en = await call('GetExchangeRate', {}, A, { sign: 'BAD', language: 'EN' });
    expect(en.json.error_msg).toMatch(/^[\x20-\x7e]+$/);
  });
});

describe("the document's request examples, exactly as written", () => {
  const DOC: Credentials = { mNumber: '123456', secretKey: '0af61531c6c04ac4ac910d0cd59e6238' };
  const SIGNED =
    'm_number=123456&timestamp=1482812036067&nonce_str=313644f42ecd4758b5e23b80e86efdc4&sign=8516A3B52F9C8897F52239B19CD8A499';
  let doc: SandboxHandle;

  // The document's merchant, its clock moved to the examples' timestamp; every example reuses one nonce.
  beforeAll(async () => {
    doc = await startSandbox({
      merchants: [DOC],
      clockOffsetMs: 1482812036067 - Date.now(),
      rejectReplayedNonces: false,
      timeScale: 0.001,
    });
  });
  afterAll(async () => {
    await doc.close();
  });
  beforeEach(async () => {
    await raw(doc.url, '/_sandbox/reset', 'POST', '{}');
  });
  const seed = async (path: string, body: unknown): Promise<RawReply> => {
    const r = await raw(doc.url, `/_sandbox${path}`, 'POST', JSON.stringify(body));
    expect(r.status, r.text).toBe(201);
    return r;
  };

  it('2.1 GetExchangeRate', async () => {
    const r = await raw(doc.url, `/omipay/api/v2/GetExchangeRate?${SIGNED}&currency=AUD&base_currency=CNY`);
    expect(r.json).toMatchObject({ return_code: 'SUCCESS', platform: 'WECHATPAY' });
    // "rate": 5.01540000 — a JSON number with 8 decimals, as the example shows.
    expect(r.text).toMatch(/"rate":\d+\.\d{8}[,}]/);
  });

  it('2.2 MakeQRCode (the example path; no platform, no currency, no language)', async () => {
    const r = await raw(
      doc.url,
      `/omipay/api/v2/MakeQRCode?${SIGNED}&order_name=Test_Order&amount=100&notify_url=http://your_site.com/receive_notify.html&out_order_no=SEORD000001`,
    );
    expect(r.json).toMatchObject({ return_code: 'SUCCESS' });
    expect(typeof r.json.order_no).toBe('string');
    expect(typeof r.json.qrcode).toBe('string');
    expect(typeof r.json.pay_url).toBe('string');
    expect(r.json.platform).toBe('WECHATPAY');
  });

  it('2.3 MakeJSAPIOrder', async () => {
    const r = await raw(
      doc.url,
      `/omipay/api/v2/MakeJSAPIOrder?${SIGNED}&order_name=TEST_ORDER&redirect_url=http://your_site.com/redirect_to.html&amount=100&notify_url=http://your_site.com/receive_notify.html&out_order_no=SEORD000001&language=EN`,
    );
    expect(r.json).toMatchObject({ return_code: 'SUCCESS' });
    expect(typeof r.json.order_no).toBe('string');
    expect(typeof r.json.pay_url).toBe('string');
  });

  it('2.4 MakeScanOrder (with its empty "&&" segment): 123abc123 is no wallet code, a real one pays', async () => {
    const example = `/omipay/api/v2/MakeScanOrder?${SIGNED}&order_name=Test_Order&amount=100&&notify_url=http://your_site.com/receive_notify.html&qrcode=123abc123&pos_no=posno_123&out_order_no=SEORD000001&language=EN`;
    const r = await raw(doc.url, example);
    expect(r.json).toMatchObject({ return_code: 'FAIL', error_code: 'QRCODE_ERROR' });
    const paid = await raw(doc.url, example.replace('qrcode=123abc123', 'qrcode=130000000000000000'));
    expect(paid.json).toMatchObject({ return_code: 'SUCCESS', out_order_no: 'SEORD000001' });
    expect(paid.json.order_time).toMatch(GATEWAY_TIME);
    // 2016-12-27 in the gateway's zone: the example's timestamp is the sandbox's clock here.
    expect(paid.json.order_time).toMatch(/^20161227/);
  });

  it('2.5 QueryOrder, with the table fields and (switched) the example spelling', async () => {
    await seed('/orders', {
      orderNo: 'bc112874260946a2af2b7107825e6ce2',
      outOrderNo: 'SEORD000001',
      amount: 100,
    });
    const target = `/omipay/api/v2/QueryOrder?${SIGNED}&order_no=bc112874260946a2af2b7107825e6ce2&language=EN`;
    const r = await raw(doc.url, target);
    expect(r.json).toMatchObject({
      return_code: 'SUCCESS',
      result_code: 'PAID',
      out_order_no: 'SEORD000001',
      currency: 'AUD',
      amount: 100,
      pay_currency: 'CNY',
    });
    expect(r.json.order_time).toMatch(/^20161227\d{6}$/);
    expect(r.json.pay_time).toMatch(GATEWAY_TIME);
    expect(Number.isInteger(r.json.exchange_rate)).toBe(true);
    expect(Number.isInteger(r.json.cny_amount)).toBe(true);
    await raw(
      doc.url,
      '/_sandbox/switches',
      'POST',
      JSON.stringify({ paidStatusSpelling: 'PAYED', queryOrderAmountField: 'total_amount' }),
    );
    const asExample = await raw(doc.url, target);
    // Every key of the document's success example is there, with the example's spelling.
    for (const key of [
      'return_code',
      'result_code',
      'currency',
      'total_amount',
      'order_time',
      'pay_time',
      'exchange_rate',
      'cny_amount',
    ])
      expect(asExample.json, key).toHaveProperty(key);
    expect(asExample.json).toMatchObject({ result_code: 'PAYED', total_amount: 100 });
  });

  it('2.7 Refund (the reply has the example\'s "refund_no " key)', async () => {
    await seed('/orders', {
      orderNo: 'bc112874260946a2af2b7107825e6ce2',
      outOrderNo: 'SEORD000001',
      amount: 100,
    });
    const r = await raw(
      doc.url,
      `/omipay/api/v2/Refund?${SIGNED}&order_no=bc112874260946a2af2b7107825e6ce2&out_refund_no=xxxxxxx&amount=100&language=EN`,
    );
    expect(r.json).toMatchObject({ return_code: 'SUCCESS', currency: 'AUD', amount: 100 });
    expect(typeof r.json['refund_no ']).toBe('string');
    expect(r.json.refund_time).toMatch(/^20161227\d{6}$/);
  });

  it("2.8 QueryRefund, through to the example's CLOSED with a success_time", async () => {
    await seed('/orders', {
      orderNo: 'ORD00000000000000000000000000001',
      outOrderNo: 'SEORD000002',
      amount: 100,
    });
    await seed('/refunds', {
      refundNo: 'bc112874260946a2af2b7107825e6ce2',
      orderNo: 'ORD00000000000000000000000000001',
      outRefundNo: 'xxxxxxx',
      amount: 100,
    });
    const target = `/omipay/api/v2/QueryRefund?${SIGNED}&refund_no=bc112874260946a2af2b7107825e6ce2&language=EN`;
    const first = await raw(doc.url, target);
    expect(first.json).toMatchObject({
      return_code: 'SUCCESS',
      currency: 'AUD',
      amount: 100,
      success_time: '',
    });
    expect(REFUND_STATUSES).toContain(first.json.result_code);
    await until(async () => (await raw(doc.url, target)).json.result_code === 'Closed', 'refund Closed');
    const closed = await raw(doc.url, target);
    // The table spells it Closed, the example CLOSED: the same status.
    expect(String(closed.json.result_code).toUpperCase()).toBe('CLOSED');
    expect(closed.json.success_time).toMatch(GATEWAY_TIME);
    expect(closed.json.refund_time).toMatch(GATEWAY_TIME);
  });

  it("2.9 GetUserInfo at the example's /api/v1/ path (and the heading's /api/auth/)", async () => {
    for (const path of ['/omipay/api/v1/GetUserInfo', '/omipay/api/auth/GetUserInfo']) {
      const r = await raw(doc.url, `${path}?${SIGNED}&redirect_uri=http://yoursite.com/redirect.html`);
      expect(r.status, path).toBe(302);
      const to = new URL(r.headers.location ?? '');
      expect(`${to.origin}${to.pathname}`).toBe('http://yoursite.com/redirect.html');
      for (const field of ['openid', 'nickname', 'headimgurl'])
        expect(to.searchParams.has(field), field).toBe(true);
    }
  });

  it('the examples fail with SIGN_TIMEOUT against a clock of today', async () => {
    const today = await startSandbox({ merchants: [DOC] });
    try {
      const r = await raw(
        today.url,
        `/omipay/api/v2/GetExchangeRate?${SIGNED}&currency=AUD&base_currency=CNY`,
      );
      expect(r.json).toMatchObject({ return_code: 'FAIL', error_code: 'SIGN_TIMEOUT' });
    } finally {
      await today.close();
    }
  });
});

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
    expect((await raw(base, `${payUrl.pathname}${payUrl.search}`)).status).toBe(200);
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
    expect(r.json).toMatchObject({
      return_code: 'SUCCESS',
      result_code: 'PAID',
      currency: 'AUD',
      amount: 12345,
      pay_currency: 'CNY',
    });
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
    const bodies: Record<string, unknown>[] = [];
    const answers = ['{"return_code":"FAIL"}', 'nope', '{"return_code":"SUCCESS"}'];
    const receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        expect(req.headers['content-type']).toMatch(/^application\/json/);
        bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>);
        res.writeHead(200, { 'content-type': 'application/json' }).end(answers.shift() ?? '');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const notifyUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/n`;
      const p = scanParams(wechat('0000'), { amount: '2000', notify_url: notifyUrl });
      const r = await call('MakeScanOrder', p);
      await until(async () => bodies.length === 3, 'three deliveries');
      const n = bodies[0] ?? {};
      for (const f of [
        'nonce_str',
        'timestamp',
        'sign',
        'order_no',
        'out_order_no',
        'currency',
        'amount',
        'order_time',
        'pay_time',
        'exchange_rate',
        'pay_currency',
        'cny_amount',
      ])
        expect(n, f).toHaveProperty(f);
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
      receiver.closeAllConnections();
      await new Promise((resolve) => receiver.close(resolve));
    }
  });

  it('2.7 Refund: refund_no, currency, amount, refund_time; and its own error codes', async () => {
    const orderNo = await paidOrder(1000);
    const r = await call('Refund', { order_no: orderNo, out_refund_no: out('R'), amount: '400' });
    expect(r.json).toMatchObject({ return_code: 'SUCCESS', currency: 'AUD', amount: 400 });
    expect(typeof (r.json.refund_no ?? r.json['refund_no '])).toBe('string');
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
    const refundNo = (r.json.refund_no ?? r.json['refund_no ']) as string;
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
    const no2 = (r2.json.refund_no ?? r2.json['refund_no ']) as string;
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
