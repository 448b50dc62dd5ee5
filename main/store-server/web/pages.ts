/** The managers' pages, rendered on the server (the script in static/ only refreshes the live parts). */
import type { Language } from '../../shared/bilingual';
import type { WebSession } from './auth';
import { html, money, when, type Html } from './html';
import { t, type WordKey } from './i18n';
import type {
  DayTotals,
  PlatformKey,
  ProblemSale,
  RecentSale,
  RefundLine,
  SessionLine,
  Totals,
} from './queries';
import type { ReconcileJob } from './reconcile';

export interface StoreChoice {
  id: string;
  name: string;
  timeZone: string;
}
export interface TillChoice {
  id: string;
  name: string;
  storeId: string;
}

export interface Chrome {
  lang: Language;
  session: WebSession | null;
  /** The path + query of this page (the language switch returns here). */
  here: string;
  nav?: NavKey;
}

type NavKey = 'live' | 'unresolved' | 'refunds' | 'reports' | 'reconcile' | 'tills' | 'users';
const NAV: [NavKey, WordKey][] = [
  ['live', 'navLive'],
  ['unresolved', 'navUnresolved'],
  ['refunds', 'navRefunds'],
  ['reports', 'navReports'],
  ['reconcile', 'navReconcile'],
  ['tills', 'navTills'],
  ['users', 'navUsers'],
];

export function layout(c: Chrome, title: string, body: Html): Html {
  const L = c.lang;
  const csrf = c.session?.csrf ?? '';
  return html`<html lang="${L === 'zh' ? 'zh-CN' : 'en'}">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>${title} · ${t(L, 'title')}</title>
      <link rel="stylesheet" href="/web/static/app.css" />
      <script src="/web/static/app.js" defer></script>
    </head>
    <body data-lang="${L}">
      <header>
        <strong>${t(L, 'title')}</strong>
        ${
          c.session
            ? html`<nav>
                  ${NAV.filter(([k]) => k !== 'users' || c.session?.user.role === 'head_office').map(
                    ([k, w]) =>
                      html`<a href="/web/${k}" ${c.nav === k ? html` aria-current="page"` : ''}
                        >${t(L, w)}</a
                      >`,
                  )}
                </nav>
                <span class="who"
                  >${t(L, 'signedInAs')} ${c.session.user.displayName}
                  (${t(L, c.session.user.role === 'head_office' ? 'headOffice' : 'storeManager')})</span
                >`
            : ''
        }
        <form method="post" action="/web/lang" class="inline">
          <input type="hidden" name="csrf" value="${csrf}" /><input
            type="hidden"
            name="next"
            value="${c.here}"
          />
          <input type="hidden" name="lang" value="${L === 'zh' ? 'en' : 'zh'}" />
          <button type="submit" id="lang-switch">${t(L, 'language')}</button>
        </form>
        ${
          c.session
            ? html`<form method="post" action="/web/sign-out" class="inline">
                <input type="hidden" name="csrf" value="${csrf}" /><button type="submit" id="sign-out">
                  ${t(L, 'signOut')}
                </button>
              </form>`
            : ''
        }
      </header>
      <main>
        <h1>${title}</h1>
        ${body}
      </main>
    </body>
  </html>`;
}

export function refusalBox(lang: Language, key: WordKey, vars: Record<string, string | number> = {}): Html {
  return html`<p class="refusal" role="alert">${t(lang, key, vars)}</p>`;
}

export function signInPage(c: Chrome, refusal: Html | null, username = ''): Html {
  const L = c.lang;
  return layout(
    c,
    t(L, 'signIn'),
    html`${refusal}
      <form method="post" action="/web/sign-in" class="sign-in">
        <label
          >${t(L, 'username')}
          <input name="username" id="username" autocomplete="username" required value="${username}"
        /></label>
        <label
          >${t(L, 'password')}
          <input name="password" id="password" type="password" autocomplete="current-password" required
        /></label>
        <button type="submit" id="sign-in">${t(L, 'signIn')}</button>
      </form>`,
  );
}

export interface FilterState {
  date: string | null;
  storeId: string | null;
  tillId: string | null;
}

/** The date / store / till chooser (GET form); a store manager's store is fixed. */
export function filters(
  c: Chrome,
  action: string,
  f: FilterState,
  stores: StoreChoice[],
  tills: TillChoice[] | null,
  opts: { needStore?: boolean } = {},
): Html {
  const L = c.lang;
  const head = c.session?.user.role === 'head_office';
  return html`<form method="get" action="${action}" class="filters">
    ${f.date !== null ? html`<label>${t(L, 'date')} <input type="date" name="date" id="date" value="${f.date}" /></label>` : ''}
    <label
      >${t(L, 'store')}
      <select name="store" id="store">
        ${head && !opts.needStore ? html`<option value="">${t(L, 'allStores')}</option>` : ''}
        ${stores.map((s) => html`<option value="${s.id}" ${s.id === f.storeId ? ' selected' : ''}>${s.name}</option>`)}
      </select></label
    >
    ${
      tills
        ? html`<label
            >${t(L, 'till')}
            <select name="till" id="till">
              <option value="">${t(L, 'allTills')}</option>
              ${tills.map((x) => html`<option value="${x.id}" ${x.id === f.tillId ? ' selected' : ''}>${x.name}</option>`)}
            </select></label
          >`
        : ''
    }
    <button type="submit">${t(L, 'show')}</button>
  </form>`;
}

const PLATFORM_KEYS: PlatformKey[] = ['WECHATPAY', 'ALIPAY', 'UNKNOWN'];

function platformName(p: string | null): string {
  if (p === 'WECHATPAY') return 'WeChat Pay';
  if (p === 'ALIPAY') return 'Alipay';
  return '—';
}

function moneyCells(x: Totals): Html {
  return html`<td class="num">${x.salesCount}</td>
    <td class="num">${money(x.salesCents)}</td>
    <td class="num">${x.latePaymentsCount}</td>
    <td class="num">${money(x.latePaymentsCents)}</td>
    <td class="num">${x.refundsCount}</td>
    <td class="num">${money(x.refundsCents)}</td>
    <td class="num net">${money(x.netCents)}</td>`;
}

function moneyHead(L: Language, first: WordKey[]): Html {
  return html`<thead>
    <tr>
      ${first.map((k) => html`<th>${t(L, k)}</th>`)}
      <th>${t(L, 'sales')} · ${t(L, 'count')}</th>
      <th>${t(L, 'sales')}</th>
      <th>${t(L, 'latePayments')} · ${t(L, 'count')}</th>
      <th>${t(L, 'latePayments')}</th>
      <th>${t(L, 'refunds')} · ${t(L, 'count')}</th>
      <th>${t(L, 'refunds')}</th>
      <th>${t(L, 'net')}</th>
    </tr>
  </thead>`;
}

/** The day's lines by store, till and platform, with each till's, store's and the chain's total. */
export function dayTable(L: Language, day: DayTotals): Html {
  const rows: Html[] = [];
  for (const s of day.stores) {
    for (const till of s.tills) {
      for (const p of PLATFORM_KEYS) {
        const x = till.perPlatform[p];
        if (p === 'UNKNOWN' && x.salesCount + x.refundsCount + x.latePaymentsCount === 0) continue;
        rows.push(
          html`<tr data-till="${till.tillId}" data-platform="${p}">
            <td>${s.storeName}</td>
            <td>${till.tillName}</td>
            <td>${platformName(p)}</td>
            ${moneyCells(x)}
          </tr>`,
        );
      }
      rows.push(
        html`<tr class="subtotal" data-till-total="${till.tillId}">
          <td>${s.storeName}</td>
          <td>${till.tillName}</td>
          <td>${t(L, 'total')}</td>
          ${moneyCells(till.totals)}
        </tr>`,
      );
    }
    rows.push(
      html`<tr class="store-total" data-store-total="${s.storeId}">
        <td>${s.storeName}</td>
        <td>${t(L, 'allTills')}</td>
        <td>${t(L, 'total')}</td>
        ${moneyCells(s.totals)}
      </tr>`,
    );
  }
  rows.push(
    html`<tr class="chain-total" id="chain-total">
      <td>${t(L, 'allStores')}</td>
      <td></td>
      <td>${t(L, 'total')}</td>
      ${moneyCells(day.totals)}
    </tr>`,
  );
  return html`<table class="money">
      ${moneyHead(L, ['store', 'till', 'platform'])}
      <tbody>
        ${rows}
      </tbody>
    </table>
    <p class="formula">${t(L, 'formula')}</p>`;
}

export function liveFragment(
  L: Language,
  day: DayTotals,
  recent: RecentSale[],
  tz: string,
  at: number,
): Html {
  return html`<section id="live" data-updated="${at}">
    <p class="updated">${t(L, 'liveUpdated')} <span id="updated-at">${when(at, L, tz)}</span></p>
    ${dayTable(L, day)}
    <h2>${t(L, 'recentSales')}</h2>
    ${
      recent.length === 0
        ? html`<p>${t(L, 'noneYet')}</p>`
        : html`<table id="recent">
            <thead>
              <tr>
                <th>${t(L, 'time')}</th>
                <th>${t(L, 'store')}</th>
                <th>${t(L, 'till')}</th>
                <th>${t(L, 'platform')}</th>
                <th>${t(L, 'amount')}</th>
                <th>${t(L, 'status')}</th>
                <th>${t(L, 'sale')}</th>
              </tr>
            </thead>
            <tbody>
              ${recent.map(
                (r) =>
                  html`<tr data-sale="${r.saleId}">
                    <td>${when(r.paidAt, L, tz)}</td>
                    <td>${r.storeName}</td>
                    <td>${r.tillName}</td>
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

export function livePage(c: Chrome, filterForm: Html, fragmentSrc: string, first: Html): Html {
  const L = c.lang;
  return layout(
    c,
    t(L, 'liveHeading'),
    html`${filterForm}
      <p class="stale" id="stale" hidden>${t(L, 'liveStale')}</p>
      <div id="live-host" data-src="${fragmentSrc}" data-every="2000">${first}</div>`,
  );
}

function problemRows(L: Language, rows: ProblemSale[], tz: string, late: boolean): Html {
  if (rows.length === 0) return html`<p>${t(L, 'noneYet')}</p>`;
  return html`<table class="${late ? 'late' : 'unresolved'}">
    <thead>
      <tr>
        <th>${t(L, 'date')}</th>
        <th>${t(L, 'store')}</th>
        <th>${t(L, 'till')}</th>
        <th>${t(L, 'platform')}</th>
        <th>${t(L, 'amount')}</th>
        <th>${t(L, 'status')}</th>
        <th>out_order_no</th>
        ${late ? html`<th>${t(L, 'lateRefund')}</th>` : ''}
      </tr>
    </thead>
    <tbody>
      ${rows.map(
        (r) =>
          html`<tr data-sale="${r.saleId}">
            <td>${r.businessDate} ${when(r.paidAt ?? r.createdAt, L, tz)}</td>
            <td>${r.storeName}</td>
            <td>${r.tillName}</td>
            <td>${platformName(r.platform)}</td>
            <td class="num">${money(r.amountCents)}</td>
            <td>${late ? 'late_paid' : r.status}</td>
            <td>${r.outOrderNo}</td>
            ${
              late
                ? html`<td>
                    ${
                      r.refunds.length === 0
                        ? t(L, 'notRefunded')
                        : r.refunds.map(
                            (f) =>
                              html`<div>
                                ${money(f.amountCents)} · ${refundStateText(L, f.status)} (${f.status}) ·
                                ${f.tillName}
                              </div>`,
                          )
                    }
                  </td>`
                : ''
            }
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

function refundStateText(L: Language, status: string): string {
  const state =
    status === 'CLOSED'
      ? 'refunded'
      : /^(rejected|MERCHANTREJECTED|TIMEOUTCLOSED|ORGANIZATIONFAILED|CUSTOMERCANCELLED)$/.test(status)
        ? 'failed'
        : 'pending';
  return t(L, `refundState_${state}`);
}

export function refundsTable(L: Language, rows: RefundLine[], tz: string): Html {
  if (rows.length === 0) return html`<p>${t(L, 'noneYet')}</p>`;
  return html`<table id="refunds">
    <thead>
      <tr>
        <th>${t(L, 'time')}</th>
        <th>${t(L, 'store')}</th>
        <th>${t(L, 'sentBy')}</th>
        <th>${t(L, 'saleTill')}</th>
        <th>${t(L, 'platform')}</th>
        <th>${t(L, 'amount')}</th>
        <th>${t(L, 'status')}</th>
        <th>out_refund_no</th>
        <th>${t(L, 'sale')}</th>
      </tr>
    </thead>
    <tbody>
      ${rows.map(
        (r) =>
          html`<tr data-refund="${r.outRefundNo}" data-state="${r.state}">
            <td>${when(r.createdAt, L, tz)}</td>
            <td>${r.storeName}</td>
            <td>${r.tillName}</td>
            <td>
              ${r.saleTillName ?? r.saleTillId}
              ${r.remote ? html`<span class="tag">${t(L, 'remote')}</span>` : html`<span class="tag">${t(L, 'own')}</span>`}
            </td>
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

export function refundsPage(c: Chrome, filterForm: Html, fragmentSrc: string, first: Html): Html {
  const L = c.lang;
  return layout(
    c,
    t(L, 'refundsHeading'),
    html`${filterForm}
      <div id="live-host" data-src="${fragmentSrc}" data-every="3000">${first}</div>`,
  );
}

export function reportsPage(
  c: Chrome,
  filterForm: Html,
  day: DayTotals,
  sessions: SessionLine[],
  tz: string,
  csv: { sales: string; refunds: string },
): Html {
  const L = c.lang;
  const bySession = (tillId: string) => sessions.filter((s) => s.tillId === tillId);
  const blocks: Html[] = [];
  for (const s of day.stores) {
    for (const till of s.tills) {
      const list = bySession(till.tillId);
      const allClosed = list.length > 0 && list.every((x) => x.kind === 'Z');
      blocks.push(
        html`<section class="till-report" data-till="${till.tillId}">
          <h3>${s.storeName} · ${till.tillName} — ${allClosed ? 'Z' : 'X'}</h3>
          <table class="money">
            ${moneyHead(L, ['session', 'status'])}
            <tbody>
              ${list.map(
                (x) =>
                  html`<tr data-session="${x.sessionId}" data-kind="${x.kind}">
                    <td>
                      #${x.seq}
                      ${when(x.openedAt, L, tz)}${x.closedAt !== null ? html` – ${when(x.closedAt, L, tz)}` : ''}
                    </td>
                    <td>${x.kind === 'Z' ? t(L, 'zFrozen') : t(L, 'xLive')}</td>
                    ${moneyCells(x.totals)}
                  </tr>`,
              )}
              <tr class="subtotal" data-till-total="${till.tillId}">
                <td>${t(L, 'tillDay')}</td>
                <td>${s.storeName} · ${till.tillName}</td>
                ${moneyCells(till.totals)}
              </tr>
            </tbody>
          </table>
          ${addsUp(L, till.totals)}
        </section>`,
      );
    }
    blocks.push(
      html`<section class="store-report" data-store="${s.storeId}">
        <h3>${t(L, 'storeDay')}: ${s.storeName}</h3>
        <table class="money">
          ${moneyHead(L, ['till'])}
          <tbody>
            ${s.tills.map(
              (x) =>
                html`<tr>
                  <td>${x.tillName}</td>
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
      </section>`,
    );
  }
  if (day.stores.length > 1 || c.session?.user.role === 'head_office') {
    blocks.push(
      html`<section class="chain-report">
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
      </section>`,
    );
  }
  return layout(
    c,
    `${t(L, 'reportsHeading')} · ${day.businessDate}`,
    html`${filterForm}
      <p class="exports">
        <a id="csv-sales" href="${csv.sales}">${t(L, 'csvSales')}</a> ·
        <a id="csv-refunds" href="${csv.refunds}">${t(L, 'csvRefunds')}</a>
      </p>
      ${blocks}`,
  );
}

/** "sales 12.00 + late payments 3.00 − refunds 5.00 = net 10.00", the way the till's report adds up. */
function addsUp(L: Language, x: Totals): Html {
  return html`<p class="adds-up">
    ${t(L, 'howItAddsUp')}: ${t(L, 'sales')} ${money(x.salesCents)} + ${t(L, 'latePayments')}
    ${money(x.latePaymentsCents)} − ${t(L, 'refunds')} ${money(x.refundsCents)} = ${t(L, 'net')}
    <strong>${money(x.netCents)}</strong> (${t(L, 'lateRefunds')}: ${money(x.lateRefundsCents)})
  </p>`;
}

export function reconcileFragment(L: Language, job: ReconcileJob): Html {
  return html`<section id="reconcile-job" data-finished="${job.finished ? '1' : '0'}" data-job="${job.id}">
    <p>
      <label
        >${t(L, 'reconcileProgress')} <progress max="${Math.max(job.total, 1)}" value="${job.done}"></progress
      ></label>
      <span id="progress-text">${job.done} / ${job.total}</span> ${job.finished ? t(L, 'reconcileDone') : ''}
    </p>
    ${
      job.finished && job.differences.length === 0
        ? html`<p id="no-differences">${t(L, 'reconcileNoDiff')}</p>`
        : job.differences.length === 0
          ? ''
          : html`<table id="differences">
              <thead>
                <tr>
                  <th>${t(L, 'status')}</th>
                  <th>${t(L, 'till')}</th>
                  <th>out_order_no</th>
                  <th>order_no</th>
                  <th>${t(L, 'here')}</th>
                  <th>${t(L, 'gateway')}</th>
                </tr>
              </thead>
              <tbody>
                ${job.differences.map(
                  (d) =>
                    html`<tr data-kind="${d.kind}" data-out-order-no="${d.outOrderNo}">
                      <td>${t(L, `diff_${d.kind}`)}</td>
                      <td>${d.tillName}</td>
                      <td>${d.outOrderNo}</td>
                      <td>${d.orderNo}</td>
                      <td>${d.hereStatus} · ${money(d.hereAmountCents)}</td>
                      <td>
                        ${d.gatewayStatus ?? d.code ?? '—'}${d.gatewayAmountCents !== null ? html` · ${money(d.gatewayAmountCents)}` : ''}
                      </td>
                    </tr>`,
                )}
              </tbody>
            </table>`
    }
  </section>`;
}

export function reconcilePage(
  c: Chrome,
  stores: StoreChoice[],
  f: FilterState,
  job: ReconcileJob | null,
  refusal: Html | null,
): Html {
  const L = c.lang;
  return layout(
    c,
    t(L, 'reconcileHeading'),
    html`${refusal}
      <form method="post" action="/web/reconcile" class="filters">
        <input type="hidden" name="csrf" value="${c.session?.csrf ?? ''}" />
        <label
          >${t(L, 'date')} <input type="date" name="date" id="date" value="${f.date ?? ''}" required
        /></label>
        <label
          >${t(L, 'store')}
          <select name="store" id="store">
            ${stores.map(
              (s) =>
                html`<option value="${s.id}" ${s.id === f.storeId ? ' selected' : ''}>${s.name}</option>`,
            )}
          </select></label
        >
        <button type="submit" id="reconcile-start">${t(L, 'reconcileStart')}</button>
      </form>
      ${
        job
          ? html`<div
              id="live-host"
              data-src="/web/reconcile/fragment?job=${job.id}"
              data-every="1000"
              data-until-finished="1"
            >
              ${reconcileFragment(L, job)}
            </div>`
          : ''
      }`,
  );
}

export interface TillAdminRow {
  id: string;
  name: string;
  storeId: string;
  storeName: string;
  posNo: string | null;
  enrolledAt: number | null;
  revokedAt: number | null;
  lastSeenAt: number | null;
  lastSeq: number;
  /** Records kept but not projected (a newer schema version than this server reads). */
  unprojected: number;
  /** Records refused at ingest (naming another store's till). */
  refused: number;
}

export function tillsPage(
  c: Chrome,
  stores: StoreChoice[],
  tills: TillAdminRow[],
  tz: string,
  notice: Html | null,
): Html {
  const L = c.lang;
  const csrf = c.session?.csrf ?? '';
  const state = (x: TillAdminRow) =>
    x.revokedAt !== null ? t(L, 'revoked') : x.enrolledAt === null ? t(L, 'notEnrolled') : t(L, 'active');
  return layout(
    c,
    t(L, 'tillsHeading'),
    html`${notice}
      <table id="tills">
        <thead>
          <tr>
            <th>${t(L, 'store')}</th>
            <th>${t(L, 'till')}</th>
            <th>POS</th>
            <th>${t(L, 'status')}</th>
            <th>${t(L, 'lastContact')}</th>
            <th>${t(L, 'lastSeq')}</th>
            <th>${t(L, 'unprojected')}</th>
            <th>${t(L, 'refused')}</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          ${tills.map(
            (x) =>
              html`<tr data-till="${x.id}">
                <td>${x.storeName}</td>
                <td>${x.name}</td>
                <td>${x.posNo}</td>
                <td>${state(x)}</td>
                <td>${x.lastSeenAt === null ? t(L, 'never') : when(x.lastSeenAt, L, tz)}</td>
                <td class="num">${x.lastSeq}</td>
                <td class="num">${x.unprojected}</td>
                <td class="num">${x.refused}</td>
                <td>
                  ${
                    x.revokedAt === null
                      ? html`<form method="post" action="/web/tills/${x.id}/revoke" class="inline">
                          <input type="hidden" name="csrf" value="${csrf}" />
                          <button type="submit" class="danger">${t(L, 'revoke')}</button>
                        </form>`
                      : ''
                  }
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
      <h2>${t(L, 'newTill')}</h2>
      <form method="post" action="/web/tills/enrol" class="filters">
        <input type="hidden" name="csrf" value="${csrf}" />
        <label
          >${t(L, 'store')}
          <select name="store" id="enrol-store">
            ${stores.map((s) => html`<option value="${s.id}">${s.name}</option>`)}
          </select></label
        >
        <label>${t(L, 'tillName')} <input name="name" id="till-name" required maxlength="80" /></label>
        <button type="submit" id="create-code">${t(L, 'createCode')}</button>
      </form>`,
  );
}

export function enrolCodeNotice(L: Language, code: string, expiresAt: number, tz: string): Html {
  return html`<div class="notice" role="status">
    <p>${t(L, 'enrolCodeIs')}</p>
    <p class="code" id="enrol-code">${code}</p>
    <p>${t(L, 'expires')}: ${when(expiresAt, L, tz)}</p>
  </div>`;
}

export function noticeBox(L: Language, key: WordKey): Html {
  return html`<p class="notice" role="status">${t(L, key)}</p>`;
}

export interface UserAdminRow {
  username: string;
  displayName: string;
  role: 'store_manager' | 'head_office';
  storeName: string | null;
  lockedUntil: number | null;
  failedAttempts: number;
}

export function usersPage(
  c: Chrome,
  stores: StoreChoice[],
  users: UserAdminRow[],
  tz: string,
  notice: Html | null,
): Html {
  const L = c.lang;
  return layout(
    c,
    t(L, 'usersHeading'),
    html`${notice}
      <table id="users">
        <thead>
          <tr>
            <th>${t(L, 'username')}</th>
            <th>${t(L, 'displayName')}</th>
            <th>${t(L, 'role')}</th>
            <th>${t(L, 'store')}</th>
            <th>${t(L, 'lockedUntil')}</th>
          </tr>
        </thead>
        <tbody>
          ${users.map(
            (u) =>
              html`<tr data-user="${u.username}">
                <td>${u.username}</td>
                <td>${u.displayName}</td>
                <td>${t(L, u.role === 'head_office' ? 'headOffice' : 'storeManager')}</td>
                <td>${u.storeName ?? t(L, 'allStores')}</td>
                <td>${u.lockedUntil !== null ? when(u.lockedUntil, L, tz) : ''}</td>
              </tr>`,
          )}
        </tbody>
      </table>
      <h2>${t(L, 'newUser')}</h2>
      <form method="post" action="/web/users" class="filters">
        <input type="hidden" name="csrf" value="${c.session?.csrf ?? ''}" />
        <label
          >${t(L, 'username')}
          <input name="username" id="new-username" required maxlength="64" autocomplete="off"
        /></label>
        <label>${t(L, 'displayName')} <input name="name" id="new-name" required maxlength="80" /></label>
        <label
          >${t(L, 'role')}
          <select name="role" id="new-role">
            <option value="store_manager">${t(L, 'storeManager')}</option>
            <option value="head_office">${t(L, 'headOffice')}</option>
          </select></label
        >
        <label
          >${t(L, 'store')}
          <select name="store" id="new-store">
            ${stores.map((s) => html`<option value="${s.id}">${s.name}</option>`)}
          </select></label
        >
        <label
          >${t(L, 'password')}
          <input name="password" id="new-password" type="password" required autocomplete="new-password"
        /></label>
        <button type="submit" id="create-user">${t(L, 'createUser')}</button>
      </form>`,
  );
}
