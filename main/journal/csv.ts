/**
 * CSV export for spreadsheets and accountants: RFC 4180 (CRLF, quotes doubled, fields with , " CR LF quoted),
 * UTF-8 with a BOM so Excel reads 中文 order names correctly, amounts as plain decimal dollars, times ISO-8601 UTC.
 * A cell that a spreadsheet would run as a formula (= + - @, tab, CR first) gets a leading single quote.
 */
import { formatCents } from '../shared/money';

export const BOM = '\uFEFF';
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export type CsvValue = string | number | null | undefined;

export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  let s = typeof value === 'number' ? String(value) : value;
  if (typeof value === 'string' && FORMULA_START.test(s)) s = `'${s}`;
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRow(values: readonly CsvValue[]): string {
  return values.map(csvCell).join(',') + '\r\n';
}

/** "1234.50": formatCents without its thousands separators, so every spreadsheet reads it as a number. */
export function csvAmount(cents: number): string {
  return formatCents(cents).replace(/,/g, '');
}

export function csvTime(at: number | null): string | null {
  return at === null ? null : new Date(at).toISOString();
}

export function csvDocument(header: readonly string[], rows: Iterable<readonly CsvValue[]>): string {
  const parts = [BOM, csvRow(header)];
  for (const r of rows) parts.push(csvRow(r));
  return parts.join('');
}
