/** The cashier's store: combined from slices in ./pos (see pos/store.ts). */
export { createPosStore } from './pos/store';
export type {
  Notice,
  Outcome,
  PosActions,
  PosState,
  PosStore,
  PosStoreOptions,
  PosStoreState,
  View,
} from './pos/types';
export type { Connection } from './pos/slices/terminal/initialState';
export {
  DEFAULT_LARGE_AMOUNT_CENTS,
  type EntryMode,
  type HeldScan,
  type ScanInfo,
} from './pos/slices/sale/initialState';
export type { HistoryState } from './pos/slices/history/initialState';
export type { ApiRefundRequest } from './pos/slices/notices/initialState';
export { signInShown, type SignInState } from './pos/slices/people/initialState';
