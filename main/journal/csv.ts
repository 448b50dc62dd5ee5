/**
 * CSV export for spreadsheets and accountants: RFC 4180 (CRLF, quotes doubled, fields with , " CR LF quoted),
 * UTF-8 with one BOM so Excel reads 中文 order names correctly, amounts as plain decimal dollars, times ISO-8601
 * in UTC and, beside them, on the terminal's clock with its offset (what the shop's own records show).
 * A cell that a spreadsheet would run as a formula (= + - @, tab, CR first) gets a leading single quote.
 */
import { formatCents } from '../shared/money';
import { pad2, wallClock, zoneOffsetMs } from '../shared/zoned-time';

export const BOM = '\uFEFF';
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;
/** A plain negative decimal ("-17.34") is a number to every spreadsheet, not a formula: it keeps its sign. */
const NEGATIVE_NUMBER = /^-\d+(\.\d+)?$/;

export type CsvValue = string | number | null | undefined;

export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  let s = typeof value === 'number' ? String(value) : value;
  if (typeof value === 'string' && FORMULA_START.test(s) && !NEGATIVE_NUMBER.test(s)) s = `'${s}`;
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRow(values: readonly CsvValue[]): string {
  return values.map(csvCell).join(',') + '\r\n';
}

/** "1234.50" (or "-17.34"): formatCents without its thousands separators, so spreadsheets read a number. */
export function csvAmount(cents: number): string {
  return formatCents(cents).replace(/,/g, '');
}

export function csvTime(at: number | null): string | null {
  return at === null ? null : new Date(at).toISOString();
}

/** "2026-12-01T17:41:46+08:00": the terminal's wall clock with its UTC offset at that instant. */
export function csvLocalTime(at: number | null, timeZone: string | undefined): string | null {
  if (at === null) return null;
  const w = wallClock(at, timeZone);
  const offsetMin = Math.round(zoneOffsetMs(at, timeZone) / 60_000);
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  const date = `${String(w.year).padStart(4, '0')}-${pad2(w.month)}-${pad2(w.day)}`;
  return `${date}T${pad2(w.hour)}:${pad2(w.minute)}:${pad2(w.second)}${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}

export function csvDocument(header: readonly string[], rows: Iterable<readonly CsvValue[]>): string {
  const parts = [BOM, csvRow(header)];
  for (const r of rows) parts.push(csvRow(r));
  return parts.join('');
}
