/** Shift and day reports, closing, reconciling the day against the gateway, and the CSV export. */
import type { ReconcileLine } from '../../../preload/api';
import { contractError } from '../../../contract';
import { businessDateOf, businessDayRange, isBusinessDate } from '../../shared/business-date';
import { isFinalSaleStatus } from '../../journal/status';
import { msg } from '../messages';
import type { Handlers, ServiceContext } from './context';
import { fail, ok, printResult } from './results';
import { reportCsv } from '../report-csv';

export function reportHandlers(ctx: ServiceContext) {
  const { journal } = ctx.deps;
  return {
    report: (args) => ctx.sessions.report(args),
    getReportHtml: (args) => {
      const report = ctx.sessions.report(args);
      if (!report.ok) return report;
      if (!ctx.deps.receipts) return fail('UNAVAILABLE', msg.internal, 'no receipt renderer');
      return ok({ html: ctx.deps.receipts.reportHtml(report.value, ctx.terminal) });
    },
    printReport: async (args) => {
      const report = ctx.sessions.report(args);
      if (!report.ok) return report;
      if (!ctx.deps.receipts) return fail('UNAVAILABLE', msg.internal, 'no printer');
      return printResult(await ctx.deps.receipts.printReport(report.value, ctx.terminal));
    },
    closeDay: ({ pin, personId, confirmUnresolved }) => {
      const auth = ctx.authorise({ pin, personId }, 'close_z', 'close_day');
      if (!auth.ok) return auth;
      return ctx.sessions.close(confirmUnresolved, auth.person.id);
    },
    reconcile: async ({ businessDate, pin, personId }) => {
      const auth = ctx.authorise({ pin, personId }, 'reports', 'reconcile');
      if (!auth.ok) return auth;
      const date = businessDate ?? businessDateOf(ctx.now(), ctx.terminal.timeZone);
      const { from, to } = businessDayRange(date, ctx.terminal.timeZone);
      const sales = journal.searchSales({ from, to, limit: 500 });
      const lines: ReconcileLine[] = [];
      for (const sale of sales) {
        if (isFinalSaleStatus(sale.status) || sale.status === 'open') continue;
        const before = sale.status;
        await ctx.deps.engine.checkNow(sale.id);
        const after = ctx.requireSale(sale.id);
        const attempt = journal.listAttempts(sale.id).at(-1);
        lines.push({
          saleId: sale.id,
          outOrderNo: attempt?.outOrderNo ?? '',
          orderNo: attempt?.orderNo ?? null,
          journal: before,
          gateway: after.status,
          changed: before !== after.status,
        });
      }
      journal.appendEvent({
        at: ctx.now(),
        actor: 'manager',
        type: 'day.reconciled',
        personId: auth.person.id,
        entity: 'day',
        entityId: date,
        data: { checked: lines.length, changed: lines.filter((l) => l.changed).length },
      });
      return ok(lines);
    },
    exportCsv: ({ from, to, businessDate, pin, personId }) => {
      const auth = ctx.authorise({ pin, personId }, 'reports', 'export');
      if (!auth.ok) return auth;
      const bad = (message: string) => ({
        ok: false as const,
        error: contractError('INVALID_ARGUMENT', message),
      });
      if (businessDate !== undefined) {
        if (from !== undefined || to !== undefined) return bad('give either businessDate or from and to');
        if (!isBusinessDate(businessDate)) return bad('businessDate is not a calendar date');
        const day = ctx.sessions.report({ kind: 'day', businessDate });
        if (!day.ok) return day;
        return ok({ ...journal.exportDayCsv(businessDate), reportCsv: reportCsv(day.value) });
      }
      if (from === undefined || to === undefined) return bad('give either businessDate or from and to');
      if (to <= from) return bad('to must be after from');
      return ok(journal.exportCsv(from, to));
    },
  } satisfies Partial<Handlers>;
}
