/**
 * The manager area: PIN gate, refunds, unresolved sales, reports and day close, settings. Fed by the same
 * PosApi as the cashier's store. The PIN typed at the gate is kept in memory only while the area is open and
 * in use: every money or settings call sends it (the core checks it per action), and it is forgotten when the
 * manager leaves the area or leaves it idle for IDLE_MS. Nothing here touches the DOM.
 *
 * The store is combined from slices (slices/<concern>/{initialState,action}.ts), sharing one context.
 */
import { createStore } from 'zustand/vanilla';
import type { PosApi } from '../../../../preload/api';
import { createManagerContext } from './context';
import { managerEventHandler } from './events';
import { createRefundActions } from './slices/refunds/action';
import { createPeopleAdminActions } from './slices/people/action';
import { createReportsActions } from './slices/reports/action';
import { createSalesActions } from './slices/sales/action';
import { createSessionActions } from './slices/session/action';
import { initialSession } from './slices/session/initialState';
import { createSettingsActions } from './slices/settings/action';
import { createSettingsDeviceActions } from './slices/settings/devices';
import { createSettingsLinkActions } from './slices/settings/links';
import { createStoreSalesActions } from './slices/store-sales/action';
import { createUnresolvedActions } from './slices/unresolved/action';
import type { ManagerStore, ManagerStoreOptions, ManagerStoreState } from './types';
import { initialAreas } from './initial-areas';

export function createManagerStore(api: PosApi, options: ManagerStoreOptions = {}): ManagerStore {
  return createStore<ManagerStoreState>()((set, get) => {
    const ctx = createManagerContext(api, options, set, get);
    const refunds = createRefundActions(ctx);
    const storeSales = createStoreSalesActions(ctx);
    const devices = createSettingsDeviceActions(ctx);
    const people = createPeopleAdminActions(ctx);
    const onEvent = managerEventHandler(ctx, {
      applyRefund: refunds.applyRefund,
      applyRemoteRefund: storeSales.applyRemoteRefund,
      applyScannerTest: devices.applyScannerTest,
      applyPeople: people.applyPeople,
    });

    return {
      ...initialSession(),
      ...initialAreas(),
      ...createSessionActions(ctx, () => api.onEvent(onEvent)),
      ...refunds.actions,
      ...storeSales.actions,
      ...createUnresolvedActions(ctx),
      ...createReportsActions(ctx),
      ...createSalesActions(ctx),
      ...createSettingsActions(ctx),
      ...devices.actions,
      ...createSettingsLinkActions(ctx),
      ...people.actions,
    };
  });
}
