/**
 * Learning a keyboard-wedge scanner's pace: Settings' "scan a test code" step measures the gaps between the
 * keys of one scan and turns them into the detector's maxInterKeyMs. The window's one detector (useCashierKeys)
 * reports every run of keys ended by Enter/Tab here; the step listens only while it runs.
 */
import { MAX_LEARNED_INTER_KEY_MS, type WedgeRun } from './wedge-detector';

/** The slowest scanner pace taken: beyond it a person could keep up, and typing would read as scans. */
export const MAX_SCANNER_PACE_MS = 60;
/** Never below the detector's default: a fast scanner needs no tighter bound than the one that already works. */
const MIN_LIMIT_MS = 30;
/** Room over the slowest gap measured, for USB and scheduler jitter on a later scan. */
const JITTER = 1.25;

export type PaceResult =
  | { ok: true; paceMs: number; slowestMs: number; maxInterKeyMs: number; keys: number }
  | { ok: false; reason: 'too_slow'; paceMs: number; keys: number }
  | { ok: false; reason: 'too_short'; keys: number };

/** Minimum keys a test scan needs for a pace worth trusting (the detector's own minLength). */
const MIN_KEYS = 8;

export function learnPace(run: Pick<WedgeRun, 'gaps'>): PaceResult {
  const keys = run.gaps.length + 1;
  if (keys < MIN_KEYS) return { ok: false, reason: 'too_short', keys };
  const sorted = [...run.gaps].sort((a, b) => a - b);
  const paceMs = Math.round(sorted[Math.floor(sorted.length / 2)] ?? 0);
  const slowest = sorted[sorted.length - 1] ?? 0;
  if (paceMs > MAX_SCANNER_PACE_MS || slowest > MAX_LEARNED_INTER_KEY_MS) {
    return { ok: false, reason: 'too_slow', paceMs, keys };
  }
  const maxInterKeyMs = Math.min(
    MAX_LEARNED_INTER_KEY_MS,
    Math.max(MIN_LIMIT_MS, Math.ceil(slowest * JITTER)),
  );
  return { ok: true, paceMs, slowestMs: Math.round(slowest), maxInterKeyMs, keys };
}

type RunListener = (run: WedgeRun) => void;
const listeners = new Set<RunListener>();

/** Settings' step listens while it runs; returns the unsubscribe. */
export function onWedgeRun(listener: RunListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function reportWedgeRun(run: WedgeRun): void {
  for (const l of listeners) l(run);
}
