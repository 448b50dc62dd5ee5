/**
 * Sales insights on a journal file seeded with sales across platforms and hours (paid, voided with and without a
 * late payment, refunded fully, partly, in flight and rejected, declined and unresolved): every bucket equals a
 * ledger added up by hand from the seed's own words (its date and wall-clock time), not from the code's hour
 * arithmetic. Ranges across both Sydney clock changes count the right days and hours.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { InsightTotalsView, SalesInsightsView } from '../../../contract/insights-views';
import type { AttemptRow, Journal, SaleRow } from '../../../main/journal/types';
import { isJournalError } from '../../../main/journal/errors';
import { hourPlan } from '../../../main/journal/insights';
import { DAY_COLUMNS, QUARTER_COLUMNS, V12_BACKFILL } from '../../../main/journal/schema/v12-sales-quarters';
import { V13_BACKFILL, V13_COLUMNS } from '../../../main/journal/schema/v13-sales-month-quarters';
import { businessDayRange } from '../../../main/shared/business-date';
import { offsetSpans } from '../../../main/shared/zone-spans';
import type { Platform } from '../../../main/shared/platform';
import {
  SYDNEY,
  eachTempJournal,
  localTime,
  openSale,
  paidSale,
  refund,
  startAttempt,
  tempJournal,
} from './fixtures';

let j: Journal;
eachTempJournal(SYDNEY, (fresh) => {
  j = fresh.journal;
});

/**
 * The running totals the triggers kept, against the same totals built afresh from the rows by the migration's
 * own backfill (into temporary tables of the same names, which shadow the real ones on this connection).
 */
function expectTotalsRebuiltEqual(): void {
  const db = new Database(j.path);
  try {
    const nonZero = (schema: string, table: string, columns: readonly string[]) =>
      db
        .prepare(
          `SELECT * FROM ${schema}.${table} WHERE ${columns.map((c) => `${c} <> 0`).join(' OR ')} ORDER BY 1, 2, 3`,
        )
        .all();
    for (const table of ['sales_quarters', 'sales_days']) {
      db.exec(`CREATE TEMP TABLE ${table} AS SELECT * FROM main.${table} WHERE false`);
    }
    db.exec(V12_BACKFILL);
    expect(nonZero('main', 'sales_quarters', QUARTER_COLUMNS)).toEqual(
      nonZero('temp', 'sales_quarters', QUARTER_COLUMNS),
    );
    expect(nonZero('main', 'sales_days', DAY_COLUMNS)).toEqual(nonZero('temp', 'sales_days', DAY_COLUMNS));
    expect(nonZero('temp', 'sales_days', DAY_COLUMNS).length).toBeGreaterThan(0);
  } finally {
    db.close();
  }
}

/**
 * The month totals (migration 13) the triggers on sales_quarters kept, against the same rebuilt by the
 * migration's own backfill from sales_quarters, and against sales_quarters summed by month in plain SQL.
 */
function expectMonthTotalsEqual(): void {
  const db = new Database(j.path);
  try {
    const nonZero = (from: string) =>
      db
        .prepare(
          `SELECT * FROM ${from} WHERE ${V13_COLUMNS.map((c) => `${c} <> 0`).join(' OR ')} ORDER BY 1, 2`,
        )
        .all();
    db.exec('CREATE TEMP TABLE sales_month_quarters AS SELECT * FROM main.sales_month_quarters WHERE false');
    db.exec(V13_BACKFILL);
    const kept = nonZero('main.sales_month_quarters');
    expect(kept).toEqual(nonZero('temp.sales_month_quarters'));
    expect(kept).toEqual(
      nonZero(`(SELECT substr(business_date, 1, 7) AS month, quarter % 96 AS quarter_of_day,
        ${V13_COLUMNS.map((c) => `sum(${c}) AS ${c}`).join(', ')} FROM main.sales_quarters GROUP BY 1, 2)`),
    );
    expect(kept.length).toBeGreaterThan(0);
  } finally {
    db.close();
  }
}

/** One line of the hand ledger: what the seed did, in the shop's words. */
interface Line {
  saleId: string;
  kind: 'sale' | 'late' | 'refund' | 'lateRefund';
  date: string;
  hour: number;
  platform: Platform;
  cents: number;
  /** CNY fen the sale carries (sales only); undefined: none. */
  fen?: number;
  /** Who took the sale, or asked for the refund; undefined before people were recorded. */
  person?: string;
  refundId?: string;
}

/** Writes a person column of a row, as the counter does when people are in use. */
function setPerson(sql: string, personId: string, rowId: string): void {
  const db = new Database(j.path);
  try {
    db.prepare(sql).run(personId, rowId);
  } finally {
    db.close();
  }
}

/** Names who took a sale: its own lines belong to them (its refunds to whoever asked for them). */
function takenBy(ledger: Line[], saleId: string, personId: string): void {
  setPerson('UPDATE sales SET person_id = ? WHERE id = ?', personId, saleId);
  for (const l of ledger)
    if (l.saleId === saleId && (l.kind === 'sale' || l.kind === 'late')) l.person = personId;
}

/** Names who asked for a refund, as the X/Z/day report counts refunds per person. */
function askedBy(ledger: Line[], refundId: string, personId: string): void {
  setPerson('UPDATE refunds SET requested_by = ? WHERE id = ?', personId, refundId);
  for (const l of ledger) if (l.refundId === refundId) l.person = personId;
}

/** A sale paid in the shop's wall-clock time, with its CNY figure set as the gateway (or its rate) gave it. */
function sale(
  ledger: Line[],
  date: string,
  time: string,
  cents: number,
  platform: Platform,
  cny?: { fen?: number; rateScaled?: string },
) {
  const at = localTime(date, time);
  const paid = paidSale(j, { at, amountCents: cents, platform });
  if (cny) {
    j.updateAttempt(
      paid.attempt.id,
      { cnyAmount: cny.fen ?? null, exchangeRateScaled: cny.rateScaled ?? null, payCurrency: 'CNY' },
      at + 2000,
    );
  }
  const fen =
    cny?.fen ?? (cny?.rateScaled ? Math.round((cents * Number(cny.rateScaled)) / 100_000_000) : undefined);
  ledger.push({
    saleId: paid.sale.id,
    kind: 'sale',
    date,
    hour: Number(time.slice(0, 2)),
    platform,
    cents,
    fen,
  });
  return paid;
}

/** A sale voided whose payment landed anyway, as the engine journals it. */
function late(ledger: Line[], date: string, time: string, cents: number, platform: Platform) {
  const at = localTime(date, time);
  const s0 = openSale(j, { at, amountCents: cents });
  const a0 = startAttempt(j, s0, at, platform);
  j.updateSale(s0.id, { status: 'voided', statusReason: 'VOIDED' }, at + 100);
  const attempt = j.updateAttempt(
    a0.id,
    { status: 'paid', orderNo: `OM${s0.id}`, payTime: at + 200, resolvedBy: 'query' },
    at + 200,
  );
  const s = j.updateSale(s0.id, { paidAttemptId: attempt.id }, at + 200);
  ledger.push({ saleId: s.id, kind: 'late', date, hour: Number(time.slice(0, 2)), platform, cents });
  return { sale: s, attempt };
}

function giveBack(
  ledger: Line[],
  paid: { sale: SaleRow; attempt: AttemptRow },
  date: string,
  time: string,
  cents: number,
  status: Parameters<typeof refund>[4] = 'CLOSED',
): string {
  const made = refund(j, paid, cents, localTime(date, time), status);
  const failed = status === 'MERCHANTREJECTED' || status === 'rejected';
  if (!failed) {
    ledger.push({
      saleId: paid.sale.id,
      refundId: made.id,
      kind: paid.sale.status === 'voided' ? 'lateRefund' : 'refund',
      date,
      hour: Number(time.slice(0, 2)),
      platform: paid.sale.platform as Platform,
      cents,
    });
  }
  return made.id;
}

/** The ledger's lines that `pick` keeps, added up the plain way. */
function expected(ledger: Line[], pick: (l: Line) => boolean): InsightTotalsView {
  const lines = ledger.filter(pick);
  const sum = (kinds: Line['kind'][]) => lines.filter((l) => kinds.includes(l.kind));
  const cents = (ls: Line[]) => ls.reduce((a, l) => a + l.cents, 0);
  const sales = sum(['sale']);
  const lates = sum(['late']);
  const refunds = sum(['refund', 'lateRefund']);
  const lateRefunds = sum(['lateRefund']);
  const withCny = sales.filter((l) => l.fen !== undefined);
  return {
    salesCount: sales.length,
    salesCents: cents(sales),
    refundsCount: refunds.length,
    refundsCents: cents(refunds),
    netCents: cents(sales) + cents(lates) - cents(refunds),
    latePaymentsCount: lates.length,
    latePaymentsCents: cents(lates),
    lateRefundsCount: lateRefunds.length,
    lateRefundsCents: cents(lateRefunds),
    cnyFen: withCny.reduce((a, l) => a + (l.fen ?? 0), 0),
    cnySalesCount: withCny.length,
  };
}

const totalsOf = <T extends InsightTotalsView>(t: T): InsightTotalsView => ({
  salesCount: t.salesCount,
  salesCents: t.salesCents,
  refundsCount: t.refundsCount,
  refundsCents: t.refundsCents,
  netCents: t.netCents,
  latePaymentsCount: t.latePaymentsCount,
  latePaymentsCents: t.latePaymentsCents,
  lateRefundsCount: t.lateRefundsCount,
  lateRefundsCents: t.lateRefundsCents,
  cnyFen: t.cnyFen,
  cnySalesCount: t.cnySalesCount,
});

/** Every bucket of `r` against the ledger lines of its range. */
function checkAgainstLedger(r: SalesInsightsView, ledger: Line[]): void {
  const inRange = (l: Line) => l.date >= r.from && l.date <= r.to;
  expect(totalsOf(r.totals)).toEqual(expected(ledger, inRange));
  for (const h of r.byHour) {
    expect(totalsOf(h), `hour ${h.hour}`).toEqual(expected(ledger, (l) => inRange(l) && l.hour === h.hour));
  }
  for (const d of r.byDay) {
    expect(totalsOf(d), d.businessDate).toEqual(expected(ledger, (l) => l.date === d.businessDate));
  }
  for (const p of r.byPlatform) {
    expect(totalsOf(p), p.platform).toEqual(expected(ledger, (l) => inRange(l) && l.platform === p.platform));
  }
  const people = new Set(ledger.filter(inRange).map((l) => l.person ?? null));
  expect(new Set(r.byPerson.map((p) => p.personId))).toEqual(people);
  for (const p of r.byPerson) {
    expect(totalsOf(p), String(p.personId)).toEqual(
      expected(ledger, (l) => inRange(l) && (l.person ?? null) === p.personId),
    );
  }
}

/** Noise the insights must leave out: declined, unresolved, in progress, voided with nothing paid. */
function noise(date: string, time: string) {
  const at = localTime(date, time);
  const declined = openSale(j, { at, amountCents: 900 });
  j.updateSale(declined.id, { status: 'declined' }, at + 1);
  const stuck = openSale(j, { at: at + 10, amountCents: 4_200 });
  startAttempt(j, stuck, at + 10);
  j.updateSale(stuck.id, { status: 'unresolved' }, at + 20);
  const open = openSale(j, { at: at + 30, amountCents: 300 });
  startAttempt(j, open, at + 30, 'ALIPAY');
  const voided = openSale(j, { at: at + 40, amountCents: 777 });
  startAttempt(j, voided, at + 40);
  j.updateSale(voided.id, { status: 'voided', statusReason: 'VOIDED' }, at + 50);
}

describe('sales insights', () => {
  it('adds every bucket of a seeded week up to the hand ledger, with CNY and the week before', () => {
    const ledger: Line[] = [];
    j.people.create({ id: 'p-ann', name: 'Ann', role: 'cashier', pinHash: null, at: Date.now() });
    j.people.create({ id: 'p-bo', name: 'Bo', role: 'supervisor', pinHash: null, at: Date.now() });
    // The week before: compared with.
    sale(ledger, '2024-05-01', '09:15', 2_000, 'WECHATPAY', { fen: 9_480 });
    sale(ledger, '2024-05-01', '13:40', 1_250, 'ALIPAY');
    // The day asked about (a Wednesday, as 2024-05-01 was).
    const w1 = sale(ledger, '2024-05-08', '09:05', 3_740, 'WECHATPAY', { fen: 17_730 });
    sale(ledger, '2024-05-08', '09:55', 1_000, 'WECHATPAY', { rateScaled: '474000000' }); // rate only: 47.40
    const a1 = sale(ledger, '2024-05-08', '13:30', 5_000, 'ALIPAY', { fen: 23_700 });
    takenBy(ledger, a1.sale.id, 'p-ann');
    sale(ledger, '2024-05-08', '23:59', 100, 'ALIPAY'); // no CNY figure: counted, said
    const l1 = late(ledger, '2024-05-08', '10:10', 867, 'WECHATPAY');
    giveBack(ledger, l1, '2024-05-08', '10:11', 867); // its automatic refund
    late(ledger, '2024-05-08', '14:00', 1_000, 'ALIPAY'); // held for the manager
    const partial = giveBack(ledger, a1, '2024-05-08', '13:35', 1_234); // partial
    giveBack(ledger, a1, '2024-05-08', '13:36', 300, 'MERCHANTREJECTED'); // no money back
    giveBack(ledger, w1, '2024-05-08', '16:00', 500, 'APPLIED'); // in flight: counted
    noise('2024-05-08', '11:00');
    // People: Ann took two of the day's sales (one named as it was paid, one later), Bo the late payment and
    // asked for the partial refund of Ann's sale; the rest were made before people were recorded.
    takenBy(ledger, w1.sale.id, 'p-ann');
    takenBy(ledger, l1.sale.id, 'p-bo');
    askedBy(ledger, partial, 'p-bo');
    // The next days: a refund of the 8th's sale counts on its own day and hour.
    giveBack(ledger, w1, '2024-05-09', '08:20', 240);
    sale(ledger, '2024-05-10', '00:00', 4_400, 'WECHATPAY', { fen: 20_900 });

    const day = j.salesInsights({ from: '2024-05-08', to: '2024-05-08' }, Date.now());
    checkAgainstLedger(day, ledger);
    // The plain figures, to be read: 4 sales 9,840 + 2 late 1,867 − refunds (867 + 1,234 + 500).
    expect(day.totals).toMatchObject({
      salesCount: 4,
      salesCents: 9_840,
      latePaymentsCount: 2,
      latePaymentsCents: 1_867,
      refundsCount: 3,
      refundsCents: 2_601,
      lateRefundsCount: 1,
      lateRefundsCents: 867,
      netCents: 9_106,
      cnyFen: 17_730 + 4_740 + 23_700,
      cnySalesCount: 3,
    });
    expect(day.byHour).toHaveLength(24);
    expect(day.byHour.map((h) => h.occurrences)).toEqual(Array.from({ length: 24 }, () => 1));
    expect(day.byHour[9]).toMatchObject({ salesCount: 2, salesCents: 4_740 });
    expect(day.byHour[13]).toMatchObject({ salesCount: 1, refundsCount: 1, netCents: 5_000 - 1_234 });
    expect(day.byHour[23]).toMatchObject({ salesCount: 1, salesCents: 100, cnySalesCount: 0 });
    expect(day.byDay.map((d) => d.businessDate)).toEqual(['2024-05-08']);
    expect(day.byPlatform.map((p) => p.platform)).toEqual(['WECHATPAY', 'ALIPAY']);
    // Each person by name, the highest net first; the sales before people were recorded in a row of their own.
    expect(day.byPerson.map((p) => [p.personId, p.name])).toEqual([
      ['p-ann', 'Ann'],
      [null, null],
      ['p-bo', 'Bo'],
    ]);
    expect(day.byPerson[0]).toMatchObject({
      salesCount: 2,
      salesCents: 8_740,
      refundsCents: 0,
      netCents: 8_740,
    });
    expect(day.byPerson[1]).toMatchObject({
      salesCents: 1_100,
      latePaymentsCents: 1_000,
      refundsCents: 867 + 500,
    });
    expect(day.byPerson[2]).toMatchObject({
      latePaymentsCents: 867,
      refundsCents: 1_234,
      netCents: 867 - 1_234,
    });
    // Same weekday last week.
    expect(day.previous.from).toBe('2024-05-01');
    expect(day.previous.to).toBe('2024-05-01');
    expect(totalsOf(day.previous.totals)).toEqual(expected(ledger, (l) => l.date === '2024-05-01'));
    expect(day.previous.byHour[9]).toMatchObject({ salesCount: 1, salesCents: 2_000, cnyFen: 9_480 });

    const week = j.salesInsights({ from: '2024-05-04', to: '2024-05-10' }, Date.now());
    checkAgainstLedger(week, ledger);
    expect(week.byDay.map((d) => d.businessDate)).toEqual([
      '2024-05-04',
      '2024-05-05',
      '2024-05-06',
      '2024-05-07',
      '2024-05-08',
      '2024-05-09',
      '2024-05-10',
    ]);
    expect(week.previous).toMatchObject({ from: '2024-04-27', to: '2024-05-03' });
    expect(totalsOf(week.previous.totals)).toEqual(
      expected(ledger, (l) => l.date >= '2024-04-27' && l.date <= '2024-05-03'),
    );
    expectTotalsRebuiltEqual();
  });

  it('counts the 25-hour day when clocks go back: both passes through 02:00 in hour 2', () => {
    const ledger: Line[] = [];
    // 2024-04-07: 03:00 AEDT becomes 02:00 AEST. 15:30Z is 02:30 AEDT; 16:30Z is 02:30 AEST.
    const first = Date.UTC(2024, 3, 6, 15, 30);
    const second = Date.UTC(2024, 3, 6, 16, 30);
    paidSale(j, { at: first, amountCents: 1_100, platform: 'WECHATPAY' });
    paidSale(j, { at: second, amountCents: 2_200, platform: 'ALIPAY' });
    ledger.push({
      saleId: 'a',
      kind: 'sale',
      date: '2024-04-07',
      hour: 2,
      platform: 'WECHATPAY',
      cents: 1_100,
    });
    ledger.push({ saleId: 'b', kind: 'sale', date: '2024-04-07', hour: 2, platform: 'ALIPAY', cents: 2_200 });
    sale(ledger, '2024-04-06', '23:30', 700, 'ALIPAY');
    sale(ledger, '2024-04-07', '03:10', 300, 'WECHATPAY');
    sale(ledger, '2024-04-08', '00:05', 400, 'WECHATPAY');

    const day = j.salesInsights({ from: '2024-04-07', to: '2024-04-07' }, Date.now());
    checkAgainstLedger(day, ledger);
    expect(day.byHour[2]).toMatchObject({ occurrences: 2, salesCount: 2, salesCents: 3_300 });
    expect(day.byHour.reduce((a, h) => a + h.occurrences, 0)).toBe(25);

    const three = j.salesInsights({ from: '2024-04-06', to: '2024-04-08' }, Date.now());
    checkAgainstLedger(three, ledger);
    expect(three.byDay).toHaveLength(3);
    expect(three.byHour[2]?.occurrences).toBe(4);
    expect(three.byHour[3]?.occurrences).toBe(3);
    expect(three.byHour.reduce((a, h) => a + h.occurrences, 0)).toBe(24 + 25 + 24);
    expectTotalsRebuiltEqual();
  });

  it('counts the 23-hour day when clocks go forward: hour 2 never happens', () => {
    const ledger: Line[] = [];
    // 2024-10-06: 02:00 AEST becomes 03:00 AEDT.
    sale(ledger, '2024-10-06', '01:59', 500, 'WECHATPAY');
    sale(ledger, '2024-10-06', '03:00', 600, 'ALIPAY');
    sale(ledger, '2024-10-05', '02:30', 800, 'ALIPAY');
    const day = j.salesInsights({ from: '2024-10-06', to: '2024-10-06' }, Date.now());
    checkAgainstLedger(day, ledger);
    expect(day.byHour[2]).toMatchObject({ occurrences: 0, salesCount: 0 });
    expect(day.byHour[1]).toMatchObject({ occurrences: 1, salesCents: 500 });
    expect(day.byHour[3]).toMatchObject({ occurrences: 1, salesCents: 600 });
    expect(day.byHour.reduce((a, h) => a + h.occurrences, 0)).toBe(23);

    // A month across the change: every day there, hours added over 31 days less the one skipped.
    const month = j.salesInsights({ from: '2024-09-20', to: '2024-10-20' }, Date.now());
    checkAgainstLedger(month, ledger);
    expect(month.byDay).toHaveLength(31);
    expect(month.byHour[2]?.occurrences).toBe(30);
    expect(month.byHour.reduce((a, h) => a + h.occurrences, 0)).toBe(31 * 24 - 1);
  });

  it('reads whole months from the month totals: a year across both clock changes equals the ledger', () => {
    const ledger: Line[] = [];
    j.people.create({ id: 'p-ann', name: 'Ann', role: 'cashier', pinHash: null, at: Date.now() });
    // Whole months of standard time (+10: July–September 2024, May–June 2025) and of summer time (+11:
    // November 2024–March 2025); October and April change their clocks. Midnight and the hour before it test
    // the quarters that wrap around the UTC day.
    const aug = sale(ledger, '2024-08-14', '09:05', 2_000, 'WECHATPAY', { fen: 9_480 });
    sale(ledger, '2024-08-31', '23:59', 450, 'ALIPAY');
    sale(ledger, '2024-07-01', '00:00', 1_000, 'WECHATPAY', { rateScaled: '474000000' });
    giveBack(ledger, aug, '2024-09-02', '10:30', 700); // a refund in the next month, on its own day
    const oct = sale(ledger, '2024-10-06', '03:15', 1_500, 'ALIPAY'); // the first hour of summer time
    sale(ledger, '2024-10-05', '02:30', 800, 'WECHATPAY');
    const nov = sale(ledger, '2024-11-20', '13:45', 5_000, 'ALIPAY', { fen: 23_700 });
    takenBy(ledger, nov.sale.id, 'p-ann');
    const rejected = giveBack(ledger, nov, '2024-11-21', '09:00', 1_000, 'APPLIED');
    j.updateRefund(rejected, { status: 'MERCHANTREJECTED' }, localTime('2024-11-21', '09:05'));
    ledger.splice(
      ledger.findIndex((l) => l.refundId === rejected),
      1,
    );
    giveBack(ledger, oct, '2024-11-02', '17:00', 1_500);
    const l1 = late(ledger, '2025-01-10', '12:10', 867, 'WECHATPAY');
    giveBack(ledger, l1, '2025-01-10', '12:11', 867);
    sale(ledger, '2025-03-31', '23:45', 300, 'WECHATPAY');
    sale(ledger, '2025-04-06', '02:30', 600, 'ALIPAY'); // clocks go back that night
    sale(ledger, '2025-05-01', '00:10', 250, 'ALIPAY');
    sale(ledger, '2025-06-30', '21:00', 990, 'WECHATPAY', { fen: 4_700 });
    noise('2024-12-24', '11:00');

    // Which way each part is read: ten whole months from the month totals, October and April by the day.
    const spans = offsetSpans(
      businessDayRange('2024-07-01', SYDNEY).from - 86_400_000,
      businessDayRange('2025-06-30', SYDNEY).to + 86_400_000,
      SYDNEY,
    );
    const plan = hourPlan('2024-07-01', '2025-06-30', SYDNEY, spans);
    expect(plan.months.map((m) => [m.month, m.offsetMs / 3_600_000])).toEqual([
      ['2024-07', 10],
      ['2024-08', 10],
      ['2024-09', 10],
      ['2024-11', 11],
      ['2024-12', 11],
      ['2025-01', 11],
      ['2025-02', 11],
      ['2025-03', 11],
      ['2025-05', 10],
      ['2025-06', 10],
    ]);
    expect(plan.dates).toEqual([
      ['2024-10-01', '2024-10-31'],
      ['2025-04-01', '2025-04-30'],
    ]);
    const year = j.salesInsights({ from: '2024-07-01', to: '2025-06-30' }, Date.now());
    checkAgainstLedger(year, ledger);
    expect(year.byHour[9]).toMatchObject({ salesCount: 1, salesCents: 2_000, refundsCents: 0 });
    expect(year.byHour[23]).toMatchObject({ salesCount: 2, salesCents: 750 });
    expect(year.byHour[0]).toMatchObject({ salesCount: 2, salesCents: 1_250 });
    // Partial months at both ends are read by the day.
    const part = j.salesInsights({ from: '2024-08-15', to: '2025-01-10' }, Date.now());
    checkAgainstLedger(part, ledger);
    expect(hourPlan('2024-08-15', '2025-01-10', SYDNEY, spans)).toEqual({
      months: [
        { month: '2024-09', offsetMs: 10 * 3_600_000 },
        { month: '2024-11', offsetMs: 11 * 3_600_000 },
        { month: '2024-12', offsetMs: 11 * 3_600_000 },
      ],
      dates: [
        ['2024-08-15', '2024-08-31'],
        ['2024-10-01', '2024-10-31'],
        ['2025-01-01', '2025-01-10'],
      ],
    });
    expectTotalsRebuiltEqual();
    expectMonthTotalsEqual();
  });

  it('reads hours in a half-hour zone (Adelaide, +10:30 in summer) from quarter-hour totals', () => {
    const adelaide = tempJournal('Australia/Adelaide');
    try {
      const at = (time: string) => localTime('2024-12-02', time, 'Australia/Adelaide');
      paidSale(adelaide.journal, { at: at('09:29'), amountCents: 100 });
      paidSale(adelaide.journal, { at: at('09:31'), amountCents: 200 });
      paidSale(adelaide.journal, { at: at('09:59'), amountCents: 400 });
      paidSale(adelaide.journal, { at: at('10:00'), amountCents: 800 });
      const r = adelaide.journal.salesInsights({ from: '2024-12-02', to: '2024-12-02' }, Date.now());
      expect(r.byHour[9]).toMatchObject({ salesCount: 3, salesCents: 700 });
      expect(r.byHour[10]).toMatchObject({ salesCount: 1, salesCents: 800 });
    } finally {
      adelaide.cleanup();
    }
  });

  it('refuses a range that is not real dates, runs backwards or is longer than 366 days', () => {
    paidSale(j, { at: localTime('2024-05-08', '10:00'), amountCents: 100 });
    const refused = (from: string, to: string, words: RegExp) => {
      let caught: unknown;
      try {
        j.salesInsights({ from, to }, Date.now());
      } catch (e) {
        caught = e;
      }
      expect(isJournalError(caught) && caught.code).toBe('invalid_input');
      expect((caught as Error).message).toMatch(words);
    };
    refused('2024-02-30', '2024-03-01', /from: "2024-02-30" is not a date/);
    refused('2024-05-01', '2024-5-2', /to: "2024-5-2" is not a date/);
    refused("2024-05-01' OR 1=1", '2024-05-02', /is not a date/);
    refused('2024-05-09', '2024-05-08', /ends before it starts/);
    refused('2023-01-01', '2024-01-02', /367 days is longer than 366/);
    // A leap year's whole 366 days is allowed.
    expect(j.salesInsights({ from: '2024-01-01', to: '2024-12-31' }, Date.now()).byDay).toHaveLength(366);
  });
});
