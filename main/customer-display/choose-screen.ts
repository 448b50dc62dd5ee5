/**
 * Which screen the Electron shell puts the customer display on: the one chosen in settings when it is
 * connected, else the first screen that is not the cashier's, else none (the window closes until a screen is
 * plugged in). Pure, so hot-plug decisions are tested without Electron.
 */
export interface ScreenInfo {
  id: number;
  primary: boolean;
}

export interface CustomerScreenSettings {
  enabled: boolean;
  displayId: number | null;
}

export function chooseCustomerScreen<S extends ScreenInfo>(
  screens: readonly S[],
  settings: CustomerScreenSettings,
  /** Also use the cashier's own screen when it is the only one (a demo, or the Electron e2e test). */
  allowCashierScreen = false,
): S | null {
  if (!settings.enabled) return null;
  const usable = (s: S): boolean => allowCashierScreen || !s.primary;
  const chosen = screens.find((s) => s.id === settings.displayId);
  if (chosen !== undefined && usable(chosen)) return chosen;
  return screens.find((s) => !s.primary) ?? (allowCashierScreen ? (screens[0] ?? null) : null);
}
