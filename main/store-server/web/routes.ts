/**
 * Routes of the manager's and head office's pages (docs/store-server.md). Pages under /web/, their JSON twins
 * under /web/api/. Every route but sign-in and the static files needs a session; a store manager's requests are
 * held to their store (asking for another store's or till's data is refused in words), head office sees the
 * chain. Every POST passes the Origin check and carries the session's form token.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isBusinessDate } from '../../shared/business-date';
import { parseShopDate } from '../../shared/shop-date';
import type { Reply, Route, RouteRequest, StoreServerContext } from '../http/router';
import {
  WebRefusal,
  audit,
  checkCsrfToken,
  checkOrigin,
  languageCookie,
  languageOf,
  readForm,
  requireSession,
  sessionClearCookie,
  sessionSetCookie,
  signOut,
} from './auth';
import { SourceLockout, signIn } from './sign-in';
import { refundsCsv, salesCsv } from './csv';
import {
  guarded,
  query,
  refusalTitle,
  resolveView,
  visibleStores,
  type ResolvedView,
  type WebRequest,
} from './guard';
import { csvReply, fragment, jsonReply, page, redirect, securityHeaders, type Html } from './html';
import { bothLanguages, isWordKey, t, type WordKey } from './i18n';
import { filters, layout, refusalBox, signInPage, type Chrome, type NavKey } from './pages/layout';
import { reconcileFragment, reconcilePage } from './pages/reconcile';
import { reportsPage } from './pages/reports';
import { liveFragment, problemsPage, refreshingPage, refundsTable } from './pages/today';
import { dayTotals, problemSales, recentPaidSales, refundsOfDay, sessionsOfDay } from './queries';
import { remoteRefundsByTill } from './remote-refund-sums';
import { byPersonOfDay } from './by-person';
import { auditRoutes } from './audit';
import { ReconcileJobs } from './reconcile';
import { tillAdminRoutes } from './tills';
import { userAdminRoutes } from './users-page';
import { PIN_PAGE_PATH } from './pages/staff';
import { staffRoutes } from './staff-page';
import { rangeRoutes } from './range-routes';
import { resolveRange } from './range-view';

// uPlot is served from the server's own files like app.js (no CDN; the CSP allows scripts from 'self' only).
const uplot = (file: string) => readFileSync(createRequire(import.meta.url).resolve(`uplot/dist/${file}`));

const STATIC: Record<string, { type: string; body: Buffer }> = {
  'uPlot.iife.min.js': { type: 'text/javascript; charset=utf-8', body: uplot('uPlot.iife.min.js') },
  'uPlot.min.css': { type: 'text/css; charset=utf-8', body: uplot('uPlot.min.css') },
  'app.js': {
    type: 'text/javascript; charset=utf-8',
    body: readFileSync(new URL('./static/app.js', import.meta.url)),
  },
  'app.css': {
    type: 'text/css; charset=utf-8',
    body: readFileSync(new URL('./static/app.css', import.meta.url)),
  },
};

// ── the routes ──────────────────────────────────────────────────────────────────────────────────────────────

export function webRoutes(): Route<StoreServerContext>[] {
  const lockout = new SourceLockout();
  const jobs = new ReconcileJobs();

  const signInGet = async (r: RouteRequest, ctx: StoreServerContext): Promise<Reply> => {
    const lang = languageOf(r.req);
    const why = r.url.searchParams.get('r');
    const refusal =
      why !== null && isWordKey(why) && (why === 'errExpired' || why === 'errSignedOut')
        ? refusalBox(lang, why)
        : null;
    return page(ctx, 200, signInPage({ lang, session: null, here: '/web/sign-in' }, refusal));
  };

  const signInPost = async (r: RouteRequest, ctx: StoreServerContext): Promise<Reply> => {
    const lang = languageOf(r.req);
    const chrome: Chrome = { lang, session: null, here: '/web/sign-in' };
    let username = '';
    try {
      checkOrigin(ctx, r.req);
      const form = await readForm(r.req);
      username = (form.get('username') ?? '').slice(0, 64);
      const { token } = await signIn(ctx, lockout, {
        username,
        password: (form.get('password') ?? '').slice(0, 200),
        source: r.source,
        lang,
      });
      return redirect(ctx, '/web/live', { 'set-cookie': sessionSetCookie(ctx, token) });
    } catch (err) {
      if (!(err instanceof WebRefusal)) throw err;
      return page(ctx, err.status, signInPage(chrome, refusalBox(lang, err.key, err.vars), username));
    }
  };

  const langPost = async (r: RouteRequest, ctx: StoreServerContext): Promise<Reply> => {
    const lang = languageOf(r.req);
    try {
      checkOrigin(ctx, r.req);
      const form = await readForm(r.req);
      // Signed in: the form token too. Signed out (the sign-in page), the Origin check is the guard.
      const session = await requireSession(ctx, r.req, true).catch(() => null);
      if (session) checkCsrfToken(session, form);
      const to = form.get('lang') === 'zh' ? 'zh' : 'en';
      const next = form.get('next') ?? '/web/live';
      // The managers' pages, or the public page where a person sets their PIN.
      const safeNext =
        /^\/web\/[A-Za-z0-9/_.?=&%-]*$/.test(next) || next === PIN_PAGE_PATH ? next : '/web/live';
      return redirect(ctx, safeNext, { 'set-cookie': languageCookie(ctx, to) });
    } catch (err) {
      if (!(err instanceof WebRefusal)) throw err;
      return page(
        ctx,
        err.status,
        layout(
          { lang, session: null, here: '/web/sign-in' },
          refusalTitle(lang, err.status),
          refusalBox(lang, err.key),
        ),
      );
    }
  };

  const signOutPost = guarded('post', async (w) => {
    checkCsrfToken(w.session, await readForm(w.r.req));
    await signOut(w.ctx, w.r.req);
    await audit(w.ctx, w.session.user.username, 'web.sign_out', { source: w.r.source });
    return redirect(w.ctx, '/web/sign-in', { 'set-cookie': sessionClearCookie(w.ctx) });
  });

  const live = async (w: WebRequest, v: ResolvedView): Promise<Html> =>
    liveFragment(
      w.lang,
      await dayTotals(w.ctx.db, v.date, v.scope),
      v.scope,
      await recentPaidSales(w.ctx.db, v.date, v.scope),
      v.zone,
      w.ctx.now(),
    );

  /** A JSON endpoint answering for the view the request asks for (held to what the person may see). */
  const viewApi = (
    path: string,
    body: (w: WebRequest, v: ResolvedView) => Promise<unknown>,
  ): Route<StoreServerContext> => ({
    method: 'GET',
    path,
    handle: guarded('api', async (w) => jsonReply(w.ctx, 200, await body(w, await resolveView(w)))),
  });

  /** A page whose table refreshes itself every `everyMs` from `${path}/fragment`, and that fragment. */
  const refreshing = (
    path: string,
    nav: NavKey,
    heading: WordKey,
    everyMs: number,
    content: (w: WebRequest, v: ResolvedView) => Promise<Html>,
  ): Route<StoreServerContext>[] => [
    {
      method: 'GET',
      path,
      handle: guarded('page', async (w) => {
        const v = await resolveView(w);
        const form = filters(w.chrome, path, v.filter, v.stores, v.tills);
        const first = await content(w, v);
        return page(
          w.ctx,
          200,
          refreshingPage(
            { ...w.chrome, nav },
            t(w.lang, heading),
            form,
            `${path}/fragment?${query(v)}`,
            everyMs,
            first,
          ),
        );
      }),
    },
    {
      method: 'GET',
      path: `${path}/fragment`,
      handle: guarded('fragment', async (w) => fragment(w.ctx, await content(w, await resolveView(w)))),
    },
  ];

  const routes: Route<StoreServerContext>[] = [
    // Before /web/export/:file, which would take audit.csv and report.xlsx.
    ...auditRoutes(),
    ...rangeRoutes(),
    { method: 'GET', path: '/', handle: async (_r, ctx) => redirect(ctx, '/web/live') },
    {
      method: 'GET',
      path: '/favicon.ico',
      handle: async (_r, ctx) => ({ status: 204, headers: securityHeaders(ctx) }),
    },
    { method: 'GET', path: '/web', handle: async (_r, ctx) => redirect(ctx, '/web/live') },
    { method: 'GET', path: '/web/', handle: async (_r, ctx) => redirect(ctx, '/web/live') },
    {
      method: 'GET',
      path: '/web/static/:file',
      handle: async (r, ctx) => {
        const f = Object.hasOwn(STATIC, r.params.file!) ? STATIC[r.params.file!] : undefined;
        if (!f) return jsonReply(ctx, 404, { error: 'errNotFound', message: bothLanguages('errNotFound') });
        return { status: 200, headers: { ...securityHeaders(ctx), 'content-type': f.type }, body: f.body };
      },
    },
    { method: 'GET', path: '/web/sign-in', handle: signInGet },
    { method: 'POST', path: '/web/sign-in', handle: signInPost },
    { method: 'POST', path: '/web/sign-out', handle: signOutPost },
    { method: 'POST', path: '/web/lang', handle: langPost },
    {
      method: 'GET',
      path: '/web/api/me',
      handle: guarded('api', async (w) =>
        jsonReply(w.ctx, 200, { user: w.session.user, stores: await visibleStores(w.ctx, w.session) }),
      ),
    },

    // Today, live.
    ...refreshing('/web/live', 'live', 'liveHeading', 2000, live),
    viewApi('/web/api/live', async (w, v) => ({
      day: await dayTotals(w.ctx.db, v.date, v.scope),
      recent: await recentPaidSales(w.ctx.db, v.date, v.scope),
      at: w.ctx.now(),
    })),

    // Unresolved and late-paid sales, any date.
    {
      method: 'GET',
      path: '/web/unresolved',
      handle: guarded('page', async (w) => {
        const v = await resolveView(w);
        const form = filters(w.chrome, '/web/unresolved', { ...v.filter, date: null }, v.stores, v.tills);
        const p = await problemSales(w.ctx.db, v.scope);
        return page(w.ctx, 200, problemsPage({ ...w.chrome, nav: 'unresolved' }, form, p, v.zone));
      }),
    },
    viewApi('/web/api/problems', (w, v) => problemSales(w.ctx.db, v.scope)),

    // Refunds, own and remote.
    ...refreshing('/web/refunds', 'refunds', 'refundsHeading', 3000, async (w, v) =>
      refundsTable(w.lang, await refundsOfDay(w.ctx.db, v.date, v.scope), v.zone),
    ),
    viewApi('/web/api/refunds', async (w, v) => ({ refunds: await refundsOfDay(w.ctx.db, v.date, v.scope) })),

    // X/Z for any date, and the CSV of that day.
    {
      method: 'GET',
      path: '/web/reports',
      handle: guarded('page', async (w) => {
        const v = await resolveView(w);
        const form = filters(w.chrome, '/web/reports', v.filter, v.stores, v.tills);
        return page(
          w.ctx,
          200,
          reportsPage({ ...w.chrome, nav: 'reports' }, form, {
            day: await dayTotals(w.ctx.db, v.date, v.scope),
            scope: v.scope,
            sessions: await sessionsOfDay(w.ctx.db, v.date, v.scope),
            remoteRefunds: await remoteRefundsByTill(w.ctx.db, v.date, v.scope),
            byPerson: await byPersonOfDay(w.ctx.db, v.date, v.scope),
            tz: v.zone,
            csv: {
              sales: `/web/export/sales.csv?${query(v)}`,
              refunds: `/web/export/refunds.csv?${query(v)}`,
            },
          }),
        );
      }),
    },
    viewApi('/web/api/reports', async (w, v) => ({
      day: await dayTotals(w.ctx.db, v.date, v.scope),
      sessions: await sessionsOfDay(w.ctx.db, v.date, v.scope),
      byPerson: await byPersonOfDay(w.ctx.db, v.date, v.scope),
    })),
    {
      method: 'GET',
      path: '/web/export/:file',
      handle: guarded('api', async (w) => {
        const file = w.r.params.file;
        if (file !== 'sales.csv' && file !== 'refunds.csv') throw new WebRefusal(404, 'errNotFound');
        // A range's links carry from / to; the X/Z page's, one date.
        const q = w.r.url.searchParams;
        const ranged = q.has('from') || q.has('to');
        const { scope, range } = ranged
          ? await resolveRange(w).then((r) => ({ scope: r.filter.scope, range: r.filter }))
          : await resolveView(w).then((v) => ({ scope: v.scope, range: { from: v.date, to: v.date } }));
        const body =
          file === 'sales.csv'
            ? await salesCsv(w.ctx.db, range, scope)
            : await refundsCsv(w.ctx.db, range, scope);
        await audit(w.ctx, w.session.user.username, 'web.export', {
          file,
          ...(ranged ? { from: range.from, to: range.to } : { date: range.from }),
          storeId: scope.storeId,
          tillId: scope.tillId,
          source: w.r.source,
        });
        const name = file.replace('.csv', '');
        return csvReply(
          w.ctx,
          ranged && range.from !== range.to
            ? `${name}-${range.from}-${range.to}.csv`
            : `${name}-${range.from}.csv`,
          body,
        );
      }),
    },

    // Reconciliation against the gateway.
    {
      method: 'GET',
      path: '/web/reconcile',
      handle: guarded('page', async (w) => {
        const v = await resolveView(w, { needStore: true });
        const jobId = w.r.url.searchParams.get('job');
        const job = jobId ? jobs.get(jobId) : undefined;
        if (job && !v.stores.some((s) => s.id === job.storeId))
          throw new WebRefusal(403, 'errForbiddenStore');
        const f = job ? { date: job.businessDate, storeId: job.storeId, tillId: null } : v.filter;
        return page(
          w.ctx,
          200,
          reconcilePage({ ...w.chrome, nav: 'reconcile' }, v.stores, f, job ?? null, null),
        );
      }),
    },
    {
      method: 'POST',
      path: '/web/reconcile',
      handle: guarded('post', async (w) => {
        const form = await readForm(w.r.req);
        checkCsrfToken(w.session, form);
        const stores = await visibleStores(w.ctx, w.session);
        const storeId = form.get('store') ?? '';
        // Typed in the shop's order; shown back as typed when it is not a date.
        const typed = form.get('date') ?? '';
        const date = parseShopDate(w.lang, typed) ?? typed;
        const refuse = (status: number, key: WordKey) =>
          page(
            w.ctx,
            status,
            reconcilePage(
              { ...w.chrome, nav: 'reconcile' },
              stores,
              { date, storeId, tillId: null },
              null,
              refusalBox(w.lang, key),
            ),
          );
        if (!stores.some((s) => s.id === storeId))
          return refuse(
            w.session.user.role === 'head_office' ? 404 : 403,
            w.session.user.role === 'head_office' ? 'errUnknownStore' : 'errForbiddenStore',
          );
        if (!isBusinessDate(date)) return refuse(400, 'errBadDate');
        const row = await w.ctx.db.query<{
          name: string;
          merchant_no: string | null;
          merchant_secret_enc: string | null;
        }>('SELECT name, merchant_no, merchant_secret_enc FROM stores WHERE id = $1', [storeId]);
        const store = row.rows[0]!;
        // On a shared sandbox every till here signs with the sandbox's merchant, so that is what is asked.
        const sandbox = w.ctx.sandbox?.merchant;
        if (!sandbox && (!store.merchant_no || !store.merchant_secret_enc))
          return refuse(409, 'errNoMerchant');
        const credentials = sandbox ?? {
          mNumber: store.merchant_no!,
          secretKey: w.ctx.sealer.open(store.merchant_secret_enc!),
        };
        const job = await jobs.start(
          w.ctx,
          { id: storeId, name: store.name },
          credentials,
          date,
          w.session.user.username,
        );
        await audit(w.ctx, w.session.user.username, 'web.reconcile', {
          storeId,
          date,
          orders: job.total,
          source: w.r.source,
        });
        return redirect(w.ctx, `/web/reconcile?job=${job.id}`);
      }),
    },
    {
      method: 'GET',
      path: '/web/reconcile/fragment',
      handle: guarded('fragment', async (w) => {
        const job = jobs.get(w.r.url.searchParams.get('job') ?? '');
        if (!job) throw new WebRefusal(404, 'errUnknownJob');
        if (!(await visibleStores(w.ctx, w.session)).some((s) => s.id === job.storeId))
          throw new WebRefusal(403, 'errForbiddenStore');
        return fragment(w.ctx, reconcileFragment(w.lang, job));
      }),
    },
    {
      method: 'GET',
      path: '/web/api/reconcile/:id',
      handle: guarded('api', async (w) => {
        const job = jobs.get(w.r.params.id!);
        if (!job) throw new WebRefusal(404, 'errUnknownJob');
        if (!(await visibleStores(w.ctx, w.session)).some((s) => s.id === job.storeId))
          throw new WebRefusal(403, 'errForbiddenStore');
        return jsonReply(w.ctx, 200, job);
      }),
    },
    ...tillAdminRoutes(),
    ...userAdminRoutes(),
    ...staffRoutes(),
  ];
  return routes;
}
