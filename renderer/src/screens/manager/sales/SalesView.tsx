/**
 * The manager's Sales view: a range of business dates by hour (and by day for longer ranges), by platform and by
 * person, with CNY beside AUD and the same range a week earlier. Loaded as its own chunk (uPlot with it) only
 * when the view opens, so the cashier's screens do not carry the chart code.
 */
import { useEffect, useId, useMemo, useState } from 'react';
import type { SalesInsightsView } from '../../../../../contract/insights-views';
import { formatAud, formatBusinessDate, parseBusinessDate } from '../../../i18n';
import { useT } from '../../../i18n/use-t';
import { useManager } from '../../../store/manager-context';
import { SALES_RANGES } from '../../../store/manager/slices/sales/initialState';
import { Problem } from '../Problem';
import { BarChart, type BarSeries } from './BarChart';
import { CnyCell, DayTable, HourTable, SplitTable, hourLabel } from './SalesTables';
import '../../../styles/sales.css';

const THIS = '#1b4fd6';
const BEFORE = '#9aa5b1';

/** A date typed in the shop's order (the placeholder says which), read when the range is shown. */
function DateText(props: {
  id: string;
  label: string;
  testId: string;
  value: string;
  onText(text: string): void;
}) {
  const { t } = useT();
  return (
    <span className="m-field">
      <label htmlFor={props.id}>{props.label}</label>
      <input
        id={props.id}
        className="text-input"
        inputMode="numeric"
        autoComplete="off"
        placeholder={t('report.dateFormat')}
        data-testid={props.testId}
        value={props.value}
        onChange={(e) => props.onText(e.target.value)}
      />
    </span>
  );
}

function RangePicker() {
  const { t, language } = useT();
  const id = useId();
  const state = useManager((s) => s.sales);
  const show = useManager((s) => s.showSales);
  const shown = (date: string) => (date ? formatBusinessDate(language, date) : '');
  const [from, setFrom] = useState(shown(state.customFrom));
  const [to, setTo] = useState(shown(state.customTo));
  const custom = () => ({
    from: parseBusinessDate(language, from) ?? '',
    to: parseBusinessDate(language, to) ?? '',
  });
  return (
    <div className="m-actions m-toolbar sales-ranges" role="group" aria-label={t('sales.range.label')}>
      {SALES_RANGES.map((r) => (
        <button
          key={r}
          type="button"
          className="button"
          aria-pressed={state.range === r}
          data-range={r}
          onClick={() => void show(r, r === 'custom' ? custom() : undefined)}
        >
          {t(`sales.range.${r}`)}
        </button>
      ))}
      {state.range === 'custom' ? (
        <form
          className="sales-custom"
          onSubmit={(e) => {
            e.preventDefault();
            void show('custom', custom());
          }}
        >
          <DateText
            id={`${id}-from`}
            label={t('sales.from')}
            testId="sales-from"
            value={from}
            onText={setFrom}
          />
          <DateText id={`${id}-to`} label={t('sales.to')} testId="sales-to" value={to} onText={setTo} />
          <button type="submit" className="button button-primary">
            {t('sales.show')}
          </button>
        </form>
      ) : null}
    </div>
  );
}

/** Net and sales, CNY, and the same figures a week before with the change. */
function Summary({ insights }: { insights: SalesInsightsView }) {
  const { t, language } = useT();
  const day = insights.from === insights.to;
  const { totals, previous } = insights;
  const change =
    previous.totals.netCents === 0
      ? null
      : Math.round(((totals.netCents - previous.totals.netCents) / Math.abs(previous.totals.netCents)) * 100);
  return (
    <div className="sales-summary" data-testid="sales-summary">
      <h3>
        {day
          ? t('sales.headingDay', { date: formatBusinessDate(language, insights.from) })
          : t('sales.heading', {
              from: formatBusinessDate(language, insights.from),
              to: formatBusinessDate(language, insights.to),
            })}
      </h3>
      <dl className="sales-figures">
        <div>
          <dt>{t('sales.net')}</dt>
          <dd data-testid="sales-net" data-cents={totals.netCents}>
            {formatAud(language, totals.netCents)}
          </dd>
        </div>
        <div>
          <dt>{t('sales.salesCount')}</dt>
          <dd data-testid="sales-count">{totals.salesCount}</dd>
        </div>
        <div>
          <dt>{t('sales.salesAud')}</dt>
          <dd data-testid="sales-aud" data-cents={totals.salesCents}>
            {formatAud(language, totals.salesCents)}
          </dd>
        </div>
        <div>
          <dt>{t('sales.cny')}</dt>
          <dd data-testid="sales-cny" data-fen={totals.cnyFen}>
            <CnyCell t={totals} />
          </dd>
        </div>
        <div>
          <dt>
            {day
              ? t('sales.previousDay', { date: formatBusinessDate(language, previous.from) })
              : t('sales.previous', {
                  from: formatBusinessDate(language, previous.from),
                  to: formatBusinessDate(language, previous.to),
                })}
          </dt>
          <dd data-testid="sales-previous-net" data-cents={previous.totals.netCents}>
            {formatAud(language, previous.totals.netCents)}{' '}
            <span className="muted">
              {t('sales.change')}:{' '}
              {change === null
                ? totals.netCents === 0
                  ? '—'
                  : t('sales.changeNew')
                : `${change > 0 ? '+' : ''}${change}%`}
            </span>
          </dd>
        </div>
      </dl>
    </div>
  );
}

function Charts({ insights }: { insights: SalesInsightsView }) {
  const { t, language } = useT();
  const dollars = (cents: number) => cents / 100;
  const hours = useMemo(() => insights.byHour.map((h) => hourLabel(h.hour)), [insights]);
  const hourSeries = useMemo<BarSeries[]>(
    () => [
      { label: t('sales.chartThis'), values: insights.byHour.map((h) => dollars(h.salesCents)), color: THIS },
      {
        label: t('sales.chartBefore'),
        values: insights.previous.byHour.map((h) => dollars(h.salesCents)),
        color: BEFORE,
      },
    ],
    [insights, t],
  );
  const days = useMemo(
    // Day and month only, in the shop's order (12/06 in English, 06-12 in Chinese): the year is in the heading.
    () =>
      insights.byDay.map((d) => {
        const [, month, day] = d.businessDate.split('-');
        return language === 'zh' ? `${month}-${day}` : `${day}/${month}`;
      }),
    [insights, language],
  );
  const daySeries = useMemo<BarSeries[]>(
    () => [
      { label: t('sales.chartThis'), values: insights.byDay.map((d) => dollars(d.salesCents)), color: THIS },
    ],
    [insights, t],
  );
  return (
    <>
      <section className="sales-pair" aria-labelledby="sales-hour-h">
        <h4 id="sales-hour-h">{t('sales.byHour')}</h4>
        <BarChart
          categories={hours}
          series={hourSeries}
          label={t('sales.byHourCaption')}
          testId="sales-hour-chart"
        />
        <HourTable insights={insights} />
      </section>
      {insights.byDay.length > 1 ? (
        <section className="sales-pair" aria-labelledby="sales-day-h">
          <h4 id="sales-day-h">{t('sales.byDay')}</h4>
          <BarChart
            categories={days}
            series={daySeries}
            label={t('sales.byDayCaption')}
            testId="sales-day-chart"
          />
          <DayTable insights={insights} />
        </section>
      ) : null}
    </>
  );
}

function Splits({ insights }: { insights: SalesInsightsView }) {
  const { t } = useT();
  return (
    <>
      <section className="sales-split" aria-labelledby="sales-platform-h">
        <h4 id="sales-platform-h">{t('sales.byPlatform')}</h4>
        <SplitTable
          caption={t('sales.byPlatformCaption')}
          firstColumn={t('sales.col.platform')}
          testId="sales-platform-table"
          rows={insights.byPlatform.map((p) => ({
            key: p.platform,
            label: t(p.platform === 'UNKNOWN' ? 'sales.platform.UNKNOWN' : `platform.${p.platform}`),
            totals: p,
          }))}
        />
      </section>
      <section className="sales-split" aria-labelledby="sales-person-h">
        <h4 id="sales-person-h">{t('sales.byPerson')}</h4>
        <SplitTable
          caption={t('sales.byPersonCaption')}
          firstColumn={t('sales.col.person')}
          testId="sales-person-table"
          rows={insights.byPerson.map((p) => ({
            key: p.personId ?? '',
            label: p.personId === null ? t('sales.personBefore') : (p.name ?? p.personId),
            totals: p,
          }))}
        />
      </section>
    </>
  );
}

export default function SalesView() {
  const { t } = useT();
  const state = useManager((s) => s.sales);
  const show = useManager((s) => s.showSales);
  useEffect(() => {
    // Opening the view shows the range last chosen (today at first).
    if (!state.insights && !state.loading) void show(state.range);
    // Once per opening: the range buttons ask again after that.
  }, []);
  const insights = state.insights;
  return (
    <div className="sales-view" data-testid="sales-view" aria-busy={state.loading}>
      <RangePicker />
      <Problem problem={state.problem} testId="sales-problem" />
      {state.loading ? <p className="muted">{t('sales.loading')}</p> : null}
      {insights ? (
        <div data-testid="sales-result" data-from={insights.from} data-to={insights.to}>
          <Summary insights={insights} />
          {insights.totals.salesCount === 0 && insights.totals.refundsCount === 0 ? (
            <p className="muted">{t('sales.empty')}</p>
          ) : null}
          <Charts insights={insights} />
          <Splits insights={insights} />
        </div>
      ) : null}
    </div>
  );
}
