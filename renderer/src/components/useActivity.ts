/**
 * Tells the core someone is at the counter: any key or tap (the store throttles it to one call per 15 s), so
 * the core's idle sign-out counts from the last real use. Capture phase: a key a field or the wedge detector
 * keeps still counts.
 */
import { useEffect } from 'react';
import type { PosStore } from '../store/pos-store';

export function useActivity(store: PosStore): void {
  useEffect(() => {
    const note = () => store.getState().noteActivity();
    window.addEventListener('keydown', note, { capture: true });
    window.addEventListener('pointerdown', note, { capture: true });
    return () => {
      window.removeEventListener('keydown', note, { capture: true });
      window.removeEventListener('pointerdown', note, { capture: true });
    };
  }, [store]);
}
