/**
 * The Omipay client against the embedded sandbox: real HTTP on loopback, every API, every error code the
 * sandbox can produce, the scenario payment codes, transport faults and signed notifications.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  cashierMessage,
  FINAL_REFUND_STATUSES,
  GatewayError,
  isDefiniteDecline,
  NOTIFICATION_REPLY,
  NotificationVerifier,
  OmipayClient,
  TransportError,
  type OmipayClientOptions,
  type OmipayCredentials,
  type Platform,
} from '../../main/omipay';
import { startSandbox, type SandboxHandle, type SandboxOrderStatus } from '../../main/sandbox';

const MERCHANT_A: OmipayCredentials = { mNumber: '100001', secretKey: 'sandbox-secret-merchant-a-000001' };
const MERCHANT_B: OmipayCredentials = { mNumber: '200002', secretKey: 'sandbox-secret-merchant-b-000002' };
const TIME_SCALE = 0.02; // USERPAYING resolves after 100 ms, scenario 0006 replies after 1.2 s, refunds step every 40 ms

let sandbox: SandboxHandle;
/** A second sandbox with non-default options: limits, registered tills, a custom rate, the document's spellings. */
let special: SandboxHandle;
const clients: OmipayClient[] = [];

function clientFor(s: SandboxHandle, extra: Partial<OmipayClientOptions> = {}): OmipayClient {
  const c = new OmipayClient({ baseUrl: s.url, credentials: MERCHANT_A, ...extra });
  clients.push(c);
  return c;
}

let a: OmipayClient;
let b: OmipayClient;

beforeAll(async () => {
  sandbox = await startSandbox({ timeScale: TIME_SCALE, merchants: [MERCHANT_A, MERCHANT_B] });
  special = await startSandbox({
    timeScale: TIME_SCALE,
    merchants: [MERCHANT_A],
    registeredPosNos: ['POS-1'],
    amountLimits: { minCents: 100, maxCents: 10_000 },
    exchangeRates: { WECHATPAY: '5.01540000' },
    paidStatusSpelling: 'PAYED',
    refundNoKeyQuirk: false,
  });
  a = clientFor(sandbox);
  b = clientFor(sandbox, { credentials: MERCHANT_B });
});

afterAll(async () => {
  for (const c of clients) c.close();
  await Promise.all([sandbox.close(), special.close()]);
});

afterEach(() => {
  sandbox.control.clearFaults();
  sandbox.control.setClockOffset(0);
});

let seq = 0;
const outNo = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${++seq}`;
const code = (platform: Platform, suffix: string) =>
  `${platform === 'WECHATPAY' ? '13' : '28'}000000000000${suffix}`;

function scan(
  c: OmipayClient,
  qrcode: string,
  extra: { outOrderNo?: string; amount?: number; posNo?: string; timeoutMs?: number } = {},
) {
  const outOrderNo = extra.outOrderNo ?? outNo('SALE');
  return {
    outOrderNo,
    result: c.makeScanOrder(
      {
        orderName: 'Counter sale',
        amount: extra.amount ?? 1250,
        qrcode,
        posNo: extra.posNo ?? 'POS-1',
        outOrderNo,
      },
      extra.timeoutMs === undefined ? undefined : { timeoutMs: extra.timeoutMs },
    ),
  };
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    (v) => {
      throw new Error(
        `expected a rejection, got ${JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? String(x) : x))}`,
      );
    },
    (e: unknown) => e,
  );
}

async function gatewayError(p: Promise<unknown>, expectedCode: string): Promise<GatewayError> {
  const e = await rejection(p);
  expect(e).toBeInstanceOf(GatewayError);
  expect((e as GatewayError).code).toBe(expectedCode);
  expect((e as GatewayError).cashier).toEqual(cashierMessage(expectedCode));
  return e as GatewayError;
}

async function transportError(p: Promise<unknown>): Promise<TransportError> {
  const e = await rejection(p);
  expect(e).toBeInstanceOf(TransportError);
  return e as TransportError;
}

/** Resolves when the sandbox order reaches `status` (event driven, no polling sleeps). */
function orderReaches(s: SandboxHandle, orderNo: string, status: SandboxOrderStatus): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (s.control.getOrder(orderNo)?.status === status) {
        s.control.events.off('order-status', check);
        resolve();
      }
    };
    s.control.events.on('order-status', check);
    check();
  });
}

function refundReaches(s: SandboxHandle, refundNo: string, status: string): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (s.control.listRefunds().find((r) => r.refundNo === refundNo)?.status === status) {
        s.control.events.off('refund-status', check);
        resolve();
      }
    };
    s.control.events.on('refund-status', check);
    check();
  });
}

function orderNoFor(s: SandboxHandle, outOrderNo: string): string {
  const o = s.control.findOrderByOutOrderNo(MERCHANT_A.mNumber, outOrderNo);
  if (!o) throw new Error(`sandbox has no order ${outOrderNo}`);
  return o.orderNo;
}

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

  it('the document spellings: PAYED and the plain refund_no key (special sandbox)', async () => {
    const c = clientFor(special);
    const sale = await scan(c, code('WECHATPAY', '0000'), { amount: 500 }).result;
    expect((await c.queryOrder({ orderNo: sale.orderNo })).status).toBe('PAID');
    const refund = await c.refund({ orderNo: sale.orderNo, outRefundNo: outNo('RF'), amount: 500 });
    expect(refund.refundNo).not.toBe('');
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
        expect((await a.queryOrder({ orderNo: e.orderNo! })).status).toBe('PAYING');
        await orderReaches(sandbox, e.orderNo!, 'PAID');
        expect((await a.queryOrder({ orderNo: e.orderNo! })).status).toBe('PAID');
      });

      it('0002 USERPAYING, failed later', async () => {
        const e = await gatewayError(scan(a, code(platform, '0002')).result, 'USERPAYING');
        expect((await a.queryOrder({ orderNo: e.orderNo! })).status).toBe('PAYING');
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

describe('gateway error codes', () => {
  it('PARAMETER_INVALID for values the gateway refuses', async () => {
    await gatewayError(
      scan(a, code('WECHATPAY', '0000'), { outOrderNo: '订单-1' }).result,
      'PARAMETER_INVALID',
    );
    await gatewayError(
      a.makeScanOrder({
        orderName: 'x'.repeat(300),
        amount: 1,
        qrcode: code('WECHATPAY', '0000'),
        posNo: 'P',
        outOrderNo: outNo('S'),
      }),
      'PARAMETER_INVALID',
    );
    await gatewayError(a.queryOrder({ orderNo: 'not/an/order' }), 'PARAMETER_INVALID');
  });

  it('SIGN_ERROR with the wrong secret, MERCHANTNO_INVALID with an unknown merchant', async () => {
    const wrongKey = clientFor(sandbox, {
      credentials: { mNumber: MERCHANT_A.mNumber, secretKey: 'not-the-secret' },
    });
    const e = await gatewayError(wrongKey.getExchangeRate(), 'SIGN_ERROR');
    expect(isDefiniteDecline(e.code)).toBe(true);
    const stranger = clientFor(sandbox, {
      credentials: { mNumber: '999999', secretKey: MERCHANT_A.secretKey },
    });
    await gatewayError(stranger.getExchangeRate(), 'MERCHANTNO_INVALID');
  });

  it('SIGN_TIMEOUT when the till clock or the gateway clock is off by more than five minutes', async () => {
    const slow = clientFor(sandbox, { now: () => Date.now() - 6 * 60_000 });
    const fast = clientFor(sandbox, { now: () => Date.now() + 6 * 60_000 });
    const e = await gatewayError(slow.getExchangeRate(), 'SIGN_TIMEOUT');
    expect(e.cashier.en).toMatch(/clock/);
    await gatewayError(fast.getExchangeRate(), 'SIGN_TIMEOUT');
    expect(
      (await clientFor(sandbox, { now: () => Date.now() - 4 * 60_000 }).getExchangeRate()).platform,
    ).toBe('WECHATPAY');
    sandbox.control.setClockOffset(10 * 60_000);
    await gatewayError(a.getExchangeRate(), 'SIGN_TIMEOUT');
    sandbox.control.setClockOffset(0);
    expect((await a.getExchangeRate()).platform).toBe('WECHATPAY');
  });

  it("PERMISSION_ERROR for another merchant's order or refund", async () => {
    const sale = await scan(a, code('WECHATPAY', '0000')).result;
    const refund = await a.refund({ orderNo: sale.orderNo, outRefundNo: outNo('RF'), amount: 10 });
    await gatewayError(b.queryOrder({ orderNo: sale.orderNo }), 'PERMISSION_ERROR');
    await gatewayError(
      b.refund({ orderNo: sale.orderNo, outRefundNo: outNo('RF'), amount: 10 }),
      'PERMISSION_ERROR',
    );
    await gatewayError(b.queryRefund({ refundNo: refund.refundNo }), 'PERMISSION_ERROR');
    expect(sandbox.control.getOrder(sale.orderNo)?.refundedCents).toBe(10);
  });

  it('PERMISSION_ERROR (QueryOrder), ORDER_NO_ERROR (Refund) and REFUND_NO_ERROR for numbers that do not exist', async () => {
    // QueryOrder's list has no ORDER_NO_ERROR: an order number that is not the merchant's is PERMISSION_ERROR.
    await gatewayError(a.queryOrder({ orderNo: 'nosuchorder0000' }), 'PERMISSION_ERROR');
    await gatewayError(
      a.refund({ orderNo: 'nosuchorder0000', outRefundNo: outNo('RF'), amount: 1 }),
      'ORDER_NO_ERROR',
    );
    await gatewayError(a.queryRefund({ refundNo: 'nosuchrefund000' }), 'REFUND_NO_ERROR');
  });

  it('ORDER_NOT_PAID and AMOUNT_OVER_LIMIT for refunds', async () => {
    const qr = await a.makeQROrder({
      orderName: 'Unpaid',
      amount: 1000,
      outOrderNo: outNo('QR'),
      platform: 'WECHATPAY',
    });
    await gatewayError(
      a.refund({ orderNo: qr.orderNo, outRefundNo: outNo('RF'), amount: 100 }),
      'ORDER_NOT_PAID',
    );

    const sale = await scan(a, code('WECHATPAY', '0000'), { amount: 1000 }).result;
    await gatewayError(
      a.refund({ orderNo: sale.orderNo, outRefundNo: outNo('RF'), amount: 1001 }),
      'AMOUNT_OVER_LIMIT',
    );
    await a.refund({ orderNo: sale.orderNo, outRefundNo: outNo('RF'), amount: 600 });
    await gatewayError(
      a.refund({ orderNo: sale.orderNo, outRefundNo: outNo('RF'), amount: 401 }),
      'AMOUNT_OVER_LIMIT',
    );
    expect((await a.refund({ orderNo: sale.orderNo, outRefundNo: outNo('RF'), amount: 400 })).amount).toBe(
      400,
    );
  });

  it('AMOUNT_INVALID outside the configured limits, POS_NOT_REGISTERED for an unknown till (special sandbox)', async () => {
    const c = clientFor(special);
    await gatewayError(scan(c, code('WECHATPAY', '0000'), { amount: 10_001 }).result, 'AMOUNT_INVALID');
    await gatewayError(scan(c, code('WECHATPAY', '0000'), { amount: 99 }).result, 'AMOUNT_INVALID');
    await gatewayError(scan(c, code('WECHATPAY', '0000'), { posNo: 'POS-2' }).result, 'POS_NOT_REGISTERED');
    expect(
      (await scan(c, code('WECHATPAY', '0000'), { amount: 10_000, posNo: 'POS-1' }).result).orderNo,
    ).not.toBe('');
  });

  it('ORDER_PAID for a paid out_order_no, ORDER_CLOSED for a declined one', async () => {
    const first = scan(a, code('WECHATPAY', '0000'));
    await first.result;
    await gatewayError(
      scan(a, code('WECHATPAY', '0000'), { outOrderNo: first.outOrderNo }).result,
      'ORDER_PAID',
    );
    const declined = scan(a, code('WECHATPAY', '0003'));
    await gatewayError(declined.result, 'NOT_ENOUGH');
    await gatewayError(
      scan(a, code('WECHATPAY', '0000'), { outOrderNo: declined.outOrderNo }).result,
      'ORDER_CLOSED',
    );
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

describe('transport outcomes against the sandbox', () => {
  it('not sent: the sandbox is down (connection refused)', async () => {
    const gone = await startSandbox();
    const c = clientFor(gone);
    await gone.close();
    const e = await transportError(scan(c, code('WECHATPAY', '0000')).result);
    expect(e).toMatchObject({ outcome: 'not_sent', failure: 'connect', systemCode: 'ECONNREFUSED' });
    expect(isDefiniteDecline(e.code)).toBe(true);
  });

  it('not sent: aborted before the call, and the sandbox saw nothing', async () => {
    const before = sandbox.control.requestCount('MakeScanOrder');
    const e = await transportError(
      a.makeScanOrder(
        { orderName: 'x', amount: 1, qrcode: code('WECHATPAY', '0000'), posNo: 'P', outOrderNo: outNo('S') },
        { signal: AbortSignal.abort() },
      ),
    );
    expect(e.outcome).toBe('not_sent');
    expect(sandbox.control.requestCount('MakeScanOrder')).toBe(before);
  });

  for (const [kind, failure] of [
    ['reset', 'connection_lost'],
    ['http500', 'http_status'],
    ['malformed', 'bad_response'],
  ] as const) {
    it(`outcome unknown on ${kind}, and the payment did go through`, async () => {
      sandbox.control.injectFault({ fault: { kind }, api: 'MakeScanOrder' });
      const { outOrderNo, result } = scan(a, code('WECHATPAY', '0000'));
      const e = await transportError(result);
      expect(e).toMatchObject({ outcome: 'unknown', failure });
      expect(isDefiniteDecline(e.code)).toBe(false);
      expect((await a.queryOrder({ orderNo: orderNoFor(sandbox, outOrderNo) })).status).toBe('PAID');
    });
  }

  it('outcome unknown on a dropped request too: the client cannot tell it apart, so it must check', async () => {
    sandbox.control.injectFault({ fault: { kind: 'drop' }, api: 'MakeScanOrder' });
    const before = sandbox.control.requestCount('MakeScanOrder');
    const { outOrderNo, result } = scan(a, code('WECHATPAY', '0000'));
    expect(await transportError(result)).toMatchObject({ outcome: 'unknown', failure: 'connection_lost' });
    expect(sandbox.control.requestCount('MakeScanOrder')).toBe(before + 1);
    expect(sandbox.control.findOrderByOutOrderNo(MERCHANT_A.mNumber, outOrderNo)).toBeUndefined();
  });

  it('outcome unknown on timeout or abort after sending; a short delay is fine', async () => {
    sandbox.control.injectFault({ fault: { kind: 'delay', ms: 2_000 }, api: 'MakeScanOrder' });
    const slow = scan(a, code('WECHATPAY', '0000'), { timeoutMs: 150 });
    expect(await transportError(slow.result)).toMatchObject({ outcome: 'unknown', failure: 'timeout' });
    expect(sandbox.control.findOrderByOutOrderNo(MERCHANT_A.mNumber, slow.outOrderNo)?.status).toBe('PAID');

    sandbox.control.injectFault({ fault: { kind: 'delay', ms: 2_000 }, api: 'QueryOrder' });
    const controller = new AbortController();
    const queriesBefore = sandbox.control.requestCount('QueryOrder');
    const pending = a.queryOrder(
      { orderNo: orderNoFor(sandbox, slow.outOrderNo) },
      { signal: controller.signal },
    );
    await new Promise<void>((resolve) => {
      const poll = () =>
        sandbox.control.requestCount('QueryOrder') > queriesBefore ? resolve() : setImmediate(poll);
      poll();
    });
    controller.abort();
    expect(await transportError(pending)).toMatchObject({ outcome: 'unknown', failure: 'aborted' });

    sandbox.control.injectFault({ fault: { kind: 'delay', ms: 50 }, api: 'GetExchangeRate' });
    expect((await a.getExchangeRate()).rate.text).toBe('4.7123');
  });
});

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

  it('accepts a real sandbox notification and rejects forgeries, stale and replayed ones', async () => {
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
      payCurrency: 'CNY',
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
    expect(fresh().verify(forged, 'application/json')).toMatchObject({ ok: false, reason: 'bad_signature' });
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
  });

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
