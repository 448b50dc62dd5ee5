/** Hands the manager store to the manager screens. */
import type { ManagerStoreState } from './manager-store';
import { createStoreContext } from './store-context';

const manager = createStoreContext<ManagerStoreState>('ManagerStore');

export const ManagerStoreProvider = manager.Provider;
export const useManagerStore = manager.useStoreApi;
export const useManager = manager.useSelect;
export const useManagerPick = manager.usePick;
