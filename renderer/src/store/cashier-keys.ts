/**
 * What a key means on the sale screen, decided from the store alone (no DOM), so the same rules serve real
 * keydowns, keys the wedge detector hands back as typing, and tests.
 */
import { isAmountKey } from './amount-entry';
import { refuseOfflineInput } from './offline-input';
import type { PosStore } from './pos-store';
import { isVoidablePhase } from './sale-merge';
import { signInShown } from './pos/slices/people/initialState';

/** The platform whose QR Enter shows in QR mode: the first QR button, which carries the Enter hint. */
export const QR_ENTER_PLATFORM = 'WECHATPAY' as const;

export interface KeyContext {
  /** Focus is in a text field: only Escape is the screen's, every other key belongs to the field. */
  editable: boolean;
  /** Focus is on a button: Enter and Space activate it, not the screen. */
  onButton: boolean;
}

/** Runs the key's action; true when the key was used (the caller then prevents its default). */
export function routeCashierKey(store: PosStore, rawKey: string, context: KeyContext): boolean {
  const state = store.getState();
  const key = rawKey === ',' ? '.' : rawKey;
  // Without the core a key reaches nothing: refused and said, on every screen, never silently dropped.
  if (state.connection !== 'open') return refuseOfflineInput(rawKey);
  if (state.view !== 'sale') return false;
  // The time zone question covers the sale screen (sales are held): no amount is typed behind it.
  if (state.terminal?.shopZoneQuestion) return false;
  // The sign-in screen covers the sale screen: its keys are the PIN field's, never an amount.
  if (signInShown(state)) return false;
  if (context.editable && key !== 'Escape') return false;
  if (context.onButton && (key === 'Enter' || key === ' ')) return false;

  const sale = state.sale;
  if (sale === null) {
    if (state.heldScan !== null && (key === 'Enter' || key === 'Escape')) {
      // The held-scan prompt: Enter charges the amount on screen with the held code, Esc drops the code.
      if (key === 'Enter') void state.charge();
      else state.dropHeldScan();
      return true;
    }
    if (isAmountKey(key)) {
      state.pressAmountKey(key);
      return true;
    }
    if (key === 'Escape' || key === 'Delete') {
      state.clearAmount();
      return true;
    }
    if (key === 'Enter') {
      // As the buttons say: Enter charges, or in QR mode shows the first platform's QR.
      if (state.entryMode === 'scan') void state.charge();
      else void state.startQrSale(QR_ENTER_PLATFORM);
      return true;
    }
    return false;
  }

  if (state.confirmVoid === sale.id && isVoidablePhase(sale.phase)) {
    // The void question is on screen: V (or Enter) confirms, Esc keeps the sale.
    if (key === 'v' || key === 'V' || key === 'Enter') {
      void state.voidSale();
      return true;
    }
    if (key === 'Escape') {
      state.keepSale();
      return true;
    }
    return false;
  }

  if (sale.kind !== 'scan' && (sale.phase === 'awaiting_code' || sale.phase === 'declined')) {
    if (key === 'Escape') {
      void state.closeQr();
      return true;
    }
    return false;
  }

  switch (sale.phase) {
    case 'awaiting_code':
    case 'declined':
      if (key === 'Escape') {
        void state.cancelSale();
        return true;
      }
      return false;
    case 'waiting_customer':
      if (key === 'Escape') {
        void state.stopWaiting();
        return true;
      }
      if (key === 'v' || key === 'V') {
        state.askVoid();
        return true;
      }
      return false;
    case 'submitting':
    case 'checking':
      if (key === 'v' || key === 'V') {
        state.askVoid();
        return true;
      }
      return false;
    case 'unresolved':
      if (key === 'v' || key === 'V') {
        state.askVoid();
        return true;
      }
      if (key === 'Enter' || key === 'Escape') {
        void state.newSale();
        return true;
      }
      return false;
    case 'paid':
    case 'failed':
    case 'abandoned':
    case 'voided':
    case 'late_paid':
    case 'late_refunding':
    case 'late_refunded':
      if (key === 'Enter' || key === 'Escape') {
        void state.newSale();
        return true;
      }
      if (isAmountKey(key) && key !== 'Backspace') {
        // The cashier is already typing the next amount: start the new sale with this key, never lose it.
        void state.newSale();
        if (store.getState().sale === null) store.getState().pressAmountKey(key);
        return true;
      }
      return false;
  }
}
