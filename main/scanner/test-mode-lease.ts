/**
 * The scanner lent to one screen's Settings test. While lent, scans charge nothing (they are shown on that screen
 * only), so the loan must never outlive its reason: it ends when that screen says so, when the screen goes
 * (socket closed, page reloaded — see main/shared/caller.ts), or after two minutes at the most.
 */
import type { CallerSession } from '../shared/caller';

export const SCANNER_TEST_MAX_MS = 120_000;

export type TestModeEnd = 'stopped' | 'caller_left' | 'timed_out' | 'taken_over';

export interface ScannerTestLeaseDeps {
  setTestMode(on: boolean): void;
  /** Every start and end; `endsAt` null when test mode is off. */
  changed(endsAt: number | null, why: 'started' | TestModeEnd): void;
  maxMs?: number;
  now?: () => number;
}

interface Loan {
  session: CallerSession | null;
  endsAt: number;
  timer: ReturnType<typeof setTimeout>;
  offEnd: () => void;
}

export class ScannerTestLease {
  private loan: Loan | null = null;
  private readonly maxMs: number;
  private readonly now: () => number;

  constructor(private readonly deps: ScannerTestLeaseDeps) {
    this.maxMs = deps.maxMs ?? SCANNER_TEST_MAX_MS;
    this.now = deps.now ?? Date.now;
  }

  /** When test mode ends at the latest; null when it is off. */
  get endsAt(): number | null {
    return this.loan?.endsAt ?? null;
  }

  /**
   * Lends the scanner to `session` (null: a caller inside the core) for at most maxMs; another's loan ends.
   * A caller already gone (its socket closed while the call was on its way) gets nothing: null.
   */
  start(session: CallerSession | null): number | null {
    if (session?.gone) return null;
    if (this.loan) this.release(this.loan.session === session ? 'stopped' : 'taken_over', false);
    const endsAt = this.now() + this.maxMs;
    const timer = setTimeout(() => this.release('timed_out'), this.maxMs);
    timer.unref?.();
    const offEnd = session ? session.onEnd(() => this.release('caller_left')) : () => undefined;
    this.loan = { session, endsAt, timer, offEnd };
    this.deps.setTestMode(true);
    this.deps.changed(endsAt, 'started');
    return endsAt;
  }

  /**
   * The screen ends its test. Only the screen that holds the loan (or the core itself) can end it: a second
   * screen leaving its Settings tab must not end a test running on the first.
   */
  stop(session: CallerSession | null): boolean {
    const loan = this.loan;
    if (!loan) return false;
    if (session !== null && loan.session !== null && loan.session !== session) return false;
    this.release('stopped');
    return true;
  }

  close(): void {
    if (this.loan) this.release('stopped');
  }

  private release(why: TestModeEnd, announce = true): void {
    const loan = this.loan;
    if (!loan) return;
    this.loan = null;
    clearTimeout(loan.timer);
    loan.offEnd();
    if (!announce) return;
    this.deps.setTestMode(false);
    this.deps.changed(null, why);
  }
}
