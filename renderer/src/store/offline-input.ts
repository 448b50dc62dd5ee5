/**
 * Input the page refused while it had no link to the POS core. Keys and scans then reach nothing, so each one is
 * refused out loud on the lost-link screen rather than dropped in silence.
 */
import { createStore } from 'zustand/vanilla';

export interface OfflineInputState {
  /** When the last key or scan was refused; null when none was since the link came back. */
  refusedAt: number | null;
  /** How many were refused since the link was lost (the screen re-announces each one). */
  refused: number;
}

export const offlineInput = createStore<OfflineInputState>(() => ({ refusedAt: null, refused: 0 }));

/** Keys that only move focus or modify others: refusing them helps no one. */
const PASS_THROUGH = new Set(['Tab', 'Shift', 'Control', 'Alt', 'Meta', 'CapsLock']);

/** Refuses one key or scan; false for keys that are let through (focus movement, modifiers). */
export function refuseOfflineInput(key?: string): boolean {
  if (key !== undefined && PASS_THROUGH.has(key)) return false;
  offlineInput.setState((s) => ({ refusedAt: Date.now(), refused: s.refused + 1 }));
  return true;
}

/** The link is back: the screen starts clean the next time it is lost. */
export function clearOfflineInput(): void {
  offlineInput.setState({ refusedAt: null, refused: 0 });
}
