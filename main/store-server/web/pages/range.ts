/**
 * The range report: any dates, by store, till and platform, as charts first and tables second. Each chart is
 * drawn by the pages' script from the numbers table beside it (static/app.js with uPlot from the server's own
 * files), so what the chart shows and what a screen reader or a printout reads are the same numbers.
 */
import type { Language } from '../../../shared/bilingual';
import { formatShopDate } from '../../../shared/shop-date';
import { dateField, html, money, when, type Html } from '../html';
import { t, type WordKey } from '../i18n';
import type { PlatformKey, Totals } from '../queries';
import type { Bucket, CnyLine, RangeRefund, RangeReport, RangeSaleLine } from '../range-queries';
import { PLATFORMS, presets, rangeQuery, type RangeView } from '../range-view';
import { headRow, layout, storeOptions, tillLabel, type Chrome } from './layout';
import { dayTable, moneyCells, moneyHead, platformName } from './money';

/** "Mia", or "Manager (Front)" for a till's own person: two tills may each have a Manager. */
export function personLabel(name: string | null, tillName: string | null): string {
  return tillName === null ? (name ?? '') : `${name ?? ''} (${tillName})`;
}

export function platformLabel(L: Language, p: PlatformKey): string {
  return p === 'UNKNOWN' ? t(L, 'platformUnknown') : platformName(p);
}

/** CNY as the gateway reported it: ¥ and fen, like A$ and cents. */
export function cny(fen: number): string {
  return fen < 0 ? `-¥${money(-fen)}` : `¥${money(fen)}`;
}

export function cnyWords(L: Language, c: CnyLine): string {
  if (c.withCny === 0) return t(L, 'cnyNone');
  return c.withCny === c.of ? t(L, 'cnyForAll', { m: c.of }) : t(L, 'cnyFor', { n: c.withCny, m: c.of });
}

function rangeFilters(c: Chrome, r: RangeView): Html {
  const L = c.lang;
  const v = r.view;
  const head = c.session?.user.role === 'head_office';
  return html`<form method="get" action="/web/range" class="filters" id="range-filters">
      <label>${t(L, 'fromDate')} ${dateField(L, 'from', 'from', r.filter.from)}</label>
      <label>${t(L, 'toDate')} ${dateField(L, 'to', 'to', r.filter.to)}</label>
      <label
        >${t(L, 'store')}
        <select name="store" id="store">
          ${head ? html`<option value="">${t(L, 'allStores')}</option>` : ''}
          ${storeOptions(v.stores, v.scope.storeId)}
        </select></label
      >
      <label
        >${t(L, 'till')}
        <select name="till" id="till">
          <option value="">${t(L, 'allTills')}</option>
          ${v.tills.map((x) => html`<option value="${x.id}" ${x.id === v.scope.tillId ? ' selected' : ''}>${tillLabel(L, x)}</option>`)}
        </select></label
      >
      <label
        >${t(L, 'platform')}
        <select name="platform" id="platform">
          <option value="">${t(L, 'allPlatforms')}</option>
          ${PLATFORMS.map((p) => html`<option value="${p}" ${p === r.filter.platform ? ' selected' : ''}>${platformLabel(L, p)}</option>`)}
        </select></label
      >
      <label
        >${t(L, 'person')}
        <select name="person" id="person">
          <option value="">${t(L, 'allPeople')}</option>
          ${r.people.map((p) => html`<option value="${p.key}" ${p.key === r.personKey ? ' selected' : ''}>${personLabel(p.name, p.tillName)}</option>`)}
        </select></label
      >
      <button type="submit">${t(L, 'show')}</button>
    </form>
    <p class="presets">
      ${t(L, 'presets')}:
      ${presets(r.today).map(
        (p) =>
          html`<a href="/web/range?${rangeQuery(r, { from: p.from, to: p.to })}" data-preset="${p.key}"
            >${t(L, p.key)}</a
          > `,
      )}
    </p>`;
}

/** A chart and, beside it, its numbers: the script draws `kind` from the table's data-v cells. */
function chart(
  L: Language,
  id: string,
  title: WordKey,
  kind: 'bars' | 'lines',
  first: WordKey,
  series: [WordKey, keyof Totals][],
  rows: { label: string; key: string; x: Totals }[],
): Html {
  return html`<figure class="chart" id="chart-${id}" data-chart="${kind}">
    <figcaption>${t(L, title)}</figcaption>
    <div class="chart-canvas" aria-hidden="true"></div>
    <details class="chart-numbers" open>
      <summary>${t(L, 'chartNumbers')}</summary>
      <table class="chart-data" id="table-${id}">
        <thead>
          <tr>
            <th>${t(L, first)}</th>
            ${series.map(([w]) => html`<th data-series="${w}">${t(L, w)}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            (r) =>
              html`<tr data-key="${r.key}">
                <td>${r.label}</td>
                ${series.map(([, k]) => html`<td class="num" data-v="${r.x[k]}">${money(r.x[k])}</td>`)}
              </tr>`,
          )}
        </tbody>
      </table>
    </details>
  </figure>`;
}

export function hourRows(byHour: Bucket[], all: boolean): { label: string; key: string; x: Totals }[] {
  const busy = byHour
    .filter((b) => b.salesCount + b.latePaymentsCount + b.refundsCount > 0)
    .map((b) => Number(b.key));
  // The day's span of trading hours (all 24 when nothing was sold), so the chart keeps the quiet hours between.
  const lo = all || busy.length === 0 ? 0 : Math.min(...busy);
  const hi = all || busy.length === 0 ? 23 : Math.max(...busy);
  return byHour
    .filter((b) => Number(b.key) >= lo && Number(b.key) <= hi)
    .map((b) => ({ label: `${b.key.padStart(2, '0')}:00`, key: b.key, x: b }));
}

/**
 * Each platform's share of the sales (before refunds and late payments): never negative and summing to 100 %,
 * where a share of net would pass 100 % as soon as another platform's refunds outweigh its sales.
 */
export function platformShares(L: Language, report: RangeReport): Html {
  const sold = report.totals.totals.salesCents;
  return html`<table class="money" id="platform-split">
    ${headRow(L, ['platform', 'sales', 'latePayments', 'refunds', 'net', 'share', 'cnyAmount'])}
    <tbody>
      ${PLATFORMS.filter(
        (p) =>
          p !== 'UNKNOWN' ||
          report.cnyByPlatform.UNKNOWN.of + report.totals.perPlatform.UNKNOWN.refundsCount > 0,
      ).map((p) => {
        const x = report.totals.perPlatform[p];
        const c = report.cnyByPlatform[p];
        return html`<tr data-platform="${p}">
          <td>${platformLabel(L, p)}</td>
          <td class="num">${money(x.salesCents)}</td>
          <td class="num">${money(x.latePaymentsCents)}</td>
          <td class="num">${money(x.refundsCents)}</td>
          <td class="num net">${money(x.netCents)}</td>
          <td class="num share">${sold === 0 ? '—' : `${((100 * x.salesCents) / sold).toFixed(1)} %`}</td>
          <td class="num" data-cny="${c.cents}">
            ${cny(c.cents)} <span class="cny-of">(${cnyWords(L, c)})</span>
          </td>
        </tr>`;
      })}
    </tbody>
  </table>`;
}

function outcomeCell(L: Language, s: RangeSaleLine): Html {
  return html`<td data-outcome="${s.outcome}">${t(L, `outcome_${s.outcome}`)}</td>`;
}

export function refundsList(
  L: Language,
  rows: RangeRefund[],
  total: number,
  tz: string,
  more: WordKey,
): Html {
  if (total === 0) return html`<p>${t(L, 'noneInRange')}</p>`;
  return html`<table id="range-refunds">
      ${headRow(L, ['time', 'store', 'till', 'saleTill', 'platform', 'amount', 'status', 'reason', 'requestedBy', 'approvedBy'])}
      <tbody>
        ${rows.map(
          (r) =>
            html`<tr data-refund="${r.refundId}">
              <td>${when(r.createdAt, L, tz)}</td>
              <td>${r.storeName}</td>
              <td>${r.tillName}</td>
              <td>${r.remote ? (r.saleTillName ?? '') : t(L, 'own')}</td>
              <td>${platformName(r.platform)}</td>
              <td class="num">${money(r.amountCents)}</td>
              <td>${t(L, `refundState_${r.state}`)}</td>
              <td>${r.reason ?? ''}</td>
              <td>${r.requestedBy ?? ''}</td>
              <td>${r.approvedBy ?? ''}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    ${total > rows.length ? html`<p class="more">${t(L, more, { n: total - rows.length })}</p>` : ''}`;
}

export function salesList(
  L: Language,
  id: string,
  rows: RangeSaleLine[],
  total: number,
  tz: string,
  late: boolean,
  more: WordKey,
): Html {
  if (total === 0) return html`<p>${t(L, 'noneInRange')}</p>`;
  return html`<table id="${id}">
      ${headRow(L, ['time', 'store', 'till', 'servedBy', 'platform', 'amount', ...(late ? (['refunded', 'outcome'] as const) : (['status'] as const)), 'sale'])}
      <tbody>
        ${rows.map(
          (s) =>
            html`<tr data-sale="${s.saleId}">
              <td>${when(s.paidAt ?? s.createdAt, L, tz)}</td>
              <td>${s.storeName}</td>
              <td>${s.tillName}</td>
              <td>${s.servedBy ?? ''}</td>
              <td>${platformName(s.platform)}</td>
              <td class="num">${money(s.amountCents)}</td>
              ${
                late
                  ? html`<td class="num">${money(s.refundedCents)}</td>
                      ${outcomeCell(L, s)}`
                  : html`<td>${s.status}</td>`
              }
              <td>${s.saleId}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    ${total > rows.length ? html`<p class="more">${t(L, more, { n: total - rows.length })}</p>` : ''}`;
}

/** Who served the sales (and asked for the refunds), with the day reports' columns. */
export function personTable(L: Language, report: RangeReport): Html {
  if (report.byPerson.length === 0) return html`<p>${t(L, 'noneInRange')}</p>`;
  return html`<table class="money" id="by-person">
    ${moneyHead(L, ['person'])}
    <tbody>
      ${report.byPerson.map(
        (p) =>
          html`<tr data-person="${p.key}">
            <td>${p.key === '' ? t(L, 'personNotRecorded') : personLabel(p.name ?? p.key, p.tillName)}</td>
            ${moneyCells(p)}
          </tr>`,
      )}
    </tbody>
  </table>`;
}

export interface RangePageData {
  range: RangeView;
  report: RangeReport;
  refunds: { rows: RangeRefund[]; total: number };
  late: { rows: RangeSaleLine[]; total: number };
}

const DAY_SERIES: [WordKey, keyof Totals][] = [
  ['sales', 'salesCents'],
  ['latePayments', 'latePaymentsCents'],
  ['refunds', 'refundsCents'],
  ['net', 'netCents'],
];

export function rangePage(c: Chrome, d: RangePageData): Html {
  const L = c.lang;
  const { report, range } = d;
  const f = range.filter;
  const tz = range.view.zone;
  const title =
    f.from === f.to
      ? t(L, 'rangeHeadingDay', { date: formatShopDate(L, f.from) })
      : t(L, 'rangeHeading', { from: formatShopDate(L, f.from), to: formatShopDate(L, f.to) });
  const q = rangeQuery(range);
  const summaryStore = f.scope.storeId ?? range.view.stores[0]?.id ?? '';
  const platformRows = PLATFORMS.map((p) => ({
    label: platformLabel(L, p),
    key: p,
    x: report.totals.perPlatform[p],
  }));
  return layout(
    c,
    title,
    html`${rangeFilters(c, range)}
      <p class="exports">
        ${t(L, 'exportsOfRange')}:
        <a id="range-csv-sales" href="/web/export/sales.csv?${q}">${t(L, 'csvSales')}</a> ·
        <a id="range-csv-refunds" href="/web/export/refunds.csv?${q}">${t(L, 'csvRefunds')}</a> ·
        <a id="range-xlsx" href="/web/export/report.xlsx?${q}">${t(L, 'xlsx')}</a> ·
        <a id="daily-summary" href="/web/summary?date=${f.to}&amp;store=${summaryStore}"
          >${t(L, 'dailySummary')}</a
        >
      </p>
      <section class="charts">
        ${chart(L, 'hour', 'chartByHour', 'bars', 'hour', DAY_SERIES, hourRows(report.byHour, false))}
        ${chart(
          L,
          'day',
          'chartByDay',
          'lines',
          'day',
          DAY_SERIES,
          report.byDay.map((b) => ({ label: formatShopDate(L, b.key), key: b.key, x: b })),
        )}
        ${chart(L, 'platform', 'chartPlatforms', 'bars', 'platform', [['net', 'netCents']], platformRows)}
      </section>
      <h2>${t(L, 'total')}</h2>
      ${dayTable(L, report.totals, f.scope)}
      <h2>${t(L, 'byPerson')}</h2>
      ${personTable(L, report)}
      <h2>${t(L, 'cnyHeading')}</h2>
      <p id="cny-total" data-cny="${report.cny.cents}">
        <strong>${cny(report.cny.cents)}</strong> — ${cnyWords(L, report.cny)}
      </p>
      ${platformShares(L, report)}
      <h2>${t(L, 'rangeRefunds')}</h2>
      ${refundsList(L, d.refunds.rows, d.refunds.total, tz, 'andMore')}
      <h2>${t(L, 'rangeLate')}</h2>
      ${salesList(L, 'range-late', d.late.rows, d.late.total, tz, true, 'andMore')}
      <link rel="stylesheet" href="/web/static/uPlot.min.css" />
      <script src="/web/static/uPlot.iife.min.js" defer></script>`,
  );
}
