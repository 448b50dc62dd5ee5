/**
 * A scan that came before Enter. With an amount on the keypad the cashier is asked to confirm it (Enter
 * charges with this code, Esc drops it) until the hold expires; otherwise the screen says what is true.
 */
import { amountTextToCents } from '../../../amount-entry';
import { both, type PosContext } from '../../context';
import type { HeldScan } from './initialState';

export interface HeldScans {
  /** A scan arrived while no sale was waiting for a code. */
  hold(held: HeldScan): void;
  clear(): void;
}

export function createHeldScans({ set, get, now }: PosContext): HeldScans {
  let heldTimer: ReturnType<typeof setTimeout> | null = null;

  function clear(): void {
    if (heldTimer) clearTimeout(heldTimer);
    heldTimer = null;
    if (get().heldScan) set({ heldScan: null });
  }

  function hold(held: HeldScan): void {
    const { view, sale, amount } = get();
    if (view !== 'sale') return;
    if (sale !== null) {
      set({ scanNotice: { message: both('held.notUsedFinished'), at: now() } });
      return;
    }
    if (amountTextToCents(amount) === null) {
      set({ scanNotice: { message: both('held.notUsedNoAmount'), at: now() } });
      return;
    }
    clear();
    set({ heldScan: held, scanNotice: null, notice: null });
    heldTimer = setTimeout(
      () => {
        heldTimer = null;
        if (get().heldScan?.holdId !== held.holdId) return;
        set({ heldScan: null, scanNotice: { message: both('held.expired'), at: now() } });
      },
      Math.max(0, held.expiresAt - now()),
    );
  }

  return { hold, clear };
}
