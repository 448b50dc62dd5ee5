/**
 * The one way a test waits: for a condition, with a deadline, never for time. On timeout the error names what
 * was awaited and, when the caller gives `describe`, what the world looked like at the end.
 */

export interface WaitOptions {
  /** What is awaited, as the failure message should say it ("the refund to close"). */
  what: string;
  timeoutMs?: number;
  /** How often the condition is looked at again. */
  everyMs?: number;
  /** The state at the deadline, for the failure message. */
  describe?: () => unknown;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_EVERY_MS = 25;

/**
 * Resolves with the first truthy value of `condition` (sync or async). A condition that throws is retried; the
 * last error is reported at the deadline (so an `expect` inside can be the condition).
 */
export async function waitFor<T>(
  condition: () => T | null | undefined | false | Promise<T | null | undefined | false>,
  options: WaitOptions,
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown = null;
  for (;;) {
    try {
      const v = await condition();
      if (v) return v;
      lastError = null;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) throw timeoutError(options, timeoutMs, lastError);
    await new Promise((r) => setTimeout(r, options.everyMs ?? DEFAULT_EVERY_MS));
  }
}

/** A promise that must settle before the deadline: the code's own quiet point, bounded. */
export async function withDeadline<T>(promise: Promise<T>, options: WaitOptions): Promise<T> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(timeoutError(options, timeoutMs, null)), timeoutMs);
  });
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}

function timeoutError(options: WaitOptions, timeoutMs: number, lastError: unknown): Error {
  const parts = [`timed out after ${timeoutMs} ms waiting for ${options.what}`];
  if (options.describe) parts.push(`now ${safeJson(options.describe())}`);
  if (lastError) parts.push(lastError instanceof Error ? lastError.message : String(lastError));
  const err = new Error(parts.join('; '));
  if (lastError instanceof Error) err.cause = lastError;
  return err;
}

function safeJson(v: unknown): string {
  try {
    return typeof v === 'string' ? v : JSON.stringify(v);
  } catch {
    return String(v);
  }
}

/** waitFor in short: `await until('the refund CLOSED', () => …)`. */
export function until<T>(
  what: string,
  condition: () => T | null | undefined | false | Promise<T | null | undefined | false>,
  timeoutMs?: number,
): Promise<T> {
  return waitFor(condition, { what, ...(timeoutMs === undefined ? {} : { timeoutMs }) });
}

/** A zustand-like store: its state now, and a subscription to every change. */
export interface Subscribable<S> {
  getState(): S;
  subscribe(listener: (state: S) => void): () => void;
}

/** The store's first state that matches, now or on a later change, within the deadline. */
export function waitForState<S>(
  store: Subscribable<S>,
  predicate: (s: S) => boolean,
  options: { what: string; timeoutMs?: number; describe?: (s: S) => unknown },
): Promise<S> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    if (predicate(store.getState())) return resolve(store.getState());
    const timer = setTimeout(() => {
      off();
      const now = options.describe ? `; now ${safeJson(options.describe(store.getState()))}` : '';
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${options.what}${now}`));
    }, timeoutMs);
    const off = store.subscribe((s) => {
      if (!predicate(s)) return;
      clearTimeout(timer);
      off();
      resolve(s);
    });
  });
}
