import { describe, expect, it } from 'vitest';
import { SALE_PHASES, type RefundView, type SalePhase, type SaleView } from '../../../preload/api';
import {
  customerDisplayState,
  EMPTY_FOCUS,
  estimateFor,
  followEvent,
  type DisplayFocus,
} from '../../../main/customer-display/state';
import { GENERAL_DECLINE } from '../../../main/customer-display/messages';
import { saleView } from '../../helpers/view-fixtures';

function sale(over: Partial<SaleView> = {}): SaleView {
  return saleView({ outOrderNo: 'T07-OUT-SECRET', orderNo: 'OMI-ORDER-SECRET', createdAt: 1_000, ...over });
}

function refund(over: Partial<RefundView> = {}): RefundView {
  return {
    id: 'R1',
    saleId: 'S1',
    outRefundNo: 'T07-R-SECRET',
    refundNo: null,
    amountCents: 500,
    reason: 'manager reason text',
    status: 'APPLIED',
    final: false,
    succeeded: false,
    message: null,
    createdAt: 5_000,
    refundTime: null,
    successTime: null,
    ...over,
  };
}

const state = (focus: DisplayFocus, rate: string | null = '4.7123') =>
  customerDisplayState({ focus, merchantName: 'Harbour Dumplings', rate, seq: 3 });
const onSale = (s: SaleView) => state({ sale: s, refund: null, floor: 0 });

describe('customer display state', () => {
  it('idle shows the store, the welcome and the wallets, and nothing of any sale', () => {
    const idle = state(EMPTY_FOCUS);
    expect(idle).toMatchObject({
      screen: 'idle',
      merchantName: 'Harbour Dumplings',
      amountCents: null,
      estimate: null,
      qrText: null,
      title: { zh: '欢迎光临', en: 'Welcome' },
      detail: { zh: '支持微信支付和支付宝', en: 'We accept WeChat Pay and Alipay' },
      seq: 3,
    });
    expect(onSale(sale({ phase: 'abandoned' })).screen).toBe('idle');
  });

  it('a started sale asks for the payment code, with the amount and a labelled CNY estimate', () => {
    const s = onSale(sale());
    expect(s.screen).toBe('scan');
    expect(s.amountCents).toBe(1250);
    expect(s.estimate).toEqual({ fen: 5890, rate: '4.7123' });
    expect(s.title).toEqual({ zh: '请出示付款码', en: 'Please show your payment code' });
    expect(onSale(sale()).estimate).not.toBeNull();
    expect(state({ sale: sale(), refund: null, floor: 0 }, null).estimate).toBeNull();
  });

  it('USERPAYING asks the customer to confirm on the phone, with the deadline for the countdown', () => {
    const s = onSale(sale({ phase: 'waiting_customer', platform: 'WECHATPAY', waitDeadline: 61_000 }));
    expect(s).toMatchObject({
      screen: 'waiting',
      deadline: 61_000,
      platform: 'WECHATPAY',
      title: { zh: '请在手机上确认付款', en: 'Please confirm the payment on your phone' },
    });
  });

  it('a merchant-QR sale shows the QR text and its countdown', () => {
    const s = onSale(
      sale({
        kind: 'qr',
        phase: 'waiting_customer',
        platform: 'ALIPAY',
        qrcode: 'https://qr.example/abc',
        waitDeadline: 90_000,
      }),
    );
    expect(s).toMatchObject({ screen: 'qr', qrText: 'https://qr.example/abc', deadline: 90_000 });
    // Only the QR screen carries a QR.
    expect(onSale(sale({ phase: 'paid', qrcode: 'https://qr.example/abc' })).qrText).toBeNull();
  });

  it('paid thanks the customer; declined says what to do in customer words', () => {
    expect(onSale(sale({ phase: 'paid' }))).toMatchObject({
      screen: 'paid',
      amountCents: 1250,
      estimate: null,
      title: { zh: '付款成功 · 谢谢', en: 'Paid · Thank you' },
    });
    const declined = onSale(sale({ phase: 'declined', errorCode: 'NOT_ENOUGH' }));
    expect(declined.screen).toBe('declined');
    expect(declined.detail?.en).toContain('Not enough balance; you have not been charged');
    expect(declined.detail?.zh).toContain('余额不足');
    expect(onSale(sale({ phase: 'declined', errorCode: 'SOMETHING_NEW' })).detail).toEqual(GENERAL_DECLINE);
  });

  it('voided: cancelled, never "not charged" (a payment may still land); a late payment is refunded in full', () => {
    const voided = onSale(sale({ phase: 'voided' }));
    expect(voided).toMatchObject({
      screen: 'voided',
      title: { zh: '已在柜台取消', en: 'Cancelled at the counter' },
    });
    expect(voided.detail?.en).toBe(
      'If your phone still asks you to pay, don’t. If a payment went through, it will be refunded automatically',
    );
    expect(voided.detail?.zh).toContain('款项会自动退回');
    // The store holds late payments for the manager: the customer is not promised an automatic refund.
    const held = customerDisplayState({
      focus: { sale: sale({ phase: 'voided' }), refund: null, floor: 0 },
      merchantName: 'Harbour Dumplings',
      rate: null,
      seq: 1,
      latePayments: 'ask_manager',
    });
    expect(held.detail?.en).toContain('please tell the staff');
    expect(held.detail?.en).not.toContain('refunded automatically');
    for (const phase of ['voided', 'unresolved', 'checking', 'waiting_customer'] as SalePhase[]) {
      const shown = JSON.stringify(onSale(sale({ phase })));
      expect(shown, phase).not.toContain('not been charged');
      expect(shown, phase).not.toContain('未被扣款');
    }
    expect(onSale(sale({ phase: 'late_refunding' }))).toMatchObject({
      screen: 'refunding',
      amountCents: 1250,
    });
    expect(onSale(sale({ phase: 'late_refunded' }))).toMatchObject({
      screen: 'refunded',
      amountCents: 1250,
      title: { zh: '退款：已退款', en: 'Refund: Refunded' },
    });
    expect(onSale(sale({ phase: 'late_paid' })).screen).toBe('late_paid');
  });

  it('an unresolved or checking sale tells the customer to wait, never that it failed', () => {
    for (const phase of ['checking', 'unresolved'] as SalePhase[]) {
      expect(onSale(sale({ phase })).screen).toBe('checking');
    }
  });

  it('a refund shows its own amount: in progress, issued, or not completed', () => {
    const paid: DisplayFocus = { sale: sale({ phase: 'paid', platform: 'ALIPAY' }), refund: null, floor: 0 };
    const pending = followEvent(paid, { type: 'refund', refund: refund() });
    expect(state(pending)).toMatchObject({ screen: 'refunding', amountCents: 500, platform: 'ALIPAY' });
    const done = followEvent(pending, {
      type: 'refund',
      refund: refund({ status: 'CLOSED', final: true, succeeded: true }),
    });
    expect(state(done)).toMatchObject({ screen: 'refunded', amountCents: 500 });
    // The sale's own update that follows the refund keeps the refund on screen.
    const after = followEvent(done, { type: 'sale', sale: sale({ phase: 'paid', refundedCents: 500 }) });
    expect(state(after).screen).toBe('refunded');
    const failed = followEvent(paid, {
      type: 'refund',
      refund: refund({ final: true, status: 'ORGANIZATIONFAILED' }),
    });
    expect(state(failed).screen).toBe('refund_failed');
  });

  it('never carries order numbers, the payment code, refund reasons or cashier messages', () => {
    const all: DisplayFocus[] = [
      // Every phase there is, so a phase added later is checked too.
      ...SALE_PHASES.map((phase) => ({
        sale: sale({ phase, message: { en: 'CASHIER-ONLY', zh: '收银员' }, errorCode: 'NOT_ENOUGH' }),
        refund: null,
        floor: 0,
      })),
      { sale: sale({ phase: 'paid' }), refund: refund({ final: true, succeeded: true }), floor: 0 },
    ];
    for (const focus of all) {
      const text = JSON.stringify(state(focus));
      for (const secret of ['SECRET', 'CASHIER-ONLY', 'manager reason', 'NOT_ENOUGH']) {
        expect(text).not.toContain(secret);
      }
    }
  });
});

describe('what the display follows', () => {
  const inProgress: DisplayFocus = {
    sale: sale({ id: 'S2', createdAt: 2_000, phase: 'waiting_customer' }),
    refund: null,
    floor: 0,
  };

  it('a newer sale takes over; an older sale settling in the background does not', () => {
    const older = followEvent(inProgress, { type: 'sale', sale: sale({ id: 'S1', phase: 'paid' }) });
    expect(older).toBe(inProgress);
    const newer = followEvent(inProgress, { type: 'sale', sale: sale({ id: 'S3', createdAt: 3_000 }) });
    expect(newer.sale?.id).toBe('S3');
  });

  it('a late payment refund of an older sale shows only while nobody is paying', () => {
    const late = sale({ id: 'S1', phase: 'late_refunded' });
    expect(followEvent(inProgress, { type: 'sale', sale: late })).toBe(inProgress);
    const free: DisplayFocus = {
      sale: sale({ id: 'S2', createdAt: 2_000, phase: 'paid' }),
      refund: null,
      floor: 0,
    };
    expect(followEvent(free, { type: 'sale', sale: late }).sale?.id).toBe('S1');
  });

  it("a sale's message ends when the counter moves on; its background updates never bring it back", () => {
    const stopped: DisplayFocus = {
      sale: sale({ id: 'S2', createdAt: 2_000, phase: 'unresolved' }),
      refund: null,
      floor: 0,
    };
    expect(state(stopped).detail?.en).toContain('Please do not pay again');
    const free = followEvent(stopped, { type: 'counter-free', saleId: 'S2' });
    expect(state(free)).toMatchObject({ screen: 'idle', amountCents: null });
    // Another sale's counter-free changes nothing.
    expect(followEvent(stopped, { type: 'counter-free', saleId: 'S9' })).toBe(stopped);
    // The stopped sale settling later stays off the screen; the next sale takes it.
    expect(
      followEvent(free, { type: 'sale', sale: sale({ id: 'S2', createdAt: 2_000, phase: 'paid' }) }),
    ).toBe(free);
    const next = followEvent(free, {
      type: 'sale',
      sale: sale({ id: 'S3', createdAt: 3_000, phase: 'awaiting_code' }),
    });
    expect(state(next).screen).toBe('scan');
  });

  it('a refund never interrupts a customer who is paying; other events change nothing', () => {
    expect(followEvent(inProgress, { type: 'refund', refund: refund() })).toBe(inProgress);
    expect(followEvent(inProgress, { type: 'unresolved-count', count: 2 })).toBe(inProgress);
    expect(
      followEvent(inProgress, { type: 'scan-accepted', platform: 'ALIPAY', maskedCode: '****1234' }),
    ).toBe(inProgress);
  });
});

describe('CNY estimate', () => {
  it('is exact and rounds half up', () => {
    expect(estimateFor(1250, '4.7123')).toEqual({ fen: 5890, rate: '4.7123' });
    expect(estimateFor(100, '4.705')).toEqual({ fen: 471, rate: '4.705' });
    expect(estimateFor(100, 'abc')).toBeNull();
    expect(estimateFor(100, '0')).toBeNull();
  });
});
