/**
 * The report's arithmetic on a journal file seeded with every kind of money line: sales, payments that landed
 * after a void and their automatic refunds (one settled, one still in flight), a late payment held for the
 * manager, ordinary and partial refunds, a rejected refund, and a sale a closed shift left unresolved. Each
 * report (X, frozen Z, day) must add up row by row and in total, and the screen's columns, the printed report
 * and the report CSV must carry the very same figures.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { ReportView } from '../../../preload/api';
import type { SaleRow } from '../../../main/journal/types';
import { SessionReports } from '../../../main/payments/session-reports';
import { saleView } from '../../../main/payments/views';
import { REPORT_CSV_HEADER, reportCsv } from '../../../main/payments/report-csv';
import { reportDocument } from '../../../main/receipts/layout';
import { aud } from '../../../main/receipts/format';
import type { Block } from '../../../main/receipts/document';
import { REPORT_COLUMN_WORDS, printedColumnKeys, reportLine } from '../../../main/shared/report-columns';
import type { TempJournal } from '../journal/fixtures';
import {
  SYDNEY,
  eachTempJournal,
  localTime,
  openSale,
  paidSale,
  refund,
  startAttempt,
} from '../journal/fixtures';

// The journal in use is always t.journal (a reopen replaces it).
let t: TempJournal;
eachTempJournal(SYDNEY, (fresh) => (t = fresh));
const DAY = '2024-05-01';
const at = (time: string): number => localTime(DAY, time);

/** A sale the cashier voided whose customer paid anyway, as the engine journals it. */
function latePayment(amountCents: number, time: string, platform: 'WECHATPAY' | 'ALIPAY' = 'WECHATPAY') {
  const sale0 = openSale(t.journal, { at: at(time), amountCents });
  const a0 = startAttempt(t.journal, sale0, at(time), platform);
  t.journal.updateSale(sale0.id, { status: 'voided', statusReason: 'VOIDED' }, at(time) + 100);
  return t.journal.transaction(() => {
    const attempt = t.journal.updateAttempt(
      a0.id,
      { status: 'paid', orderNo: `OM${sale0.id}`, payTime: at(time) + 200, resolvedBy: 'query' },
      at(time) + 200,
    );
    const sale = t.journal.updateSale(sale0.id, { paidAttemptId: attempt.id }, at(time) + 200);
    return { sale, attempt };
  });
}

function reports(now: number): SessionReports {
  return new SessionReports({
    journal: t.journal,
    now: () => now,
    timeZone: () => SYDNEY,
    saleView: (sale: SaleRow) => saleView(t.journal, sale, () => null),
  });
}

function view(r: ReturnType<SessionReports['report']>): ReportView {
  if (!r.ok) throw new Error(r.error.message.en);
  return r.value;
}

/** Shift 1: one sale, one left unresolved, closed anyway. Shift 2: everything else. */
function seed() {
  const w1 = paidSale(t.journal, { at: at('09:00'), amountCents: 2_000, platform: 'WECHATPAY' });
  const stuck = openSale(t.journal, { at: at('09:30'), amountCents: 4_200 });
  startAttempt(t.journal, stuck, at('09:30'));
  t.journal.updateSale(stuck.id, { status: 'unresolved' }, at('09:32'));
  const z1 = t.journal.closeSession(t.journal.currentSession()!.id, at('12:00'), true);

  paidSale(t.journal, { at: at('13:00'), amountCents: 3_740, platform: 'WECHATPAY' });
  const l1 = latePayment(867, '13:10');
  refund(t.journal, l1, 867, at('13:11'), 'CLOSED'); // its automatic refund, settled
  const l2 = latePayment(867, '13:20');
  refund(t.journal, l2, 867, at('13:21'), 'APPLIED'); // its automatic refund, still in flight: counted
  const a1 = paidSale(t.journal, { at: at('13:30'), amountCents: 5_000, platform: 'ALIPAY' });
  refund(t.journal, a1, 1_234, at('13:35'), 'CLOSED'); // partial
  refund(t.journal, a1, 300, at('13:36'), 'MERCHANTREJECTED'); // no money back: left out
  refund(t.journal, w1, 500, at('13:40'), 'CLOSED'); // a shift-1 sale refunded in shift 2
  latePayment(1_000, '13:50', 'ALIPAY'); // held for the manager: no refund yet
  return { z1, stuck, session2: t.journal.currentSession()! };
}

type Cols = Array<[string, number, number]>;
const cols = (t: Parameters<typeof reportLine>[0]): Cols =>
  reportLine(t).columns.map((c) => [c.key, c.count, c.cents]);

function expectAddsUp(r: ReportView) {
  for (const p of [...r.perPlatform, r.totals]) expect(reportLine(p).netCents).toBe(p.netCents);
  const lines = r.perPlatform.map((p) => reportLine(p));
  const total = reportLine(r.totals);
  total.columns.forEach((c, i) => {
    expect(lines.reduce((n, l) => n + l.columns[i]!.count, 0)).toBe(c.count);
    expect(lines.reduce((n, l) => n + l.columns[i]!.cents, 0)).toBe(c.cents);
  });
  expect(lines.reduce((n, l) => n + l.netCents, 0)).toBe(total.netCents);
}

/** The printed rows of one platform's block (or the total's), in order, up to its Net. */
function printedBlock(blocks: readonly Block[], heading: string): string[][] {
  const start = blocks.findIndex((b) => b.type === 'text' && b.text === heading);
  expect(start).toBeGreaterThanOrEqual(0);
  const out: string[][] = [];
  for (const b of blocks.slice(start + 1)) {
    if (b.type !== 'row') break;
    out.push([b.label, b.value]);
  }
  return out;
}

function expectPrinted(r: ReportView, language: 'en' | 'zh') {
  const doc = reportDocument(r, {
    language,
    widthMm: 80,
    header: { merchantName: 'Shop', posNo: 'POS01', timeZone: SYDNEY },
  });
  const names = { WECHATPAY: { en: 'WeChat Pay', zh: '微信支付' }, ALIPAY: { en: 'Alipay', zh: '支付宝' } };
  const keys = printedColumnKeys(r.totals);
  const expected = (t: Parameters<typeof reportLine>[0]) => {
    const line = reportLine(t);
    return [
      ...line.columns
        .filter((c) => keys.includes(c.key))
        .map((c) => [`${REPORT_COLUMN_WORDS[c.key][language]} (${c.count})`, aud(c.cents)]),
      [REPORT_COLUMN_WORDS.net[language], aud(line.netCents)],
    ];
  };
  for (const p of r.perPlatform) {
    if (p.platform === 'UNKNOWN') continue;
    expect(printedBlock(doc.blocks, names[p.platform][language])).toEqual(expected(p));
  }
  const all = language === 'en' ? 'ALL PLATFORMS' : '全部合计';
  expect(printedBlock(doc.blocks, all)).toEqual(expected(r.totals));
}

function csvLines(r: ReportView): Record<string, string>[] {
  const text = reportCsv(r).replace(/^\uFEFF/, '');
  const [head, ...rows] = text
    .trimEnd()
    .split('\r\n')
    .map((l) => l.split(','));
  expect(head).toEqual([...REPORT_CSV_HEADER]);
  return rows.map((cells) => Object.fromEntries(head!.map((h, i) => [h, cells[i]!])));
}

function expectCsv(r: ReportView) {
  const lines = csvLines(r);
  const money = (c: number) => (c / 100).toFixed(2);
  const expected = (t: Parameters<typeof reportLine>[0]) => {
    const l = reportLine(t);
    return {
      sales_count: String(l.columns[0]!.count),
      sales: money(l.columns[0]!.cents),
      paid_after_void_count: String(l.columns[1]!.count),
      paid_after_void: money(l.columns[1]!.cents),
      refunded_after_void_count: String(l.columns[2]!.count),
      refunded_after_void: money(l.columns[2]!.cents),
      other_refunds_count: String(l.columns[3]!.count),
      other_refunds: money(l.columns[3]!.cents),
      net: money(l.netCents),
    };
  };
  for (const p of r.perPlatform) {
    expect(lines.find((l) => l.line === p.platform)).toMatchObject(expected(p));
  }
  const total = lines.find((l) => l.line === 'total');
  expect(total).toMatchObject({
    ...expected(r.totals),
    unresolved_count: String(r.unresolved.length),
    unresolved_earlier_count: String((r.unresolvedEarlier ?? []).length),
  });
  // In a spreadsheet: each line's net is the sum of its amounts.
  for (const l of lines) {
    const sum =
      Number(l.sales) + Number(l.paid_after_void) + Number(l.refunded_after_void) + Number(l.other_refunds);
    expect(Math.round(sum * 100)).toBe(Math.round(Number(l.net) * 100));
  }
}

describe('report columns add up on every surface', () => {
  it('the X of a shift with late payments, their refunds, partial refunds and an earlier shift’s unresolved sale', () => {
    const { stuck, z1, session2 } = seed();
    const x = view(reports(at('14:00')).report({ kind: 'X' }));
    const wechat = x.perPlatform.find((p) => p.platform === 'WECHATPAY')!;
    const alipay = x.perPlatform.find((p) => p.platform === 'ALIPAY')!;
    expect(cols(wechat)).toEqual([
      ['sales', 1, 3_740],
      ['latePayments', 2, 1_734],
      ['lateRefunds', 2, -1_734],
      ['otherRefunds', 1, -500],
    ]);
    expect(wechat.netCents).toBe(3_240);
    expect(cols(alipay)).toEqual([
      ['sales', 1, 5_000],
      ['latePayments', 1, 1_000],
      ['lateRefunds', 0, 0],
      ['otherRefunds', 1, -1_234],
    ]);
    expect(alipay.netCents).toBe(4_766);
    expect(x.totals.netCents).toBe(8_006);
    expectAddsUp(x);

    // The status bar counts the earlier shift's unresolved sale; the X lists it as such, out of its totals.
    expect(x.unresolved).toEqual([]);
    expect(x.unresolvedEarlier).toEqual([
      { sale: expect.objectContaining({ id: stuck.id, phase: 'unresolved' }), fromSessionId: z1.session.id },
    ]);
    expect(session2.id).toBeGreaterThan(z1.session.id);

    expectPrinted(x, 'en');
    expectPrinted(x, 'zh');
    expectCsv(x);
  });

  it('the day report adds up to the sum of its shifts, and a frozen Z keeps its figures after a reopen', () => {
    const { z1 } = seed();
    const day = view(reports(at('18:00')).report({ kind: 'day', businessDate: DAY }));
    const wechat = day.perPlatform.find((p) => p.platform === 'WECHATPAY')!;
    expect(cols(wechat)).toEqual([
      ['sales', 2, 5_740],
      ['latePayments', 2, 1_734],
      ['lateRefunds', 2, -1_734],
      ['otherRefunds', 1, -500],
    ]);
    expect(day.totals.netCents).toBe(2_000 + 8_006);
    expect(day.unresolved.map((s) => s.phase)).toEqual(['unresolved']);
    expect(day.unresolvedEarlier).toEqual([]);
    expectAddsUp(day);
    expectPrinted(day, 'en');
    expectCsv(day);

    const z2 = t.journal.closeSession(t.journal.currentSession()!.id, at('18:00'), false);
    expect(day.sessions?.map((s) => s.totals.netCents)).toEqual([z1.totals.netCents, z2.totals.netCents]);
    t.reopen();
    const frozen = view(reports(at('23:00')).report({ kind: 'Z', sessionId: z2.session.id }));
    expect(frozen.totals).toEqual(z2.totals);
    expect(frozen.unresolvedEarlier?.map((e) => e.fromSessionId)).toEqual([z1.session.id]);
    expectAddsUp(frozen);
    expectPrinted(frozen, 'zh');
    expectCsv(frozen);
  });

  it('a late payment’s refund counted in flight by a Z that fails afterwards comes back out of its own column', () => {
    const late = latePayment(867, '09:10');
    const r = refund(t.journal, late, 867, at('09:11'), 'APPLIED');
    const z1 = t.journal.closeSession(t.journal.currentSession()!.id, at('10:00'), false);
    expect(cols(z1.totals)).toEqual([
      ['sales', 0, 0],
      ['latePayments', 1, 867],
      ['lateRefunds', 1, -867],
      ['otherRefunds', 0, 0],
    ]);
    t.journal.updateRefund(r.id, { status: 'ORGANIZATIONFAILED' }, at('11:00'));
    const x = view(reports(at('11:30')).report({ kind: 'X' }));
    expect(cols(x.totals)).toEqual([
      ['sales', 0, 0],
      ['latePayments', 0, 0],
      ['lateRefunds', -1, 867],
      ['otherRefunds', 0, 0],
    ]);
    expectAddsUp(x);
    expectCsv(x);
  });

  it('a Z frozen before late payments were reported still reads, and its columns add up to its net', () => {
    paidSale(t.journal, { at: at('09:00'), amountCents: 1_000 });
    const open = t.journal.currentSession()!;
    t.journal.close();
    // The Z as an earlier version stored it: no late fields, no earlier-unresolved list.
    const old = {
      kind: 'Z',
      businessDate: DAY,
      from: at('09:00'),
      to: at('12:00'),
      generatedAt: at('12:00'),
      perPlatform: [
        {
          platform: 'WECHATPAY',
          salesCount: 1,
          salesCents: 1_000,
          refundsCount: 1,
          refundsCents: 250,
          netCents: 750,
        },
      ],
      totals: { salesCount: 1, salesCents: 1_000, refundsCount: 1, refundsCents: 250, netCents: 750 },
      unresolved: [],
      pendingRefunds: [],
      voidedCount: 0,
    };
    const db = new Database(t.journal.path);
    db.prepare('UPDATE sessions SET closed_at = ?, report = ?, unresolved_count = 0 WHERE id = ?').run(
      at('12:00'),
      JSON.stringify(old),
      open.id,
    );
    db.close();
    t.reopen();
    const z = view(reports(at('13:00')).report({ kind: 'Z', sessionId: open.id }));
    expect(cols(z.totals)).toEqual([
      ['sales', 1, 1_000],
      ['latePayments', 0, 0],
      ['lateRefunds', 0, 0],
      ['otherRefunds', 1, -250],
    ]);
    expect(z.unresolvedEarlier).toEqual([]);
    expect(printedColumnKeys(z.totals)).toEqual(['sales', 'otherRefunds']);
    expectAddsUp(z);
    expectPrinted(z, 'en');
    expectCsv(z);
  });
});
