import type { ReconcileLine, ReportView } from '../../../../../../preload/api';
import type { ManagerProblem } from '../../types';

export interface ReportsState {
  report: ReportView | null;
  /** The business date shown (YYYY-MM-DD); null = today. */
  date: string | null;
  loading: boolean;
  /** closeDay answered UNRESOLVED_SALES: the manager must confirm explicitly. */
  confirmClose: { count: number } | null;
  reconcile: ReconcileLine[] | null;
  csv: { salesCsv: string; refundsCsv: string; reportCsv?: string; date: string } | null;
  problem: ManagerProblem | null;
  busy: boolean;
}

export function initialReports(): ReportsState {
  return {
    report: null,
    date: null,
    loading: false,
    confirmClose: null,
    reconcile: null,
    csv: null,
    problem: null,
    busy: false,
  };
}
