/**
 * The checks every managers' route makes before its work: a live session (and, for a POST, the Origin check),
 * and the scope: which stores, tills and date the request may see. Refusals become words on a page or JSON.
 */
import type { Language } from '../../shared/bilingual';
import { businessDateOf } from '../../shared/business-date';
import { parseShopDate } from '../../shared/shop-date';
import type { Reply, RouteRequest, StoreServerContext } from '../http/router';
import { WebRefusal, checkOrigin, languageOf, requireSession, type WebSession } from './auth';
import { jsonReply, page, redirect, type Html } from './html';
import { bothLanguages, t } from './i18n';
import {
  layout,
  refusalBox,
  type Chrome,
  type FilterState,
  type StoreChoice,
  type TillChoice,
} from './pages/layout';
import type { Scope } from './queries';

const DEFAULT_ZONE = 'Australia/Sydney';

/** What a handler gets once the session is checked. */
export interface WebRequest {
  r: RouteRequest;
  ctx: StoreServerContext;
  lang: Language;
  session: WebSession;
  chrome: Chrome;
}

type Kind = 'page' | 'api' | 'fragment' | 'post';

/** Wraps a handler with the session check and turns refusals into words on a page or JSON. */
/**
 * This page's address with its typed dates (12/06/2026 on an English page) written year first: the language
 * switch comes back to it, and the other language reads day-first text as no date.
 */
function hereWithIsoDates(url: URL, lang: Language): string {
  const q = new URLSearchParams(url.search);
  for (const name of ['date', 'from', 'to']) {
    const typed = q.get(name);
    const iso = typed === null ? null : parseShopDate(lang, typed);
    if (iso !== null) q.set(name, iso);
  }
  const search = q.toString();
  return url.pathname + (search ? `?${search}` : '');
}

export function guarded(
  kind: Kind,
  handler: (w: WebRequest) => Promise<Reply>,
): (r: RouteRequest, ctx: StoreServerContext) => Promise<Reply> {
  return async (r, ctx) => {
    const lang = languageOf(r.req);
    let session: WebSession | null = null;
    try {
      if (kind === 'post') checkOrigin(ctx, r.req);
      session = await requireSession(ctx, r.req, kind === 'page' || kind === 'post');
      return await handler({
        r,
        ctx,
        lang,
        session,
        chrome: { lang, session, here: hereWithIsoDates(r.url, lang) },
      });
    } catch (err) {
      if (!(err instanceof WebRefusal)) throw err;
      return refusalReply(ctx, r, kind, lang, session, err);
    }
  };
}

function refusalReply(
  ctx: StoreServerContext,
  r: RouteRequest,
  kind: Kind,
  lang: Language,
  session: WebSession | null,
  err: WebRefusal,
): Reply {
  if (kind === 'api' || kind === 'fragment')
    return jsonReply(ctx, err.status, { error: err.key, message: bothLanguages(err.key, err.vars) });
  if (err.status === 401) return redirect(ctx, `/web/sign-in?r=${err.key}`);
  const chrome: Chrome = { lang, session, here: r.url.pathname };
  return page(
    ctx,
    err.status,
    layout(chrome, refusalTitle(lang, err.status), refusalBox(lang, err.key, err.vars)),
  );
}

/** A refusal page's heading (and title): what kind of no it is. */
export function refusalTitle(lang: Language, status: number): string {
  return t(lang, status === 403 ? 'titleForbidden' : status === 404 ? 'titleNotFound' : 'titleRefused');
}

// ── scope: what this person may see ─────────────────────────────────────────────────────────────────────────

export async function visibleStores(ctx: StoreServerContext, s: WebSession): Promise<StoreChoice[]> {
  const r = await ctx.db.query<{ id: string; name: string; time_zone: string }>(
    `SELECT id, name, time_zone FROM stores WHERE $1::text IS NULL OR id = $1 ORDER BY name`,
    [s.user.role === 'head_office' ? null : s.user.storeId],
  );
  return r.rows.map((x) => ({ id: x.id, name: x.name, timeZone: x.time_zone }));
}

/** The zone a page reads its times in: the first store this person sees (the default zone when none). */
export function firstZone(stores: readonly StoreChoice[]): string {
  return stores[0]?.timeZone ?? DEFAULT_ZONE;
}

/** A page drawn with the stores this person sees (its store menus, the zone of its times). */
export async function pageWithStores(
  w: WebRequest,
  status: number,
  draw: (stores: StoreChoice[]) => Html | Promise<Html>,
): Promise<Reply> {
  return page(w.ctx, status, await draw(await visibleStores(w.ctx, w.session)));
}

/** firstZone of the stores this person sees. */
export async function zoneOf(w: WebRequest): Promise<string> {
  return firstZone(await visibleStores(w.ctx, w.session));
}

async function visibleTills(ctx: StoreServerContext, storeIds: string[]): Promise<TillChoice[]> {
  if (storeIds.length === 0) return [];
  const r = await ctx.db.query<{
    id: string;
    name: string;
    store_id: string;
    store_name: string;
    revoked: boolean;
  }>(
    `SELECT t.id, t.name, t.store_id, s.name AS store_name, t.revoked_at IS NOT NULL AS revoked
       FROM tills t JOIN stores s ON s.id = t.store_id
      WHERE t.store_id = ANY($1::text[]) ORDER BY s.name, t.revoked_at IS NOT NULL, t.name`,
    [storeIds],
  );
  return r.rows.map((x) => ({
    id: x.id,
    name: x.name,
    storeId: x.store_id,
    storeName: x.store_name,
    revoked: x.revoked,
  }));
}

export interface ResolvedView {
  scope: Scope;
  stores: StoreChoice[];
  tills: TillChoice[];
  date: string;
  zone: string;
  filter: FilterState;
}

/**
 * The store / till / date a request asks for, held to what the person may see: a store manager asking for
 * another store (or another store's till) is refused, not quietly shown their own.
 */
export async function resolveView(w: WebRequest, o: { needStore?: boolean } = {}): Promise<ResolvedView> {
  const { ctx, session } = w;
  const q = w.r.url.searchParams;
  const stores = await visibleStores(ctx, session);
  const askedStore = q.get('store') || null;
  const askedTill = q.get('till') || null;
  let storeId: string | null = session.user.role === 'head_office' ? null : session.user.storeId;
  if (askedStore !== null) {
    if (!stores.some((s) => s.id === askedStore)) {
      if (session.user.role !== 'head_office') throw new WebRefusal(403, 'errForbiddenStore');
      throw new WebRefusal(404, 'errUnknownStore');
    }
    storeId = askedStore;
  }
  if (storeId === null && o.needStore) storeId = stores[0]?.id ?? null;
  const inView = storeId === null ? stores : stores.filter((s) => s.id === storeId);
  const tills = await visibleTills(
    ctx,
    inView.map((s) => s.id),
  );
  let tillId: string | null = null;
  if (askedTill !== null) {
    if (!tills.some((t) => t.id === askedTill)) {
      const exists = await ctx.db.query('SELECT 1 FROM tills WHERE id = $1', [askedTill]);
      if (exists.rows.length > 0 && session.user.role !== 'head_office')
        throw new WebRefusal(403, 'errForbiddenStore');
      throw new WebRefusal(404, 'errUnknownTill');
    }
    tillId = askedTill;
  }
  const zone = firstZone(inView);
  // Typed in the shop's order (12/06/2026 in English), or year first as links carry it.
  const askedText = (q.get('date') ?? '').trim();
  const askedDate = askedText === '' ? null : parseShopDate(w.lang, askedText);
  if (askedText !== '' && askedDate === null) throw new WebRefusal(400, 'errBadDate');
  const date = askedDate ?? businessDateOf(ctx.now(), zone);
  return { scope: { storeId, tillId }, stores, tills, date, zone, filter: { date, storeId, tillId } };
}

export function query(v: ResolvedView, extra: Record<string, string> = {}): string {
  const p = new URLSearchParams({ date: v.date, ...extra });
  if (v.scope.storeId) p.set('store', v.scope.storeId);
  if (v.scope.tillId) p.set('till', v.scope.tillId);
  return p.toString();
}
