/**
 * Tells the core whether this screen's keypad holds an amount typed but not charged. The amount lives only in the
 * page, and the Terminal API must not replace it: the core counts the till busy while any screen reports one
 * (main/payments/keypad.ts). Sent on every change between empty and not, and again after a reconnect (the core
 * forgets a screen's report when its socket closes).
 */
import type { PosApi } from '../../../preload/api';
import type { PosStore, PosStoreState } from './pos-store';

function hasTypedAmount(s: PosStoreState): boolean {
  return s.sale === null && s.amount !== '';
}

export function reportKeypad(store: PosStore, api: PosApi): () => void {
  let reported: boolean | null = null;
  const send = (s: PosStoreState) => {
    if (s.connection !== 'open') return;
    const has = hasTypedAmount(s);
    if (has === reported) return;
    reported = has;
    void api.reportKeypad({ hasAmount: has }).then(
      (r) => {
        if (!r.ok && reported === has) reported = null;
      },
      () => {
        if (reported === has) reported = null;
      },
    );
  };
  const off = store.subscribe((s, prev) => {
    // A new socket is a new screen to the core: what it knew about this keypad went with the old one.
    if (s.connection === 'open' && prev.connection !== 'open') reported = null;
    send(s);
  });
  send(store.getState());
  return off;
}
