import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeNonce, omipaySign } from '../../main/omipay/sign';
import { type NotificationAttemptEvent } from '../../main/sandbox';
import {
  callApi,
  orderReaches,
  outNo,
  postControl,
  scanParams,
  refundOfPaidOrder,
  useSandbox,
  wechatCode,
  makeQrOrder,
  me,
  sb,
} from './sandbox-helpers';

useSandbox({ timeScale: 0.01 });

function signedPageQuery(redirectUrl: string, merchant = me, now = Date.now()): string {
  const nonce = makeNonce();
  return new URLSearchParams({
    m_number: merchant.mNumber,
    timestamp: String(now),
    noncestring: nonce,
    sign: omipaySign(merchant.mNumber, now, nonce, merchant.secretKey),
    redirect_url: redirectUrl,
  }).toString();
}

async function qrOrder(extra: Record<string, string> = {}): Promise<Record<string, unknown>> {
  const r = await callApi(
    sb.url,
    'MakeQROrder',
    {
      order_name: 'Noodles <b>&</b>',
      amount: '1880',
      out_order_no: outNo('Q'),
      platform: 'ALIPAY',
      ...extra,
    },
    { merchant: me },
  );
  expect(r.json.return_code).toBe('SUCCESS');
  return r.json;
}

describe('QR and JSAPI orders', () => {
  it('MakeQROrder returns a wallet qrcode and a signed pay_url, as the field does; the control endpoint pays it', async () => {
    const r = await qrOrder();
    const orderNo = r.order_no as string;
    expect(orderNo).toMatch(/^TR\d{22}$/);
    expect(r.qrcode).toMatch(/^https:\/\/qr\.alipay\.com\/[a-z0-9]{24}$/);
    expect(r).toMatchObject({ platform: 'ALIPAY', error_msg: null, msg: null, success: true });
    const payUrl = new URL(r.pay_url as string);
    expect(`${payUrl.origin}${payUrl.pathname}`).toBe(`${sb.url}/Omipay/H5Pay/QRcode_Pay.html`);
    const q = payUrl.searchParams;
    expect(q.get('paycode')).toBe(orderNo);
    expect(q.get('sign')).toBe(
      omipaySign(me.mNumber, q.get('timestamp') ?? '', q.get('nonce_str') ?? '', me.secretKey),
    );
    expect((await fetch(payUrl)).status).toBe(200);
    const query = () => callApi(sb.url, 'QueryOrder', { order_no: orderNo }, { merchant: me });
    expect((await query()).json.result_code).toBe('READY');

    const paid = await postControl(sb.url, `/orders/${orderNo}/pay`);
    expect(paid.status).toBe(200);
    expect(paid.json.order).toMatchObject({ orderNo, status: 'PAID', kind: 'qr', platform: 'ALIPAY' });
    expect((await query()).json.result_code).toBe('PAID');
    expect((await postControl(sb.url, `/orders/${orderNo}/pay`)).status).toBe(409);
  });

  it('the control endpoint fails and closes pending orders; unknown orders are 404', async () => {
    const a = (await qrOrder()).order_no as string;
    expect((await postControl(sb.url, `/orders/${a}/fail`)).json.order).toMatchObject({ status: 'FAILED' });
    const b = (await qrOrder()).order_no as string;
    expect((await postControl(sb.url, `/orders/${b}/close`)).json.order).toMatchObject({ status: 'CLOSED' });
    expect((await postControl(sb.url, `/orders/${'0'.repeat(32)}/pay`)).status).toBe(404);
  });

  it('a repeated out_order_no of a QR order still waiting returns the same order', async () => {
    const out = outNo('Q');
    const first = await qrOrder({ out_order_no: out });
    const again = await qrOrder({ out_order_no: out });
    expect(again.order_no).toBe(first.order_no);
    sb.control.payOrder(first.order_no as string);
    const paid = await callApi(
      sb.url,
      'MakeQROrder',
      { order_name: 'x', amount: '1880', out_order_no: out, platform: 'ALIPAY' },
      { merchant: me },
    );
    // ORDER_PAID is not in MakeQROrder's list: by default the document's PARAMETER_INVALID, 'extended' the old code.
    expect(paid.json.error_code).toBe('PARAMETER_INVALID');
    sb.control.setSwitches({ qrOrderErrorCodes: 'extended' });
    const again2 = await callApi(
      sb.url,
      'MakeQROrder',
      { order_name: 'x', amount: '1880', out_order_no: out, platform: 'ALIPAY' },
      { merchant: me },
    );
    expect(again2.json).toMatchObject({ error_code: 'ORDER_PAID', order_no: first.order_no });
  });

  it('MakeJSAPIOrder needs redirect_url and returns a pay_url', async () => {
    const base = { order_name: 'JS', amount: '300', out_order_no: outNo('J') };
    expect((await callApi(sb.url, 'MakeJSAPIOrder', base, { merchant: me })).json.error_code).toBe(
      'PARAMETER_INVALID',
    );
    const r = await callApi(
      sb.url,
      'MakeJSAPIOrder',
      { ...base, redirect_url: 'https://shop.example/done' },
      { merchant: me },
    );
    expect(r.json).toMatchObject({ return_code: 'SUCCESS' });
    const payUrl = new URL(r.json.pay_url as string);
    expect(payUrl.pathname).toBe('/Omipay/H5Pay/QRcode_Pay.html');
    expect(payUrl.searchParams.get('paycode')).toBe(r.json.order_no);
    sb.control.setSwitches({ payUrlFormat: 'unsigned' });
    const bare = await callApi(
      sb.url,
      'MakeJSAPIOrder',
      { ...base, out_order_no: outNo('J'), redirect_url: 'https://shop.example/done' },
      { merchant: me },
    );
    expect(bare.json.pay_url).toBe(`${sb.url}/omipay/pay/${bare.json.order_no as string}`);
    expect(sb.control.getOrder(r.json.order_no as string)).toMatchObject({ kind: 'jsapi', status: 'READY' });
  });
});

describe('pay page', () => {
  // The document's page: pay_url without a signature, which the merchant signs to open.
  beforeEach(() => void sb.control.setSwitches({ payUrlFormat: 'unsigned' }));

  it('renders the order, an SVG QR and Pay/Fail buttons when signed; escapes the order name', async () => {
    const r = await qrOrder();
    const res = await fetch(`${r.pay_url as string}?${signedPageQuery('https://shop.example/thanks?o=1')}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).toContain('<svg');
    expect(html).toContain('A$18.80');
    expect(html).toContain('Noodles &lt;b&gt;&amp;&lt;/b&gt;');
    expect(html).not.toContain('<b>&</b>');
    expect(html).toContain('id="pay"');
    expect(html).toContain('id="fail"');
    expect(html).toContain('https://shop.example/thanks?o=1');
  });

  it('refuses unsigned, wrongly signed, stale or foreign requests', async () => {
    const r = await qrOrder();
    const url = r.pay_url as string;
    expect((await fetch(url)).status).toBe(400);
    const bad = signedPageQuery('https://shop.example/').replace(/sign=[0-9A-F]+/, 'sign=00');
    expect((await fetch(`${url}?${bad}`)).status).toBe(401);
    const stale = signedPageQuery('https://shop.example/', me, Date.now() - 10 * 60_000);
    expect((await fetch(`${url}?${stale}`)).status).toBe(401);
    const noRedirect = signedPageQuery('javascript:alert(1)');
    expect((await fetch(`${url}?${noRedirect}`)).status).toBe(400);
    const unknown = `${sb.url}/omipay/pay/${'a'.repeat(32)}?${signedPageQuery('https://shop.example/')}`;
    expect((await fetch(unknown)).status).toBe(404);
  });

  it('can be reloaded (the page does not burn its nonce)', async () => {
    const r = await qrOrder();
    const target = `${r.pay_url as string}?${signedPageQuery('https://shop.example/')}`;
    expect((await fetch(target)).status).toBe(200);
    expect((await fetch(target)).status).toBe(200);
  });
});

describe('control endpoint', () => {
  it('rejects non-JSON bodies and non-JSON content types with 400', async () => {
    const notJson = await fetch(`${sb.url}/_sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'kind=delay',
    });
    expect(notJson.status).toBe(400);
    const form = await fetch(`${sb.url}/_sandbox/reset`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a=1',
    });
    expect(form.status).toBe(400);
    const array = await fetch(`${sb.url}/_sandbox/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '[1]',
    });
    expect(array.status).toBe(400);
    expect((await postControl(sb.url, '/faults', { fault: { kind: 'explode' } })).status).toBe(400);
    expect(
      (await postControl(sb.url, '/faults', { fault: { kind: 'delay', ms: 10 }, api: 'Nope' })).status,
    ).toBe(400);
    expect((await postControl(sb.url, '/nothing-here')).status).toBe(404);
  });

  it('a body-less reset needs no Content-Type; a body without one, or a payment without one, is refused', async () => {
    const orderNo = (await makeQrOrder(sb.url, me, 'RST-1', '100')).json.order_no as string;
    // A body-less POST from a page of another site: it must not pay an order.
    const pay = await fetch(`${sb.url}/_sandbox/orders/${orderNo}/pay`, { method: 'POST' });
    expect(pay.status).toBe(400);
    expect(sb.control.getOrder(orderNo)?.status).toBe('READY');
    // Bytes with no Content-Type (fetch sends none for a Uint8Array) are not an empty body.
    const withBody = await fetch(`${sb.url}/_sandbox/reset`, {
      method: 'POST',
      body: new TextEncoder().encode('{}'),
    });
    expect(withBody.status).toBe(400);
    expect(await withBody.json()).toEqual({ error: 'Content-Type must be application/json' });
    expect(sb.control.getOrder(orderNo)).toBeDefined();
    const bare = await fetch(`${sb.url}/_sandbox/reset`, { method: 'POST' });
    expect(bare.headers.get('content-type')).toMatch(/^application\/json/);
    expect({ status: bare.status, body: await bare.json() }).toEqual({ status: 200, body: { ok: true } });
    expect(sb.control.getOrder(orderNo)).toBeUndefined();
  });

  it('moves the sandbox clock for SIGN_TIMEOUT', async () => {
    expect((await postControl(sb.url, '/clock', { offsetMs: -3_600_000 })).status).toBe(200);
    const r = await callApi(sb.url, 'GetExchangeRate', {}, { merchant: me });
    expect(r.json.error_code).toBe('SIGN_TIMEOUT');
    expect((await postControl(sb.url, '/clock', { offsetMs: 'soon' })).status).toBe(400);
  });

  it('lists orders, refunds, requests and notifications, and resets', async () => {
    const { orderNo } = await refundOfPaidOrder(sb.url, me, { out_refund_no: 'R1', amount: '5' });
    const orders = (await (await fetch(`${sb.url}/_sandbox/orders`)).json()) as { orders: unknown[] };
    expect(orders.orders).toHaveLength(1);
    const one = (await (await fetch(`${sb.url}/_sandbox/orders/${orderNo}`)).json()) as {
      order: { refundedCents: number };
    };
    expect(one.order.refundedCents).toBe(5);
    const refunds = (await (await fetch(`${sb.url}/_sandbox/refunds`)).json()) as { refunds: unknown[] };
    expect(refunds.refunds).toHaveLength(1);
    const requests = (await (await fetch(`${sb.url}/_sandbox/requests`)).json()) as {
      total: number;
      counts: Record<string, number>;
    };
    expect(requests).toMatchObject({ total: 2, counts: { MakeScanOrder: 1, Refund: 1 } });
    expect((await postControl(sb.url, '/reset')).status).toBe(200);
    expect(sb.control.listOrders()).toHaveLength(0);
    expect(sb.control.requestCount()).toBe(0);
  });

  it('fails a refund in progress through the control endpoint', async () => {
    const { refund } = await refundOfPaidOrder(sb.url, me, { out_refund_no: 'R1', amount: '5' });
    const refundNo = refund.json.refund_no as string;
    const failed = await postControl(sb.url, `/refunds/${refundNo}/fail`, { status: 'MerchantRejected' });
    expect(failed.json.refund).toMatchObject({ status: 'MerchantRejected' });
    expect((await postControl(sb.url, `/refunds/${refundNo}/fail`)).status).toBe(409);
  });
});

describe('payment notifications', () => {
  interface Received {
    body: Record<string, unknown>;
    contentType: string | undefined;
  }
  let receiver: http.Server;
  let received: Received[];
  let replies: Array<{ status: number; body: string }>;
  let notifyUrl: string;

  beforeEach(async () => {
    received = [];
    replies = [];
    receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({
          body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>,
          contentType: req.headers['content-type'],
        });
        const reply = replies.shift() ?? { status: 200, body: '{"return_code":"SUCCESS"}' };
        res.writeHead(reply.status, { 'content-type': 'application/json' }).end(reply.body);
      });
    });
    receiver.listen(0, '127.0.0.1');
    await once(receiver, 'listening');
    notifyUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/omipay/notify`;
  });
  afterEach(async () => {
    receiver.closeAllConnections();
    await new Promise((resolve) => receiver.close(resolve));
  });

  async function notificationSettles(orderNo: string, attempts: number): Promise<NotificationAttemptEvent> {
    for (;;) {
      const [event] = (await once(sb.control.events, 'notification')) as [NotificationAttemptEvent];
      if (event.orderNo === orderNo && (event.delivered || event.attempt >= attempts)) return event;
    }
  }

  it("notificationFormat 'document': POSTs a correctly signed JSON notification of the 2.6 table", async () => {
    sb.control.setSwitches({ notificationFormat: 'document' });
    const p = scanParams(wechatCode('0001'), 2000, { notify_url: notifyUrl });
    const r = await callApi(sb.url, 'MakeScanOrder', p, { merchant: me });
    const orderNo = r.json.order_no as string;
    const settled = notificationSettles(orderNo, 1);
    await orderReaches(sb.control, orderNo, 'PAID');
    expect(await settled).toMatchObject({ delivered: true, attempt: 1 });
    expect(received).toHaveLength(1);
    const n = received[0] as Received;
    expect(n.contentType).toMatch(/^application\/json/);
    expect(n.body).toMatchObject({
      order_no: orderNo,
      out_order_no: p.out_order_no,
      currency: 'AUD',
      amount: 2000,
      exchange_rate: 471230000,
      pay_currency: 'CNY',
      cny_amount: 9425,
    });
    // The 2.6 table: `amount`, no return_code (the default 'field' format sends what public handlers receive).
    expect(n.body).not.toHaveProperty('total_amount');
    expect(n.body).not.toHaveProperty('return_code');
    expect(n.body.order_time).toMatch(/^\d{14}$/);
    expect(n.body.pay_time).toMatch(/^\d{14}$/);
    const { nonce_str, timestamp, sign } = n.body as { nonce_str: string; timestamp: number; sign: string };
    expect(nonce_str).toMatch(/^[A-Za-z0-9]{10,32}$/);
    expect(Math.abs(timestamp - Date.now())).toBeLessThan(60_000);
    expect(sign).toBe(omipaySign(me.mNumber, timestamp, nonce_str, me.secretKey));
    expect(sb.control.notificationsSent()).toEqual([
      {
        orderNo,
        url: notifyUrl,
        attempts: 1,
        delivered: true,
        history: [{ at: expect.any(Number) as number, result: 'delivered', httpStatus: 200 }],
      },
    ]);
  });

  it("notificationFormat 'field' with numbers as strings sends return_code and total_amount, no pay_currency", async () => {
    sb.control.setSwitches({ notificationFormat: 'field', notificationNumbersAsStrings: true });
    const r = await qrOrder({ notify_url: notifyUrl, amount: '2000' });
    const orderNo = r.order_no as string;
    const settled = notificationSettles(orderNo, 1);
    sb.control.payOrder(orderNo);
    await settled;
    const body = (received[0] as Received).body;
    expect(body).toMatchObject({
      return_code: 'SUCCESS',
      total_amount: '2000',
      exchange_rate: '470980000',
      cny_amount: '9420',
      timestamp: expect.stringMatching(/^\d{13}$/) as string,
    });
    expect(body).not.toHaveProperty('amount');
    expect(body).not.toHaveProperty('pay_currency');
    expect(body.sign).toBe(
      omipaySign(me.mNumber, body.timestamp as string, body.nonce_str as string, me.secretKey),
    );
  });

  /** A QR order notifying `notifyUrl`, paid at the sandbox; `settled` once up to four attempts are over. */
  async function paidQrNotifying() {
    const orderNo = (await qrOrder({ notify_url: notifyUrl })).order_no as string;
    const settled = notificationSettles(orderNo, 4);
    sb.control.payOrder(orderNo);
    return { orderNo, settled };
  }

  it('retries until the receiver answers return_code SUCCESS, each time with a fresh nonce', async () => {
    replies = [
      { status: 500, body: 'oops' },
      { status: 200, body: '{"return_code":"FAIL"}' },
    ];
    const { orderNo, settled } = await paidQrNotifying();
    expect(await settled).toMatchObject({ delivered: true, attempt: 3 });
    expect(received).toHaveLength(3);
    expect(new Set(received.map((x) => x.body.nonce_str)).size).toBe(3);
    expect(sb.control.notificationsSent()).toMatchObject([
      { orderNo, url: notifyUrl, attempts: 3, delivered: true },
    ]);
    expect(sb.control.notificationsSent()[0]?.history.map((a) => [a.result, a.httpStatus])).toEqual([
      ['refused', 500],
      ['refused', 200],
      ['delivered', 200],
    ]);
  });

  it('gives up after the first attempt and three retries', async () => {
    replies = Array.from({ length: 10 }, () => ({ status: 200, body: 'not json' }));
    const { settled } = await paidQrNotifying();
    expect(await settled).toMatchObject({ delivered: false, attempt: 4 });
    expect(received).toHaveLength(4);
    expect(sb.control.notificationsSent()[0]).toMatchObject({ attempts: 4, delivered: false });
  });

  it('sends nothing for orders without notify_url or that do not get paid', async () => {
    const a = await callApi(sb.url, 'MakeScanOrder', scanParams(wechatCode('0000')), { merchant: me });
    expect(a.json.return_code).toBe('SUCCESS');
    const b = await callApi(
      sb.url,
      'MakeScanOrder',
      scanParams(wechatCode('0003'), 100, { notify_url: notifyUrl }),
      {
        merchant: me,
      },
    );
    expect(b.json.error_code).toBe('NOT_ENOUGH');
    expect(sb.control.notificationsSent()).toEqual([]);
    expect(received).toEqual([]);
  });

  it('an unreachable notify_url counts as a failed attempt, not a crash', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const s = http.createServer().listen(0, '127.0.0.1', () => {
        const port = (s.address() as AddressInfo).port;
        s.close(() => resolve(port));
      });
    });
    const url = `http://127.0.0.1:${closedPort}/notify`;
    const r = await qrOrder({ notify_url: url });
    const settled = notificationSettles(r.order_no as string, 4);
    sb.control.payOrder(r.order_no as string);
    expect(await settled).toMatchObject({ delivered: false, attempt: 4 });
  });
});
