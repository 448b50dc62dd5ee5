import type { ManagerProblem, ManagerTab } from '../../types';

export const IDLE_MS = 2 * 60_000;

export interface GateState {
  /** 'set' = no PIN exists yet: the manager must choose one first. */
  mode: 'enter' | 'set';
  problem: ManagerProblem | null;
  /** While the PIN is locked: when it lifts (epoch ms). */
  lockedUntil: number | null;
  busy: boolean;
}

export interface SessionState {
  /** The area is on screen (PIN pad or unlocked). */
  open: boolean;
  /** Unlocked: the PIN that opened it, sent with every protected call. Never persisted. */
  pin: string | null;
  /** Whose PIN opened it (null: a till without people, or the PIN alone said who). */
  personId: string | null;
  lastActivity: number;
  tab: ManagerTab;
  gate: GateState;
  /** Scanned before the PIN was entered: looked up once unlocked. */
  pendingReference: string | null;
}

export function initialGate(): GateState {
  return { mode: 'enter', problem: null, lockedUntil: null, busy: false };
}

export function initialSession(): SessionState {
  return {
    open: false,
    pin: null,
    personId: null,
    lastActivity: 0,
    tab: 'refunds',
    gate: initialGate(),
    pendingReference: null,
  };
}
