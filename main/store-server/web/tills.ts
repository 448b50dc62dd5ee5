/**
 * Tills admin on the web: each till's state, last contact and how many records it has sent; a one-time
 * enrolment code for a new till; revoking a till. Head office does this for any store, a store manager for
 * their own. The work is admin.ts's (the same functions the CLI uses); this file only checks who may.
 */
import { AdminInputError, createEnrolCode, listTills, revokeTill } from '../admin';
import type { Route, StoreServerContext } from '../http/router';
import { WebRefusal, audit, checkCsrfToken, readForm } from './auth';
import { jsonReply, page, type Html } from './html';
import { enrolCodeNotice, noticeBox, refusalBox, tillsPage, type TillAdminRow } from './pages';
import { guarded, resolveView, visibleStores, type WebRequest } from './guard';

async function rows(w: WebRequest): Promise<TillAdminRow[]> {
  // The same store / till choice as every page, held to what this person may see.
  const { scope } = await resolveView(w);
  const all = await listTills(w.ctx.db, scope.storeId ?? undefined);
  return all
    .filter((t) => scope.tillId === null || t.id === scope.tillId)
    .map((t) => ({
      id: t.id,
      name: t.name,
      storeId: t.storeId,
      storeName: t.storeName,
      posNo: t.posNo,
      enrolledAt: t.enrolledAt,
      revokedAt: t.revokedAt,
      lastSeenAt: t.lastSeenAt,
      lastSeq: t.lastSeq,
      unprojected: t.unprojected,
      refused: t.refused,
    }));
}

async function render(w: WebRequest, status: number, notice: Html | null) {
  const stores = await visibleStores(w.ctx, w.session);
  return page(
    w.ctx,
    status,
    tillsPage(
      { ...w.chrome, here: '/web/tills', nav: 'tills' },
      stores,
      await rows(w),
      stores[0]?.timeZone ?? 'Australia/Sydney',
      notice,
    ),
  );
}

export function tillAdminRoutes(): Route<StoreServerContext>[] {
  return [
    { method: 'GET', path: '/web/tills', handle: guarded('page', (w) => render(w, 200, null)) },
    {
      method: 'GET',
      path: '/web/api/tills',
      handle: guarded('api', async (w) => jsonReply(w.ctx, 200, { tills: await rows(w) })),
    },
    {
      method: 'POST',
      path: '/web/tills/enrol',
      handle: guarded('post', async (w) => {
        const form = await readForm(w.r.req);
        checkCsrfToken(w.session, form);
        const storeId = form.get('store') ?? '';
        const stores = await visibleStores(w.ctx, w.session);
        if (!stores.some((s) => s.id === storeId))
          throw new WebRefusal(
            w.session.user.role === 'head_office' ? 404 : 403,
            w.session.user.role === 'head_office' ? 'errUnknownStore' : 'errForbiddenStore',
          );
        try {
          const code = await createEnrolCode(
            w.ctx.db,
            {
              storeId,
              tillName: (form.get('name') ?? '').trim(),
              createdBy: `web:${w.session.user.username}`,
            },
            w.ctx.now(),
          );
          const tz = stores.find((s) => s.id === storeId)?.timeZone ?? 'Australia/Sydney';
          return render(w, 200, enrolCodeNotice(w.lang, code.code, code.expiresAt, tz));
        } catch (err) {
          if (!(err instanceof AdminInputError)) throw err;
          return render(w, 400, refusalBox(w.lang, 'errBadInput'));
        }
      }),
    },
    {
      method: 'POST',
      path: '/web/tills/:id/revoke',
      handle: guarded('post', async (w) => {
        const form = await readForm(w.r.req);
        checkCsrfToken(w.session, form);
        const tillId = w.r.params.id!;
        const till = await w.ctx.db.query<{ store_id: string }>('SELECT store_id FROM tills WHERE id = $1', [
          tillId,
        ]);
        const storeId = till.rows[0]?.store_id;
        if (storeId === undefined) throw new WebRefusal(404, 'errUnknownTill');
        if (!(await visibleStores(w.ctx, w.session)).some((s) => s.id === storeId))
          throw new WebRefusal(403, 'errForbiddenStore');
        try {
          await revokeTill(w.ctx.db, tillId, `web:${w.session.user.username}`, w.ctx.now());
        } catch (err) {
          if (!(err instanceof AdminInputError)) throw err;
          return render(w, 400, refusalBox(w.lang, 'errBadInput'));
        }
        await audit(w.ctx, w.session.user.username, 'web.till_revoke', { tillId });
        return render(w, 200, noticeBox(w.lang, 'revokedDone'));
      }),
    },
  ];
}
