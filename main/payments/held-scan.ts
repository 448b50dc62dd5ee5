/**
 * A payment code scanned while no sale is waiting for one (the cashier typed the amount but has not pressed
 * Enter yet, or the screen still shows the last sale). The code is kept in memory only, for a few seconds, so the
 * cashier can confirm the amount with one key; it is never sent anywhere until then, and never shown in full.
 */
import type { Platform } from '../shared/platform';
import { newId } from './ids';

/** Long enough to read the amount and press Enter; short enough that a customer's code is still valid. */
export const HOLD_MS = 10_000;

export interface HeldScanInfo {
  holdId: string;
  platform: Platform;
  expiresAt: number;
}

interface Held extends HeldScanInfo {
  code: string;
}

export class HeldScans {
  /** One at a time: a newer scan replaces the older (the customer scanned again, or another customer came). */
  private held: Held | null = null;

  constructor(
    private readonly now: () => number,
    private readonly holdMs = HOLD_MS,
  ) {}

  hold(code: string, platform: Platform): HeldScanInfo {
    const at = this.now();
    this.held = { holdId: newId('H', at), platform, code, expiresAt: at + this.holdMs };
    return { holdId: this.held.holdId, platform, expiresAt: this.held.expiresAt };
  }

  /** The code, once: a second take, a stale id or an expired hold gives null. */
  take(holdId: string): string | null {
    const held = this.held;
    if (!held || held.holdId !== holdId) return null;
    this.held = null;
    return held.expiresAt > this.now() ? held.code : null;
  }

  /** Whether `take(holdId)` would give a code, without taking it. */
  isHeld(holdId: string): boolean {
    return this.held !== null && this.held.holdId === holdId && this.held.expiresAt > this.now();
  }

  drop(): void {
    this.held = null;
  }
}
