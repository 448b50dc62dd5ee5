/**
 * ORDER_PAID without an order number — what the document returns (order_no only comes with USERPAYING). After
 * a lost reply the re-submission of the same out_order_no answers ORDER_PAID alone: the sale is paid (the
 * out_order_no is unique to this install), recorded as such, and its order number is learnt later — from a
 * notification or typed by the manager — only once QueryOrder confirms it. Until then a refund waits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeNonce, omipaySign } from '../../main/omipay/sign';
import type { SaleView } from '../../preload/api';
import { scenario, startHarness, unwrap, type Harness } from '../helpers/runtime-harness';
import { waitFor } from '../helpers/wait-for';

const PIN = '5193';
let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  h.runtime.sandbox!.control.setSwitches({ orderNoOnOrderPaid: false });
  unwrap(await h.runtime.api.setManagerPin({ newPin: PIN, setupCode: h.runtime.setupCode() ?? '' }));
});
afterAll(async () => {
  await h?.close();
});

/** 0005: the gateway answers SYSTEM_ERROR but took the money; the re-submission then gets ORDER_PAID alone. */
async function paidWithoutOrderNo(amount: string): Promise<{ sale: SaleView; gatewayOrderNo: string }> {
  const started = unwrap(await h.runtime.api.startSale({ amount }));
  unwrap(await h.runtime.api.submitCode({ saleId: started.id, code: scenario('wechat', '0005') }));
  const sale = await h.waitForSale(started.id, (s) => s.phase === 'paid');
  const merchant = h.runtime.sandbox!.merchants[0]!;
  const order = h.runtime.sandbox!.control.findOrderByOutOrderNo(merchant.mNumber, sale.outOrderNo!);
  return { sale, gatewayOrderNo: order!.orderNo };
}

describe('ORDER_PAID without an order number', () => {
  it('is paid, says so in its history, shows its out_order_no on the receipt and holds refunds', async () => {
    const { sale } = await paidWithoutOrderNo('19.00');
    expect(sale.orderNo).toBeNull();
    const detail = unwrap(await h.runtime.api.getSaleDetail({ saleId: sale.id }));
    expect(detail.attempts[0]!.status).toBe('paid');
    const receipt = unwrap(await h.runtime.api.getReceipt({ saleId: sale.id }));
    expect(receipt.outOrderNo).toBe(sale.outOrderNo);
    expect(receipt.orderNo).toBe('');
    const refused = await h.runtime.api.refund({ saleId: sale.id, amount: '1.00', reason: 'x', pin: PIN });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.code).toBe('NO_ORDER_NO');
  });

  it('learns the number from a notification once QueryOrder confirms it, and can then be refunded', async () => {
    const { sale, gatewayOrderNo } = await paidWithoutOrderNo('21.00');
    const merchant = h.runtime.sandbox!.merchants[0]!;
    const notify = async (orderNo: string) => {
      const timestamp = Date.now();
      const nonce = makeNonce();
      const body = JSON.stringify({
        nonce_str: nonce,
        timestamp,
        sign: omipaySign(merchant.mNumber, timestamp, nonce, merchant.secretKey),
        order_no: orderNo,
        out_order_no: sale.outOrderNo,
        currency: 'AUD',
        amount: 2100,
        return_code: 'SUCCESS',
      });
      return h.runtime.handleNotification(Buffer.from(body), 'application/json');
    };
    // A number that is not this payment's is refused by the gateway's own answer.
    const other = await paidWithoutOrderNo('3.00');
    expect((await notify(other.gatewayOrderNo)).status).toBe(200);
    const refused = await waitFor(
      async () => {
        const d = unwrap(await h.runtime.api.getSaleDetail({ saleId: sale.id }));
        return d.history.some((e) => e.type === 'attempt.order_no_refused') && d;
      },
      { what: 'the gateway’s answer to refuse the other number' },
    );
    expect(refused.sale.orderNo).toBeNull();

    expect((await notify(gatewayOrderNo)).status).toBe(200);
    const learnt = await h.waitForSale(sale.id, (s) => s.orderNo === gatewayOrderNo);
    expect(learnt.phase).toBe('paid');
    const refund = unwrap(
      await h.runtime.api.refund({ saleId: sale.id, amount: '21.00', reason: 'returned', pin: PIN }),
    );
    expect(refund.status).toBe('APPLIED');
    const history = unwrap(await h.runtime.api.getSaleDetail({ saleId: sale.id })).history.map((e) => e.type);
    expect(history).toEqual(expect.arrayContaining(['attempt.order_no_refused', 'attempt.order_no_learned']));
  });

  it('takes the number from the manager, only with the PIN and only when QueryOrder confirms it', async () => {
    const { sale, gatewayOrderNo } = await paidWithoutOrderNo('8.00');
    const wrongPin = await h.runtime.api.linkOrderNo({
      saleId: sale.id,
      orderNo: gatewayOrderNo,
      pin: '1111',
    });
    expect(wrongPin.ok).toBe(false);
    const other = await paidWithoutOrderNo('9.00');
    const wrong = await h.runtime.api.linkOrderNo({
      saleId: sale.id,
      orderNo: other.gatewayOrderNo,
      pin: PIN,
    });
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) expect(wrong.error.code).toBe('ORDER_NO_NOT_THIS_SALE');
    const linked = unwrap(
      await h.runtime.api.linkOrderNo({ saleId: sale.id, orderNo: gatewayOrderNo, pin: PIN }),
    );
    expect(linked.sale.orderNo).toBe(gatewayOrderNo);
    const again = await h.runtime.api.linkOrderNo({ saleId: sale.id, orderNo: gatewayOrderNo, pin: PIN });
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.error.code).toBe('ORDER_NO_KNOWN');
  });
});
