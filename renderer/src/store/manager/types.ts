/** The manager store's shape: its state is the slices' states side by side, its actions theirs together. */
import type { StoreApi } from 'zustand/vanilla';
import type { PosError } from '../../../../preload/api';
import type { MessageKey } from '../../i18n/en';
import type { RefundActions } from './slices/refunds/action';
import type { RefundState } from './slices/refunds/initialState';
import type { PeopleAdminActions } from './slices/people/action';
import type { PeopleAdminState } from './slices/people/initialState';
import type { ReportsActions } from './slices/reports/action';
import type { ReportsState } from './slices/reports/initialState';
import type { SalesActions } from './slices/sales/action';
import type { SalesState } from './slices/sales/initialState';
import type { SessionActions } from './slices/session/action';
import type { SessionState } from './slices/session/initialState';
import type { SettingsActions } from './slices/settings/action';
import type { SettingsLinkActions } from './slices/settings/links';
import type { SettingsDeviceActions } from './slices/settings/devices';
import type { SettingsState } from './slices/settings/initialState';
import type { StoreSalesActions } from './slices/store-sales/action';
import type { UnresolvedActions } from './slices/unresolved/action';
import type { UnresolvedState } from './slices/unresolved/initialState';

export type ManagerTab = 'refunds' | 'unresolved' | 'reports' | 'settings' | 'people';

/** A problem: from the core (bilingual, with its code) or from this screen (a dictionary key). */
export type ManagerProblem = { source: 'core'; error: PosError } | { source: 'ui'; key: MessageKey };

export interface ManagerState extends SessionState {
  refund: RefundState;
  unresolved: UnresolvedState;
  reports: ReportsState;
  sales: SalesState;
  settings: SettingsState;
  people: PeopleAdminState;
}

export type ManagerActions = SessionActions &
  RefundActions &
  StoreSalesActions &
  UnresolvedActions &
  ReportsActions &
  SalesActions &
  SettingsActions &
  SettingsDeviceActions &
  SettingsLinkActions &
  PeopleAdminActions;

export type ManagerStoreState = ManagerState & ManagerActions;
export type ManagerStore = StoreApi<ManagerStoreState>;

export interface PrintPort {
  /** 'core' when a printer is configured (ESC/POS, named system printer, PDF). */
  printVia(): 'dialog' | 'core';
  /** Prints an HTML fragment (receipt or report) through the print dialog. */
  printHtml(html: string): void;
}

export interface ManagerStoreOptions {
  now?: () => number;
  /** The terminal's time zone (for "today"). */
  timeZone?: () => string | undefined;
  print?: PrintPort;
}
