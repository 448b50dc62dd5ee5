import type { SaleDetail, SaleView } from '../../../../../../preload/api';

export interface HistoryState {
  text: string;
  /** Unresolved-only filter, reached from the status bar's badge. */
  onlyUnresolved: boolean;
  /** The last search had a from/to range: the list is not "today's". */
  ranged: boolean;
  rows: SaleView[];
  loading: boolean;
  /** Bumped on every search so a slow answer to an older search is dropped. */
  seq: number;
  detail: SaleDetail | null;
  detailLoading: boolean;
}

export function initialHistory(): HistoryState {
  return {
    text: '',
    onlyUnresolved: false,
    ranged: false,
    rows: [],
    loading: false,
    seq: 0,
    detail: null,
    detailLoading: false,
  };
}
