/**
 * Tills admin on the web: each till's state, last contact and how many records it has sent; a one-time
 * enrolment code for a new till; revoking a till (behind a page that says what it does) and reinstating it.
 * Head office does this for any store, a store manager for their own. The work is admin.ts's and
 * till-reinstate.ts's (the same functions the CLI uses); this file only checks who may, and says what happened.
 */
import { AdminInputError, TillNameTakenError, createEnrolCode, listTills, revokeTill } from '../admin';
import type { StoreDb } from '../db/types';
import type { Route, StoreServerContext } from '../http/router';
import { NotRevokedError, reinstateTill } from '../till-reinstate';
import { WebRefusal, checkCsrfToken, readForm } from './auth';
import { firstZone, guarded, pageWithStores, resolveView, visibleStores, type WebRequest } from './guard';
import { jsonReply, page, type Html } from './html';
import type { WordKey } from './i18n';
import { noticeBox, refusalBox } from './pages/layout';
import {
  enrolCodeNotice,
  revokeConfirmPage,
  revokedNameNotice,
  tillsPage,
  type TillAdminRow,
} from './pages/tills';

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
  return pageWithStores(w, status, async (stores) =>
    tillsPage(
      { ...w.chrome, here: '/web/tills', nav: 'tills' },
      stores,
      await rows(w),
      firstZone(stores),
      notice,
    ),
  );
}

/** The till named in the path, if this person may act on it (404 / 403 in words otherwise). */
async function tillInScope(w: WebRequest): Promise<TillAdminRow> {
  const tillId = w.r.params.id!;
  const till = (await listTills(w.ctx.db)).find((t) => t.id === tillId);
  if (!till) throw new WebRefusal(404, 'errUnknownTill');
  if (!(await visibleStores(w.ctx, w.session)).some((s) => s.id === till.storeId))
    throw new WebRefusal(403, 'errForbiddenStore');
  return till;
}

async function postedForm(w: WebRequest): Promise<URLSearchParams> {
  const form = await readForm(w.r.req);
  checkCsrfToken(w.session, form);
  return form;
}

const by = (w: WebRequest) => `web:${w.session.user.username}`;

/**
 * POST /web/tills/:id/<action>: form token, the till in scope, then the action (admin.ts's or
 * till-reinstate.ts's); the till already being so is a 409 in words.
 */
function tillAction(
  action: string,
  run: (db: StoreDb, tillId: string, by: string, now: number, source: string) => Promise<unknown>,
  alreadySo: new (...args: never[]) => Error,
  alreadySoKey: WordKey,
  doneKey: WordKey,
): Route<StoreServerContext> {
  return {
    method: 'POST',
    path: `/web/tills/:id/${action}`,
    handle: guarded('post', async (w) => {
      await postedForm(w);
      const till = await tillInScope(w);
      try {
        await run(w.ctx.db, till.id, by(w), w.ctx.now(), w.r.source);
      } catch (err) {
        if (!(err instanceof alreadySo)) throw err;
        return render(w, 409, refusalBox(w.lang, alreadySoKey, { till: till.name }));
      }
      return render(w, 200, noticeBox(w.lang, doneKey, { till: till.name }));
    }),
  };
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
        const form = await postedForm(w);
        const storeId = form.get('store') ?? '';
        const stores = await visibleStores(w.ctx, w.session);
        if (!stores.some((s) => s.id === storeId))
          throw new WebRefusal(
            w.session.user.role === 'head_office' ? 404 : 403,
            w.session.user.role === 'head_office' ? 'errUnknownStore' : 'errForbiddenStore',
          );
        const tillName = (form.get('name') ?? '').trim();
        if (tillName.length === 0 || tillName.length > 80)
          return render(w, 400, refusalBox(w.lang, 'errTillName'));
        try {
          const code = await createEnrolCode(w.ctx.db, { storeId, tillName, createdBy: by(w) }, w.ctx.now());
          const tz = stores.find((s) => s.id === storeId)?.timeZone ?? 'Australia/Sydney';
          return render(w, 200, enrolCodeNotice(w.lang, code.code, code.expiresAt, tz));
        } catch (err) {
          if (!(err instanceof TillNameTakenError)) throw err;
          if (err.revoked) return render(w, 409, revokedNameNotice(w.chrome, err.tillId, err.tillName));
          return render(w, 409, refusalBox(w.lang, 'errTillNameTaken', { till: err.tillName }));
        }
      }),
    },
    {
      method: 'GET',
      path: '/web/tills/:id/revoke',
      handle: guarded('page', async (w) => {
        const till = await tillInScope(w);
        if (till.revokedAt !== null)
          return render(w, 409, refusalBox(w.lang, 'errAlreadyRevoked', { till: till.name }));
        return page(w.ctx, 200, revokeConfirmPage({ ...w.chrome, nav: 'tills' }, till));
      }),
    },
    tillAction('revoke', revokeTill, AdminInputError, 'errAlreadyRevoked', 'revokedDone'),
    tillAction('reinstate', reinstateTill, NotRevokedError, 'errNotRevoked', 'reinstatedDone'),
  ];
}
