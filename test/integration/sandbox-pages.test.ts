/**
 * The sandbox as a product: the activity page at its root, the customer's wallet page behind a QR order's qrcode
 * (opened and clicked in Debian Chromium, as a person would), fixtures and switches through the control endpoint.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing, launchChromium } from '../helpers/chromium';
import {
  callApi,
  getControl,
  orderReaches,
  postControl,
  scanParams,
  wechatCode,
  useSandbox,
  me,
  sb,
} from './sandbox-helpers';

useSandbox({ timeScale: 0.01 });

const qrOrder = async (platform = 'WECHATPAY', extra: Record<string, string> = {}) =>
  (
    await callApi(
      sb.url,
      'MakeQROrder',
      {
        order_name: 'Dumplings <x>',
        amount: '1550',
        out_order_no: `Q${Date.now()}${Math.random()}`.slice(0, 30),
        platform,
        ...extra,
      },
      { merchant: me },
    )
  ).json;

describe('the activity page at /', () => {
  it('lists orders, refunds and notifications with every delivery attempt, escaped, newest first', async () => {
    const receiver = http.createServer((_req, res) => res.writeHead(500).end('down'));
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const notifyUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/n`;
      const paid = await callApi(
        sb.url,
        'MakeScanOrder',
        scanParams(wechatCode('0000'), 900, { notify_url: notifyUrl }),
        {
          merchant: me,
        },
      );
      const orderNo = paid.json.order_no as string;
      await callApi(
        sb.url,
        'Refund',
        { order_no: orderNo, out_refund_no: 'R-PAGE-1', amount: '300' },
        { merchant: me },
      );
      const qr = await qrOrder();
      // First attempt and three retries (1 s, 2 s, 4 s × 0.01), all refused with HTTP 500.
      await new Promise<void>((resolve) => {
        const check = (): void => {
          if ((sb.control.notificationsSent()[0]?.history.length ?? 0) >= 4) resolve();
          else setTimeout(check, 10);
        };
        check();
      });
      const res = await fetch(`${sb.url}/`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
      const html = await res.text();
      const orders = html.slice(html.indexOf('id="orders"'), html.indexOf('id="refunds"'));
      expect(orders.indexOf(qr.order_no as string)).toBeGreaterThan(-1);
      expect(orders.indexOf(qr.order_no as string)).toBeLessThan(orders.indexOf(orderNo)); // newest first
      expect(orders).toContain('A$9.00');
      expect(orders).toContain('A$3.00'); // refunded
      // The pending QR order links to its wallet page, the paid one does not.
      expect(orders.match(/href="\/wallet\/[a-z0-9]{24}"/g)).toHaveLength(1);
      const refunds = html.slice(html.indexOf('id="refunds"'), html.indexOf('id="notifications"'));
      expect(refunds).toContain('R-PAGE-1');
      const notes = html.slice(html.indexOf('id="notifications"'));
      expect(notes).toContain(notifyUrl);
      expect(notes.match(/<li>#\d/g)).toHaveLength(4);
      expect(notes).toContain('refused HTTP 500');
      expect(notes).toContain('not delivered');
      expect(html).not.toContain('<x>');
      expect(html).not.toContain(me.secretKey);
    } finally {
      receiver.closeAllConnections();
      await new Promise((resolve) => receiver.close(resolve));
    }
  });

  it('says when a notification could not be delivered at all', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await callApi(
      sb.url,
      'MakeScanOrder',
      scanParams(wechatCode('0000'), 100, { notify_url: `http://127.0.0.1:${port}/n` }),
      {
        merchant: me,
      },
    );
    await new Promise<void>((resolve) => {
      const check = (): void => {
        if ((sb.control.notificationsSent()[0]?.history.length ?? 0) >= 1) resolve();
        else setTimeout(check, 5);
      };
      check();
    });
    expect(sb.control.notificationsSent()[0]?.history[0]).toMatchObject({
      result: 'failed',
      error: 'ECONNREFUSED',
    });
    expect(await (await fetch(`${sb.url}/`)).text()).toContain('failed (ECONNREFUSED)');
  });
});

describe('the customer wallet behind qrcode', () => {
  it('/wallet?qrcode=… finds the order from the whole qrcode string; POST pays it without merchant credentials', async () => {
    for (const platform of ['WECHATPAY', 'ALIPAY']) {
      const qr = await qrOrder(platform);
      const found = await fetch(`${sb.url}/wallet?qrcode=${encodeURIComponent(qr.qrcode as string)}`, {
        redirect: 'manual',
      });
      expect(found.status).toBe(302);
      const page = await fetch(new URL(found.headers.get('location') ?? '', sb.url));
      const html = await page.text();
      expect(html).toContain('A$15.50');
      expect(html).toContain(platform === 'ALIPAY' ? 'Alipay' : 'WeChat Pay');
      expect(html).toContain('Dumplings &lt;x&gt;');
      const token = new URL(found.headers.get('location') ?? '', sb.url).pathname.split('/')[2];
      const form = await fetch(`${sb.url}/wallet/${token}/pay`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'a=1',
      });
      expect(form.status).toBe(400); // a cross-site form cannot pay
      const paid = await fetch(`${sb.url}/wallet/${token}/pay`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      expect(((await paid.json()) as { order: { status: string } }).order.status).toBe('PAID');
      const again = await fetch(`${sb.url}/wallet/${token}/fail`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      expect(again.status).toBe(409);
    }
    expect((await fetch(`${sb.url}/wallet?qrcode=weixin%3A%2F%2Fwxpay%2Fbizpayurl%3Fpr%3Dnope`)).status).toBe(
      404,
    );
  });

  it("qrcodeFormat 'customer-page' gives an http URL of the wallet page (a phone on the LAN can open it)", async () => {
    sb.control.setSwitches({ qrcodeFormat: 'customer-page' });
    const qr = await qrOrder();
    expect(qr.qrcode).toMatch(new RegExp(`^${sb.url}/wallet/[a-z0-9]{24}$`));
    expect((await fetch(qr.qrcode as string)).status).toBe(200);
  });

  describe.skipIf(chromiumMissing !== null)('in Chromium', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launchChromium();
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
    });

    it('a person opens the wallet page and presses Pay; the order is paid and the page says so', async () => {
      // At this file's time scale an unpaid order expires 3 s after it is made: less than a loaded machine can
      // take to open Chromium's page and click. Expiry is not what this test is about.
      sb.control.setSwitches({ qrcodeFormat: 'customer-page', unpaidExpiryMs: 0 });
      const qr = await qrOrder();
      const page = await browser.newPage();
      const violations: string[] = [];
      page.on('console', (m) => {
        if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
      });
      await page.goto(qr.qrcode as string);
      await page.click('#pay');
      await orderReaches(sb.control, qr.order_no as string, 'PAID');
      await page.waitForFunction(() => document.getElementById('status')?.textContent === 'PAID');
      expect(violations).toEqual([]);
      await page.close();
    });
  });
});

describe('fixtures and switches over the control endpoint', () => {
  it('seeds an order and a refund with fixed numbers; refuses bad ones with 400', async () => {
    const order = await postControl(sb.url, '/orders', {
      orderNo: 'FIXED0001',
      outOrderNo: 'OUT-1',
      amount: 700,
    });
    expect(order.status).toBe(201);
    expect(order.json.order).toMatchObject({ orderNo: 'FIXED0001', status: 'PAID', amount: 700 });
    const q = await callApi(sb.url, 'QueryOrder', { order_no: 'FIXED0001' }, { merchant: me });
    expect(q.json).toMatchObject({ result_code: 'PAID', out_order_no: 'OUT-1', amount: 700 });
    const refund = await postControl(sb.url, '/refunds', {
      refundNo: 'RFIXED1',
      orderNo: 'FIXED0001',
      outRefundNo: 'R1',
      amount: 700,
    });
    expect(refund.json.refund).toMatchObject({ refundNo: 'RFIXED1', status: 'Applied' });
    expect(
      (await postControl(sb.url, '/refunds', { orderNo: 'FIXED0001', outRefundNo: 'R2', amount: 1 })).status,
    ).toBe(400);
    expect(
      (await postControl(sb.url, '/orders', { orderNo: 'FIXED0001', outOrderNo: 'OUT-2', amount: 1 })).status,
    ).toBe(400);
    expect((await postControl(sb.url, '/orders', { outOrderNo: 'OUT-3', amount: -1 })).status).toBe(400);
    expect(
      (await postControl(sb.url, '/orders', { outOrderNo: 'OUT-4', amount: 1, extra: true })).status,
    ).toBe(400);
  });

  it('reads and changes switches; an unknown switch or a bad value is 400 and changes nothing', async () => {
    const before = (await getControl(sb.url, '/switches')).json.switches as Record<string, unknown>;
    expect(before).toMatchObject({
      orderNoFormat: 'omipay',
      unpaidExpiryMs: 300_000,
      notificationFormat: 'field',
      refundNoKeyQuirk: false,
    });
    const changed = await postControl(sb.url, '/switches', { orderNoFormat: 'hex32', unpaidExpiryMs: 0 });
    expect(changed.json.switches).toMatchObject({ orderNoFormat: 'hex32', unpaidExpiryMs: 0 });
    expect((await postControl(sb.url, '/switches', { nope: 1 })).status).toBe(400);
    expect(
      (await postControl(sb.url, '/switches', { orderNoFormat: 'hex32', unpaidExpiryMs: -5 })).status,
    ).toBe(400);
    expect(sb.control.getSwitches()).toMatchObject({ orderNoFormat: 'hex32', unpaidExpiryMs: 0 });
    // An order made with expiry 0 never expires; reset restores the start switches.
    const qr = await qrOrder();
    expect(sb.control.getOrder(qr.order_no as string)?.expiresAt).toBeUndefined();
    await postControl(sb.url, '/reset');
    expect(sb.control.getSwitches()).toEqual(before);
  });

  it('settle and cancel through the control endpoint', async () => {
    const paid = await callApi(sb.url, 'MakeScanOrder', scanParams(wechatCode('0000')), { merchant: me });
    const settled = await postControl(sb.url, `/orders/${paid.json.order_no as string}/settle`);
    expect(settled.json.order).toMatchObject({ status: 'CLOSED' });
    const qr = await qrOrder();
    expect((await postControl(sb.url, `/orders/${qr.order_no as string}/cancel`)).json.order).toMatchObject({
      status: 'CANCELLED',
    });
    expect((await postControl(sb.url, `/orders/${qr.order_no as string}/settle`)).status).toBe(409);
  });
});
