import { describe, expect, it } from 'vitest';
import {
  alipayCode,
  callApi,
  orderReaches,
  scanParams,
  wechatCode,
  useSandbox,
  makeQrOrder,
  me,
  sb,
} from './sandbox-helpers';

// timeScale 0.01: the 5 s USERPAYING scenarios resolve in ~50 ms, the 60 s slow reply takes ~600 ms.
useSandbox({ timeScale: 0.01 });

const scan = (code: string) => callApi(sb.url, 'MakeScanOrder', scanParams(code), { merchant: me });
const query = async (orderNo: string) =>
  (await callApi(sb.url, 'QueryOrder', { order_no: orderNo }, { merchant: me })).json;

const SCALED_WAIT_MS = 5_000 * 0.01;

/**
 * QueryOrder right after USERPAYING shows PAYING. A machine so loaded that the query lands after the scaled 5 s
 * cannot see it; then the test only accepts a later status if that much time really passed.
 */
async function expectPayingFirst(orderNo: string, started: number): Promise<void> {
  const q = await query(orderNo);
  if (q.result_code === 'PAYING') expect(q.pay_time).toBe('');
  else expect(Date.now() - started).toBeGreaterThanOrEqual(SCALED_WAIT_MS - 2);
}

function expectResolvedAfterFiveSeconds(orderNo: string): void {
  const view = sb.control.getOrder(orderNo);
  expect((view?.paidAt ?? 0) - (view?.createdAt ?? 0)).toBeGreaterThanOrEqual(SCALED_WAIT_MS - 2);
}

describe.each([
  ['WeChat', wechatCode],
  ['Alipay', alipayCode],
])('%s scenario codes', (_name, code) => {
  it('0000 pays at once', async () => {
    const r = await scan(code('0000'));
    expect(r.json.return_code).toBe('SUCCESS');
    expect((await query(r.json.order_no as string)).result_code).toBe('PAID');
  });

  it('0001 answers USERPAYING with an order_no, QueryOrder shows PAYING then PAID', async () => {
    const started = Date.now();
    const r = await scan(code('0001'));
    expect(r.json).toMatchObject({ return_code: 'FAIL', error_code: 'USERPAYING' });
    const orderNo = r.json.order_no as string;
    expect(orderNo).toMatch(/^TR\d{22}$/);
    await expectPayingFirst(orderNo, started);
    await orderReaches(sb.control, orderNo, 'PAID');
    expectResolvedAfterFiveSeconds(orderNo);
    const paid = await query(orderNo);
    expect(paid.result_code).toBe('PAID');
    expect(paid.pay_time).toMatch(/^\d{14}$/);
  });

  it('0002 answers USERPAYING, QueryOrder shows PAYING then FAILED', async () => {
    const started = Date.now();
    const r = await scan(code('0002'));
    expect(r.json.error_code).toBe('USERPAYING');
    const orderNo = r.json.order_no as string;
    await expectPayingFirst(orderNo, started);
    await orderReaches(sb.control, orderNo, 'FAILED');
    expect(await query(orderNo)).toMatchObject({ result_code: 'FAILED', pay_time: '' });
  });

  it.each([
    ['0003', 'NOT_ENOUGH'],
    ['0004', 'QRCODE_EXPIRED'],
    ['0008', 'CARD_NOT_SUPPORT'],
  ])('%s declines with %s and books a FAILED order', async (suffix, errorCode) => {
    const r = await scan(code(suffix));
    expect(r.json).toMatchObject({ return_code: 'FAIL', error_code: errorCode });
    const orders = sb.control.listOrders();
    expect(orders).toHaveLength(1);
    expect(orders[0]?.status).toBe('FAILED');
    expect((await query(orders[0]?.orderNo ?? '')).result_code).toBe('FAILED');
  });

  it('0005 answers SYSTEM_ERROR but the payment went through', async () => {
    const p = scanParams(code('0005'));
    const r = await callApi(sb.url, 'MakeScanOrder', p, { merchant: me });
    expect(r.json).toMatchObject({ return_code: 'FAIL', error_code: 'SYSTEM_ERROR' });
    expect(r.json).not.toHaveProperty('order_no');
    const order = sb.control.findOrderByOutOrderNo(me.mNumber, p.out_order_no ?? '');
    expect(order?.status).toBe('PAID');
    expect((await query(order?.orderNo ?? '')).result_code).toBe('PAID');
    // A retry of the same sale learns the truth instead of charging again.
    const retry = await callApi(sb.url, 'MakeScanOrder', p, { merchant: me });
    expect(retry.json.error_code).toBe('ORDER_PAID');
  });

  it('0006 holds the reply for 60 s × timeScale but the payment went through at once', async () => {
    const p = scanParams(code('0006'));
    const started = Date.now();
    const pending = callApi(sb.url, 'MakeScanOrder', p, { merchant: me });
    // The order is already paid while the reply is still held back.
    await new Promise<void>((resolve) => {
      const check = (): void => {
        if (sb.control.findOrderByOutOrderNo(me.mNumber, p.out_order_no ?? '')) resolve();
        else setImmediate(check);
      };
      check();
    });
    const order = sb.control.findOrderByOutOrderNo(me.mNumber, p.out_order_no ?? '');
    expect(order?.status).toBe('PAID');
    const r = await pending;
    expect(Date.now() - started).toBeGreaterThanOrEqual(590);
    expect(r.json).toMatchObject({ return_code: 'SUCCESS', order_no: order?.orderNo });
  });

  it('0007 stays PAYING until the order is closed by a control call', async () => {
    const r = await scan(code('0007'));
    expect(r.json.error_code).toBe('USERPAYING');
    const orderNo = r.json.order_no as string;
    // A 0001 order started later resolves after 5 s (scaled); the 0007 order must still be waiting then.
    const later = await scan(code('0001'));
    await orderReaches(sb.control, later.json.order_no as string, 'PAID');
    expect((await query(orderNo)).result_code).toBe('PAYING');
    sb.control.closeOrder(orderNo);
    expect((await query(orderNo)).result_code).toBe('CLOSED');
    expect(() => sb.control.payOrder(orderNo)).toThrow(/CLOSED/);
  });

  it('0009 answers QRCODE_ERROR and books nothing', async () => {
    const r = await scan(code('0009'));
    expect(r.json).toMatchObject({ return_code: 'FAIL', error_code: 'QRCODE_ERROR' });
    expect(sb.control.listOrders()).toHaveLength(0);
  });

  it('an unlisted suffix pays at once', async () => {
    const r = await scan(code('0042'));
    expect(r.json.return_code).toBe('SUCCESS');
  });
});

describe('other payment codes', () => {
  it.each([
    ['WeChat 10…', '100000000000000001', 'WECHATPAY'],
    ['WeChat 15…', '159876543210987654', 'WECHATPAY'],
    ['Alipay 16 digits', '2512345678901234', 'ALIPAY'],
    ['Alipay 24 digits', '301234567890123456789012', 'ALIPAY'],
  ])('%s pays at once', async (_name, code, platform) => {
    const r = await scan(code);
    expect(r.json.return_code).toBe('SUCCESS');
    expect(sb.control.getOrder(r.json.order_no as string)?.platform).toBe(platform);
  });

  it.each([
    ['EAN-13 product barcode', '9300633601234'],
    ['WeChat prefix, 17 digits', '13000000000000000'],
    ['prefix 16 (neither wallet)', '160000000000000000'],
    ['Alipay prefix, 25 digits', '2800000000000000000000000'],
    ['letters', 'ABCDEFGHIJKLMNOPQR'],
    ['URL', 'https://example.com/'],
  ])('%s → QRCODE_ERROR', async (_name, code) => {
    const r = await scan(code);
    expect(r.json.error_code).toBe('QRCODE_ERROR');
  });

  it('the order-status events follow PAYING → PAID', async () => {
    const statuses: string[] = [];
    sb.control.events.on('order-status', (e: { status: string }) => statuses.push(e.status));
    const r = await scan(wechatCode('0001'));
    await orderReaches(sb.control, r.json.order_no as string, 'PAID');
    expect(statuses).toEqual(['PAYING', 'PAID']);
  });

  it('payOrder settles a 0007 order early (customer entered the password)', async () => {
    const r = await scan(wechatCode('0007'));
    sb.control.payOrder(r.json.order_no as string);
    expect((await query(r.json.order_no as string)).result_code).toBe('PAID');
  });
});

describe('order lifecycle: expiry, cancellation and settlement', () => {
  it('0010 answers USERPAYING, QueryOrder shows PAYING then CANCELLED', async () => {
    const r = await scan(wechatCode('0010'));
    expect(r.json).toMatchObject({ return_code: 'FAIL', error_code: 'USERPAYING' });
    const orderNo = r.json.order_no as string;
    await orderReaches(sb.control, orderNo, 'CANCELLED');
    expect(await query(orderNo)).toMatchObject({ result_code: 'CANCELLED', pay_time: '' });
  });

  it('an unpaid QR order ends CANCELLED after unpaidExpiryMs × timeScale; 0007 never ends by itself', async () => {
    // 5 minutes by default (section 1.1); 2 s here, i.e. 20 ms at timeScale 0.01.
    sb.control.setSwitches({ unpaidExpiryMs: 2_000 });
    const qr = await makeQrOrder(sb.url, me, 'EXPIRE-1', '500');
    const qrNo = qr.json.order_no as string;
    expect(sb.control.getOrder(qrNo)?.expiresAt).toBe((sb.control.getOrder(qrNo)?.createdAt ?? 0) + 20);
    const held = await scan(wechatCode('0007'));
    const heldNo = held.json.order_no as string;
    await orderReaches(sb.control, qrNo, 'CANCELLED');
    expect((await query(qrNo)).result_code).toBe('CANCELLED');
    // A marker made after the held order, with the same expiry: once it is CANCELLED, any expiry the held order
    // had would have come first.
    const marker = await makeQrOrder(sb.url, me, 'EXPIRE-MARK', '500');
    await orderReaches(sb.control, marker.json.order_no as string, 'CANCELLED');
    expect((await query(heldNo)).result_code).toBe('PAYING');
    expect(sb.control.getOrder(heldNo)?.expiresAt).toBeUndefined();
    // The wallet can no longer pay it.
    expect(() => sb.control.walletAction(qr.json.qrcode as string, 'pay')).toThrow(/CANCELLED/);
  });

  it('the default expiry is five minutes after creation', async () => {
    const qr = await makeQrOrder(sb.url, me, 'EXPIRE-2', '500');
    const view = sb.control.getOrder(qr.json.order_no as string);
    expect((view?.expiresAt ?? 0) - (view?.createdAt ?? 0)).toBe(5 * 60_000 * 0.01);
  });

  it('a repeated out_order_no of a cancelled scan order is ORDER_CLOSED', async () => {
    const p = scanParams(wechatCode('0010'));
    const r = await callApi(sb.url, 'MakeScanOrder', p, { merchant: me });
    await orderReaches(sb.control, r.json.order_no as string, 'CANCELLED');
    const again = await callApi(sb.url, 'MakeScanOrder', p, { merchant: me });
    expect(again.json).toMatchObject({ error_code: 'ORDER_CLOSED', order_no: r.json.order_no });
  });

  it('a paid order reads CLOSED with its pay_time once settled, and can still be refunded', async () => {
    // 1 s at this time scale: the first query must still find the order PAID, on a loaded machine too.
    sb.control.setSwitches({ settlementDelayMs: 100_000 });
    const p = scanParams(wechatCode('0000'), 800);
    const r = await callApi(sb.url, 'MakeScanOrder', p, { merchant: me });
    const orderNo = r.json.order_no as string;
    expect((await query(orderNo)).result_code).toBe('PAID');
    await orderReaches(sb.control, orderNo, 'CLOSED');
    const settled = await query(orderNo);
    expect(settled).toMatchObject({ result_code: 'CLOSED', amount: 800 });
    expect(settled.pay_time).toMatch(/^\d{14}$/);
    expect(sb.control.getOrder(orderNo)?.settledAt).toBeGreaterThanOrEqual(
      sb.control.getOrder(orderNo)?.paidAt ?? Infinity,
    );
    const again = await callApi(sb.url, 'MakeScanOrder', p, { merchant: me });
    expect(again.json.error_code).toBe('ORDER_PAID');
    const refund = await callApi(
      sb.url,
      'Refund',
      { order_no: orderNo, out_refund_no: 'SETTLED-R1', amount: '800' },
      { merchant: me },
    );
    expect(refund.json.return_code).toBe('SUCCESS');
  });

  it('settleOrder settles a PAID order at once; an unpaid CLOSED order is not refundable', async () => {
    const r = await scan(wechatCode('0000'));
    const orderNo = r.json.order_no as string;
    sb.control.settleOrder(orderNo);
    expect((await query(orderNo)).result_code).toBe('CLOSED');
    expect(() => sb.control.settleOrder(orderNo)).toThrow(/not PAID/);
    const held = await scan(wechatCode('0007'));
    sb.control.closeOrder(held.json.order_no as string);
    const refund = await callApi(
      sb.url,
      'Refund',
      { order_no: held.json.order_no as string, out_refund_no: 'R-CLOSED', amount: '1' },
      { merchant: me },
    );
    expect(refund.json.error_code).toBe('ORDER_NOT_PAID');
  });
});
