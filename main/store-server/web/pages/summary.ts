/**
 * A store's day on one A4 page: totals by till, the platform split with CNY, sales by hour, refunds, late
 * payments and unresolved sales. Lists are cut to what fits ("… and n more"), so even a long day prints on one
 * page (app.css's print rules: @page A4, the chrome hidden, two columns).
 */
import { formatShopDate } from '../../../shared/shop-date';
import { html, money, when, type Html } from '../html';
import { t } from '../i18n';
import type { RangeRefund, RangeReport, RangeSaleLine } from '../range-queries';
import { layout, headRow, type Chrome } from './layout';
import { moneyCells, moneyHead, shownTills, tillName } from './money';
import { hourRows, platformShares, refundsList, salesList } from './range';

/** How many rows of each list fit the page beside the rest. */
export const SUMMARY_LIMITS = { refunds: 6, late: 4, unresolved: 4 } as const;

export interface SummaryData {
  storeName: string;
  date: string;
  tz: string;
  now: number;
  report: RangeReport;
  refunds: { rows: RangeRefund[]; total: number };
  late: { rows: RangeSaleLine[]; total: number };
  unresolved: { rows: RangeSaleLine[]; total: number };
}

export function summaryPage(c: Chrome, d: SummaryData): Html {
  const L = c.lang;
  const store = d.report.totals.stores[0];
  const hours = hourRows(d.report.byHour, false);
  return layout(
    c,
    '',
    html`<article class="daily-summary" id="daily-summary">
      <p class="no-print"><button type="button" id="print">${t(L, 'print')}</button></p>
      <h1>
        ${t(L, 'summaryHeading')}:
        ${t(L, 'summaryOf', { store: d.storeName, date: formatShopDate(L, d.date) })}
      </h1>
      <p class="printed-at">${t(L, 'printedAt', { at: when(d.now, L, d.tz) })}</p>
      <table class="money" id="summary-totals">
        ${moneyHead(L, ['till'])}
        <tbody>
          ${(store ? shownTills(store.tills) : []).map(
            (x) =>
              html`<tr data-till="${x.tillId}">
                <td>${tillName(L, x)}</td>
                ${moneyCells(x.totals)}
              </tr>`,
          )}
          <tr class="store-total" id="summary-total">
            <td>${t(L, 'total')}</td>
            ${moneyCells(d.report.totals.totals)}
          </tr>
        </tbody>
      </table>
      <div class="summary-grid">
        <section>
          <h2>${t(L, 'chartByHour')}</h2>
          <table class="money" id="summary-hours">
            ${headRow(L, ['hour', 'count', 'sales', 'latePayments', 'refunds', 'net'])}
            <tbody>
              ${hours.map(
                (h) =>
                  html`<tr data-hour="${h.key}">
                    <td>${h.label}</td>
                    <td class="num">${h.x.salesCount + h.x.latePaymentsCount}</td>
                    <td class="num">${money(h.x.salesCents + h.x.latePaymentsCents)}</td>
                    <td class="num">${money(h.x.refundsCents)}</td>
                    <td class="num net">${money(h.x.netCents)}</td>
                  </tr>`,
              )}
            </tbody>
          </table>
        </section>
        <section>
          <h2>${t(L, 'chartPlatforms')}</h2>
          ${platformShares(L, d.report)}
          <h2>${t(L, 'rangeRefunds')}</h2>
          ${refundsList(L, d.refunds.rows, d.refunds.total, d.tz, 'andMorePrint')}
          <h2>${t(L, 'rangeLate')}</h2>
          ${salesList(L, 'summary-late', d.late.rows, d.late.total, d.tz, true, 'andMorePrint')}
          <h2>${t(L, 'rangeUnresolved')}</h2>
          ${salesList(L, 'summary-unresolved', d.unresolved.rows, d.unresolved.total, d.tz, false, 'andMorePrint')}
        </section>
      </div>
    </article>`,
  );
}
