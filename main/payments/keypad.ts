/**
 * Which screens have an amount on their keypad that is typed but not charged. The amount lives in the page, not
 * in the journal, so the page reports it; while any screen holds one the till is busy for the Terminal API
 * (nothing the cashier typed may be replaced). A screen that goes (socket closed, page reloaded) no longer holds
 * one: its report ends with its session (main/shared/caller.ts).
 */
import { currentCaller, type CallerSession } from '../shared/caller';

/** Reports from inside the core or a test, which have no session. */
const CORE = 'core';

export class KeypadReports {
  private readonly holding = new Map<CallerSession | typeof CORE, () => void>();

  report(hasAmount: boolean): void {
    const who = currentCaller() ?? CORE;
    if (!hasAmount) {
      this.holding.get(who)?.();
      this.holding.delete(who);
      return;
    }
    if (this.holding.has(who)) return;
    if (who !== CORE && who.gone) return;
    const off = who === CORE ? () => undefined : who.onEnd(() => this.holding.delete(who));
    this.holding.set(who, off);
  }

  /** Some screen has an amount typed and not charged. */
  get busy(): boolean {
    return this.holding.size > 0;
  }
}
