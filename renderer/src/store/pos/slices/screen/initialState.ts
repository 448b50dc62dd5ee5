import type { Notice, View } from '../../types';

export interface ScreenState {
  view: View;
  notice: Notice | null;
  /** An action is waiting for the core: buttons that would race it are disabled. */
  busy: boolean;
}

export function initialScreen(): ScreenState {
  return { view: 'sale', notice: null, busy: false };
}
