/** X/Z for a date: each session (a closed one's Z as the till froze it, an open one's X), each till's day,
 * the store's and the chain's, each with how it adds up, and the day's CSV links. */
import type { Language } from '../../../shared/bilingual';
import { html, money, when, type Html } from '../html';
import { t } from '../i18n';
import type { PersonTotals } from '../by-person';
import type { DayTotals, Scope, SessionLine, StoreTotals, TillTotals } from '../queries';
import type { RemoteRefundSum } from '../remote-refund-sums';
import { layout, type Chrome } from './layout';
import { addsUp, moneyCells, moneyHead, shownTills, tillName } from './money';

export interface ReportData {
  day: DayTotals;
  scope: Scope;
  sessions: SessionLine[];
  remoteRefunds: Map<string, RemoteRefundSum>;
  /** The day by person (who took the sales, who asked for the refunds). */
  byPerson: PersonTotals[];
  tz: string;
  csv: { sales: string; refunds: string };
}

/** Why a till's day may not equal the sum of its Z reports, with this till's remote refunds when it has any. */
function zVersusDay(L: Language, remote: RemoteRefundSum | undefined): Html {
  return html`<p class="z-vs-day">
    ${t(L, 'zVersusDay')}
    ${
      remote && remote.count > 0
        ? html`<br /><span class="remote-refunds"
              >${t(L, 'remoteRefundsLine', { n: remote.count, amount: money(remote.cents) })}</span
            >`
        : ''
    }
  </p>`;
}

function tillBlock(L: Language, s: StoreTotals, till: TillTotals, d: ReportData): Html {
  const list = d.sessions.filter((x) => x.tillId === till.tillId);
  const allClosed = list.length > 0 && list.every((x) => x.kind === 'Z');
  return html`<section class="till-report" data-till="${till.tillId}">
    <h3>${s.storeName} — ${tillName(L, till)} — ${allClosed ? 'Z' : 'X'}</h3>
    <table class="money">
      ${moneyHead(L, ['session', 'status'])}
      <tbody>
        ${list.map(
          (x) =>
            html`<tr data-session="${x.sessionId}" data-kind="${x.kind}">
              <td>
                #${x.seq}
                ${when(x.openedAt, L, d.tz)}${x.closedAt !== null ? html` – ${when(x.closedAt, L, d.tz)}` : ''}
              </td>
              <td>
                ${x.kind === 'Z' ? t(L, 'zFrozen') : t(L, 'xLive')}
                ${x.closedBy !== null ? html`<span class="closed-by">${t(L, 'closedBy')}: ${x.closedBy}</span>` : ''}
              </td>
              ${moneyCells(x.totals)}
            </tr>`,
        )}
        <tr class="subtotal" data-till-total="${till.tillId}">
          <td>${t(L, 'tillDay')}</td>
          <td>${s.storeName} — ${till.tillName}</td>
          ${moneyCells(till.totals)}
        </tr>
      </tbody>
    </table>
    ${addsUp(L, till.totals)} ${zVersusDay(L, d.remoteRefunds.get(till.tillId))}
  </section>`;
}

function storeBlock(L: Language, s: StoreTotals): Html {
  return html`<section class="store-report" data-store="${s.storeId}">
    <h3>${t(L, 'storeDay')}: ${s.storeName}</h3>
    <table class="money">
      ${moneyHead(L, ['till'])}
      <tbody>
        ${shownTills(s.tills).map(
          (x) =>
            html`<tr>
              <td>${tillName(L, x)}</td>
              ${moneyCells(x.totals)}
            </tr>`,
        )}
        <tr class="store-total" data-store-total="${s.storeId}">
          <td>${t(L, 'total')}</td>
          ${moneyCells(s.totals)}
        </tr>
      </tbody>
    </table>
    ${addsUp(L, s.totals)}
  </section>`;
}

/** Sales and late payments by who took them, refunds by who asked for them, for the whole view. */
function personBlock(L: Language, rows: PersonTotals[]): Html {
  if (rows.length === 0) return html``;
  return html`<section class="person-report" id="by-person">
    <h3>${t(L, 'byPersonHeading')}</h3>
    <table class="money">
      ${moneyHead(L, ['person'])}
      <tbody>
        ${rows.map(
          (x) =>
            html`<tr data-person="${x.personId ?? ''}">
              <td>
                ${x.personId === null ? t(L, 'noPerson') : x.name}${x.tillName !== null ? html` (${x.tillName})` : ''}
              </td>
              ${moneyCells(x.totals)}
            </tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}

function chainBlock(L: Language, day: DayTotals): Html {
  return html`<section class="chain-report">
    <h3>${t(L, 'chainDay')}</h3>
    <table class="money">
      ${moneyHead(L, ['store'])}
      <tbody>
        ${day.stores.map(
          (x) =>
            html`<tr>
              <td>${x.storeName}</td>
              ${moneyCells(x.totals)}
            </tr>`,
        )}
        <tr class="chain-total" id="chain-total">
          <td>${t(L, 'total')}</td>
          ${moneyCells(day.totals)}
        </tr>
      </tbody>
    </table>
    ${addsUp(L, day.totals)}
  </section>`;
}

export function reportsPage(c: Chrome, filterForm: Html, d: ReportData): Html {
  const L = c.lang;
  const blocks: Html[] = [];
  for (const s of d.day.stores) {
    for (const till of shownTills(s.tills)) blocks.push(tillBlock(L, s, till, d));
    // One till chosen: a store line would only repeat it under the name "Store total".
    if (d.scope.tillId === null) blocks.push(storeBlock(L, s));
  }
  if (d.scope.tillId === null && d.scope.storeId === null && c.session?.user.role === 'head_office')
    blocks.push(chainBlock(L, d.day));
  blocks.push(personBlock(L, d.byPerson));
  return layout(
    c,
    `${t(L, 'reportsHeading')} · ${d.day.businessDate}`,
    html`${filterForm}
      <p class="exports">
        <a id="csv-sales" href="${d.csv.sales}">${t(L, 'csvSales')}</a> ·
        <a id="csv-refunds" href="${d.csv.refunds}">${t(L, 'csvRefunds')}</a>
      </p>
      ${blocks}`,
  );
}
