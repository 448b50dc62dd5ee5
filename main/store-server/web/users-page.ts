/**
 * People on the web, for head office only: who can sign in, with which role and store, and whether they are
 * locked out; a new account (admin.ts/users.ts do the work and its checks, the same as the CLI's `user add`).
 */
import { AdminInputError } from '../admin';
import type { Route, StoreServerContext } from '../http/router';
import { createUser } from '../users';
import { WebRefusal, audit, checkCsrfToken, readForm } from './auth';
import { guarded, visibleStores, type WebRequest } from './guard';
import { jsonReply, page, type Html } from './html';
import { noticeBox, refusalBox, usersPage, type UserAdminRow } from './pages';

function headOfficeOnly(w: WebRequest): void {
  if (w.session.user.role !== 'head_office') throw new WebRefusal(403, 'errHeadOfficeOnly');
}

async function rows(w: WebRequest): Promise<UserAdminRow[]> {
  const r = await w.ctx.db.query<{
    username: string;
    display_name: string;
    role: 'store_manager' | 'head_office';
    store_name: string | null;
    locked_until: number | null;
    failed_attempts: number;
  }>(
    `SELECT u.username, u.display_name, u.role, s.name AS store_name, u.locked_until, u.failed_attempts
       FROM users u LEFT JOIN stores s ON s.id = u.store_id WHERE u.disabled_at IS NULL ORDER BY u.username`,
  );
  const now = w.ctx.now();
  return r.rows.map((u) => ({
    username: u.username,
    displayName: u.display_name,
    role: u.role,
    storeName: u.store_name,
    lockedUntil: u.locked_until !== null && Number(u.locked_until) > now ? Number(u.locked_until) : null,
    failedAttempts: Number(u.failed_attempts),
  }));
}

async function render(w: WebRequest, status: number, notice: Html | null) {
  const stores = await visibleStores(w.ctx, w.session);
  const tz = stores[0]?.timeZone ?? 'Australia/Sydney';
  return page(
    w.ctx,
    status,
    usersPage({ ...w.chrome, here: '/web/users', nav: 'users' }, stores, await rows(w), tz, notice),
  );
}

export function userAdminRoutes(): Route<StoreServerContext>[] {
  return [
    {
      method: 'GET',
      path: '/web/users',
      handle: guarded('page', async (w) => {
        headOfficeOnly(w);
        return render(w, 200, null);
      }),
    },
    {
      method: 'GET',
      path: '/web/api/users',
      handle: guarded('api', async (w) => {
        headOfficeOnly(w);
        return jsonReply(w.ctx, 200, { users: await rows(w) });
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
          return render(w, 400, refusalBox(w.lang, 'errUserInput', { detail: err.message }));
        }
        await audit(w.ctx, w.session.user.username, 'web.user_add', { username, role });
        return render(w, 200, noticeBox(w.lang, 'userCreated'));
      }),
    },
  ];
}
