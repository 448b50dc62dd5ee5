/**
 * The Omipay client's notification verifier on real sandbox notifications, received over HTTP on loopback.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NOTIFICATION_REPLY, NotificationVerifier } from '../../main/omipay';
import { a, code, MERCHANT_A, MERCHANT_B, outNo, sandbox, useClientSandboxes } from './omipay-client-helpers';

useClientSandboxes();

describe('payment notifications', () => {
  interface Received {
    body: string;
    contentType: string | undefined;
    url: string;
  }
  let receiver: http.Server;
  let notifyBase: string;
  const received: Received[] = [];
  const waiters: Array<() => void> = [];
  /** Status codes to answer with, in order; then NOTIFICATION_REPLY with 200. */
  const failFirst: number[] = [];

  beforeAll(async () => {
    receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({
          body: Buffer.concat(chunks).toString('utf8'),
          contentType: req.headers['content-type'],
          url: req.url ?? '',
        });
        const status = failFirst.shift();
        if (status) res.writeHead(status).end('no');
        else res.writeHead(200, { 'content-type': 'application/json' }).end(NOTIFICATION_REPLY);
        waiters.splice(0).forEach((w) => w());
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    notifyBase = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => (receiver.closeAllConnections(), receiver.close(() => r()))));
  afterEach(() => {
    received.length = 0;
  });

  /** Resolves once the sandbox has read our reply to its notification for `orderNo`. */
  function delivered(orderNo: string): Promise<void> {
    return new Promise<void>((resolve) => {
      const check = () => {
        if (sandbox.control.notificationsSent().find((x) => x.orderNo === orderNo)?.delivered) resolve();
        else sandbox.control.events.once('notification', check);
      };
      check();
    });
  }

  async function receivedCount(n: number): Promise<Received[]> {
    while (received.length < n) await new Promise<void>((r) => waiters.push(r));
    return received.slice(0, n);
  }

  it.each([
    ['field', null],
    ['document', 'CNY'],
  ] as const)(
    "accepts a real sandbox notification ('%s' format) and rejects forgeries, stale and replayed ones",
    async (notificationFormat, payCurrency) => {
      sandbox.control.setSwitches({ notificationFormat });
      const verifier = new NotificationVerifier({ credentials: MERCHANT_A });
      const outOrderNo = outNo('NT');
      const sale = await a.makeScanOrder({
        orderName: 'Notified',
        amount: 3210,
        qrcode: code('WECHATPAY', '0000'),
        posNo: 'POS-1',
        outOrderNo,
        notifyUrl: `${notifyBase}/omipay/notify?till=1&x=a%26b`,
      });
      const [n] = await receivedCount(1);
      expect(n!.url).toBe('/omipay/notify?till=1&x=a%26b');

      const verdict = verifier.verify(n!.body, n!.contentType);
      expect(verdict.ok).toBe(true);
      if (!verdict.ok) return;
      expect(verdict.notification).toMatchObject({
        orderNo: sale.orderNo,
        outOrderNo,
        currency: 'AUD',
        amount: 3210,
        payCurrency,
      });
      expect(verdict.notification.exchangeRate?.text).toBe('4.7123');
      expect(verdict.notification.payTime).not.toBeNull();
      expect(Math.abs(verdict.notification.timestamp - Date.now())).toBeLessThan(5_000);

      // The same body again is a replay.
      expect(verifier.verify(n!.body, n!.contentType)).toMatchObject({ ok: false, reason: 'replayed_nonce' });

      const fields = JSON.parse(n!.body) as Record<string, unknown>;
      const fresh = () => new NotificationVerifier({ credentials: MERCHANT_A });
      const forged = JSON.stringify({
        ...fields,
        sign: String(fields['sign']).replace(/^./, (ch) => (ch === 'A' ? 'B' : 'A')),
      });
      expect(fresh().verify(forged, 'application/json')).toMatchObject({
        ok: false,
        reason: 'bad_signature',
      });
      expect(
        new NotificationVerifier({ credentials: MERCHANT_B }).verify(n!.body, n!.contentType),
      ).toMatchObject({ reason: 'bad_signature' });
      const later = new NotificationVerifier({ credentials: MERCHANT_A, now: () => Date.now() + 6 * 60_000 });
      expect(later.verify(n!.body, n!.contentType)).toMatchObject({ ok: false, reason: 'stale_timestamp' });
      const { order_no: _dropped, ...missing } = fields;
      expect(fresh().verify(JSON.stringify(missing), 'application/json')).toMatchObject({
        ok: false,
        reason: 'missing_fields',
      });
      expect(fresh().verify(n!.body.slice(0, -5), 'application/json')).toMatchObject({
        ok: false,
        reason: 'malformed',
      });
      expect(fresh().verify('<html></html>', 'text/html')).toMatchObject({ ok: false, reason: 'malformed' });

      await delivered(sale.orderNo);
      const record = sandbox.control.notificationsSent().find((r) => r.orderNo === sale.orderNo);
      expect(record).toMatchObject({ attempts: 1, delivered: true });
      sandbox.control.setSwitches({ notificationFormat: 'field' });
    },
  );

  it('a retried notification carries a fresh nonce and verifies again', async () => {
    const verifier = new NotificationVerifier({ credentials: MERCHANT_A });
    failFirst.push(500);
    const qr = await a.makeQROrder({
      orderName: 'Retry',
      amount: 77,
      outOrderNo: outNo('NT'),
      platform: 'ALIPAY',
      notifyUrl: `${notifyBase}/n`,
    });
    sandbox.control.payOrder(qr.orderNo);
    const [first, second] = await receivedCount(2);
    const v1 = verifier.verify(first!.body, first!.contentType);
    const v2 = verifier.verify(second!.body, second!.contentType);
    expect(v1.ok && v2.ok).toBe(true);
    if (v1.ok && v2.ok) {
      expect(v1.notification.nonce).not.toBe(v2.notification.nonce);
      expect(v2.notification).toMatchObject({ orderNo: qr.orderNo, amount: 77 });
    }
    await delivered(qr.orderNo);
    expect(sandbox.control.notificationsSent().find((x) => x.orderNo === qr.orderNo)).toMatchObject({
      attempts: 2,
      delivered: true,
    });
  });
});
