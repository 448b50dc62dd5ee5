/** The cashier store's shape: its state is the slices' states side by side, its actions theirs together. */
import type { StoreApi } from 'zustand/vanilla';
import type { Bilingual, PosSnapshot } from '../../../../preload/api';
import type { MessageKey } from '../../i18n/en';
import type { Vars } from '../../i18n';
import type { HistoryActions } from './slices/history/action';
import type { HistoryState } from './slices/history/initialState';
import type { NoticesActions } from './slices/notices/action';
import type { NoticesState } from './slices/notices/initialState';
import type { PeopleActions } from './slices/people/action';
import type { PeopleSliceState } from './slices/people/initialState';
import type { PrintActions } from './slices/print/action';
import type { PrintState } from './slices/print/initialState';
import type { SaleActions } from './slices/sale/action';
import type { EntryActions } from './slices/sale/entry';
import type { SaleState } from './slices/sale/initialState';
import type { ScreenActions } from './slices/screen/action';
import type { ScreenState } from './slices/screen/initialState';
import type { TerminalActions } from './slices/terminal/action';
import type { TerminalState } from './slices/terminal/initialState';

export type View = 'sale' | 'history' | 'manager';
export type Outcome = 'paid' | 'declined';

/** A problem to show: from the core (already bilingual) or from the screen itself (a dictionary key). */
export type Notice =
  | { source: 'core'; code: string; message: Bilingual; detail?: string }
  | { source: 'ui'; key: MessageKey; vars?: Vars };

export interface PosState
  extends TerminalState, ScreenState, SaleState, PrintState, NoticesState, PeopleSliceState {
  history: HistoryState;
}

export type PosActions = TerminalActions &
  ScreenActions &
  EntryActions &
  SaleActions &
  HistoryActions &
  PrintActions &
  NoticesActions &
  PeopleActions;

export type PosStoreState = PosState & PosActions;
export type PosStore = StoreApi<PosStoreState>;

export interface PosStoreOptions {
  /** Called when the sale on screen reaches paid or declined and sound is on. */
  playSound?: (outcome: Outcome) => void;
  now?: () => number;
  /** The snapshot the hub's page carried, drawn at once while the socket opens (replaced by the live one). */
  bootSnapshot?: PosSnapshot | null;
}
