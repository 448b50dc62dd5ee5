/**
 * History search by any part of a number, by amount in every way a cashier writes it, and by a time range on the
 * shop's clock: on a journal on disk, through the trigram index of schema v9.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openJournal } from '../../../main/journal/journal';
import type { Journal, SaleRow } from '../../../main/journal/types';
import { localInstant, parseLocalDateTime } from '../../../main/shared/local-date-time';
import type { TempJournal } from './fixtures';
import { localTime, openSale, paidSale, startAttempt, tempJournal } from './fixtures';

const SYDNEY = 'Australia/Sydney';
let t: TempJournal;
let j: Journal;
let s: Record<string, SaleRow> = {};
const ids = (rows: SaleRow[]) => rows.map((r) => r.id);

beforeAll(() => {
  t = tempJournal(SYDNEY);
  j = t.journal;
  s = {
    // Just before and just after midnight on the shop's clock (13:50 and 14:10 UTC the day before).
    late: paidSale(j, {
      at: localTime('2025-03-14', '23:50'),
      amountCents: 1880,
      orderNo: 'TR2503140010011431867',
    }).sale,
    early: paidSale(j, {
      at: localTime('2025-03-15', '00:10'),
      amountCents: 188_000,
      orderNo: 'TR2503150010019955001',
    }).sale,
    other: paidSale(j, {
      at: localTime('2025-03-15', '09:30'),
      amountCents: 999,
      orderNo: 'WE1709157514475751',
    }).sale,
  };
});
afterAll(() => t.cleanup());

describe('search by any part of an order number', () => {
  it('finds the last digits, the middle and the start of an order_no, in either case', () => {
    expect(ids(j.searchSales({ text: '1431867' }))).toEqual([s.late!.id]);
    expect(ids(j.searchSales({ text: '0010019955' }))).toEqual([s.early!.id]);
    expect(ids(j.searchSales({ text: 'TR25031' }))).toEqual(ids([s.early!, s.late!]));
    expect(ids(j.searchSales({ text: 'we17091' }))).toEqual([s.other!.id]);
    expect(j.searchSales({ text: '1431868' })).toEqual([]);
    // With a status (the plan that joins sales), and a long text checked in full beyond its looked-up window.
    expect(ids(j.searchSales({ text: '2503140010011431867', statuses: ['paid'] }))).toEqual([s.late!.id]);
    expect(j.searchSales({ text: '2503140010011431860', statuses: ['paid'] })).toEqual([]);
    expect(j.searchSales({ text: '1431867', statuses: ['unresolved'] })).toEqual([]);
  });

  it('finds any part of an out_order_no (the receipt number)', () => {
    const out = j.listAttempts(s.early!.id)[0]!.outOrderNo;
    expect(ids(j.searchSales({ text: out.slice(5) }))).toEqual([s.early!.id]);
    expect(ids(j.searchSales({ text: out.slice(3, 12).toLowerCase() }))).toContain(s.early!.id);
  });

  it('finds an order number the gateway named after the attempt was written (the index follows the update)', () => {
    const sale = openSale(j, { at: localTime('2025-03-16', '10:00'), amountCents: 4321 });
    const a = startAttempt(j, sale, localTime('2025-03-16', '10:00'));
    expect(j.searchSales({ text: '7700123' })).toEqual([]);
    j.updateAttempt(
      a.id,
      { status: 'unknown', orderNo: 'TR2503160017700123' },
      localTime('2025-03-16', '10:01'),
    );
    expect(ids(j.searchSales({ text: '7700123' }))).toEqual([sale.id]);
    j.updateAttempt(a.id, { orderNo: 'TR2503160012200456' }, localTime('2025-03-16', '10:02'));
    expect(j.searchSales({ text: '7700123' })).toEqual([]);
    expect(ids(j.searchSales({ text: '2200456' }))).toEqual([sale.id]);
  });

  it('matches only the start for one or two characters (the index needs three)', () => {
    expect(ids(j.searchSales({ text: 'WE' }))).toEqual([s.other!.id]);
    expect(j.searchSales({ text: '17' })).toEqual([]);
  });

  it('treats FTS5 syntax as plain text that matches nothing', () => {
    for (const text of ['"1431867', '1431867*', 'NEAR(a b)', 'a OR b', "'; DROP TABLE sales; --"]) {
      expect(() => j.searchSales({ text })).not.toThrow();
      expect(j.searchSales({ text }).map((r) => r.id)).not.toContain(s.early!.id);
    }
  });
});

describe('search by amount', () => {
  it.each(['18.80', '18.8', '$18.80', 'A$ 18.80', 'A$18.80'])('"%s" finds the A$ 18.80 sale only', (text) => {
    expect(ids(j.searchSales({ text }))).toEqual([s.late!.id]);
  });

  it('reads bare digits as cents and as dollars: "1880" finds A$ 18.80 and A$ 1,880.00', () => {
    expect(ids(j.searchSales({ text: '1880' }))).toEqual(ids([s.early!, s.late!]));
    expect(ids(j.searchSales({ text: '1,880' }))).toEqual([s.early!.id]);
    expect(ids(j.searchSales({ text: '999' }))).toEqual([s.other!.id]);
  });
});

describe('search by a time range on the shop clock', () => {
  const at = (text: string) => localInstant(parseLocalDateTime(text, 'dmy')!, SYDNEY);

  it('a range across midnight finds the sales either side of it', () => {
    const range = { from: at('14/3/2025 23:00'), to: at('15/3/2025 01:00') };
    expect(ids(j.searchSales(range))).toEqual(ids([s.early!, s.late!]));
    expect(ids(j.searchSales({ ...range, text: '18.80' }))).toEqual([s.late!.id]);
    expect(ids(j.searchSales({ ...range, text: '1431867' }))).toEqual([s.late!.id]);
  });

  it('a day written without a time starts at the shop’s midnight, not UTC’s', () => {
    expect(ids(j.searchSales({ from: at('15/3/2025'), to: at('16/3/2025') }))).toEqual(
      ids([s.other!, s.early!]),
    );
    expect(ids(j.searchSales({ from: at('14/3/2025'), to: at('15/3/2025') }))).toEqual([s.late!.id]);
  });
});

describe('migration v9 on an existing journal', () => {
  it('backfills the index, so numbers written before the upgrade are found', () => {
    const u = tempJournal(SYDNEY);
    try {
      const sale = paidSale(u.journal, {
        at: localTime('2025-03-14', '12:00'),
        orderNo: 'TR2503140099912345',
      }).sale;
      const path = u.journal.path;
      u.journal.close();
      // Back to version 8: no search index (v9) and none of the later versions' tables, as a journal written by
      // the release before the index.
      const db = new Database(path);
      db.exec(`DROP TABLE refunds_elsewhere;
        DROP TRIGGER attempt_numbers_insert; DROP TRIGGER attempt_numbers_update;
        DROP TABLE attempt_numbers; PRAGMA user_version = 8;`);
      db.close();
      const reopened = openJournal({ dir: u.dir, timeZone: SYDNEY });
      u.journal = reopened;
      expect(ids(reopened.searchSales({ text: '99912345' }))).toEqual([sale.id]);
    } finally {
      u.cleanup();
    }
  });
});
