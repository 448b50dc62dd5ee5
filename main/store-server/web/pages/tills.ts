/** Tills admin: each till's state and contact, a revoke behind a page that says what it does, reinstate, and a
 * one-time enrolment code for a new till. */
import type { Language } from '../../../shared/bilingual';
import { html, when, type Html } from '../html';
import { t } from '../i18n';
import { csrfField, headRow, layout, storeOptions, type Chrome, type StoreChoice } from './layout';

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

/** A POST form of one button (the form token included). */
export function buttonForm(
  c: Chrome,
  action: string,
  label: string,
  o: { id?: string; danger?: boolean } = {},
) {
  return html`<form method="post" action="${action}" class="inline">
    ${csrfField(c)}
    <button type="submit" ${o.id ? html` id="${o.id}"` : ''} ${o.danger ? html` class="danger"` : ''}>
      ${label}
    </button>
  </form>`;
}

function tillAction(c: Chrome, x: TillAdminRow): Html {
  if (x.revokedAt !== null)
    return buttonForm(c, `/web/tills/${x.id}/reinstate`, t(c.lang, 'reinstate'), { id: `reinstate-${x.id}` });
  return html`<a class="button danger" id="revoke-${x.id}" href="/web/tills/${x.id}/revoke"
    >${t(c.lang, 'revoke')}</a
  >`;
}

function stateOf(L: Language, x: TillAdminRow): string {
  if (x.revokedAt !== null) return t(L, 'revoked');
  return t(L, x.enrolledAt === null ? 'notEnrolled' : 'active');
}

export function tillsPage(
  c: Chrome,
  stores: StoreChoice[],
  tills: TillAdminRow[],
  tz: string,
  notice: Html | null,
): Html {
  const L = c.lang;
  return layout(
    c,
    t(L, 'tillsHeading'),
    html`${notice}
      <table id="tills">
        ${headRow(L, ['store', 'till', html`POS`, 'status', 'lastContact', 'lastSeq', 'unprojected', 'refused', html``])}
        <tbody>
          ${tills.map(
            (x) =>
              html`<tr data-till="${x.id}" data-state="${x.revokedAt !== null ? 'revoked' : 'active'}">
                <td>${x.storeName}</td>
                <td>${x.name}</td>
                <td>${x.posNo}</td>
                <td>${stateOf(L, x)}</td>
                <td>${x.lastSeenAt === null ? t(L, 'never') : when(x.lastSeenAt, L, tz)}</td>
                <td class="num">${x.lastSeq}</td>
                <td class="num">${x.unprojected}</td>
                <td class="num">${x.refused}</td>
                <td>${tillAction(c, x)}</td>
              </tr>`,
          )}
        </tbody>
      </table>
      <h2>${t(L, 'newTill')}</h2>
      <form method="post" action="/web/tills/enrol" class="filters">
        ${csrfField(c)}
        <label
          >${t(L, 'store')}
          <select name="store" id="enrol-store">
            ${storeOptions(stores)}
          </select></label
        >
        <label>${t(L, 'tillName')} <input name="name" id="till-name" required maxlength="80" /></label>
        <button type="submit" id="create-code">${t(L, 'createCode')}</button>
      </form>`,
  );
}

/** Before a revoke: what it does, in words, and the two ways out. */
export function revokeConfirmPage(c: Chrome, x: TillAdminRow): Html {
  const L = c.lang;
  return layout(
    { ...c, nav: 'tills' },
    t(L, 'revokeConfirmHeading', { till: x.name, store: x.storeName }),
    html`<div class="confirm" id="revoke-confirm">
      <p>${t(L, 'revokeConsequences')}</p>
      <ul>
        <li>${t(L, 'revokeStops')}</li>
        <li>${t(L, 'revokeKeeps')}</li>
        <li>${t(L, 'revokeUndo')}</li>
      </ul>
      ${buttonForm(c, `/web/tills/${x.id}/revoke`, t(L, 'revokeConfirm'), { id: 'revoke-yes', danger: true })}
      <a href="/web/tills" id="revoke-no">${t(L, 'cancel')}</a>
    </div>`,
  );
}

export function enrolCodeNotice(L: Language, code: string, expiresAt: number, tz: string): Html {
  return html`<div class="notice" role="status">
    <p>${t(L, 'enrolCodeIs')}</p>
    <p class="code" id="enrol-code">${code}</p>
    <p>${t(L, 'expires')}: ${when(expiresAt, L, tz)}</p>
  </div>`;
}

/** A new code asked for under the name of a revoked till: say so, and offer to reinstate that till. */
export function revokedNameNotice(c: Chrome, tillId: string, name: string): Html {
  return html`<div class="refusal" role="alert" id="revoked-name">
    <p>${t(c.lang, 'errRevokedName', { till: name })}</p>
    ${buttonForm(c, `/web/tills/${tillId}/reinstate`, t(c.lang, 'reinstate'), { id: 'reinstate-named' })}
  </div>`;
}
