/** Hands the one store to every component and reads slices of it. */
import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { PosStore, PosStoreState } from './pos-store';

const PosStoreContext = createContext<PosStore | null>(null);

export function PosStoreProvider({ store, children }: { store: PosStore; children: ReactNode }) {
  return <PosStoreContext.Provider value={store}>{children}</PosStoreContext.Provider>;
}

export function usePosStore(): PosStore {
  const store = useContext(PosStoreContext);
  if (!store) throw new Error('usePosStore outside PosStoreProvider');
  return store;
}

/** A slice of the store; re-renders only when the selected value changes (Object.is). */
export function usePos<T>(selector: (state: PosStoreState) => T): T {
  return useStore(usePosStore(), selector);
}
