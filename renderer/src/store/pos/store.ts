/**
 * The one store behind every cashier screen. It is fed only by a PosApi: a snapshot on start, then pushed
 * events; actions call the PosApi and turn failed results into a notice the cashier can read. Nothing here
 * touches the DOM, so it runs (and is tested) in plain Node.
 *
 * The store is combined from slices (slices/<concern>/{initialState,action}.ts), sharing one context.
 */
import { createStore } from 'zustand/vanilla';
import type { PosApi } from '../../../../preload/api';
import { createPosContext } from './context';
import { posEventHandler } from './events';
import { createHistoryActions } from './slices/history/action';
import { initialHistory } from './slices/history/initialState';
import { createNoticesActions } from './slices/notices/action';
import { createPeopleActions } from './slices/people/action';
import { initialPeople } from './slices/people/initialState';
import { initialNotices } from './slices/notices/initialState';
import { createPrintActions } from './slices/print/action';
import { initialPrint } from './slices/print/initialState';
import { createSaleActions } from './slices/sale/action';
import { createEntryActions } from './slices/sale/entry';
import { createHeldScans } from './slices/sale/held';
import { initialSale } from './slices/sale/initialState';
import { createSaleScreen } from './slices/sale/screen';
import { createScreenActions } from './slices/screen/action';
import { initialScreen } from './slices/screen/initialState';
import { createTerminalActions } from './slices/terminal/action';
import { initialTerminal } from './slices/terminal/initialState';
import type { PosStore, PosStoreOptions, PosStoreState } from './types';

export function createPosStore(api: PosApi, options: PosStoreOptions = {}): PosStore {
  return createStore<PosStoreState>()((set, get) => {
    const ctx = createPosContext(api, options, set, get);
    const screen = createSaleScreen(ctx);
    const held = createHeldScans(ctx);
    const history = createHistoryActions(ctx, screen);
    const print = createPrintActions(ctx);
    const notices = createNoticesActions(ctx);
    const people = createPeopleActions(ctx);
    const onEvent = posEventHandler(ctx, {
      screen,
      held,
      onSaleNotice: notices.onSaleNotice,
      onApiRequest: notices.onApiRequest,
      openReference: history.openReference,
      applyPeople: people.applyPeople,
    });

    return {
      ...initialTerminal(),
      ...initialScreen(),
      ...initialSale(),
      ...initialPrint(),
      ...initialNotices(),
      ...initialPeople(),
      history: initialHistory(),
      ...createTerminalActions(ctx, screen, onEvent, print.loadPrinter, people.applyPeople),
      ...createScreenActions(ctx),
      ...createEntryActions(ctx, screen, held),
      ...createSaleActions(ctx, screen),
      ...history.actions,
      ...print.actions,
      ...notices.actions,
      ...people.actions,
    };
  });
}
