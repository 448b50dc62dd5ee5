/**
 * The conformance suite, part 1: the signature of section 1.3 and every request example of the document exactly
 * as written, against a sandbox whose clock and merchant are the examples'. The outside client is in
 * sandbox-conformance-client.ts; each API's fields and error codes are in sandbox-conformance-apis.test.ts, the
 * request shapes of public client libraries in sandbox-conformance-clients.test.ts.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../main/sandbox';
import {
  A,
  docSign,
  GATEWAY_TIME,
  raw,
  REFUND_STATUSES,
  until,
  useConformanceSandbox,
  type Credentials,
  type RawReply,
} from './sandbox-conformance-client';

const { call } = useConformanceSandbox();

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
  /** The paid order the QueryOrder and Refund examples name (order_no bc1128…, out_order_no SEORD000001). */
  const seedExampleOrder = (): Promise<RawReply> =>
    seed('/orders', { orderNo: 'bc112874260946a2af2b7107825e6ce2', outOrderNo: 'SEORD000001', amount: 100 });

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
    await seedExampleOrder();
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

  it('2.7 Refund: the table\'s refund_no key, and (switched) the example\'s "refund_no "', async () => {
    await seedExampleOrder();
    const target = `/omipay/api/v2/Refund?${SIGNED}&order_no=bc112874260946a2af2b7107825e6ce2&out_refund_no=xxxxxxx&amount=100&language=EN`;
    const r = await raw(doc.url, target);
    expect(r.json).toMatchObject({ return_code: 'SUCCESS', currency: 'AUD', amount: 100 });
    expect(typeof r.json.refund_no).toBe('string');
    expect(r.json).not.toHaveProperty(['refund_no ']);
    expect(r.json.refund_time).toMatch(/^20161227\d{6}$/);
    // The example's key with its trailing space; the same refund again (same out_refund_no).
    await raw(doc.url, '/_sandbox/switches', 'POST', JSON.stringify({ refundNoKeyQuirk: true }));
    const asExample = await raw(doc.url, target);
    expect(asExample.text).toContain('"refund_no ":"');
    expect(asExample.json['refund_no ']).toBe(r.json.refund_no);
    expect(asExample.json).not.toHaveProperty('refund_no');
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
