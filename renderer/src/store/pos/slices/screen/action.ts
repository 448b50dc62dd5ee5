/** Which screen is shown, and the notice bar. */
import type { PosContext } from '../../context';
import type { View } from '../../types';

export interface ScreenActions {
  showView(view: View): void;
  dismissNotice(): void;
}

export function createScreenActions({ set, get }: PosContext): ScreenActions {
  return {
    showView(view) {
      set({ view, notice: null });
      if (view === 'history') void get().searchHistory(get().history.text);
    },

    dismissNotice() {
      set({ notice: null });
    },
  };
}
