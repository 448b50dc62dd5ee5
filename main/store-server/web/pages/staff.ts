/**
 * Staff (the people who work at the counters): the list by store with a new person, one person's page (name,
 * role, stores, a "set PIN" code shown once, disable / enable), and the public page where a person sets their PIN.
 */
import type { Language } from '../../../shared/bilingual';
import type { StaffSummary } from '../../staff';
import { html, when, type Html } from '../html';
import { t } from '../i18n';
import { csrfField, headRow, layout, storeOptions, type Chrome, type StoreChoice } from './layout';
import { buttonForm } from './tills';

export const PIN_PAGE_PATH = '/staff/pin';

function roleWord(L: Language, role: string): string {
  const key = `role_${role}`;
  return key === 'role_cashier' || key === 'role_supervisor' || key === 'role_manager' ? t(L, key) : role;
}

function pinWords(L: Language, s: StaffSummary, tz: string): string {
  if (s.hasPin) return t(L, 'pinSet');
  if (s.pinCodeExpiresAt !== null) return t(L, 'pinCodeWaiting', { at: when(s.pinCodeExpiresAt, L, tz) });
  return t(L, 'pinNotSet');
}

function stateWords(L: Language, s: StaffSummary): string {
  return t(L, s.disabledAt === null ? 'staffActive' : 'staffDisabled');
}

function roleSelect(L: Language, id: string, chosen: string | null): Html {
  return html`<label
    >${t(L, 'staffRole')}
    <select name="role" id="${id}">
      ${(['cashier', 'supervisor', 'manager'] as const).map(
        (r) => html`<option value="${r}" ${r === chosen ? ' selected' : ''}>${roleWord(L, r)}</option>`,
      )}
    </select></label
  >`;
}

/** One checkbox per store the signed-in person may give (a store manager: their own). */
function storeBoxes(L: Language, stores: StoreChoice[], chosen: ReadonlySet<string>, prefix: string): Html {
  return html`<fieldset class="stores">
    <legend>${t(L, 'staffStores')}</legend>
    ${stores.map(
      (s) =>
        html`<label
          ><input
            type="checkbox"
            name="store"
            value="${s.id}"
            id="${prefix}-store-${s.id}"
            ${chosen.has(s.id) ? ' checked' : ''}
          />
          ${s.name}</label
        >`,
    )}
  </fieldset>`;
}

export function staffListPage(
  c: Chrome,
  stores: StoreChoice[],
  storeId: string | null,
  staff: StaffSummary[],
  tz: string,
  notice: Html | null,
): Html {
  const L = c.lang;
  const head = c.session?.user.role === 'head_office';
  const chosen = new Set(storeId !== null ? [storeId] : stores.length === 1 ? [stores[0]!.id] : []);
  return layout(
    { ...c, nav: 'staff' },
    t(L, 'staffHeading'),
    html`${notice}
      <p>${t(L, 'staffExplained')}</p>
      <form method="get" action="/web/staff" class="filters">
        <label
          >${t(L, 'store')}
          <select name="store" id="store">
            ${head ? html`<option value="">${t(L, 'allStores')}</option>` : ''}
            ${storeOptions(stores, storeId)}
          </select></label
        >
        <button type="submit">${t(L, 'show')}</button>
      </form>
      <table id="staff">
        ${headRow(L, ['staffName', 'staffRole', 'staffStores', 'staffPin', 'staffState'])}
        <tbody>
          ${staff.map(
            (s) =>
              html`<tr data-staff="${s.id}" data-state="${s.disabledAt === null ? 'active' : 'disabled'}">
                <td><a href="/web/staff/${encodeURIComponent(s.id)}">${s.name}</a></td>
                <td>${roleWord(L, s.role)}</td>
                <td>${s.stores.map((x) => x.name).join(', ')}</td>
                <td>${pinWords(L, s, tz)}</td>
                <td>${stateWords(L, s)}</td>
              </tr>`,
          )}
        </tbody>
      </table>
      <h2>${t(L, 'newStaff')}</h2>
      <form method="post" action="/web/staff" class="filters" id="new-staff">
        ${csrfField(c)}
        <label>${t(L, 'staffName')} <input name="name" id="new-name" required maxlength="60" /></label>
        ${roleSelect(L, 'new-role', 'cashier')} ${storeBoxes(L, stores, chosen, 'new')}
        <button type="submit" id="add-staff">${t(L, 'addStaff')}</button>
      </form>`,
  );
}

export function staffPersonPage(
  c: Chrome,
  stores: StoreChoice[],
  s: StaffSummary,
  tz: string,
  notice: Html | null,
): Html {
  const L = c.lang;
  const base = `/web/staff/${encodeURIComponent(s.id)}`;
  return layout(
    { ...c, nav: 'staff' },
    s.name,
    html`${notice}
      <p id="staff-state">
        ${roleWord(L, s.role)} · ${s.stores.map((x) => x.name).join(', ')} · ${t(L, 'staffPin')}:
        ${pinWords(L, s, tz)} · ${stateWords(L, s)}
      </p>
      <h2>${t(L, 'staffEdit')}</h2>
      <form method="post" action="${base}/edit" class="filters" id="edit-staff">
        ${csrfField(c)}
        <label
          >${t(L, 'staffName')} <input name="name" id="edit-name" required maxlength="60" value="${s.name}"
        /></label>
        ${roleSelect(L, 'edit-role', s.role)}
        ${storeBoxes(L, stores, new Set(s.stores.map((x) => x.id)), 'edit')}
        ${s.otherStores > 0 ? html`<p id="staff-other-stores">${t(L, 'staffOtherStores')}</p>` : ''}
        <button type="submit" id="save-staff">${t(L, 'save')}</button>
      </form>
      <h2>${t(L, 'staffPin')}</h2>
      <div class="actions">
        ${
          s.disabledAt === null
            ? buttonForm(c, `${base}/pin-code`, t(L, 'makePinCode'), { id: 'make-pin-code' })
            : ''
        }
        ${
          s.disabledAt === null
            ? buttonForm(c, `${base}/disable`, t(L, 'disable'), { id: 'disable-staff', danger: true })
            : buttonForm(c, `${base}/enable`, t(L, 'enable'), { id: 'enable-staff' })
        }
      </div>
      <p><a href="/web/staff">${t(L, 'backToStaff')}</a></p>`,
  );
}

/** The code, shown this once, with where the person types it. */
export function pinCodeNotice(
  L: Language,
  o: { name: string; code: string; expiresAt: number; tz: string; pageUrl: string },
): Html {
  return html`<div class="notice" role="status">
    <p>${t(L, 'pinCodeIs', { name: o.name, at: when(o.expiresAt, L, o.tz) })}</p>
    <p class="code" id="pin-code-once">${o.code}</p>
    <p>${t(L, 'pinCodeExplained', { url: o.pageUrl })}</p>
  </div>`;
}

/** A PIN box: digits, hidden, never filled back in. */
function pinField(label: string, name: string): Html {
  return html`<label
    >${label}
    <input
      name="${name}"
      id="${name}"
      type="password"
      inputmode="numeric"
      required
      maxlength="8"
      autocomplete="new-password"
  /></label>`;
}

/** The public page: the code and the new PIN twice. Nothing typed is ever shown back. */
export function pinPage(c: Chrome, box: Html | null, done = false): Html {
  const L = c.lang;
  return layout(
    c,
    t(L, 'pinPageHeading'),
    html`${box}
    ${
      done
        ? ''
        : html`<p>${t(L, 'pinPageExplained')}</p>
            <form method="post" action="${PIN_PAGE_PATH}" class="sign-in" id="pin-form">
              <label
                >${t(L, 'pinCode')}
                <input name="code" id="pin-code" required maxlength="20" autocomplete="off"
              /></label>
              ${pinField(t(L, 'newPin'), 'pin')} ${pinField(t(L, 'newPinAgain'), 'pin2')}
              <button type="submit" id="set-pin">${t(L, 'setPin')}</button>
            </form>`
    }`,
  );
}
