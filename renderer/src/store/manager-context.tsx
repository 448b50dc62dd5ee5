/** Hands the manager store to the manager screens. */
import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { ManagerStore, ManagerStoreState } from './manager-store';

const ManagerStoreContext = createContext<ManagerStore | null>(null);

export function ManagerStoreProvider({ store, children }: { store: ManagerStore; children: ReactNode }) {
  return <ManagerStoreContext.Provider value={store}>{children}</ManagerStoreContext.Provider>;
}

export function useManagerStore(): ManagerStore {
  const store = useContext(ManagerStoreContext);
  if (!store) throw new Error('useManagerStore outside ManagerStoreProvider');
  return store;
}

export function useManager<T>(selector: (state: ManagerStoreState) => T): T {
  return useStore(useManagerStore(), selector);
}
