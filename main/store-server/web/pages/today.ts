/** The pages of the day as it happens: Today (live), Unresolved & late, Refunds. */
import type { Language } from '../../../shared/bilingual';
import { html, money, when, type Html } from '../html';
import { t } from '../i18n';
import {
  refundState,
  type DayTotals,
  type ProblemSale,
  type RecentSale,
  type RefundLine,
  type Scope,
} from '../queries';
import { headRow, layout, type Chrome } from './layout';
import { dayTable, platformName } from './money';

export function liveFragment(
  L: Language,
  day: DayTotals,
  scope: Scope,
  recent: RecentSale[],
  tz: string,
  at: number,
): Html {
  return html`<section id="live" data-updated="${at}">
    <p class="updated">${t(L, 'liveUpdated')} <span id="updated-at">${when(at, L, tz)}</span></p>
    ${dayTable(L, day, scope)}
    <h2>${t(L, 'recentSales')}</h2>
    ${
      recent.length === 0
        ? html`<p>${t(L, 'noneYet')}</p>`
        : html`<table id="recent">
            ${headRow(L, ['time', 'store', 'till', 'servedBy', 'platform', 'amount', 'status', 'sale'])}
            <tbody>
              ${recent.map(
                (r) =>
                  html`<tr data-sale="${r.saleId}">
                    <td>${when(r.paidAt, L, tz)}</td>
                    <td>${r.storeName}</td>
                    <td>${r.tillName}</td>
                    <td class="served-by">${r.servedBy}</td>
                    <td>${platformName(r.platform)}</td>
                    <td class="num">${money(r.amountCents)}</td>
                    <td>${r.status}</td>
                    <td>${r.saleId}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }
  </section>`;
}

/** A page whose main part the script refreshes from `fragmentSrc` every `everyMs`. */
export function refreshingPage(
  c: Chrome,
  title: string,
  filterForm: Html,
  fragmentSrc: string,
  everyMs: number,
  first: Html,
): Html {
  return layout(
    c,
    title,
    html`${filterForm}
      <p class="stale" id="stale" hidden>${t(c.lang, 'liveStale')}</p>
      <div id="live-host" data-src="${fragmentSrc}" data-every="${everyMs}">${first}</div>`,
  );
}

function lateRefunds(L: Language, r: ProblemSale): Html {
  if (r.refunds.length === 0) return html`${t(L, 'notRefunded')}`;
  return html`${r.refunds.map(
    (f) =>
      html`<div>
        ${money(f.amountCents)} · ${t(L, `refundState_${refundState(f.status)}`)} (${f.status}) ·
        ${f.tillName}
      </div>`,
  )}`;
}

function problemRows(L: Language, rows: ProblemSale[], tz: string, late: boolean): Html {
  if (rows.length === 0) return html`<p>${t(L, 'noneYet')}</p>`;
  return html`<table class="${late ? 'late' : 'unresolved'}">
    ${headRow(L, [
      'date',
      'store',
      'till',
      'servedBy',
      'platform',
      'amount',
      'status',
      html`out_order_no`,
      ...(late ? (['lateRefund'] as const) : []),
    ])}
    <tbody>
      ${rows.map(
        (r) =>
          html`<tr data-sale="${r.saleId}">
            <td>${when(r.paidAt ?? r.createdAt, L, tz)}</td>
            <td>${r.storeName}</td>
            <td>${r.tillName}</td>
            <td class="served-by">${r.servedBy}</td>
            <td>${platformName(r.platform)}</td>
            <td class="num">${money(r.amountCents)}</td>
            <td>${late ? 'late_paid' : r.status}</td>
            <td>${r.outOrderNo}</td>
            ${late ? html`<td>${lateRefunds(L, r)}</td>` : ''}
          </tr>`,
      )}
    </tbody>
  </table>`;
}

export function problemsPage(
  c: Chrome,
  filterForm: Html,
  p: { unresolved: ProblemSale[]; late: ProblemSale[] },
  tz: string,
): Html {
  const L = c.lang;
  return layout(
    c,
    t(L, 'navUnresolved'),
    html`${filterForm}
      <h2>${t(L, 'unresolvedHeading')}</h2>
      ${problemRows(L, p.unresolved, tz, false)}
      <h2>${t(L, 'lateHeading')}</h2>
      ${problemRows(L, p.late, tz, true)}`,
  );
}

export function refundsTable(L: Language, rows: RefundLine[], tz: string): Html {
  if (rows.length === 0) return html`<p>${t(L, 'noneYet')}</p>`;
  return html`<table id="refunds">
    ${headRow(L, [
      'time',
      'store',
      'sentBy',
      'saleTill',
      'requestedBy',
      'approvedBy',
      'platform',
      'amount',
      'status',
      html`out_refund_no`,
      'sale',
    ])}
    <tbody>
      ${rows.map(
        (r) =>
          html`<tr data-refund="${r.outRefundNo}" data-state="${r.state}">
            <td>${when(r.createdAt, L, tz)}</td>
            <td>${r.storeName}</td>
            <td>${r.tillName}</td>
            <td>
              ${r.saleTillName ?? r.saleTillId}
              <span class="tag">${t(L, r.remote ? 'remote' : 'own')}</span>
            </td>
            <td class="requested-by">${r.requestedBy}</td>
            <td class="approved-by">${r.approvedBy}</td>
            <td>${platformName(r.platform)}</td>
            <td class="num">${money(r.amountCents)}</td>
            <td class="state">${t(L, `refundState_${r.state}`)} (${r.status})</td>
            <td>${r.outRefundNo}</td>
            <td>${r.saleId}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}
