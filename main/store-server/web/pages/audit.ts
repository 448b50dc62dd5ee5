/** The audit log (head office): filters, the rows in words, and the CSV of the same rows. */
import type { Language } from '../../../shared/bilingual';
import { AUDIT_ACTIONS, AUDIT_LIMIT, detailText, type AuditFilter, type AuditRow } from '../audit-query';
import { dateField, html, when, type Html } from '../html';
import { t, type WordKey } from '../i18n';
import { headRow, layout, storeOptions, type Chrome, type StoreChoice } from './layout';

export function actionWords(L: Language, action: string): string {
  const key = `audit_${action.replace(/^web\./, '')}`;
  return isAuditWord(key) ? t(L, key) : action;
}

function isAuditWord(k: string): k is WordKey & `audit_${string}` {
  return (AUDIT_ACTIONS as readonly string[]).some((a) => `audit_${a.replace(/^web\./, '')}` === k);
}

/** "cli" is the server's command line; a till's own calls carry its address. */
export function sourceWords(L: Language, source: string | null): string {
  if (source === null) return '—';
  return source === 'cli' ? t(L, 'commandLine') : source;
}

export function auditPage(
  c: Chrome,
  stores: StoreChoice[],
  f: AuditFilter,
  rows: AuditRow[],
  csvHref: string,
): Html {
  const L = c.lang;
  return layout(
    c,
    t(L, 'auditHeading'),
    html`<form method="get" action="/web/audit" class="filters">
        <label>${t(L, 'fromDate')} ${dateField(L, 'from', 'audit-from', f.from)}</label>
        <label>${t(L, 'toDate')} ${dateField(L, 'to', 'audit-to', f.to)}</label>
        <label
          >${t(L, 'person')} <input name="user" id="audit-user" value="${f.user ?? ''}" maxlength="64"
        /></label>
        <label
          >${t(L, 'action')}
          <select name="action" id="audit-action">
            <option value="">${t(L, 'allActions')}</option>
            ${AUDIT_ACTIONS.map(
              (a) =>
                html`<option value="${a}" ${a === f.action ? ' selected' : ''}>${actionWords(L, a)}</option>`,
            )}
          </select></label
        >
        <label
          >${t(L, 'store')}
          <select name="store" id="audit-store">
            <option value="">${t(L, 'allStores')}</option>
            ${storeOptions(stores, f.storeId)}
          </select></label
        >
        <button type="submit" id="audit-show">${t(L, 'show')}</button>
      </form>
      <p class="exports"><a id="csv-audit" href="${csvHref}">${t(L, 'csvAudit')}</a></p>
      ${rows.length >= AUDIT_LIMIT ? html`<p class="notice">${t(L, 'auditTruncated', { n: AUDIT_LIMIT })}</p>` : ''}
      ${
        rows.length === 0
          ? html`<p>${t(L, 'noneYet')}</p>`
          : html`<table id="audit">
              ${headRow(L, ['time', 'person', 'action', 'store', 'till', 'fromWhere', 'details'])}
              <tbody>
                ${rows.map(
                  (r) =>
                    html`<tr data-action="${r.action}">
                      <td>${when(r.at, L, f.zone)}</td>
                      <td>${r.actor}</td>
                      <td>${actionWords(L, r.action)}</td>
                      <td>${r.storeName ?? ''}</td>
                      <td>${r.tillName ?? ''}</td>
                      <td>${sourceWords(L, r.source)}</td>
                      <td class="detail">${detailText(r.detail)}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`
      }`,
  );
}
