/**
 * The Sales view's numbers as tables, each with a caption: beside a chart, the numbers it draws; and the platform
 * and person splits in the X/Z/day report's columns (main/shared/report-columns.ts), with CNY beside AUD.
 */
import type { ReactNode } from 'react';
import type {
  InsightDayView,
  InsightHourView,
  InsightTotalsView,
  SalesInsightsView,
} from '../../../../../contract/insights-views';
import {
  REPORT_COLUMN_KEYS,
  REPORT_COLUMN_WORDS,
  reportLine,
} from '../../../../../main/shared/report-columns';
import { formatAud, formatBusinessDate, formatCny, pick } from '../../../i18n';
import { TableHead } from '../../../components/TableHead';
import { useT } from '../../../i18n/use-t';
import type { MessageKey } from '../../../i18n/en';

export function hourLabel(hour: number): string {
  return `${String(hour).padStart(2, '0')}:00`;
}

/** "CNY for n of m sales", or the CNY alone when every sale has its figure. */
export function CnyCell({ t: totals }: { t: InsightTotalsView }) {
  const { t, language } = useT();
  if (totals.salesCount === 0) return <>—</>;
  if (totals.cnySalesCount === 0) return <span className="muted">{t('sales.cnyNone')}</span>;
  return (
    <>
      {formatCny(language, totals.cnyFen)}
      {totals.cnySalesCount < totals.salesCount ? (
        <span className="muted sales-cny-of">
          {' '}
          {t('sales.cnyOf', { n: totals.cnySalesCount, m: totals.salesCount })}
        </span>
      ) : null}
    </>
  );
}

/** One row of a chart's table: its label, the figures the chart draws and the week before's sales. */
interface ChartRow {
  key: string;
  label: ReactNode;
  t: InsightTotalsView;
  beforeCents: number;
  attrs: Record<string, string | number>;
}

/** The numbers beside a chart: count, sales, net and the week before's sales, per hour or day. */
function ChartTable({
  caption,
  first,
  rows,
  testId,
}: {
  caption: string;
  first: MessageKey;
  rows: ChartRow[];
  testId: string;
}) {
  const { language } = useT();
  return (
    <div className="sales-table-wrap">
      <table className="table sales-table" data-testid={testId}>
        <caption>{caption}</caption>
        <TableHead
          columns={[first, 'sales.col.count', 'sales.col.aud', 'sales.col.net', 'sales.col.previous']}
        />
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} {...r.attrs} data-sales-cents={r.t.salesCents} data-count={r.t.salesCount}>
              <th scope="row">{r.label}</th>
              <td>{r.t.salesCount}</td>
              <td>{formatAud(language, r.t.salesCents)}</td>
              <td>{formatAud(language, r.t.netCents)}</td>
              <td>{formatAud(language, r.beforeCents)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Hours with the week before beside them; on a one-day range a clock change's doubled or skipped hour is said. */
export function HourTable({ insights }: { insights: SalesInsightsView }) {
  const { t } = useT();
  const day = insights.from === insights.to;
  const note = (h: InsightHourView) =>
    day && h.occurrences === 0
      ? t('sales.hourSkipped')
      : day && h.occurrences === 2
        ? t('sales.hourTwice')
        : null;
  const rows = insights.byHour.map((h) => ({
    key: String(h.hour),
    label: (
      <>
        {hourLabel(h.hour)}
        {note(h) ? <span className="muted"> {note(h)}</span> : null}
      </>
    ),
    t: h,
    beforeCents: insights.previous.byHour[h.hour]?.salesCents ?? 0,
    attrs: { 'data-hour': h.hour },
  }));
  return (
    <ChartTable
      caption={t('sales.byHourCaption')}
      first="sales.col.hour"
      rows={rows}
      testId="sales-hour-table"
    />
  );
}

export function DayTable({ insights }: { insights: SalesInsightsView }) {
  const { t, language } = useT();
  const rows = insights.byDay.map((d: InsightDayView, i) => ({
    key: d.businessDate,
    label: formatBusinessDate(language, d.businessDate),
    t: d,
    beforeCents: insights.previous.byDay[i]?.salesCents ?? 0,
    attrs: { 'data-date': d.businessDate },
  }));
  return (
    <ChartTable
      caption={t('sales.byDayCaption')}
      first="sales.col.day"
      rows={rows}
      testId="sales-day-table"
    />
  );
}

/** Rows in the report's columns (each signed as it moves the net) with the net and the CNY. */
export function SplitTable({
  caption,
  firstColumn,
  rows,
  testId,
}: {
  caption: string;
  firstColumn: string;
  rows: { key: string; label: string; totals: InsightTotalsView }[];
  testId: string;
}) {
  const { t, language } = useT();
  return (
    <table className="table sales-table" data-testid={testId}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{firstColumn}</th>
          {[...REPORT_COLUMN_KEYS, 'net' as const].map((key) => (
            <th key={key} scope="col">
              {pick(REPORT_COLUMN_WORDS[key], language)}
            </th>
          ))}
          <th scope="col">{t('sales.col.cny')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ key, label, totals }) => {
          const line = reportLine(totals);
          return (
            <tr key={key} data-key={key} data-net={line.netCents} data-sales-cents={totals.salesCents}>
              <th scope="row">{label}</th>
              {line.columns.map((c) => (
                <td key={c.key} data-col={c.key} data-cents={c.cents}>
                  {formatAud(language, c.cents)} <span className="muted">({c.count})</span>
                </td>
              ))}
              <td data-col="net">
                <strong>{formatAud(language, line.netCents)}</strong>
              </td>
              <td data-col="cny" data-fen={totals.cnyFen}>
                <CnyCell t={totals} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
