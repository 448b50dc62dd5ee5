/**
 * A report (X, Z or day) as CSV: one line per platform and a total line, with the same columns and figures as
 * the screen and the printed report (main/shared/report-columns.ts). Amounts are signed as they move the net, so
 * in a spreadsheet each line's net is the sum of its amounts and the total line the sum of the platform lines.
 * Unresolved sales are outside the money: the total line counts them (this report's, and earlier shifts').
 */
import type { ReportView } from '../../preload/api';
import { csvAmount, csvDocument, type CsvValue } from '../journal/csv';
import {
  REPORT_COLUMN_KEYS,
  reportLine,
  type ReportColumnKey,
  type ReportTotalsLike,
} from '../shared/report-columns';

const COLUMN_NAMES: Record<ReportColumnKey, string> = {
  sales: 'sales',
  latePayments: 'paid_after_void',
  lateRefunds: 'refunded_after_void',
  otherRefunds: 'other_refunds',
};

export const REPORT_CSV_HEADER = [
  'report',
  'business_date',
  'shift',
  'line',
  ...REPORT_COLUMN_KEYS.flatMap((k) => [`${COLUMN_NAMES[k]}_count`, COLUMN_NAMES[k]]),
  'net',
  'unresolved_count',
  'unresolved_earlier_count',
] as const;

export function reportCsv(view: ReportView): string {
  const shift = view.kind !== 'day' && view.session ? view.session.seq : null;
  const line = (name: string, t: ReportTotalsLike, tail: CsvValue[]): CsvValue[] => {
    const l = reportLine(t);
    return [
      view.kind,
      view.businessDate,
      shift,
      name,
      ...l.columns.flatMap((c) => [c.count, csvAmount(c.cents)]),
      csvAmount(l.netCents),
      ...tail,
    ];
  };
  const rows = view.perPlatform.map((p) => line(p.platform, p, [null, null]));
  rows.push(line('total', view.totals, [view.unresolved.length, (view.unresolvedEarlier ?? []).length]));
  return csvDocument(REPORT_CSV_HEADER, rows);
}
