import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Journal, SaleRow } from '../../../main/journal/types';
import type { TempJournal } from './fixtures';
import { localTime, openSale, paidSale, startAttempt, tempJournal } from './fixtures';

let t: TempJournal;
let j: Journal;
const D1 = localTime('2024-03-14', '09:00');
const D2 = localTime('2024-03-15', '09:00');
const D3 = localTime('2024-03-16', '09:00');
let s: Record<string, SaleRow> = {};

beforeAll(() => {
  t = tempJournal();
  j = t.journal;
  s = {
    a: paidSale(j, { at: D1, amountCents: 1250, orderNo: 'OMAAA1001' }).sale,
    b: paidSale(j, { at: D2, amountCents: 1250, orderNo: 'OMAAA1002', platform: 'ALIPAY' }).sale,
    c: paidSale(j, { at: D2 + 60_000, amountCents: 999, orderNo: 'OMBBB2001' }).sale,
    d: paidSale(j, { at: D3, amountCents: 123_456, orderNo: 'OMBBB2002' }).sale,
  };
  const e = openSale(j, { at: D3 + 1000, amountCents: 1250 });
  startAttempt(j, e, D3 + 1000);
  s.e = j.updateSale(e.id, { status: 'unresolved' }, D3 + 2000);
  s.f = openSale(j, { at: D3 + 3000, amountCents: 500 });
});
afterAll(() => t.cleanup());

const ids = (rows: SaleRow[]) => rows.map((r) => r.id);

describe('searchSales', () => {
  it('lists everything newest first by default', () => {
    expect(ids(j.searchSales({}))).toEqual(ids([s.f!, s.e!, s.d!, s.c!, s.b!, s.a!]));
  });

  it('finds by order_no prefix, full order_no, and lower-case typing of a prefix', () => {
    expect(ids(j.searchSales({ text: 'OMAAA' }))).toEqual(ids([s.b!, s.a!]));
    expect(ids(j.searchSales({ text: 'OMBBB2001' }))).toEqual([s.c!.id]);
    expect(ids(j.searchSales({ text: 'ombbb' }))).toEqual(ids([s.d!, s.c!]));
    expect(j.searchSales({ text: 'OMZZZ' })).toEqual([]);
  });

  it('finds by out_order_no prefix (the receipt number)', () => {
    expect(ids(j.searchSales({ text: 'POS01240315' }))).toEqual(ids([s.c!, s.b!]));
    const attempt = j.listAttempts(s.e!.id)[0]!;
    expect(ids(j.searchSales({ text: attempt.outOrderNo }))).toEqual([s.e!.id]);
    expect(ids(j.searchSales({ outOrderNo: attempt.outOrderNo }))).toEqual([s.e!.id]);
    expect(j.searchSales({ outOrderNo: attempt.outOrderNo.slice(0, -1) })).toEqual([]);
  });

  it('finds by exact order_no field', () => {
    expect(ids(j.searchSales({ orderNo: 'OMAAA1002' }))).toEqual([s.b!.id]);
  });

  it('finds by amount typed as money', () => {
    expect(ids(j.searchSales({ text: '12.50' }))).toEqual(ids([s.e!, s.b!, s.a!]));
    expect(ids(j.searchSales({ text: '12.5' }))).toEqual(ids([s.e!, s.b!, s.a!]));
    expect(ids(j.searchSales({ text: '$1,234.56' }))).toEqual([s.d!.id]);
    expect(ids(j.searchSales({ text: '9.99' }))).toEqual([s.c!.id]);
    expect(ids(j.searchSales({ amountCents: 500 }))).toEqual([s.f!.id]);
  });

  it('combines text with date range and statuses', () => {
    const day = { from: localTime('2024-03-15', '00:00'), to: localTime('2024-03-16', '00:00') };
    expect(ids(j.searchSales({ ...day }))).toEqual(ids([s.c!, s.b!]));
    expect(ids(j.searchSales({ text: '12.50', ...day }))).toEqual([s.b!.id]);
    expect(ids(j.searchSales({ text: '12.50', statuses: ['unresolved'] }))).toEqual([s.e!.id]);
    expect(ids(j.searchSales({ statuses: ['unresolved', 'open'] }))).toEqual(ids([s.f!, s.e!]));
    expect(ids(j.searchSales({ statuses: ['paid'], from: D3 }))).toEqual([s.d!.id]);
    expect(j.searchSales({ statuses: [] })).toEqual([]);
    expect(j.searchSales({ from: D3, to: D1 })).toEqual([]);
  });

  it('combines a number prefix with a date range (index-only plan) and with statuses (join plan)', () => {
    const day2 = { from: localTime('2024-03-15', '00:00'), to: localTime('2024-03-16', '00:00') };
    expect(ids(j.searchSales({ text: 'OM', ...day2 }))).toEqual(ids([s.c!, s.b!]));
    expect(ids(j.searchSales({ text: 'POS01', from: D3 }))).toEqual(ids([s.e!, s.d!]));
    expect(ids(j.searchSales({ text: 'POS01', to: D2 }))).toEqual([s.a!.id]);
    expect(ids(j.searchSales({ text: 'OM', statuses: ['paid'], to: D3 }))).toEqual(ids([s.c!, s.b!, s.a!]));
    expect(ids(j.searchSales({ text: 'POS01', statuses: ['unresolved'] }))).toEqual([s.e!.id]);
    expect(ids(j.searchSales({ text: 'OMAAA', amountCents: 1250, from: D2 }))).toEqual([s.b!.id]);
  });

  it('lists a sale once when several of its attempts match', () => {
    const bt = tempJournal();
    try {
      const bj = bt.journal;
      const sale = openSale(bj, { at: D1 });
      const a1 = startAttempt(bj, sale, D1);
      bj.updateAttempt(a1.id, { status: 'declined', orderNo: 'OMDUP1' }, D1 + 1);
      startAttempt(bj, sale, D1 + 2);
      const other = openSale(bj, { at: D1 + 5 });
      expect(ids(bj.searchSales({ text: 'POS01' }))).toEqual([sale.id]);
      expect(bj.searchSales({}).map((r) => r.id)).toEqual([other.id, sale.id]);
      expect(ids(bj.searchSales({ text: 'POS01', statuses: ['in_progress'] }))).toEqual([sale.id]);
      expect(ids(bj.searchSales({ text: 'OMDUP' }))).toEqual([sale.id]);
    } finally {
      bt.cleanup();
    }
  });

  it('breaks ties of equal times the same way in every plan', () => {
    const bt = tempJournal();
    try {
      const bj = bt.journal;
      const same = ['s-b', 's-a', 's-c'].map((id) => paidSale(bj, { id, at: D1, amountCents: 700 }).sale);
      const want = ['s-c', 's-b', 's-a'];
      expect(ids(bj.searchSales({}))).toEqual(want);
      expect(ids(bj.searchSales({ text: '7.00' }))).toEqual(want);
      expect(ids(bj.searchSales({ text: 'POS01' }))).toEqual(want);
      expect(ids(bj.searchSales({ text: 'POS01', statuses: ['paid'] }))).toEqual(want);
      expect(same).toHaveLength(3);
    } finally {
      bt.cleanup();
    }
  });

  it('pages with limit and offset over merged branches', () => {
    expect(ids(j.searchSales({ limit: 2 }))).toEqual(ids([s.f!, s.e!]));
    expect(ids(j.searchSales({ limit: 2, offset: 2 }))).toEqual(ids([s.d!, s.c!]));
    expect(ids(j.searchSales({ text: '12.50', limit: 1, offset: 1 }))).toEqual([s.b!.id]);
  });

  it('returns full rows', () => {
    expect(j.searchSales({ text: 'OMAAA1001' })[0]).toEqual(j.getSale(s.a!.id));
  });
});

describe('searchSales with a broad prefix (the terminal pos_no matches every attempt)', () => {
  it('walks sales newest first instead of sorting every match', () => {
    const bt = tempJournal();
    try {
      const bj = bt.journal;
      // Over the 5000-match threshold; one transaction and two rows per sale keep the test quick.
      const rows = bj.transaction(() =>
        Array.from({ length: 5200 }, (_, i) => {
          const at = D1 + i * 1000;
          const sale = openSale(bj, { at, amountCents: 100 + (i % 7) });
          const day = sale.businessDate.slice(2).replace(/-/g, '');
          bj.createAttempt({
            id: `att-broad-${i}`,
            saleId: sale.id,
            kind: 'scan',
            outOrderNo: `POS01${day}TEST${String(i).padStart(5, '0')}`,
            paymentCode: null,
            platform: 'ALIPAY',
            createdAt: at,
            status: 'declined',
          });
          return sale;
        }),
      );
      const newest = rows.slice(-3).reverse();
      expect(ids(bj.searchSales({ text: 'POS01', limit: 3 }))).toEqual(ids(newest));
      expect(ids(bj.searchSales({ text: 'POS01', limit: 2, offset: 1 }))).toEqual(ids(newest.slice(1, 3)));
      // A long text whose every window is broad: looked up by one window, each candidate checked in full.
      expect(ids(bj.searchSales({ text: 'pos01240314test', limit: 3 }))).toEqual(ids(newest));
      expect(ids(bj.searchSales({ text: 'POS01240314TEST05199', limit: 3 }))).toEqual([newest[0]!.id]);
      // Below the threshold the other plan runs; both agree.
      const day = rows.filter((r) => r.businessDate === '2024-03-14');
      const prefix = 'POS01240314';
      expect(ids(bj.searchSales({ text: prefix, limit: 500 }))).toEqual(ids(day.reverse().slice(0, 500)));
    } finally {
      bt.cleanup();
    }
  });
});
