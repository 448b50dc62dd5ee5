/** People (head office only): who can sign in, one person's page with what can be done to their account, and a
 * new account. */
import type { Language } from '../../../shared/bilingual';
import type { UserSummary } from '../../user-admin';
import { html, when, type Html } from '../html';
import { t } from '../i18n';
import { csrfField, headRow, layout, storeOptions, type Chrome, type StoreChoice } from './layout';
import { buttonForm } from './tills';

function roleWords(L: Language, u: Pick<UserSummary, 'role'>): string {
  return t(L, u.role === 'head_office' ? 'headOffice' : 'storeManager');
}

function stateWords(L: Language, u: UserSummary, now: number, tz: string): string {
  if (u.disabledAt !== null) return t(L, 'userDisabled');
  if (u.lockedUntil !== null && u.lockedUntil > now)
    return t(L, 'userLockedUntil', { at: when(u.lockedUntil, L, tz) });
  return t(L, 'active');
}

function roleFields(c: Chrome, stores: StoreChoice[], u: Partial<UserSummary>, prefix: string): Html {
  const L = c.lang;
  return html`<label
      >${t(L, 'role')}
      <select name="role" id="${prefix}-role">
        <option value="store_manager" ${u.role === 'store_manager' ? ' selected' : ''}>
          ${t(L, 'storeManager')}
        </option>
        <option value="head_office" ${u.role === 'head_office' ? ' selected' : ''}>
          ${t(L, 'headOffice')}
        </option>
      </select></label
    >
    <label
      >${t(L, 'storeForManager')}
      <select name="store" id="${prefix}-store">
        ${storeOptions(stores, u.storeId ?? null)}
      </select></label
    >`;
}

export function usersPage(
  c: Chrome,
  stores: StoreChoice[],
  users: UserSummary[],
  now: number,
  tz: string,
  notice: Html | null,
): Html {
  const L = c.lang;
  return layout(
    c,
    t(L, 'usersHeading'),
    html`${notice}
      <table id="users">
        ${headRow(L, ['username', 'displayName', 'role', 'store', 'status'])}
        <tbody>
          ${users.map(
            (u) =>
              html`<tr
                data-user="${u.username}"
                data-state="${u.disabledAt !== null ? 'disabled' : 'active'}"
              >
                <td><a href="/web/users/${encodeURIComponent(u.username)}">${u.username}</a></td>
                <td>${u.displayName}</td>
                <td>${roleWords(L, u)}</td>
                <td>${u.storeName ?? t(L, 'allStores')}</td>
                <td>${stateWords(L, u, now, tz)}</td>
              </tr>`,
          )}
        </tbody>
      </table>
      <h2>${t(L, 'newUser')}</h2>
      <form method="post" action="/web/users" class="filters">
        ${csrfField(c)}
        <label
          >${t(L, 'username')}
          <input name="username" id="new-username" required maxlength="64" autocomplete="off"
        /></label>
        <label>${t(L, 'displayName')} <input name="name" id="new-name" required maxlength="80" /></label>
        ${roleFields(c, stores, {}, 'new')}
        <label
          >${t(L, 'password')}
          <input name="password" id="new-password" type="password" required autocomplete="new-password"
        /></label>
        <button type="submit" id="create-user">${t(L, 'createUser')}</button>
      </form>`,
  );
}

export function personPage(
  c: Chrome,
  stores: StoreChoice[],
  u: UserSummary,
  now: number,
  tz: string,
  notice: Html | null,
): Html {
  const L = c.lang;
  const base = `/web/users/${encodeURIComponent(u.username)}`;
  const locked = u.lockedUntil !== null && u.lockedUntil > now;
  return layout(
    { ...c, nav: 'users' },
    `${u.displayName} (${u.username})`,
    html`${notice}
      <p id="person-state">
        ${roleWords(L, u)} · ${u.storeName ?? t(L, 'allStores')} · ${stateWords(L, u, now, tz)}
      </p>
      <h2>${t(L, 'changeRole')}</h2>
      <form method="post" action="${base}/role" class="filters">
        ${csrfField(c)} ${roleFields(c, stores, u, 'person')}
        <button type="submit" id="save-role">${t(L, 'save')}</button>
      </form>
      <h2>${t(L, 'account')}</h2>
      <div class="actions">
        ${buttonForm(c, `${base}/reset-password`, t(L, 'resetPassword'), { id: 'reset-password' })}
        ${locked ? buttonForm(c, `${base}/unlock`, t(L, 'unlock'), { id: 'unlock' }) : ''}
        ${
          u.disabledAt === null
            ? buttonForm(c, `${base}/disable`, t(L, 'disable'), { id: 'disable', danger: true })
            : buttonForm(c, `${base}/enable`, t(L, 'enable'), { id: 'enable' })
        }
      </div>
      <p>${t(L, 'deleteExplained')}</p>
      <a class="button danger" href="${base}/delete" id="delete-user">${t(L, 'deleteUser')}</a>
      <p><a href="/web/users">${t(L, 'backToPeople')}</a></p>`,
  );
}

/** Deleting cannot be undone, so the button on the person's page leads here first. */
export function deleteConfirmPage(c: Chrome, u: UserSummary): Html {
  const L = c.lang;
  const base = `/web/users/${encodeURIComponent(u.username)}`;
  return layout(
    { ...c, nav: 'users' },
    t(L, 'deleteConfirmHeading', { name: u.displayName, user: u.username }),
    html`<div class="confirm" id="delete-confirm">
      <p>${t(L, 'deleteExplained')}</p>
      ${buttonForm(c, `${base}/delete`, t(L, 'deleteConfirm'), { id: 'delete-yes', danger: true })}
      <a href="${base}" id="delete-no">${t(L, 'cancel')}</a>
    </div>`,
  );
}

/** A reset's new password, shown this once. */
export function newPasswordNotice(L: Language, username: string, password: string): Html {
  return html`<div class="notice" role="status">
    <p>${t(L, 'newPasswordIs', { user: username })}</p>
    <p class="code" id="new-password-once">${password}</p>
  </div>`;
}
