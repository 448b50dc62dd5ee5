/**
 * Staff on the web (docs/store-server.md, "Staff"): head office for any store, a store manager for their own
 * (staff.ts holds the rules). After each change the tills of the stores concerned are told to pull the list.
 * The public /staff/pin page, where a person sets their PIN with their one-time code, is rate-limited per source
 * address like the sign-in (10 wrong codes, then 30 s doubling up to an hour), and each wrong code is audited.
 */
import type { Route, RouteRequest, StoreServerContext } from '../http/router';
import { StaffError, getStaff, listStaff, type StaffActor, type StaffReason } from '../staff';
import { createStaff, setStaffDisabled, updateStaff } from '../staff';
import { tellTillsPeopleChanged } from '../staff-list';
import { PinCodeRefused, issuePinCode, setPinWithCode, type PinSetReason } from '../staff-pin';
import { WebRefusal, audit, checkCsrfToken, checkOrigin, languageOf, readForm } from './auth';
import { firstZone, guarded, pageWithStores, visibleStores, zoneOf, type WebRequest } from './guard';
import { jsonReply, page, type Html } from './html';
import type { WordKey } from './i18n';
import { noticeBox, refusalBox } from './pages/layout';
import { PIN_PAGE_PATH, pinCodeNotice, pinPage, staffListPage, staffPersonPage } from './pages/staff';
import { SourceLockout, waitWords } from './sign-in';

const STAFF_REFUSALS: Record<StaffReason, [number, WordKey]> = {
  unknown_staff: [404, 'errUnknownStaff'],
  unknown_store: [404, 'errUnknownStore'],
  needs_store: [400, 'errStaffNeedsStore'],
  name_invalid: [400, 'errStaffName'],
  role_invalid: [400, 'errStaffRole'],
  not_your_store: [403, 'errStaffNotYourStore'],
  other_stores: [403, 'errStaffOtherStores'],
};

const PIN_REFUSALS: Record<PinSetReason, WordKey> = {
  bad_code: 'errPinCode',
  pin_format: 'errPinFormat',
  pin_common: 'errPinCommon',
  pin_mismatch: 'errPinMismatch',
  disabled: 'errStaffDisabledPin',
};

function actorOf(w: WebRequest): StaffActor {
  const u = w.session.user;
  return {
    by: `web:${u.username}`,
    source: w.r.source,
    storeId: u.role === 'head_office' ? null : u.storeId,
  };
}

/** The store the list is filtered to: a store manager's own; head office's choice (none: the chain). */
async function listStore(w: WebRequest, asked: string | null): Promise<string | null> {
  const actor = actorOf(w);
  if (actor.storeId !== null) {
    if (asked && asked !== actor.storeId) throw new WebRefusal(403, 'errForbiddenStore');
    return actor.storeId;
  }
  if (!asked) return null;
  if (!(await visibleStores(w.ctx, w.session)).some((s) => s.id === asked))
    throw new WebRefusal(404, 'errUnknownStore');
  return asked;
}

async function renderList(w: WebRequest, status: number, notice: Html | null, asked: string | null = null) {
  const storeId = await listStore(w, asked);
  return pageWithStores(w, status, async (stores) => {
    const staff = await listStaff(w.ctx.db, storeId, w.ctx.now(), actorOf(w).storeId);
    return staffListPage(
      { ...w.chrome, here: '/web/staff' },
      stores,
      storeId,
      staff,
      firstZone(stores),
      notice,
    );
  });
}

async function renderPerson(w: WebRequest, id: string, status: number, notice: Html | null) {
  const s = await getStaff(w.ctx.db, id, actorOf(w), w.ctx.now());
  const chrome = { ...w.chrome, here: `/web/staff/${encodeURIComponent(id)}` };
  return pageWithStores(w, status, (stores) => staffPersonPage(chrome, stores, s, firstZone(stores), notice));
}

function refusal(w: WebRequest, err: StaffError) {
  const [status, key] = STAFF_REFUSALS[err.reason];
  return { status, box: refusalBox(w.lang, key) };
}

type StaffAction = (w: WebRequest, id: string, form: URLSearchParams) => Promise<Html>;

/** POST /web/staff/:id/<action>: form token, then the action (staff.ts checks who may); refusals in words. */
function staffRoute(action: string, run: StaffAction): Route<StoreServerContext> {
  return {
    method: 'POST',
    path: `/web/staff/:id/${action}`,
    handle: guarded('post', async (w) => {
      const form = await readForm(w.r.req);
      checkCsrfToken(w.session, form);
      const id = w.r.params.id!;
      let notice: Html;
      try {
        notice = await run(w, id, form);
      } catch (err) {
        if (err instanceof PinCodeRefused)
          return renderPerson(w, id, 409, refusalBox(w.lang, PIN_REFUSALS[err.reason]));
        if (!(err instanceof StaffError)) throw err;
        const r = refusal(w, err);
        if (err.reason === 'unknown_staff') return renderList(w, r.status, r.box);
        return renderPerson(w, id, r.status, r.box);
      }
      // A store manager who took their store off the person's list no longer sees them: back to the list.
      return renderPerson(w, id, 200, notice).catch((err: unknown) => {
        if (err instanceof StaffError) return renderList(w, 200, notice);
        throw err;
      });
    }),
  };
}

function pinPageUrl(ctx: StoreServerContext, r: RouteRequest): string {
  if (ctx.publicUrl) return `${ctx.publicUrl.replace(/\/$/, '')}${PIN_PAGE_PATH}`;
  const host = typeof r.req.headers.host === 'string' ? r.req.headers.host : '';
  return host ? `http://${host}${PIN_PAGE_PATH}` : PIN_PAGE_PATH;
}

export function staffRoutes(): Route<StoreServerContext>[] {
  const lockout = new SourceLockout();
  const formInput = (form: URLSearchParams) => ({
    name: (form.get('name') ?? '').slice(0, 200),
    role: form.get('role') ?? '',
    storeIds: form.getAll('store').slice(0, 1000),
  });
  return [
    {
      method: 'GET',
      path: '/web/staff',
      handle: guarded('page', async (w) => renderList(w, 200, null, w.r.url.searchParams.get('store'))),
    },
    {
      method: 'GET',
      path: '/web/api/staff',
      handle: guarded('api', async (w) => {
        const storeId = await listStore(w, w.r.url.searchParams.get('store'));
        const staff = await listStaff(w.ctx.db, storeId, w.ctx.now(), actorOf(w).storeId);
        return jsonReply(w.ctx, 200, { staff });
      }),
    },
    {
      method: 'GET',
      path: '/web/staff/:id',
      handle: guarded('page', async (w) => {
        try {
          return await renderPerson(w, w.r.params.id!, 200, null);
        } catch (err) {
          if (!(err instanceof StaffError)) throw err;
          const r = refusal(w, err);
          return renderList(w, r.status, r.box);
        }
      }),
    },
    {
      method: 'POST',
      path: '/web/staff',
      handle: guarded('post', async (w) => {
        const form = await readForm(w.r.req);
        checkCsrfToken(w.session, form);
        let change;
        try {
          change = await createStaff(w.ctx.db, formInput(form), actorOf(w), w.ctx.now());
        } catch (err) {
          if (!(err instanceof StaffError)) throw err;
          const r = refusal(w, err);
          return renderList(w, r.status, r.box);
        }
        await tellTillsPeopleChanged(w.ctx, change.storeIds);
        return renderPerson(w, change.id, 200, noticeBox(w.lang, 'staffAdded', { name: change.name }));
      }),
    },
    staffRoute('edit', async (w, id, form) => {
      const change = await updateStaff(w.ctx.db, id, formInput(form), actorOf(w), w.ctx.now());
      await tellTillsPeopleChanged(w.ctx, change.storeIds);
      return noticeBox(w.lang, 'staffSaved', { name: change.name });
    }),
    staffRoute('disable', async (w, id) => {
      const change = await setStaffDisabled(w.ctx.db, id, true, actorOf(w), w.ctx.now());
      await tellTillsPeopleChanged(w.ctx, change.storeIds);
      return noticeBox(w.lang, 'staffDisabledDone', { name: change.name });
    }),
    staffRoute('enable', async (w, id) => {
      const change = await setStaffDisabled(w.ctx.db, id, false, actorOf(w), w.ctx.now());
      await tellTillsPeopleChanged(w.ctx, change.storeIds);
      return noticeBox(w.lang, 'staffEnabledDone', { name: change.name });
    }),
    staffRoute('pin-code', async (w, id) => {
      const r = await issuePinCode(w.ctx.db, id, actorOf(w), w.ctx.now());
      return pinCodeNotice(w.lang, {
        name: r.name,
        code: r.code,
        expiresAt: r.expiresAt,
        tz: await zoneOf(w),
        pageUrl: pinPageUrl(w.ctx, w.r),
      });
    }),

    // The public page: no session; the Origin check and the per-source limit guard it.
    {
      method: 'GET',
      path: PIN_PAGE_PATH,
      handle: async (r, ctx) => {
        const lang = languageOf(r.req);
        return page(ctx, 200, pinPage({ lang, session: null, here: PIN_PAGE_PATH }, null));
      },
    },
    {
      method: 'POST',
      path: PIN_PAGE_PATH,
      handle: async (r, ctx) => {
        const lang = languageOf(r.req);
        const chrome = { lang, session: null, here: PIN_PAGE_PATH };
        const now = ctx.now();
        try {
          checkOrigin(ctx, r.req);
          const wait = lockout.lockedFor(r.source, now);
          if (wait > 0) throw new WebRefusal(429, 'errPinTooMany', { wait: waitWords(lang, wait) });
          const form = await readForm(r.req);
          const done = await setPinWithCode(
            ctx.db,
            {
              code: form.get('code') ?? '',
              pin: form.get('pin') ?? '',
              pinAgain: form.get('pin2') ?? '',
              source: r.source,
            },
            now,
          );
          await tellTillsPeopleChanged(ctx, done.storeIds);
          return page(ctx, 200, pinPage(chrome, noticeBox(lang, 'pinSetDone', { name: done.name }), true));
        } catch (err) {
          if (err instanceof PinCodeRefused) {
            if (err.reason === 'bad_code') {
              lockout.fail(r.source, now);
              await audit(ctx, '-', 'staff_pin_failed', { source: r.source });
            }
            const status = err.reason === 'bad_code' ? 401 : 400;
            return page(ctx, status, pinPage(chrome, refusalBox(lang, PIN_REFUSALS[err.reason])));
          }
          if (!(err instanceof WebRefusal)) throw err;
          return page(ctx, err.status, pinPage(chrome, refusalBox(lang, err.key, err.vars)));
        }
      },
    },
  ];
}
