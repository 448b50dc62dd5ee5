/** Hands one zustand store to the components below a provider, and reads slices of it. */
import { createContext, useContext, type ReactNode } from 'react';
import { useStore, type StoreApi } from 'zustand';
import { useShallow } from 'zustand/shallow';

export function createStoreContext<S>(name: string) {
  const StoreContext = createContext<StoreApi<S> | null>(null);

  function Provider({ store, children }: { store: StoreApi<S>; children: ReactNode }) {
    return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
  }

  function useStoreApi(): StoreApi<S> {
    const store = useContext(StoreContext);
    if (!store) throw new Error(`use${name} outside ${name}Provider`);
    return store;
  }

  /** A slice of the store; re-renders only when the selected value changes (Object.is). */
  function useSelect<T>(selector: (state: S) => T): T {
    return useStore(useStoreApi(), selector);
  }

  /** Several fields at once; re-renders only when one of them changes, as a selector each would. */
  function usePick<K extends keyof S>(...keys: K[]): Pick<S, K> {
    return useStore(
      useStoreApi(),
      useShallow((state: S) => {
        const picked = {} as Pick<S, K>;
        for (const key of keys) picked[key] = state[key];
        return picked;
      }),
    );
  }

  return { Provider, useStoreApi, useSelect, usePick };
}
