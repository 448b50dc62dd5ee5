/**
 * Pairing codes. A six-digit code is guessable only by trying, so the tries are bounded per code, not only per
 * caller address (a caller has many loopback addresses): five wrong tries, whatever name or address they came
 * with, burn the code. A code on screen is not replaced by another POS's start (which would hand a guesser a
 * fresh code and fresh tries); and new codes are rationed for the whole till, so burning codes buys few guesses.
 */
import { randomInt, timingSafeEqual } from 'node:crypto';
import { RateLimiter } from '../hub/rate-limit';
import { ApiError } from './errors';

export const PAIRING_TTL_MS = 120_000;
export const PAIRING_TRIES = 5;
/** New codes for the whole till: three at once, then one every two minutes. */
const CODE_RATE = { burst: 3, perSecond: 1 / 120 };

interface LiveCode {
  code: string;
  posName: string;
  expiresAt: number;
  wrong: number;
}

export type PairingScreenNotice =
  | { kind: 'pairing'; posName: string; code: string; expiresAt: number }
  | { kind: 'pairing-ended'; posName: string; reason: 'burned' };

export interface PairingCodesDeps {
  now: () => number;
  show: (notice: PairingScreenNotice) => void;
  log?: { info(o: object, m: string): void; warn(o: object, m: string): void };
}

export class PairingCodes {
  private live: LiveCode | null = null;
  private readonly codes = new RateLimiter(CODE_RATE);

  constructor(private readonly deps: PairingCodesDeps) {}

  /** Shows a new code for `posName` (or the same one again for the same POS while it is live). */
  start(posName: string): { expiresAt: number } {
    const now = this.deps.now();
    const live = this.current(now);
    if (live) {
      if (live.posName === posName) return { expiresAt: live.expiresAt };
      throw new ApiError('PAIRING_BUSY', `a code for another POS is on screen until ${live.expiresAt}`, {
        extra: { retryAfter: live.expiresAt },
      });
    }
    if (!this.codes.take('till')) throw new ApiError('RATE_LIMITED', 'too many pairing codes; wait a minute');
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    this.live = { code, posName, expiresAt: now + PAIRING_TTL_MS, wrong: 0 };
    this.deps.show({ kind: 'pairing', posName, code, expiresAt: now + PAIRING_TTL_MS });
    this.deps.log?.info({ posName }, 'api pairing started');
    return { expiresAt: now + PAIRING_TTL_MS };
  }

  /** True when `code` is the live code for `posName`; the code is used up then. Wrong tries count against it. */
  complete(posName: string, code: string): true {
    const live = this.current(this.deps.now());
    if (!live) throw new ApiError('PAIRING_FAILED');
    const right =
      timingSafeEqual(Buffer.from(live.code), Buffer.from(code.padEnd(6).slice(0, 6))) &&
      live.posName === posName;
    if (right) {
      this.live = null;
      return true;
    }
    live.wrong += 1;
    if (live.wrong >= PAIRING_TRIES) {
      this.live = null;
      this.deps.show({ kind: 'pairing-ended', posName: live.posName, reason: 'burned' });
      this.deps.log?.warn({ posName: live.posName }, 'api pairing code burned after wrong tries');
    }
    throw new ApiError('PAIRING_FAILED');
  }

  private current(now: number): LiveCode | null {
    if (this.live && this.live.expiresAt < now) this.live = null;
    return this.live;
  }
}
