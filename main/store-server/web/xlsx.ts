/**
 * A range as an XLSX workbook (exceljs): one sheet per table of the range page plus the sales themselves, in
 * the person's language. Cells are typed — dates are dates (the store's wall clock, as Excel has no zones),
 * money is a number of dollars with an A$ (or ¥) format, counts are integers — and there is no formula, so what
 * a spreadsheet shows is what the server computed. A range with more sales than MAX_XLSX_SALES is refused
 * before anything is built (the CSV has no such limit).
 */
import ExcelJS from 'exceljs';
import type { Language } from '../../shared/bilingual';
import { wallClock } from '../../shared/zoned-time';
import type { Sql } from '../db/types';
import { t, type WordKey } from './i18n';
import { platformName } from './pages/money';
import { platformLabel } from './pages/range';
import { PLATFORMS } from './range-view';
import type { Totals } from './queries';
import type { RangeFilter, RangeRefund, RangeReport, RangeSaleLine } from './range-queries';

export const MAX_XLSX_SALES = 200_000;
export const AUD_FORMAT = '"A$"#,##0.00;-"A$"#,##0.00';
export const CNY_FORMAT = '"¥"#,##0.00;-"¥"#,##0.00';

type Kind = 'text' | 'int' | 'aud' | 'cny' | 'date' | 'time';
type Col = [heading: WordKey | { text: string }, kind: Kind];

/** A business date (YYYY-MM-DD) as a date cell. */
export function dateCell(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

/** An instant as the store's wall-clock time, the way a spreadsheet reads a zone-less date-time. */
export function localTimeCell(at: number | null, tz: string): Date | null {
  if (at === null) return null;
  const w = wallClock(at, tz);
  return new Date(Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second));
}

function sheet(
  wb: ExcelJS.Workbook,
  L: Language,
  name: WordKey,
  cols: Col[],
  rows: (string | number | Date | null)[][],
): void {
  const ws = wb.addWorksheet(t(L, name));
  const head = ws.addRow(cols.map(([h]) => (typeof h === 'string' ? t(L, h) : h.text)));
  head.font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  const dateFmt = L === 'zh' ? 'yyyy-mm-dd' : 'dd/mm/yyyy';
  cols.forEach(([, kind], i) => {
    const col = ws.getColumn(i + 1);
    col.width = kind === 'text' ? 22 : kind === 'time' ? 20 : 14;
    if (kind === 'aud') col.numFmt = AUD_FORMAT;
    if (kind === 'cny') col.numFmt = CNY_FORMAT;
    if (kind === 'date') col.numFmt = dateFmt;
    if (kind === 'time') col.numFmt = `${dateFmt} hh:mm:ss`;
  });
  for (const r of rows) ws.addRow(r);
}

const dollars = (cents: number) => cents / 100;

const MONEY_COLS: [WordKey, Kind][] = [
  ['sales', 'int'],
  ['sales', 'aud'],
  ['latePayments', 'int'],
  ['latePayments', 'aud'],
  ['refunds', 'int'],
  ['refunds', 'aud'],
  ['net', 'aud'],
];
function moneyValues(x: Totals): number[] {
  return [
    x.salesCount,
    dollars(x.salesCents),
    x.latePaymentsCount,
    dollars(x.latePaymentsCents),
    x.refundsCount,
    dollars(x.refundsCents),
    dollars(x.netCents),
  ];
}

/** Headings of the count columns say so ("Sales · Count"), the amount columns carry the word alone. */
function moneyHeadings(L: Language): Col[] {
  return MONEY_COLS.map(([w, k]) => [k === 'int' ? { text: `${t(L, w)} · ${t(L, 'count')}` } : w, k]);
}

/** A refund's or late payment's first columns: when, where, which sale, how much. */
const WHERE_COLS: Col[] = [
  ['time', 'time'],
  ['day', 'date'],
  ['store', 'text'],
  ['till', 'text'],
  ['sale', 'text'],
  ['platform', 'text'],
  ['amount', 'aud'],
];
function where(
  x: Pick<RangeRefund, 'businessDate' | 'storeName' | 'tillName' | 'saleId' | 'platform' | 'amountCents'>,
  at: number,
  tz: string,
): (string | number | Date | null)[] {
  return [
    localTimeCell(at, tz),
    dateCell(x.businessDate),
    x.storeName,
    x.tillName,
    x.saleId,
    platformName(x.platform),
    dollars(x.amountCents),
  ];
}

export interface XlsxData {
  report: RangeReport;
  refunds: RangeRefund[];
  late: RangeSaleLine[];
  sales: SaleRow[];
  tz: string;
}

export interface SaleRow {
  saleId: string;
  businessDate: string;
  createdAt: number;
  paidAt: number | null;
  status: string;
  platform: string | null;
  amountCents: number;
  cnyFen: number | null;
  storeName: string;
  tillName: string;
}

/**
 * The range's sales that count — paid, and late payments — for the Sales sheet (the caller has checked their
 * number against MAX_XLSX_SALES). Every sale, failed and voided ones too, is in the CSV.
 */
export async function salesOfRange(db: Sql, f: RangeFilter): Promise<SaleRow[]> {
  const params: unknown[] = [f.from, f.to];
  let where = `s.business_date BETWEEN $1 AND $2
    AND (s.status = 'paid' OR (s.status = 'voided' AND s.paid_attempt_id IS NOT NULL))`;
  if (f.scope.storeId !== null) where += ` AND s.store_id = $${params.push(f.scope.storeId)}`;
  if (f.scope.tillId !== null) where += ` AND s.till_id = $${params.push(f.scope.tillId)}`;
  if (f.platform === 'UNKNOWN') where += ` AND coalesce(s.platform, '') NOT IN ('WECHATPAY', 'ALIPAY')`;
  else if (f.platform !== null) where += ` AND s.platform = $${params.push(f.platform)}`;
  const { rows } = await db.query<Record<string, unknown>>(
    `SELECT s.id, s.business_date, s.created_at, s.paid_at, s.status, s.platform, s.amount_cents,
            CASE WHEN jsonb_typeof(a.data->'cny_amount') = 'number' THEN (a.data->>'cny_amount')::numeric END AS cny,
            st.name AS store_name, t.name AS till_name
       FROM sales s JOIN stores st ON st.id = s.store_id JOIN tills t ON t.id = s.till_id
       LEFT JOIN attempts a ON a.till_id = s.till_id AND a.id = s.paid_attempt_id
      WHERE ${where}
      ORDER BY s.business_date, st.name, t.name, s.created_at, s.id`,
    params,
  );
  return rows.map((x) => ({
    saleId: String(x.id),
    businessDate: String(x.business_date),
    createdAt: Number(x.created_at),
    paidAt: x.paid_at === null ? null : Number(x.paid_at),
    status: String(x.status),
    platform: (x.platform as string | null) ?? null,
    amountCents: Number(x.amount_cents),
    cnyFen: x.cny === null ? null : Number(x.cny),
    storeName: String(x.store_name),
    tillName: String(x.till_name),
  }));
}

export async function rangeXlsx(L: Language, d: XlsxData): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = t(L, 'title');
  const r = d.report;
  const totals: (string | number | null)[][] = [];
  for (const s of r.totals.stores)
    for (const till of s.tills)
      for (const p of PLATFORMS) {
        const x = till.perPlatform[p];
        if (x.salesCount + x.latePaymentsCount + x.refundsCount === 0) continue;
        totals.push([s.storeName, till.tillName, platformLabel(L, p), ...moneyValues(x)]);
      }
  totals.push([t(L, 'total'), '', '', ...moneyValues(r.totals.totals)]);
  sheet(
    wb,
    L,
    'sheetTotals',
    [['store', 'text'], ['till', 'text'], ['platform', 'text'], ...moneyHeadings(L)],
    totals,
  );
  sheet(
    wb,
    L,
    'sheetByDay',
    [['day', 'date'], ...moneyHeadings(L)],
    r.byDay.map((b) => [dateCell(b.key), ...moneyValues(b)]),
  );
  sheet(
    wb,
    L,
    'sheetByHour',
    [['hour', 'int'], ...moneyHeadings(L)],
    r.byHour.map((b) => [Number(b.key), ...moneyValues(b)]),
  );
  sheet(
    wb,
    L,
    'sheetByPerson',
    [['person', 'text'], ['till', 'text'], ...moneyHeadings(L)],
    r.byPerson.map((p) => [
      p.key === '' ? t(L, 'personNotRecorded') : (p.name ?? p.key),
      p.tillName,
      ...moneyValues(p),
    ]),
  );
  sheet(
    wb,
    L,
    'sheetSales',
    [
      ['sale', 'text'],
      ['day', 'date'],
      ['time', 'time'],
      ['status', 'text'],
      ['platform', 'text'],
      ['amount', 'aud'],
      ['cnyAmount', 'cny'],
      ['store', 'text'],
      ['till', 'text'],
    ],
    d.sales.map((s) => [
      s.saleId,
      dateCell(s.businessDate),
      localTimeCell(s.paidAt ?? s.createdAt, d.tz),
      s.status,
      platformName(s.platform),
      dollars(s.amountCents),
      s.cnyFen === null ? null : s.cnyFen / 100,
      s.storeName,
      s.tillName,
    ]),
  );
  sheet(
    wb,
    L,
    'sheetRefunds',
    [...WHERE_COLS, ['state', 'text'], ['reason', 'text'], ['requestedBy', 'text'], ['approvedBy', 'text']],
    d.refunds.map((x) => [
      ...where(x, x.createdAt, d.tz),
      t(L, `refundState_${x.state}`),
      x.reason,
      x.requestedBy,
      x.approvedBy,
    ]),
  );
  sheet(
    wb,
    L,
    'sheetLate',
    [...WHERE_COLS, ['refunded', 'aud'], ['outcome', 'text']],
    d.late.map((x) => [
      ...where(x, x.paidAt ?? x.createdAt, d.tz),
      dollars(x.refundedCents),
      t(L, `outcome_${x.outcome}`),
    ]),
  );
  return Buffer.from(await wb.xlsx.writeBuffer());
}
