/** Routes of the Audit page and its CSV (head office only): who did what, when, from where. */
import { csvDocument, csvLocalTime, csvTime } from '../../journal/csv';
import { businessDateOf } from '../../shared/business-date';
import { parseShopDate } from '../../shared/shop-date';
import type { Route, StoreServerContext } from '../http/router';
import { auditRows, detailText, isAuditAction, type AuditFilter } from './audit-query';
import { WebRefusal, audit } from './auth';
import { guarded, visibleStores, type WebRequest } from './guard';
import { csvReply, page } from './html';
import { actionWords, auditPage } from './pages/audit';

const DEFAULT_DAYS = 7;
const CSV_HEADER = [
  'at',
  'local_time',
  'person',
  'action',
  'action_words',
  'store',
  'till',
  'source',
  'details',
];

async function filterOf(w: WebRequest): Promise<{ f: AuditFilter; query: string }> {
  if (w.session.user.role !== 'head_office') throw new WebRefusal(403, 'errHeadOfficeOnly');
  const q = w.r.url.searchParams;
  const stores = await visibleStores(w.ctx, w.session);
  const storeId = q.get('store') || null;
  if (storeId !== null && !stores.some((s) => s.id === storeId)) throw new WebRefusal(404, 'errUnknownStore');
  const zone = stores.find((s) => s.id === storeId)?.timeZone ?? stores[0]?.timeZone ?? 'Australia/Sydney';
  const today = businessDateOf(w.ctx.now(), zone);
  // Typed in the shop's order (day first in English), or year first as links carry them.
  const typed = (name: string, otherwise: string): string | null => {
    const text = (q.get(name) ?? '').trim();
    return text === '' ? otherwise : parseShopDate(w.lang, text);
  };
  const from = typed('from', businessDateOf(w.ctx.now() - (DEFAULT_DAYS - 1) * 86_400_000, zone));
  const to = typed('to', today);
  if (from === null || to === null || from > to) throw new WebRefusal(400, 'errBadDateRange');
  const action = q.get('action') || null;
  if (action !== null && !isAuditAction(action)) throw new WebRefusal(400, 'errUnknownAction');
  const user = (q.get('user') ?? '').trim().toLowerCase().slice(0, 64) || null;
  const f: AuditFilter = { from, to, zone, user, action, storeId };
  const p = new URLSearchParams({ from, to });
  if (user) p.set('user', user);
  if (action) p.set('action', action);
  if (storeId) p.set('store', storeId);
  return { f, query: p.toString() };
}

export function auditRoutes(): Route<StoreServerContext>[] {
  return [
    {
      method: 'GET',
      path: '/web/audit',
      handle: guarded('page', async (w) => {
        const { f, query } = await filterOf(w);
        const stores = await visibleStores(w.ctx, w.session);
        const rows = await auditRows(w.ctx.db, f);
        return page(
          w.ctx,
          200,
          auditPage({ ...w.chrome, nav: 'audit' }, stores, f, rows, `/web/export/audit.csv?${query}`),
        );
      }),
    },
    {
      method: 'GET',
      path: '/web/export/audit.csv',
      handle: guarded('api', async (w) => {
        const { f } = await filterOf(w);
        const rows = await auditRows(w.ctx.db, f);
        const body = csvDocument(
          CSV_HEADER,
          rows.map((r) => [
            csvTime(r.at),
            csvLocalTime(r.at, f.zone),
            r.actor,
            r.action,
            actionWords('en', r.action),
            r.storeName,
            r.tillName,
            r.source,
            detailText(r.detail),
          ]),
        );
        await audit(w.ctx, w.session.user.username, 'web.export', {
          file: 'audit.csv',
          from: f.from,
          to: f.to,
          source: w.r.source,
        });
        return csvReply(w.ctx, `audit-${f.from}-${f.to}.csv`, body);
      }),
    },
  ];
}
