import type { SalesInsightsView } from '../../../../../../contract/insights-views';
import type { ManagerProblem } from '../../types';

/** The ranges the Sales view offers; 'custom' takes the from/to fields. */
export const SALES_RANGES = ['today', 'yesterday', 'thisWeek', 'last7', 'thisMonth', 'custom'] as const;
export type SalesRange = (typeof SALES_RANGES)[number];

export interface SalesState {
  range: SalesRange;
  /** The custom range's fields (YYYY-MM-DD), kept while the manager picks another range and back. */
  customFrom: string;
  customTo: string;
  insights: SalesInsightsView | null;
  loading: boolean;
  problem: ManagerProblem | null;
}

export function initialSales(): SalesState {
  return { range: 'today', customFrom: '', customTo: '', insights: null, loading: false, problem: null };
}
