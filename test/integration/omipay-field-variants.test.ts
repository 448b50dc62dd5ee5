/**
 * The client against every variant the sandbox can send: what the document's tables say and what the field shows
 * (real HTTP on loopback; switches flipped at run time, as an integrator would with POST /_sandbox/switches).
 */
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  GatewayError,
  NOTIFICATION_REPLY,
  NotificationVerifier,
  OmipayClient,
  type OmipayCredentials,
} from '../../main/omipay';
import {
  startSandbox,
  type NotificationAttemptEvent,
  type SandboxHandle,
  type SandboxSwitches,
} from '../../main/sandbox';
import { until } from '../helpers/wait-for';
import { outNo, qrOrder } from './omipay-client-helpers';

const ME: OmipayCredentials = { mNumber: '100001', secretKey: 'field-variants-secret-0000000001' };
let sb: SandboxHandle;
let client: OmipayClient;

beforeAll(async () => {
  sb = await startSandbox({ timeScale: 0.01, merchants: [ME] });
  client = new OmipayClient({ baseUrl: sb.url, credentials: ME });
});
afterAll(async () => {
  client.close();
  await sb.close();
});
beforeEach(() => sb.control.reset());

const scan = (suffix: string, outOrderNo = outNo('S'), amount = 1250) =>
  client.makeScanOrder({
    orderName: 'Field sale',
    amount,
    qrcode: `13000000000000${suffix}`,
    posNo: 'POS-1',
    outOrderNo,
  });

describe('notifications in every format the field sends', () => {
  let receiver: http.Server;
  let bodies: Array<{ body: string; type: string | undefined }>;
  let url: string;

  beforeAll(async () => {
    receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        bodies.push({ body: Buffer.concat(chunks).toString('utf8'), type: req.headers['content-type'] });
        res.writeHead(200, { 'content-type': 'application/json' }).end(NOTIFICATION_REPLY);
      });
    });
    receiver.listen(0, '127.0.0.1');
    await once(receiver, 'listening');
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/notify`;
  });
  afterAll(async () => {
    receiver.closeAllConnections();
    await new Promise((r) => receiver.close(r));
  });
  beforeEach(() => {
    bodies = [];
  });

  it.each<[string, Partial<SandboxSwitches>, string]>([
    ['the 2.6 table', { notificationFormat: 'document' }, 'amount'],
    ['the field (return_code, total_amount)', { notificationFormat: 'field' }, 'total_amount'],
    [
      'the field with numbers as strings',
      { notificationFormat: 'field', notificationNumbersAsStrings: true },
      'total_amount',
    ],
    [
      'the table with numbers as strings',
      { notificationFormat: 'document', notificationNumbersAsStrings: true },
      'amount',
    ],
  ])('%s verifies and yields the amount', async (_name, switches, amountKey) => {
    sb.control.setSwitches(switches);
    const verifier = new NotificationVerifier({ credentials: ME });
    const outOrderNo = outNo('N');
    const delivered = once(sb.control.events, 'notification') as Promise<[NotificationAttemptEvent]>;
    await client.makeScanOrder({
      orderName: 'Notified',
      amount: 4321,
      qrcode: '130000000000000000',
      posNo: 'POS-1',
      outOrderNo,
      notifyUrl: url,
    });
    expect((await delivered)[0].delivered).toBe(true);
    const raw = bodies[0];
    expect(raw).toBeDefined();
    expect(Object.keys(JSON.parse(raw?.body ?? '{}') as object)).toContain(amountKey);
    const verdict = verifier.verify(raw?.body ?? '', raw?.type);
    expect(verdict).toMatchObject({ ok: true, notification: { outOrderNo, amount: 4321, currency: 'AUD' } });
    if (verdict.ok) {
      expect(verdict.notification.payTime).not.toBeNull();
      expect(verdict.notification.cnyAmount).toBe(Math.round((4321 * 471230000) / 1e8));
    }
  });
});

describe('QueryOrder variants', () => {
  it.each<SandboxSwitches['queryOrderAmountField']>(['amount', 'total_amount', 'both'])(
    'amount field %s',
    async (field) => {
      sb.control.setSwitches({ queryOrderAmountField: field });
      const r = await scan('0000');
      expect((await client.queryOrder({ orderNo: r.orderNo })).amount).toBe(1250);
    },
  );

  it('PAYED, 32-hex numbers, a settled CLOSED order and a CANCELLED one', async () => {
    // 50 s × timeScale 0.01 = 0.5 s: long enough to read PAID first on a loaded machine.
    sb.control.setSwitches({
      paidStatusSpelling: 'PAYED',
      orderNoFormat: 'hex32',
      settlementDelayMs: 50_000,
    });
    const r = await scan('0000');
    expect(r.orderNo).toMatch(/^[0-9a-f]{32}$/);
    expect((await client.queryOrder({ orderNo: r.orderNo })).status).toBe('PAID');
    await until('the order to settle to CLOSED', () => sb.control.getOrder(r.orderNo)?.status === 'CLOSED');
    const settled = await client.queryOrder({ orderNo: r.orderNo });
    expect(settled.status).toBe('CLOSED');
    expect(settled.payTime).not.toBeNull();

    const cancelled = await scan('0010').catch((e: unknown) => e);
    expect(cancelled).toBeInstanceOf(GatewayError);
    const orderNo = (cancelled as GatewayError).orderNo ?? '';
    sb.control.cancelOrder(orderNo);
    expect(await client.queryOrder({ orderNo })).toMatchObject({ status: 'CANCELLED', payTime: null });
  });
});

describe('order replies as the field sends them', () => {
  it('MakeQROrder: 24-character order_no, wallet qrcode, extra fields; the client makes one clean pay URL', async () => {
    const qr = await qrOrder(client, { orderName: 'QR', amount: 100, platform: 'WECHATPAY' });
    expect(qr.orderNo).toMatch(/^TR\d{22}$/);
    expect(qr.qrcode).toMatch(/^weixin:\/\/wxpay\/bizpayurl\?pr=[a-z0-9]{24}$/);
    const signed = client.payUrl(qr.payUrl ?? '', 'https://shop.example/thanks');
    const params = new URL(signed).searchParams;
    for (const key of ['m_number', 'timestamp', 'nonce_str', 'sign', 'redirect_url', 'paycode']) {
      expect(params.getAll(key), key).toHaveLength(1);
    }
    expect((await fetch(signed)).status).toBe(200);
    // What public SDKs do (append a second signature): the sandbox page takes it, as the field evidently does.
    const sdkStyle = `${qr.payUrl ?? ''}&${new URL(signed).search.slice(1)}`;
    expect((await fetch(sdkStyle)).status).toBe(200);
    // Both signatures forged: neither set verifies.
    const forged = sdkStyle.replace(/sign=[0-9A-F]{32}/g, `sign=${'0'.repeat(32)}`);
    expect(forged.match(/sign=0{32}/g)).toHaveLength(2);
    expect((await fetch(forged)).status, forged).toBe(401);
    // The customer pays from the wallet, with no merchant credentials.
    const paid = await fetch(`${sb.url}/_sandbox/wallet/pay`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ qrcode: qr.qrcode }),
    });
    expect(paid.status).toBe(200);
    expect((await client.queryOrder({ orderNo: qr.orderNo })).status).toBe('PAID');
  });

  it('ORDER_PAID without an order_no (orderNoOnOrderPaid off) reaches the caller with orderNo null', async () => {
    sb.control.setSwitches({ orderNoOnOrderPaid: false });
    const outOrderNo = outNo('P');
    await scan('0000', outOrderNo);
    const again = await scan('0000', outOrderNo).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(GatewayError);
    expect(again).toMatchObject({ code: 'ORDER_PAID', orderNo: null });
    sb.control.setSwitches({ orderNoOnOrderPaid: true });
    const withNo = await scan('0000', outOrderNo).catch((e: unknown) => e);
    expect((withNo as GatewayError).orderNo).toMatch(/^TR\d{22}$/);
  });

  it('WECHAT_STORE_NOT_EXISTS from MakeJSAPIOrder when the merchant has no WESTORE organisation', async () => {
    sb.control.setSwitches({ wechatStore: false });
    const e = await client
      .makeJSAPIOrder({
        orderName: 'JS',
        amount: 100,
        outOrderNo: outNo('J'),
        redirectUrl: 'https://s.example/',
      })
      .catch((err: unknown) => err);
    expect(e).toMatchObject({ code: 'WECHAT_STORE_NOT_EXISTS' });
  });

  it("the WeChat login URL works on the heading's /api/auth/ path and the example's /api/v1/ path", async () => {
    const auth = client.userInfoUrl('https://shop.example/me');
    // A fresh signature for the second one: the sandbox refuses a replayed nonce.
    const v1 = client.userInfoUrl('https://shop.example/me').replace('/omipay/api/auth/', '/omipay/api/v1/');
    for (const target of [auth, v1]) {
      const res = await fetch(target, { redirect: 'manual' });
      expect(res.status, target.replace(/sign=\w+/, 'sign=…')).toBe(302);
      expect(res.headers.get('location')).toMatch(/^https:\/\/shop\.example\/me\?openid=/);
    }
  });
});
