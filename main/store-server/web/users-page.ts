/**
 * People on the web, for head office only: who can sign in, with which role and store, and whether they are
 * locked out or disabled; one person's page (reset password — shown once —, unlock, disable/enable, change role
 * or store, delete); a new account. user-admin.ts and users.ts do the work and its checks, the same as the CLI's
 * `user …` commands; this file checks who may and says what happened in words.
 */
import { AdminInputError } from '../admin';
import type { Route, StoreServerContext } from '../http/router';
import {
  UserAdminError,
  changeRole,
  deleteUser,
  listUsers,
  resetPassword,
  setUserDisabled,
  unlockUser,
  type UserActor,
  type UserAdminReason,
} from '../user-admin';
import { createUser } from '../users';
import { WebRefusal, checkCsrfToken, readForm } from './auth';
import { firstZone, guarded, pageWithStores, type WebRequest } from './guard';
import { jsonReply, page, type Html } from './html';
import type { WordKey } from './i18n';
import { noticeBox, refusalBox } from './pages/layout';
import { UserInputError } from '../user-input';
import { deleteConfirmPage, newPasswordNotice, personPage, usersPage } from './pages/people';

function headOfficeOnly(w: WebRequest): void {
  if (w.session.user.role !== 'head_office') throw new WebRefusal(403, 'errHeadOfficeOnly');
}

const REASON_WORDS: Record<UserAdminReason, WordKey> = {
  unknown_user: 'errUnknownUser',
  last_head_office: 'errLastHeadOffice',
  unknown_store: 'errUnknownStore',
  needs_store: 'errNeedsStore',
  no_change: 'errNoChange',
};

async function renderList(w: WebRequest, status: number, notice: Html | null) {
  return pageWithStores(w, status, async (stores) =>
    usersPage(
      { ...w.chrome, here: '/web/users', nav: 'users' },
      stores,
      await listUsers(w.ctx.db),
      w.ctx.now(),
      firstZone(stores),
      notice,
    ),
  );
}

async function renderPerson(w: WebRequest, username: string, status: number, notice: Html | null) {
  const u = (await listUsers(w.ctx.db)).find((x) => x.username === username);
  if (!u) return renderList(w, 404, refusalBox(w.lang, 'errUnknownUser'));
  const chrome = { ...w.chrome, here: `/web/users/${encodeURIComponent(username)}` };
  return pageWithStores(w, status, (stores) =>
    personPage(chrome, stores, u, w.ctx.now(), firstZone(stores), notice),
  );
}

type PersonAction = (w: WebRequest, username: string, form: URLSearchParams, a: UserActor) => Promise<Html>;

/** POST /web/users/:username/<action>: head office, form token, then the action; refusals in words. */
function personRoute(action: string, run: PersonAction): Route<StoreServerContext> {
  return {
    method: 'POST',
    path: `/web/users/:username/${action}`,
    handle: guarded('post', async (w) => {
      const form = await readForm(w.r.req);
      checkCsrfToken(w.session, form);
      headOfficeOnly(w);
      const username = w.r.params.username!;
      const actor = { by: `web:${w.session.user.username}`, source: w.r.source };
      try {
        const notice = await run(w, username, form, actor);
        if (action === 'delete') return renderList(w, 200, notice);
        return renderPerson(w, username, 200, notice);
      } catch (err) {
        if (!(err instanceof UserAdminError)) throw err;
        const status = err.reason === 'unknown_user' ? 404 : 409;
        return renderPerson(
          w,
          username,
          status,
          refusalBox(w.lang, REASON_WORDS[err.reason], { user: username }),
        );
      }
    }),
  };
}

export function userAdminRoutes(): Route<StoreServerContext>[] {
  return [
    {
      method: 'GET',
      path: '/web/users',
      handle: guarded('page', async (w) => {
        headOfficeOnly(w);
        return renderList(w, 200, null);
      }),
    },
    {
      method: 'GET',
      path: '/web/api/users',
      handle: guarded('api', async (w) => {
        headOfficeOnly(w);
        return jsonReply(w.ctx, 200, { users: await listUsers(w.ctx.db) });
      }),
    },
    {
      method: 'GET',
      path: '/web/users/:username',
      handle: guarded('page', async (w) => {
        headOfficeOnly(w);
        return renderPerson(w, w.r.params.username!, 200, null);
      }),
    },
    {
      method: 'GET',
      path: '/web/users/:username/delete',
      handle: guarded('page', async (w) => {
        headOfficeOnly(w);
        const u = (await listUsers(w.ctx.db)).find((x) => x.username === w.r.params.username);
        if (!u) return renderList(w, 404, refusalBox(w.lang, 'errUnknownUser'));
        return page(
          w.ctx,
          200,
          deleteConfirmPage({ ...w.chrome, here: `/web/users/${encodeURIComponent(u.username)}` }, u),
        );
      }),
    },
    {
      method: 'POST',
      path: '/web/users',
      handle: guarded('post', async (w) => {
        const form = await readForm(w.r.req);
        checkCsrfToken(w.session, form);
        headOfficeOnly(w);
        const role = form.get('role') === 'head_office' ? 'head_office' : 'store_manager';
        const username = (form.get('username') ?? '').trim();
        try {
          await createUser(
            w.ctx.db,
            {
              username,
              displayName: form.get('name') ?? '',
              role,
              ...(role === 'store_manager' ? { storeId: form.get('store') ?? '' } : {}),
              password: form.get('password') ?? '',
              by: `web:${w.session.user.username}`,
            },
            w.ctx.now(),
          );
        } catch (err) {
          if (!(err instanceof AdminInputError)) throw err;
          return renderList(
            w,
            400,
            refusalBox(w.lang, 'errUserInput', {
              detail: err instanceof UserInputError ? err.words(w.lang) : err.message,
            }),
          );
        }
        return renderList(w, 200, noticeBox(w.lang, 'userCreated'));
      }),
    },
    personRoute('reset-password', async (w, username, _f, a) => {
      const r = await resetPassword(w.ctx.db, username, a, w.ctx.now());
      return newPasswordNotice(w.lang, r.username, r.password);
    }),
    personRoute('unlock', async (w, username, _f, a) => {
      await unlockUser(w.ctx.db, username, a, w.ctx.now());
      return noticeBox(w.lang, 'userUnlocked', { user: username });
    }),
    personRoute('disable', async (w, username, _f, a) => {
      await setUserDisabled(w.ctx.db, username, true, a, w.ctx.now());
      return noticeBox(w.lang, 'userDisabledDone', { user: username });
    }),
    personRoute('enable', async (w, username, _f, a) => {
      await setUserDisabled(w.ctx.db, username, false, a, w.ctx.now());
      return noticeBox(w.lang, 'userEnabledDone', { user: username });
    }),
    personRoute('role', async (w, username, form, a) => {
      const role = form.get('role') === 'head_office' ? 'head_office' : 'store_manager';
      await changeRole(w.ctx.db, username, { role, storeId: form.get('store') }, a, w.ctx.now());
      return noticeBox(w.lang, 'roleChanged', { user: username });
    }),
    personRoute('delete', async (w, username, _f, a) => {
      await deleteUser(w.ctx.db, username, a, w.ctx.now());
      return noticeBox(w.lang, 'userDeleted', { user: username });
    }),
  ];
}
