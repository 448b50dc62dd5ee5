/** Hands the one store to every component and reads slices of it. */
import type { PosStoreState } from './pos-store';
import { createStoreContext } from './store-context';

const pos = createStoreContext<PosStoreState>('PosStore');

export const PosStoreProvider = pos.Provider;
export const usePosStore = pos.useStoreApi;
export const usePos = pos.useSelect;
export const usePosPick = pos.usePick;
