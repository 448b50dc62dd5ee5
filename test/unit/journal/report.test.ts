import { describe, expect, it } from 'vitest';
import type { Journal } from '../../../main/journal/types';
import { businessDayRange } from '../../../main/shared/business-date';
import { SYDNEY, eachTempJournal, localTime, openSale, paidSale, refund, startAttempt } from './fixtures';
import { NO_LATE_MONEY, ZERO_REPORT_LINE } from '../../helpers/view-fixtures';

let j: Journal;
eachTempJournal(SYDNEY, (fresh) => {
  j = fresh.journal;
});

// 2024-04-07 in Sydney: daylight saving ends at 03:00 AEDT → 02:00 AEST, so the day has 25 hours and
// 02:00–03:00 happens twice.
const DAY = '2024-04-07';
const START = Date.UTC(2024, 3, 6, 13, 0); // 00:00 AEDT (+11)
const END = Date.UTC(2024, 3, 7, 14, 0); // 00:00 AEST (+10) on the 8th

describe('report', () => {
  it('covers exactly the 25 hours of the DST day', () => {
    expect(businessDayRange(DAY, SYDNEY)).toEqual({ from: START, to: END });
    expect(END - START).toBe(25 * 3600_000);
  });

  it('totals a hand-built day per platform and lists what is not settled apart', () => {
    // Paid on the day, both platforms, including both passes through the repeated 02:30.
    const w1 = paidSale(j, { at: START, amountCents: 10_000, platform: 'WECHATPAY' }); // 00:00 AEDT
    const w2 = paidSale(j, { at: Date.UTC(2024, 3, 6, 15, 30), amountCents: 2_550, platform: 'WECHATPAY' }); // 02:30 AEDT
    const a1 = paidSale(j, { at: Date.UTC(2024, 3, 6, 16, 30), amountCents: 7_000, platform: 'ALIPAY' }); // 02:30 AEST
    paidSale(j, { at: END - 1, amountCents: 1_111, platform: 'ALIPAY' }); // 23:59:59.999 AEST
    // Other days: not counted.
    paidSale(j, { at: START - 1, amountCents: 99_999, platform: 'WECHATPAY' });
    paidSale(j, { at: END, amountCents: 88_888, platform: 'ALIPAY' });
    // Refunds: a partial closed one, an in-flight one (counted and listed), a rejected one (left out),
    // and one made on the next day for a sale of this day (counts on the 8th).
    refund(j, w1, 3_000, START + 3600_000, 'CLOSED');
    const pending = refund(j, a1, 1_000, START + 7200_000, 'APPLIED');
    refund(j, w2, 2_550, START + 7300_000, 'MERCHANTREJECTED');
    refund(j, w2, 500, START + 7400_000, 'rejected');
    refund(j, w2, 50, END + 10, 'CLOSED');
    // Not paid: declined, abandoned, failed → nowhere; unresolved and in_progress → listed apart.
    const dec = openSale(j, { at: START + 100 });
    j.updateSale(dec.id, { status: 'declined' }, START + 101);
    const unr = openSale(j, { at: START + 200, amountCents: 4_200 });
    startAttempt(j, unr, START + 200);
    j.updateSale(unr.id, { status: 'unresolved' }, START + 300);
    const inp = openSale(j, { at: START + 400, amountCents: 300 });
    startAttempt(j, inp, START + 400);
    const otherDayUnresolved = openSale(j, { at: END + 5 });
    startAttempt(j, otherDayUnresolved, END + 5);

    const r = j.report('X', DAY, END + 60_000);
    expect(r).toMatchObject({
      kind: 'X',
      businessDate: DAY,
      from: START,
      to: END,
      generatedAt: END + 60_000,
    });
    expect(r.perPlatform).toEqual([
      {
        platform: 'WECHATPAY',
        salesCount: 2,
        salesCents: 12_550,
        refundsCount: 1,
        refundsCents: 3_000,
        netCents: 9_550,
        ...NO_LATE_MONEY,
      },
      {
        platform: 'ALIPAY',
        salesCount: 2,
        salesCents: 8_111,
        refundsCount: 1,
        refundsCents: 1_000,
        netCents: 7_111,
        ...NO_LATE_MONEY,
      },
    ]);
    expect(r.totals).toEqual({
      salesCount: 4,
      salesCents: 20_661,
      refundsCount: 2,
      refundsCents: 4_000,
      netCents: 16_661,
      ...NO_LATE_MONEY,
    });
    expect(r.unresolved.map((s) => s.id)).toEqual([unr.id, inp.id]);
    expect(r.pendingRefunds.map((x) => x.id)).toEqual([pending.id]);

    const next = j.report('Z', '2024-04-08', END + 60_000);
    expect(next.kind).toBe('Z');
    expect(next.totals).toMatchObject({
      salesCount: 1,
      salesCents: 88_888,
      refundsCount: 1,
      refundsCents: 50,
    });
    expect(next.totals.netCents).toBe(88_838);
    expect(next.unresolved.map((s) => s.id)).toEqual([otherDayUnresolved.id]);
  });

  it('reports an empty day as zeros for both platforms', () => {
    const r = j.report('X', '2024-01-01', Date.UTC(2024, 0, 1));
    expect(r.perPlatform.map((p) => p.platform)).toEqual(['WECHATPAY', 'ALIPAY']);
    expect(r.totals).toEqual({
      ...ZERO_REPORT_LINE,
    });
    expect(r.unresolved).toEqual([]);
    expect(r.pendingRefunds).toEqual([]);
  });

  it('counts the 23-hour day when daylight saving starts', () => {
    const day = '2024-10-06';
    const { from, to } = businessDayRange(day, SYDNEY);
    expect(to - from).toBe(23 * 3600_000);
    paidSale(j, { at: localTime(day, '01:59'), amountCents: 100 });
    paidSale(j, { at: localTime(day, '03:00'), amountCents: 200 }); // 02:00 does not exist that day
    paidSale(j, { at: localTime(day, '23:59'), amountCents: 400 });
    paidSale(j, { at: localTime('2024-10-07', '00:00'), amountCents: 800 });
    expect(j.report('X', day, to).totals.salesCents).toBe(700);
  });

  it('a paid sale with an unknown platform is reported under UNKNOWN, not dropped', () => {
    const at = localTime('2024-05-01', '12:00');
    const s = openSale(j, { at, amountCents: 1234 });
    const a = j.createAttempt({
      id: 'att-np',
      saleId: s.id,
      kind: 'qr',
      outOrderNo: j.nextOutOrderNo('POS01', at),
      paymentCode: null,
      platform: null,
      createdAt: at,
    });
    j.updateAttempt(a.id, { status: 'paid', orderNo: 'OMNP' }, at);
    j.updateSale(s.id, { status: 'paid', paidAttemptId: a.id }, at);
    const r = j.report('X', '2024-05-01', at);
    expect(r.perPlatform.find((p) => p.platform === 'UNKNOWN')).toMatchObject({
      salesCount: 1,
      salesCents: 1234,
    });
    expect(r.totals.salesCents).toBe(1234);
  });
});
