/** The manager area's store: combined from slices in ./manager (see manager/store.ts). */
export { createManagerStore } from './manager/store';
export type {
  ManagerActions,
  ManagerProblem,
  ManagerState,
  ManagerStore,
  ManagerStoreOptions,
  ManagerStoreState,
  ManagerTab,
  PrintPort,
} from './manager/types';
export { IDLE_MS, type GateState } from './manager/slices/session/initialState';
export type { RefundState } from './manager/slices/refunds/initialState';
export type { StoreSalesState } from './manager/slices/store-sales/initialState';
export {
  LATE_PAYMENT_PHASES,
  UNRESOLVED_PHASES,
  type UnresolvedState,
} from './manager/slices/unresolved/initialState';
export type { ReportsState } from './manager/slices/reports/initialState';
export type { SettingsState } from './manager/slices/settings/initialState';
