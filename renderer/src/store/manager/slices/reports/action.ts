/** X/Z/day reports for any business date, printing, CSV export, closing the day, and reconciling. */
import type { ReportKind } from '../../../../../../preload/api';
import type { ManagerContext } from '../../context';
import type { ReportsState } from './initialState';

export interface ReportsActions {
  /** X: the open shift; Z: a shift's close (sessionId, else the latest); day: the date's sales and shifts. */
  loadReport(kind: ReportKind, sessionId?: number): Promise<void>;
  /** Shows another business date (reprints, past Z reports, closing a day left open); null = today. */
  setReportDate(date: string | null): Promise<void>;
  printReport(): Promise<void>;
  exportCsv(): Promise<void>;
  closeDay(confirmUnresolved: boolean): Promise<void>;
  cancelClose(): void;
  reconcile(): Promise<void>;
}

export function createReportsActions(ctx: ManagerContext): ReportsActions {
  const { api, set, get, call } = ctx;

  function patchReports(patch: Partial<ReportsState>): void {
    set({ reports: { ...get().reports, ...patch } });
  }
  function reportDate(): { businessDate?: string } {
    const date = get().reports.date;
    return date ? { businessDate: date } : {};
  }

  return {
    async setReportDate(date) {
      const valid = date !== null && /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : null;
      patchReports({ date: valid === ctx.today().date ? null : valid, csv: null, reconcile: null });
      // X is the open shift whatever the date: another date shows its day report (and its shifts' Zs).
      await get().loadReport(
        valid && valid !== ctx.today().date ? 'day' : (get().reports.report?.kind ?? 'X'),
      );
    },

    async loadReport(kind, sessionId) {
      get().touch();
      patchReports({ loading: true, problem: null, confirmClose: null });
      const args = {
        kind,
        ...(kind === 'X' ? {} : reportDate()),
        ...(sessionId !== undefined ? { sessionId } : {}),
      };
      const result = await call(() => api.report(args));
      patchReports({
        loading: false,
        report: result.ok ? result.value : get().reports.report,
        problem: result.ok ? null : { source: 'core', error: result.error },
      });
    },

    async printReport() {
      const report = get().reports.report;
      if (!report) return;
      get().touch();
      const args = {
        kind: report.kind,
        businessDate: report.businessDate,
        ...(report.kind !== 'day' && report.session ? { sessionId: report.session.id } : {}),
      };
      const problem = await ctx.print(
        () => api.printReport(args),
        () => api.getReportHtml(args),
      );
      if (problem) patchReports({ problem: { source: 'core', error: problem } });
    },

    async exportCsv() {
      const auth = ctx.auth();
      if (auth === null) return;
      const report = get().reports.report;
      // The rows the day report counts for this date, whatever zone the terminal has moved to since.
      const date = report?.businessDate ?? ctx.today().date;
      patchReports({ busy: true, problem: null });
      const result = await call(() => api.exportCsv({ businessDate: date, ...auth }));
      patchReports({ busy: false });
      if (!result.ok) {
        ctx.refusal(result.error, (problem) => patchReports({ problem }));
        return;
      }
      patchReports({ csv: { ...result.value, date } });
    },

    async closeDay(confirmUnresolved) {
      const auth = ctx.auth();
      if (auth === null) return;
      patchReports({ busy: true, problem: null });
      // Closes the open shift, whichever date is on screen.
      const result = await call(() => api.closeDay({ ...auth, confirmUnresolved }));
      patchReports({ busy: false });
      if (result.ok) {
        patchReports({ report: result.value, confirmClose: null });
        return;
      }
      if (ctx.lockOnPinProblem(result.error)) return;
      if (result.error.code === 'UNRESOLVED_SALES') {
        const z = await call(() => api.report({ kind: 'Z' }));
        const count = z.ok ? z.value.unresolved.length : Number.parseInt(result.error.detail ?? '', 10) || 0;
        patchReports({ confirmClose: { count }, report: z.ok ? z.value : get().reports.report });
        return;
      }
      patchReports({ problem: { source: 'core', error: result.error }, confirmClose: null });
    },

    cancelClose() {
      patchReports({ confirmClose: null });
    },

    async reconcile() {
      const auth = ctx.auth();
      if (auth === null) return;
      patchReports({ busy: true, problem: null, reconcile: null });
      const result = await call(() => api.reconcile({ ...auth, ...reportDate() }));
      patchReports({ busy: false });
      if (!result.ok) {
        ctx.refusal(result.error, (problem) => patchReports({ problem }));
        return;
      }
      patchReports({ reconcile: result.value });
      const kind = get().reports.report?.kind ?? 'X';
      await get().loadReport(kind);
      patchReports({ reconcile: result.value });
    },
  };
}
