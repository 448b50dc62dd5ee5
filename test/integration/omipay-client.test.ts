/**
 * The Omipay client against the embedded sandbox: real HTTP on loopback, every API, the scenario payment codes
 * and URL encoding. Error codes and transport outcomes: omipay-client-errors.test.ts; signed notifications:
 * omipay-client-notifications.test.ts; the shared set-up: omipay-client-helpers.ts.
 */
import { describe, expect, it } from 'vitest';
import { FINAL_REFUND_STATUSES, isDefiniteDecline } from '../../main/omipay';
import {
  a,
  clientFor,
  code,
  gatewayError,
  MERCHANT_A,
  orderNoFor,
  orderReaches,
  outNo,
  refundReaches,
  sandbox,
  scan,
  special,
  transportError,
  useClientSandboxes,
} from './omipay-client-helpers';

useClientSandboxes();

let seq = 0;

describe('every API against the sandbox', () => {
  it('GetExchangeRate per platform, exact', async () => {
    expect(await a.getExchangeRate()).toEqual({
      rate: { scaled: 471230000n, scale: 8, text: '4.7123' },
      platform: 'WECHATPAY',
    });
    expect(await a.getExchangeRate({ platform: 'ALIPAY' })).toEqual({
      rate: { scaled: 470980000n, scale: 8, text: '4.7098' },
      platform: 'ALIPAY',
    });
    expect((await clientFor(special).getExchangeRate()).rate).toEqual({
      scaled: 501540000n,
      scale: 8,
      text: '5.0154',
    });
  });

  it('MakeQROrder, the signed pay_url page, a customer payment and QueryOrder', async () => {
    const outOrderNo = outNo('QR');
    const qr = await a.makeQROrder({ orderName: 'Table 4', amount: 4200, outOrderNo, platform: 'ALIPAY' });
    expect(qr.orderNo).toMatch(/^[A-Za-z0-9]+$/);
    expect(qr.qrcode).not.toBe('');
    expect(qr.payUrl).not.toBeNull();
    const page = await fetch(a.payUrl(qr.payUrl!, 'https://shop.example/thanks'));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('42.00');
    // Tampering with the signature is refused by the page.
    const forged = a
      .payUrl(qr.payUrl!, 'https://shop.example/thanks')
      .replace(/sign=[0-9A-F]{32}/, `sign=${'0'.repeat(32)}`);
    expect((await fetch(forged)).status).toBe(401);

    expect(await a.queryOrder({ orderNo: qr.orderNo })).toMatchObject({
      status: 'READY',
      outOrderNo,
      amount: 4200,
      payTime: null,
    });
    sandbox.control.payOrder(qr.orderNo);
    const paid = await a.queryOrder({ orderNo: qr.orderNo });
    expect(paid).toMatchObject({
      status: 'PAID',
      outOrderNo,
      currency: 'AUD',
      amount: 4200,
      payCurrency: 'CNY',
    });
    expect(paid.exchangeRate?.text).toBe('4.7098');
    expect(paid.payTime).not.toBeNull();
    expect(Math.abs(paid.payTime! - Date.now())).toBeLessThan(5_000);
  });

  it('MakeJSAPIOrder and a failed customer payment', async () => {
    const j = await a.makeJSAPIOrder({
      orderName: 'Online',
      amount: 990,
      outOrderNo: outNo('JS'),
      redirectUrl: 'https://shop.example/back',
    });
    expect(new URL(j.payUrl).searchParams.get('paycode')).toBe(j.orderNo);
    sandbox.control.failOrder(j.orderNo);
    expect((await a.queryOrder({ orderNo: j.orderNo })).status).toBe('FAILED');
  });

  it('MakeScanOrder, Refund and QueryRefund through to Closed', async () => {
    const { outOrderNo, result } = scan(a, code('WECHATPAY', '0000'), { amount: 5000 });
    const sale = await result;
    expect(sale.outOrderNo).toBe(outOrderNo);
    expect(Math.abs(sale.orderTime! - Date.now())).toBeLessThan(5_000);

    const outRefundNo = outNo('RF');
    const refund = await a.refund({ orderNo: sale.orderNo, outRefundNo, amount: 1500 });
    expect(refund).toMatchObject({ currency: 'AUD', amount: 1500 });
    expect(refund.refundNo).not.toBe('');
    const first = await a.queryRefund({ refundNo: refund.refundNo });
    expect(first).toMatchObject({ outRefundNo, amount: 1500, successTime: null });
    expect(FINAL_REFUND_STATUSES.has(first.status)).toBe(false);

    await refundReaches(sandbox, refund.refundNo, 'Closed');
    const done = await a.queryRefund({ refundNo: refund.refundNo });
    expect(done.status).toBe('CLOSED');
    expect(FINAL_REFUND_STATUSES.has(done.status)).toBe(true);
    expect(done.successTime).not.toBeNull();

    // Retrying a refund whose reply was lost returns the same refund, not a second one.
    const again = await a.refund({ orderNo: sale.orderNo, outRefundNo, amount: 1500 });
    expect(again.refundNo).toBe(refund.refundNo);
    expect(sandbox.control.getOrder(sale.orderNo)?.refundedCents).toBe(1500);
  });

  it('reads a failed refund as a final status', async () => {
    const sale = await scan(a, code('ALIPAY', '0000')).result;
    const refund = await a.refund({ orderNo: sale.orderNo, outRefundNo: outNo('RF'), amount: 100 });
    sandbox.control.failRefund(refund.refundNo, 'MerchantRejected');
    const status = await a.queryRefund({ refundNo: refund.refundNo });
    expect(status.status).toBe('MERCHANTREJECTED');
    expect(FINAL_REFUND_STATUSES.has(status.status)).toBe(true);
  });

  it('the document example spellings: PAYED and the "refund_no " key with its trailing space (special sandbox)', async () => {
    const c = clientFor(special);
    const sale = await scan(c, code('WECHATPAY', '0000'), { amount: 500 }).result;
    expect((await c.queryOrder({ orderNo: sale.orderNo })).status).toBe('PAID');
    const refund = await c.refund({ orderNo: sale.orderNo, outRefundNo: outNo('RF'), amount: 500 });
    expect(refund.refundNo).toMatch(/^RF\d{22}$/);
    expect(special.control.listRefunds().map((r) => r.refundNo)).toEqual([refund.refundNo]);
  });

  it("the table's plain refund_no key (the default sandbox)", async () => {
    const sale = await scan(a, code('WECHATPAY', '0000'), { amount: 300 }).result;
    const refund = await a.refund({ orderNo: sale.orderNo, outRefundNo: outNo('RF'), amount: 300 });
    expect(refund.refundNo).toMatch(/^RF\d{22}$/);
    expect(sandbox.control.listRefunds().find((r) => r.orderNo === sale.orderNo)?.refundNo).toBe(
      refund.refundNo,
    );
  });

  it('POST with the query works the same', async () => {
    const c = clientFor(sandbox, { httpMethod: 'POST' });
    const sale = await scan(c, code('ALIPAY', '0000')).result;
    expect((await c.queryOrder({ orderNo: sale.orderNo })).status).toBe('PAID');
    expect((await c.refund({ orderNo: sale.orderNo, outRefundNo: outNo('RF'), amount: 1 })).amount).toBe(1);
  });

  it('GetUserInfo: the signed login URL redirects back with the user', async () => {
    const res = await fetch(a.userInfoUrl('https://shop.example/me?from=pos'), { redirect: 'manual' });
    expect(res.status).toBe(302);
    const back = new URL(res.headers.get('location') ?? '');
    expect(back.origin + back.pathname).toBe('https://shop.example/me');
    expect(back.searchParams.get('from')).toBe('pos');
    expect(back.searchParams.get('openid')).not.toBeNull();
  });

  it('fresh nonces: 40 sequential and 20 parallel calls all pass the replay check', async () => {
    for (let i = 0; i < 40; i++) await a.getExchangeRate();
    const parallel = await Promise.all(
      Array.from({ length: 20 }, () => a.getExchangeRate({ platform: 'ALIPAY' })),
    );
    expect(parallel.every((r) => r.rate.text === '4.7098')).toBe(true);
  });
});

describe('scenario payment codes through MakeScanOrder and QueryOrder', () => {
  for (const platform of ['WECHATPAY', 'ALIPAY'] as const) {
    describe(platform, () => {
      it('0000 paid at once', async () => {
        const sale = await scan(a, code(platform, '0000')).result;
        expect((await a.queryOrder({ orderNo: sale.orderNo })).status).toBe('PAID');
        expect(sandbox.control.getOrder(sale.orderNo)?.platform).toBe(platform);
      });

      it('0001 USERPAYING, paid later', async () => {
        const e = await gatewayError(scan(a, code(platform, '0001')).result, 'USERPAYING');
        expect(isDefiniteDecline(e.code)).toBe(false);
        expect(e.orderNo).not.toBeNull();
        // The scenario ends PAID 100 ms after the reply; a loaded machine may query after that (0007 pins PAYING).
        expect(['PAYING', 'PAID']).toContain((await a.queryOrder({ orderNo: e.orderNo! })).status);
        await orderReaches(sandbox, e.orderNo!, 'PAID');
        expect((await a.queryOrder({ orderNo: e.orderNo! })).status).toBe('PAID');
      });

      it('0002 USERPAYING, failed later', async () => {
        const e = await gatewayError(scan(a, code(platform, '0002')).result, 'USERPAYING');
        // The scenario ends FAILED 100 ms after the reply; a loaded machine may query after that (0007 pins PAYING).
        expect(['PAYING', 'FAILED']).toContain((await a.queryOrder({ orderNo: e.orderNo! })).status);
        await orderReaches(sandbox, e.orderNo!, 'FAILED');
        expect((await a.queryOrder({ orderNo: e.orderNo! })).status).toBe('FAILED');
      });

      for (const [suffix, errorCode] of [
        ['0003', 'NOT_ENOUGH'],
        ['0004', 'QRCODE_EXPIRED'],
        ['0008', 'CARD_NOT_SUPPORT'],
      ] as const) {
        it(`${suffix} ${errorCode}: a definite decline`, async () => {
          const { outOrderNo, result } = scan(a, code(platform, suffix));
          const e = await gatewayError(result, errorCode);
          expect(isDefiniteDecline(e.code)).toBe(true);
          expect((await a.queryOrder({ orderNo: orderNoFor(sandbox, outOrderNo) })).status).toBe('FAILED');
        });
      }

      it('0005 SYSTEM_ERROR, yet the payment went through', async () => {
        const { outOrderNo, result } = scan(a, code(platform, '0005'));
        const e = await gatewayError(result, 'SYSTEM_ERROR');
        expect(isDefiniteDecline(e.code)).toBe(false);
        expect((await a.queryOrder({ orderNo: orderNoFor(sandbox, outOrderNo) })).status).toBe('PAID');
      });

      it('0006 reply too slow: outcome unknown, yet the payment went through', async () => {
        const { outOrderNo, result } = scan(a, code(platform, '0006'), { timeoutMs: 300 });
        const e = await transportError(result);
        expect(e).toMatchObject({ outcome: 'unknown', failure: 'timeout' });
        expect((await a.queryOrder({ orderNo: orderNoFor(sandbox, outOrderNo) })).status).toBe('PAID');
        // Retrying the same sale cannot charge twice: the gateway says it is already paid.
        const again = await gatewayError(
          scan(a, code(platform, '0000'), { outOrderNo }).result,
          'ORDER_PAID',
        );
        expect(isDefiniteDecline(again.code)).toBe(false);
      });

      it('0007 USERPAYING until closed', async () => {
        const e = await gatewayError(scan(a, code(platform, '0007')).result, 'USERPAYING');
        expect((await a.queryOrder({ orderNo: e.orderNo! })).status).toBe('PAYING');
        sandbox.control.closeOrder(e.orderNo!);
        expect((await a.queryOrder({ orderNo: e.orderNo! })).status).toBe('CLOSED');
      });

      it('0009 QRCODE_ERROR: no order at all', async () => {
        const { outOrderNo, result } = scan(a, code(platform, '0009'));
        await gatewayError(result, 'QRCODE_ERROR');
        expect(sandbox.control.findOrderByOutOrderNo(MERCHANT_A.mNumber, outOrderNo)).toBeUndefined();
      });
    });
  }

  it('any other valid wallet code pays; a product barcode is QRCODE_ERROR', async () => {
    const sale = await scan(a, '134567890123456789').result;
    expect((await a.queryOrder({ orderNo: sale.orderNo })).status).toBe('PAID');
    const alipay = await scan(a, '2812345678901234').result;
    expect((await a.queryOrder({ orderNo: alipay.orderNo })).status).toBe('PAID');
    await gatewayError(scan(a, '9300000000001').result, 'QRCODE_ERROR');
  });
});

describe('URL encoding of awkward values', () => {
  it('order names, out_order_no and out_refund_no arrive intact', async () => {
    const orderName = '测试订单 Café & Bar = 50% + tax #1 ?/';
    const outOrderNo = `A&B=C+D%20/?#x;${++seq}`;
    const qr = await a.makeQROrder({ orderName, amount: 1, outOrderNo, platform: 'WECHATPAY' });
    expect(sandbox.control.getOrder(qr.orderNo)?.outOrderNo).toBe(outOrderNo);
    const html = await (await fetch(a.payUrl(qr.payUrl!, 'https://shop.example/?a=1&b=2'))).text();
    expect(html).toContain('测试订单 Café &amp; Bar = 50% + tax #1 ?/');
    sandbox.control.payOrder(qr.orderNo);
    expect((await a.queryOrder({ orderNo: qr.orderNo })).outOrderNo).toBe(outOrderNo);

    const outRefundNo = `R&1=+%${++seq}`;
    await a.refund({ orderNo: qr.orderNo, outRefundNo, amount: 1 });
    expect(
      sandbox.control.listRefunds().some((r) => r.outRefundNo === outRefundNo && r.orderNo === qr.orderNo),
    ).toBe(true);
  });
});
