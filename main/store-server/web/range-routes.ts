/**
 * The range report (/web/range, its JSON twin /web/api/range), its XLSX export and the printable daily summary
 * (/web/summary). Every one is held to the person's stores by resolveRange / resolveView (guard.ts).
 */
import type { Route, StoreServerContext } from '../http/router';
import { WebRefusal, audit } from './auth';
import { guarded, type WebRequest } from './guard';
import { jsonReply, page, securityHeaders, type Html } from './html';
import { rangePage } from './pages/range';
import { SUMMARY_LIMITS, summaryPage } from './pages/summary';
import { rangePageData, rangeRefunds, rangeReport, rangeSales, type RangeFilter } from './range-queries';
import { resolveRange, type RangeView } from './range-view';
import { MAX_XLSX_SALES, rangeXlsx, salesOfRange } from './xlsx';

/** Rows the range page lists (the exports carry every one). */
const PAGE_LIST = 100;

const rangeData = (w: WebRequest, r: RangeView) => rangePageData(w.ctx.db, r.filter, PAGE_LIST);

/** The day summary's one store: the one asked for, else the person's first. */
async function summary(w: WebRequest): Promise<Html> {
  const r = await resolveRange(w, { needStore: true });
  const date = r.filter.to;
  const f: RangeFilter = { ...r.filter, from: date, to: date };
  const store = r.view.stores.find((s) => s.id === f.scope.storeId);
  if (!store) throw new WebRefusal(400, 'errChooseStore');
  const [report, refunds, late, unresolved] = await Promise.all([
    rangeReport(w.ctx.db, f),
    rangeRefunds(w.ctx.db, f, SUMMARY_LIMITS.refunds),
    rangeSales(w.ctx.db, f, 'late', SUMMARY_LIMITS.late),
    rangeSales(w.ctx.db, f, 'unresolved', SUMMARY_LIMITS.unresolved),
  ]);
  return summaryPage(
    { ...w.chrome, nav: 'range' },
    { storeName: store.name, date, tz: r.view.zone, now: w.ctx.now(), report, refunds, late, unresolved },
  );
}

export function rangeRoutes(): Route<StoreServerContext>[] {
  return [
    {
      method: 'GET',
      path: '/web/range',
      handle: guarded('page', async (w) => {
        const r = await resolveRange(w);
        return page(
          w.ctx,
          200,
          rangePage({ ...w.chrome, nav: 'range' }, { range: r, ...(await rangeData(w, r)) }),
        );
      }),
    },
    {
      method: 'GET',
      path: '/web/api/range',
      handle: guarded('api', async (w) => {
        const r = await resolveRange(w);
        return jsonReply(w.ctx, 200, await rangeData(w, r));
      }),
    },
    {
      method: 'GET',
      path: '/web/summary',
      handle: guarded('page', async (w) => {
        // A link carries the day as `date`; the range form's `to` works too.
        if (w.r.url.searchParams.has('date') && !w.r.url.searchParams.has('to'))
          w.r.url.searchParams.set('to', w.r.url.searchParams.get('date')!);
        w.r.url.searchParams.delete('date');
        if (!w.r.url.searchParams.has('from'))
          w.r.url.searchParams.set('from', w.r.url.searchParams.get('to') ?? '');
        return page(w.ctx, 200, await summary(w));
      }),
    },
    {
      method: 'GET',
      path: '/web/export/report.xlsx',
      handle: guarded('api', async (w) => {
        const r = await resolveRange(w);
        const f = r.filter;
        const report = await rangeReport(w.ctx.db, f);
        // The Sales sheet holds the sales that count (paid, and late payments): the totals' own count.
        const n = report.totals.totals.salesCount + report.totals.totals.latePaymentsCount;
        if (n > MAX_XLSX_SALES) throw new WebRefusal(413, 'errTooManyRows', { n, max: MAX_XLSX_SALES });
        const body = await rangeXlsx(w.lang, {
          report,
          refunds: (await rangeRefunds(w.ctx.db, f, MAX_XLSX_SALES)).rows,
          late: (await rangeSales(w.ctx.db, f, 'late', MAX_XLSX_SALES)).rows,
          sales: await salesOfRange(w.ctx.db, f),
          tz: r.view.zone,
        });
        await audit(w.ctx, w.session.user.username, 'web.export', {
          file: 'report.xlsx',
          from: f.from,
          to: f.to,
          storeId: f.scope.storeId,
          tillId: f.scope.tillId,
          platform: f.platform,
          source: w.r.source,
        });
        return {
          status: 200,
          headers: {
            ...securityHeaders(w.ctx),
            'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
            'content-disposition': `attachment; filename="report-${f.from}-${f.to}.xlsx"`,
          },
          body,
        };
      }),
    },
  ];
}
