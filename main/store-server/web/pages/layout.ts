/** The frame every managers' page shares: header, navigation, language switch, and the small pieces forms reuse. */
import type { Language } from '../../../shared/bilingual';
import type { WebSession } from '../auth';
import { dateField, html, type Html } from '../html';
import { t, type WordKey } from '../i18n';

export interface StoreChoice {
  id: string;
  name: string;
  timeZone: string;
}
export interface TillChoice {
  id: string;
  name: string;
  storeId: string;
  storeName: string;
  revoked: boolean;
}

export interface Chrome {
  lang: Language;
  session: WebSession | null;
  /** The path + query of this page (the language switch returns here). */
  here: string;
  nav?: NavKey;
}

export type NavKey =
  | 'live'
  | 'range'
  | 'unresolved'
  | 'refunds'
  | 'reports'
  | 'reconcile'
  | 'tills'
  | 'staff'
  | 'users'
  | 'audit';
const NAV: [NavKey, WordKey][] = [
  ['live', 'navLive'],
  ['range', 'navRange'],
  ['unresolved', 'navUnresolved'],
  ['refunds', 'navRefunds'],
  ['reports', 'navReports'],
  ['reconcile', 'navReconcile'],
  ['tills', 'navTills'],
  ['staff', 'navStaff'],
  ['users', 'navUsers'],
  ['audit', 'navAudit'],
];
const HEAD_OFFICE_ONLY = new Set<NavKey>(['users', 'audit']);

/** The hidden form token every POST form carries. */
export function csrfField(c: Chrome): Html {
  return html`<input type="hidden" name="csrf" value="${c.session?.csrf ?? ''}" />`;
}

/** `<option>`s of the stores, the chosen one selected. */
export function storeOptions(stores: StoreChoice[], selected: string | null = null): Html[] {
  return stores.map(
    (s) => html`<option value="${s.id}" ${s.id === selected ? ' selected' : ''}>${s.name}</option>`,
  );
}

/** A table's header row: words by key, or a label given as Html (a column named after a field). */
export function headRow(L: Language, cols: (WordKey | Html)[]): Html {
  return html`<thead>
    <tr>
      ${cols.map((k) => html`<th>${typeof k === 'string' ? t(L, k) : k}</th>`)}
    </tr>
  </thead>`;
}

export function layout(c: Chrome, title: string, body: Html): Html {
  const L = c.lang;
  const head = c.session?.user.role === 'head_office';
  return html`<html lang="${L === 'zh' ? 'zh-CN' : 'en'}">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>${title.trim() === '' ? t(L, 'title') : `${title} · ${t(L, 'title')}`}</title>
      <link rel="stylesheet" href="/web/static/app.css" />
      <script src="/web/static/app.js" defer></script>
    </head>
    <body data-lang="${L}">
      <header>
        <strong>${t(L, 'title')}</strong>
        ${
          c.session
            ? html`<nav>
                  ${NAV.filter(([k]) => head || !HEAD_OFFICE_ONLY.has(k)).map(
                    ([k, w]) =>
                      html`<a href="/web/${k}" ${c.nav === k ? html` aria-current="page"` : ''}
                        >${t(L, w)}</a
                      >`,
                  )}
                </nav>
                <span class="who"
                  >${t(L, 'signedInAs')} ${c.session.user.displayName}
                  (${t(L, head ? 'headOffice' : 'storeManager')})</span
                >`
            : ''
        }
        <form method="post" action="/web/lang" class="inline">
          ${csrfField(c)}<input type="hidden" name="next" value="${c.here}" />
          <input type="hidden" name="lang" value="${L === 'zh' ? 'en' : 'zh'}" />
          <button type="submit" id="lang-switch">${t(L, 'language')}</button>
        </form>
        ${
          c.session
            ? html`<form method="post" action="/web/sign-out" class="inline">
                ${csrfField(c)}<button type="submit" id="sign-out">${t(L, 'signOut')}</button>
              </form>`
            : ''
        }
      </header>
      <main>${title.trim() === '' ? '' : html`<h1>${title}</h1>`} ${body}</main>
    </body>
  </html>`;
}

export function refusalBox(lang: Language, key: WordKey, vars: Record<string, string | number> = {}): Html {
  return html`<p class="refusal" role="alert">${t(lang, key, vars)}</p>`;
}

export function noticeBox(L: Language, key: WordKey, vars: Record<string, string | number> = {}): Html {
  return html`<p class="notice" role="status">${t(L, key, vars)}</p>`;
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

/** "Main St — Counter 1", and "(revoked)" after a revoked till: two stores may both have a "Counter 1". */
export function tillLabel(L: Language, x: TillChoice): string {
  return `${x.storeName} — ${x.name}${x.revoked ? ` (${t(L, 'revoked')})` : ''}`;
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
    ${f.date !== null ? html`<label>${t(L, 'date')} ${dateField(L, 'date', 'date', f.date)}</label>` : ''}
    <label
      >${t(L, 'store')}
      <select name="store" id="store">
        ${head && !opts.needStore ? html`<option value="">${t(L, 'allStores')}</option>` : ''}
        ${storeOptions(stores, f.storeId)}
      </select></label
    >
    ${
      tills
        ? html`<label
            >${t(L, 'till')}
            <select name="till" id="till">
              <option value="">${t(L, 'allTills')}</option>
              ${tills.map((x) => html`<option value="${x.id}" ${x.id === f.tillId ? ' selected' : ''}>${tillLabel(L, x)}</option>`)}
            </select></label
          >`
        : ''
    }
    <button type="submit">${t(L, 'show')}</button>
  </form>`;
}
