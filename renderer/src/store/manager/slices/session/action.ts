/**
 * The area's session: the PIN gate, the unlocked PIN kept in memory only while the area is open and in use,
 * the idle lock, and the tabs (each loads what it shows when opened).
 */
import { PIN_PATTERN, type ManagerContext } from '../../context';
import type { ManagerTab } from '../../types';
import { IDLE_MS, initialGate } from './initialState';
import { initialAreas } from '../../initial-areas';

export interface SessionActions {
  /** Subscribes to events; returns the unsubscribe function. */
  start(): () => void;
  enter(hasManagerPin: boolean): void;
  leave(): void;
  /** Any manager activity: keeps the area unlocked. */
  touch(): void;
  /** Locks the area when idle for IDLE_MS; true when it did. */
  expireIfIdle(): boolean;
  /** personId: who is typing (the gate's "Who approves"); without it the core finds the person by the PIN. */
  submitPin(pin: string, personId?: string | null): Promise<boolean>;
  /**
   * Someone else approves (the person who opened the area may not do what was asked): back to the gate, with
   * what the tabs hold kept, so the action can be repeated under the other person's PIN.
   */
  switchPerson(): void;
  /** The person at the counter changed (signed out, switched): the area opened by the one before locks. */
  counterPersonChanged(): void;
  /** setupCode: the one-time code the POS showed at start (absent in the Electron window, which adds it). */
  setFirstPin(pin: string, repeat: string, setupCode?: string): Promise<boolean>;
  setTab(tab: ManagerTab): void;
}

export function createSessionActions(ctx: ManagerContext, subscribe: () => () => void): SessionActions {
  const { api, set, get, now, call } = ctx;

  function unlocked(pin: string, personId: string | null): void {
    const pending = get().pendingReference;
    set({ pin, personId, lastActivity: now(), gate: initialGate(), pendingReference: null });
    if (pending !== null) {
      set({ tab: 'refunds' });
      void get().findSale(pending);
    } else {
      loadTab(get().tab);
    }
  }

  function loadTab(tab: ManagerTab): void {
    if (get().pin === null) return;
    if (tab === 'refunds') void get().loadRecentPaid();
    if (tab === 'unresolved') void get().loadUnresolved();
    if (tab === 'reports' && get().reports.report === null) void get().loadReport('X');
    if (tab === 'people') void get().loadPeople();
    if (tab === 'settings') {
      void get().loadSettings();
      void get().loadDevices();
      void get().loadApiKeys();
    }
  }

  function forget(): void {
    // Test mode must not outlive the screen that shows it: scans would be swallowed at the counter.
    if (get().settings.scannerTest) void call(() => api.setScannerTestMode({ on: false }));
    set({
      pin: null,
      personId: null,
      ...initialAreas(),
      pendingReference: null,
    });
  }

  return {
    start: subscribe,

    enter(hasManagerPin) {
      set({ open: true, gate: { ...initialGate(), mode: hasManagerPin ? 'enter' : 'set' } });
    },

    leave() {
      forget();
      set({ open: false, gate: initialGate() });
    },

    touch() {
      if (get().pin !== null) set({ lastActivity: now() });
    },

    expireIfIdle() {
      const { pin, lastActivity } = get();
      if (pin === null || now() - lastActivity < IDLE_MS) return false;
      forget();
      set({ gate: { ...initialGate(), problem: { source: 'ui', key: 'manager.gate.idleLocked' } } });
      return true;
    },

    async submitPin(pin, personId = null) {
      if (get().gate.busy) return false;
      if (!PIN_PATTERN.test(pin)) {
        set({ gate: { ...get().gate, problem: { source: 'ui', key: 'manager.gate.pinFormat' } } });
        return false;
      }
      set({ gate: { ...get().gate, busy: true, problem: null } });
      const result = await call(() => api.verifyManagerPin(personId === null ? { pin } : { pin, personId }));
      if (result.ok) {
        unlocked(pin, personId);
        return true;
      }
      const error = result.error;
      set({
        gate: {
          mode: error.code === 'NO_PIN' ? 'set' : 'enter',
          busy: false,
          problem: { source: 'core', error },
          lockedUntil: error.code === 'PIN_LOCKED' ? (error.retryAfter ?? null) : null,
        },
      });
      return false;
    },

    async setFirstPin(pin, repeat, setupCode) {
      if (!PIN_PATTERN.test(pin)) {
        set({ gate: { ...get().gate, problem: { source: 'ui', key: 'manager.gate.pinFormat' } } });
        return false;
      }
      if (pin !== repeat) {
        set({ gate: { ...get().gate, problem: { source: 'ui', key: 'manager.gate.pinMismatch' } } });
        return false;
      }
      set({ gate: { ...get().gate, busy: true, problem: null } });
      const code = setupCode?.replace(/\D/g, '');
      const result = await call(() =>
        api.setManagerPin({ newPin: pin, ...(code ? { setupCode: code } : {}) }),
      );
      if (!result.ok) {
        set({ gate: { ...get().gate, busy: false, problem: { source: 'core', error: result.error } } });
        return false;
      }
      unlocked(pin, null);
      return true;
    },

    switchPerson() {
      set({ pin: null, personId: null, gate: { ...initialGate(), mode: 'enter' } });
    },

    counterPersonChanged() {
      if (get().pin === null) return;
      forget();
      set({ gate: initialGate() });
    },

    setTab(tab) {
      set({ tab });
      get().touch();
      if (tab !== 'settings' && get().settings.scannerTest) void get().setScannerTest(false);
      loadTab(tab);
    },
  };
}
