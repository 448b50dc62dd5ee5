/**
 * Keyboard-first till: the window listens for keys (after the wedge detector has taken scans out), and a
 * wedge scanner's code never reaches the amount or any field.
 */
import { useEffect } from 'react';
import { recognisePaymentCode } from '../../../main/scanner/payment-code';
import { reportWedgeRun } from '../scanner/pace';
import { DEFAULT_WEDGE_OPTIONS, WedgeDetector } from '../scanner/wedge-detector';
import { routeCashierKey, type KeyContext } from '../store/cashier-keys';
import { refuseOfflineInput } from '../store/offline-input';
import type { PosStore } from '../store/pos-store';

/** Longest code a run is kept for (the scanner service's own limit is 512; payment codes are 16–24). */
const MAX_CODE_KEYS = 64;
const MODIFIER_KEYS = new Set(['Shift', 'CapsLock', 'NumLock']);

const TEXT_INPUT_TYPES = new Set(['text', 'search', 'tel', 'password', 'number', 'email', 'url', '']);

function textField(el: Element | null): HTMLInputElement | HTMLTextAreaElement | null {
  if (el instanceof HTMLTextAreaElement) return el;
  if (el instanceof HTMLInputElement && TEXT_INPUT_TYPES.has(el.type)) return el;
  return null;
}

function keyContext(el: Element | null): KeyContext {
  const editable =
    textField(el) !== null ||
    el instanceof HTMLSelectElement ||
    (el instanceof HTMLElement && el.isContentEditable);
  return { editable, onButton: el instanceof HTMLButtonElement };
}

/** Puts typing the detector held back into the focused field, as if the keys had gone there directly. */
function insertIntoField(field: HTMLInputElement | HTMLTextAreaElement, text: string): void {
  const start = field.selectionStart ?? field.value.length;
  const end = field.selectionEnd ?? field.value.length;
  const max = field.maxLength > 0 ? field.maxLength : Infinity;
  const room = Math.max(0, max - (field.value.length - (end - start)));
  field.setRangeText(text.slice(0, room), start, end, 'end');
  // React's onChange listens for 'input'; its value tracker sees the changed value and fires.
  field.dispatchEvent(new Event('input', { bubbles: true }));
}

/**
 * Typing an amount after clicking a toolbar button (language, mode…) means the cashier is back on the amount:
 * the button lets go of focus, so the Enter that follows charges instead of pressing that button again.
 */
function leaveButton(el: Element | null): void {
  if (el instanceof HTMLButtonElement && document.activeElement === el) el.blur();
}

/**
 * Keys a slow scanner typed at scanner pace, already handed back as typing, ended by Enter: on the sale screen
 * with no text field in focus (the keypad, the scan prompt) a payment code is taken back as a scan. The keypad's
 * amount returns to what was keyed before the code, so 18 digits never become an amount.
 */
function takeBackTypedCode(
  store: PosStore,
  code: string,
  target: Element | null,
  amountBefore: string,
): boolean {
  const state = store.getState();
  if (state.view !== 'sale' || state.connection !== 'open' || textField(target) !== null) return false;
  if (!recognisePaymentCode(code).ok) return false;
  state.restoreAmount(amountBefore);
  void state.submitWedgeScan(code);
  return true;
}

export function useCashierKeys(store: PosStore): void {
  useEffect(() => {
    // Where the held keys were headed: focus may have moved by the time they are handed back.
    let holdTarget: Element | null = null;
    // The amount before each of the last character keys, for takeBackTypedCode to undo a typed code's keys.
    let amountBefore: string[] = [];
    const detector = new WedgeDetector({
      onScan: (scan) => {
        holdTarget = null;
        if (store.getState().connection !== 'open') return void refuseOfflineInput();
        void store.getState().submitWedgeScan(scan.code);
      },
      onType: (text) => {
        const active = holdTarget ?? document.activeElement;
        holdTarget = null;
        const field = textField(active);
        if (field && store.getState().connection === 'open') {
          insertIntoField(field, text);
          return;
        }
        for (const ch of text) {
          if (routeCashierKey(store, ch, keyContext(active))) leaveButton(active);
        }
      },
      onTypedCode: (scan) =>
        takeBackTypedCode(
          store,
          scan.code,
          document.activeElement,
          amountBefore[amountBefore.length - scan.keys] ?? '',
        ),
      onRun: reportWedgeRun,
    });
    // The learned pace of a wedge scanner (Settings) widens the gap one scan may have between keys.
    const applyPace = () => {
      const learned = store.getState().scanner?.wedgeMaxInterKeyMs;
      detector.configure({ maxInterKeyMs: learned ?? DEFAULT_WEDGE_OPTIONS.maxInterKeyMs });
    };
    applyPace();
    const unsubscribe = store.subscribe((s, prev) => {
      if (s.scanner?.wedgeMaxInterKeyMs !== prev.scanner?.wedgeMaxInterKeyMs) applyPace();
    });

    const onCapture = (e: KeyboardEvent) => {
      // Space on a button or toggle presses it; only in a text field can it be part of what is typed.
      if (e.key === ' ' && textField(e.target instanceof Element ? e.target : null) === null) return;
      if (e.key.length === 1) amountBefore = [...amountBefore, store.getState().amount].slice(-MAX_CODE_KEYS);
      const decision = detector.keydown({
        key: e.key,
        timeStamp: e.timeStamp,
        ctrlKey: e.ctrlKey,
        altKey: e.altKey,
        metaKey: e.metaKey,
        repeat: e.repeat,
        isComposing: e.isComposing,
      });
      // Any other key (Enter included, after the detector has offered the run it ends) starts the record afresh.
      if (e.key.length !== 1 && !MODIFIER_KEYS.has(e.key)) amountBefore = [];
      if (decision === 'hold') {
        if (detector.pending === 1) holdTarget = e.target instanceof Element ? e.target : null;
        e.preventDefault();
        e.stopImmediatePropagation();
      }
    };

    const onBubble = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.altKey || e.metaKey) return;
      const target = e.target instanceof Element ? e.target : null;
      if (routeCashierKey(store, e.key, keyContext(target))) {
        e.preventDefault();
        if (e.key !== 'Escape' && e.key !== 'Enter') leaveButton(target);
      }
    };

    // Focus leaving a field ends whatever was held for it.
    const onFocusOut = () => detector.flush();

    window.addEventListener('keydown', onCapture, { capture: true });
    window.addEventListener('keydown', onBubble);
    window.addEventListener('focusout', onFocusOut);
    return () => {
      window.removeEventListener('keydown', onCapture, { capture: true });
      window.removeEventListener('keydown', onBubble);
      window.removeEventListener('focusout', onFocusOut);
      unsubscribe();
      detector.dispose();
    };
  }, [store]);
}
