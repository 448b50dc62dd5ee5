/**
 * Who is calling the core: one screen (a hub socket, the Electron window's page). Some things a screen starts
 * belong to it — the scanner lent to its Settings test, the amount on its keypad — and must end when it goes
 * (socket closed, page reloaded) rather than outlive it. The shell that receives the call runs it inside the
 * caller's session; the core asks `currentCaller()` where it needs to know.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export class CallerSession {
  private readonly endings = new Set<() => void>();
  private ended = false;

  constructor(readonly label: string) {}

  get gone(): boolean {
    return this.ended;
  }

  /** Runs `fn` when the caller goes (at once if it already has); returns a function that cancels it. */
  onEnd(fn: () => void): () => void {
    if (this.ended) {
      fn();
      return () => undefined;
    }
    this.endings.add(fn);
    return () => void this.endings.delete(fn);
  }

  /** The caller went: everything it held is released, once. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    const endings = [...this.endings];
    this.endings.clear();
    for (const fn of endings) fn();
  }
}

const scope = new AsyncLocalStorage<CallerSession>();

export function runAsCaller<T>(session: CallerSession, fn: () => T): T {
  return scope.run(session, fn);
}

/** The session of the call being handled; null for calls from inside the core or from tests. */
export function currentCaller(): CallerSession | null {
  return scope.getStore() ?? null;
}
