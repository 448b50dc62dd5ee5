/**
 * The Omipay client against the embedded sandbox: every error code the sandbox can produce and the transport
 * outcomes (not sent, outcome unknown) on real HTTP on loopback.
 */
import { describe, expect, it } from 'vitest';
import { isDefiniteDecline } from '../../main/omipay';
import { startSandbox } from '../../main/sandbox';
import {
  a,
  b,
  clientFor,
  code,
  gatewayError,
  MERCHANT_A,
  orderNoFor,
  outNo,
  qrOrder,
  sandbox,
  scan,
  special,
  transportError,
  useClientSandboxes,
} from './omipay-client-helpers';

useClientSandboxes();

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
    const qr = await qrOrder(a, { orderName: 'Unpaid', amount: 1000, platform: 'WECHATPAY' });
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
