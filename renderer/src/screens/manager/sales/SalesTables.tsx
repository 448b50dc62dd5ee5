/**
 * The Sales view's numbers as tables, each with a caption: beside a chart, the numbers it draws; and the platform
 * and person splits in the X/Z/day report's columns (main/shared/report-columns.ts), with CNY beside AUD.
 */
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

/** Hours with the week before beside them; a clock change's doubled or skipped hour is said. */
export function HourTable({ insights }: { insights: SalesInsightsView }) {
  const { t, language } = useT();
  const before = insights.previous.byHour;
  return (
    <div className="sales-table-wrap">
      <table className="table sales-table" data-testid="sales-hour-table">
        <caption>{t('sales.byHourCaption')}</caption>
        <TableHead
          columns={[
            'sales.col.hour',
            'sales.col.count',
            'sales.col.aud',
            'sales.col.net',
            'sales.col.previous',
          ]}
        />
        <tbody>
          {insights.byHour.map((h: InsightHourView) => (
            <tr key={h.hour} data-hour={h.hour} data-sales-cents={h.salesCents} data-count={h.salesCount}>
              <th scope="row">
                {hourLabel(h.hour)}
                {h.occurrences === 0 && insights.from === insights.to ? (
                  <span className="muted"> {t('sales.hourSkipped')}</span>
                ) : null}
                {h.occurrences === 2 && insights.from === insights.to ? (
                  <span className="muted"> {t('sales.hourTwice')}</span>
                ) : null}
              </th>
              <td>{h.salesCount}</td>
              <td>{formatAud(language, h.salesCents)}</td>
              <td>{formatAud(language, h.netCents)}</td>
              <td>{formatAud(language, before[h.hour]?.salesCents ?? 0)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function DayTable({ insights }: { insights: SalesInsightsView }) {
  const { t, language } = useT();
  const before = insights.previous.byDay;
  return (
    <div className="sales-table-wrap">
      <table className="table sales-table" data-testid="sales-day-table">
        <caption>{t('sales.byDayCaption')}</caption>
        <TableHead
          columns={[
            'sales.col.day',
            'sales.col.count',
            'sales.col.aud',
            'sales.col.net',
            'sales.col.previous',
          ]}
        />
        <tbody>
          {insights.byDay.map((d: InsightDayView, i) => (
            <tr key={d.businessDate} data-date={d.businessDate} data-sales-cents={d.salesCents}>
              <th scope="row">{formatBusinessDate(language, d.businessDate)}</th>
              <td>{d.salesCount}</td>
              <td>{formatAud(language, d.salesCents)}</td>
              <td>{formatAud(language, d.netCents)}</td>
              <td>{formatAud(language, before[i]?.salesCents ?? 0)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
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
