/**
 * The shop's time zone against a fixed clock (explicit instants): a terminal whose machine zone is UTC in a
 * Melbourne shop, a change of zone that applies at once, midnight, and both daylight-saving changes of 2026
 * (Melbourne: first Sunday of April, 3:00 → 2:00; first Sunday of October, 2:00 → 3:00). Sale rows, reports and
 * CSV rows agree on the date; an open shift keeps the business date it opened on.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { localDateTime } from '../../../main/receipts/format';
import { businessDateOf, businessDayRange } from '../../../main/shared/business-date';
import { paidSale, tempJournal, type TempJournal } from './fixtures';

const MELBOURNE = 'Australia/Melbourne';
const at = (iso: string) => Date.parse(iso);
let t: TempJournal | null = null;
afterEach(() => {
  t?.cleanup();
  t = null;
});

function csvIds(csv: string): string[] {
  return csv
    .split('\r\n')
    .slice(1)
    .filter((line) => line !== '')
    .map((line) => line.split(',')[0] ?? '');
}

function csvDates(csv: string): string[] {
  return [...csv.matchAll(/(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}:\d{2}([+-]\d{2}:\d{2})/g)].map(
    (m) => `${m[1]}${m[2]}`,
  );
}

describe('a Melbourne shop on a machine set to UTC', () => {
  it('a morning sale belongs to the local day once the zone is set, at once, without reopening the journal', () => {
    t = tempJournal('UTC');
    const j = t.journal;
    // 08:30 on Monday 7 December in Melbourne (AEDT, +11:00) is still Sunday 6 December in UTC.
    const morning = at('2026-12-06T21:30:00Z');
    const before = paidSale(j, { at: morning, amountCents: 500 });
    expect(before.sale.businessDate).toBe('2026-12-06');
    const shift = j.currentSession();
    expect(shift?.businessDate).toBe('2026-12-06');

    j.setTimeZone(MELBOURNE);
    expect(j.timeZone).toBe(MELBOURNE);
    const after = paidSale(j, { at: morning + 60_000, amountCents: 700 });
    expect(after.sale.businessDate).toBe('2026-12-07');
    // The open shift keeps the date it opened on; both sales are in it.
    expect(j.currentSession()?.id).toBe(shift?.id);
    expect(j.currentSession()?.businessDate).toBe('2026-12-06');

    // Rows keep the business date they were written with: the day report of the 7th holds the new sale, the
    // 6th the one made before the change.
    const day = j.report('X', '2026-12-07', morning + 120_000);
    expect(day.totals.salesCount).toBe(1);
    expect(day.totals.salesCents).toBe(700);
    expect(j.report('X', '2026-12-06', morning + 120_000).totals.salesCents).toBe(500);

    // History's "today", the CSV and its rows select by that same recorded date: the 7th's lists the new sale
    // alone, on Melbourne's clock with its offset (not +00:00); the 6th's the one made before the change.
    expect(j.searchSales({ businessDate: '2026-12-07' }).map((s) => s.id)).toEqual([after.sale.id]);
    expect(j.searchSales({ businessDate: '2026-12-06' }).map((s) => s.id)).toEqual([before.sale.id]);
    const csv7 = j.exportDayCsv('2026-12-07').salesCsv;
    expect(csvIds(csv7)).toEqual([after.sale.id]);
    expect(new Set(csvDates(csv7))).toEqual(new Set(['2026-12-07+11:00']));
    expect(csvIds(j.exportDayCsv('2026-12-06').salesCsv)).toEqual([before.sale.id]);
  });

  it('refuses an unknown zone and keeps the one it had', () => {
    t = tempJournal(MELBOURNE);
    expect(() => t!.journal.setTimeZone('Mars/Olympus_Mons')).toThrow(/unknown time zone/);
    expect(t.journal.timeZone).toBe(MELBOURNE);
  });
});

describe('across midnight and daylight saving in Melbourne', () => {
  it('a second before and at local midnight fall on different days', () => {
    t = tempJournal(MELBOURNE);
    const lastSecond = at('2026-12-07T12:59:59Z'); // 23:59:59 AEDT on the 7th
    const a = paidSale(t.journal, { at: lastSecond });
    const b = paidSale(t.journal, { at: lastSecond + 1000 });
    expect([a.sale.businessDate, b.sale.businessDate]).toEqual(['2026-12-07', '2026-12-08']);
    expect(t.journal.report('X', '2026-12-07', lastSecond + 5_000).totals.salesCount).toBe(1);
    expect(t.journal.report('X', '2026-12-08', lastSecond + 5_000).totals.salesCount).toBe(1);
    for (const [day, sale] of [
      ['2026-12-07', a.sale],
      ['2026-12-08', b.sale],
    ] as const) {
      expect(t.journal.searchSales({ businessDate: day }).map((s) => s.id)).toEqual([sale.id]);
      expect(csvIds(t.journal.exportDayCsv(day).salesCsv)).toEqual([sale.id]);
      expect(localDateTime(sale.createdAt, MELBOURNE).slice(0, 10)).toBe(day);
    }
  });

  it.each([
    // First Sunday of April 2026: 03:00 AEDT becomes 02:00 AEST, a 25-hour day.
    {
      date: '2026-04-05',
      hours: 25,
      first: '2026-04-04T13:30:00Z',
      last: '2026-04-05T13:30:00Z',
      offsets: ['+11:00', '+10:00'],
    },
    // First Sunday of October 2026: 02:00 AEST becomes 03:00 AEDT, a 23-hour day.
    {
      date: '2026-10-04',
      hours: 23,
      first: '2026-10-03T14:30:00Z',
      last: '2026-10-04T12:30:00Z',
      offsets: ['+10:00', '+11:00'],
    },
  ])(
    '$date has $hours hours; its first and last half hour are in its History, report, Z, CSV and receipts',
    ({ date, hours, first, last, offsets }) => {
      t = tempJournal(MELBOURNE);
      const range = businessDayRange(date, MELBOURNE);
      expect((range.to - range.from) / 3_600_000).toBe(hours);
      const early = paidSale(t.journal, { at: at(first), amountCents: 100 });
      const late = paidSale(t.journal, { at: at(last), amountCents: 200 });
      expect([early.sale.businessDate, late.sale.businessDate]).toEqual([date, date]);
      expect(businessDateOf(at(last) + 3_600_000, MELBOURNE)).not.toBe(date);
      const report = t.journal.report('X', date, at(last) + 60_000);
      expect(report.totals.salesCount).toBe(2);
      expect(report.totals.salesCents).toBe(300);
      const created = csvDates(t.journal.exportDayCsv(date).salesCsv);
      expect(created).toEqual(csvDates(t.journal.exportCsv(range.from, range.to).salesCsv));
      expect(t.journal.searchSales({ businessDate: date }).map((s) => s.id)).toEqual([
        late.sale.id,
        early.sale.id,
      ]);
      expect(created).toContain(`${date}${offsets[0]}`);
      expect(created).toContain(`${date}${offsets[1]}`);
      // The receipt's date (the sale's time on the shop's clock) and the shift's Z say the same day.
      for (const s of [early.sale, late.sale])
        expect(localDateTime(s.createdAt, MELBOURNE).slice(0, 10)).toBe(date);
      const shift = t.journal.currentSession();
      expect(shift?.businessDate).toBe(date);
      const z = t.journal.closeSession(shift!.id, at(last) + 120_000, false);
      expect(z.totals.salesCents).toBe(300);
    },
  );
});
