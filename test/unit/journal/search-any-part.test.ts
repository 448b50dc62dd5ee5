/**
 * History search by any part of a number, by amount in every way a cashier writes it, and by a time range on the
 * shop's clock: on a journal on disk, through the trigram index of schema v9.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openJournal } from '../../../main/journal/journal';
import { MIGRATIONS, migrate } from '../../../main/journal/migrations';
import type { Journal, SaleRow } from '../../../main/journal/types';
import { localInstant, parseLocalDateTime } from '../../../main/shared/local-date-time';
import type { TempJournal } from './fixtures';
import { localTime, openSale, paidSale, startAttempt, tempDir, tempJournal } from './fixtures';

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
    const root = tempDir();
    const dir = join(root, 'data');
    let reopened: Journal | null = null;
    try {
      // A journal written by the release before the index: built to version 8, with a paid sale written by SQL.
      mkdirSync(dir, { recursive: true });
      const db = new Database(join(dir, 'journal.sqlite'));
      migrate(db, MIGRATIONS.slice(0, 8));
      const at = localTime('2025-03-14', '12:00');
      db.exec(`
        INSERT INTO sessions (business_date, seq, opened_at) VALUES ('2025-03-14', 1, ${at});
        INSERT INTO sales (id, pos_no, kind, amount_cents, currency, order_name, platform, status, created_at,
          updated_at, business_date) VALUES ('S1', 'POS01', 'scan', 1000, 'AUD', 'x', 'WECHATPAY', 'in_progress',
          ${at}, ${at}, '2025-03-14');
        INSERT INTO sale_sessions (sale_id, session_id) VALUES ('S1', 1);
        INSERT INTO attempts (id, sale_id, seq, kind, out_order_no, platform, status, order_no, created_at,
          updated_at, sale_created_at) VALUES ('A1', 'S1', 1, 'scan', 'POS012503140001', 'WECHATPAY', 'paid',
          'TR2503140099912345', ${at}, ${at}, ${at});
        UPDATE sales SET status = 'paid', paid_attempt_id = 'A1', paid_at = ${at} WHERE id = 'S1';
      `);
      db.close();
      reopened = openJournal({ dir, timeZone: SYDNEY });
      expect(ids(reopened.searchSales({ text: '99912345' }))).toEqual(['S1']);
    } finally {
      reopened?.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
