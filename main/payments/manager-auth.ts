/**
 * Manager PIN: stored as a scrypt hash in the journal, checked in constant time, locked for 5 minutes after 5
 * wrong tries in a row. The lock is journalled, so restarting the app does not lift it. Every attempt is in the
 * event log (entity 'manager'); the PIN itself never is, nor in any error.
 */
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import type { Bilingual } from '../shared/bilingual';
import { bilingual } from '../shared/bilingual';
import type { Journal, ManagerAuthState } from '../journal/types';

export type VerifyResult =
  | { ok: true }
  | {
      ok: false;
      reason: 'wrong_pin' | 'locked' | 'no_pin';
      lockedUntil?: number;
      attemptsLeft?: number;
      message: Bilingual;
    };

export type SetPinResult =
  | { ok: true }
  | {
      ok: false;
      reason: 'invalid_pin' | 'current_pin_required' | 'wrong_pin' | 'locked';
      lockedUntil?: number;
      attemptsLeft?: number;
      message: Bilingual;
    };

export interface ScryptParams {
  /** CPU/memory cost, a power of two. */
  N: number;
  r: number;
  p: number;
}

export interface ManagerAuthOptions {
  now?: () => number;
  /** Wrong tries in a row before the lock; default 5. */
  maxAttempts?: number;
  /** Lock length; default 5 minutes. */
  lockoutMs?: number;
  /** For new hashes; a stored hash carries its own parameters. Default N=2^14, r=8, p=1 (~16 MiB, ~50–90 ms). */
  scrypt?: ScryptParams;
}

export const PIN_PATTERN = /^\d{4,8}$/;
const DEFAULT_SCRYPT: ScryptParams = { N: 1 << 14, r: 8, p: 1 };
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;

export class ManagerAuth {
  private readonly now: () => number;
  private readonly maxAttempts: number;
  private readonly lockoutMs: number;
  private readonly params: ScryptParams;

  constructor(
    private readonly journal: Journal,
    options: ManagerAuthOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.maxAttempts = options.maxAttempts ?? 5;
    this.lockoutMs = options.lockoutMs ?? 5 * 60_000;
    this.params = options.scrypt ?? DEFAULT_SCRYPT;
    if (!Number.isInteger(this.maxAttempts) || this.maxAttempts < 1)
      throw new RangeError('maxAttempts must be ≥ 1');
    if (!Number.isInteger(this.lockoutMs) || this.lockoutMs < 1)
      throw new RangeError('lockoutMs must be ≥ 1');
    if (!validParams(this.params)) throw new RangeError('scrypt parameters out of range');
  }

  hasPin(): boolean {
    return this.journal.getManagerAuth().pinHash !== null;
  }

  /**
   * Checks a PIN. `action` (e.g. 'refund', 'close_day') goes into the event log so the manager's trail says what
   * each attempt was for.
   */
  verify(pin: string, at: number = this.now(), action = 'verify'): VerifyResult {
    return this.journal.transaction(() => {
      const state = this.liveState(at);
      const log = (type: string, data: Record<string, unknown>) =>
        this.journal.appendEvent({
          at,
          actor: 'manager',
          type,
          entity: 'manager',
          entityId: null,
          data: { action, ...data },
        });

      if (state.pinHash === null) {
        log('manager.pin_rejected', { result: 'no_pin' });
        return { ok: false, reason: 'no_pin', message: messages.noPin };
      }
      if (state.lockedUntil !== null) {
        log('manager.pin_rejected', { result: 'locked', lockedUntil: state.lockedUntil });
        return lockedResult(state.lockedUntil, at);
      }
      // Malformed input is a wrong try like any other: it must not be a free probe around the lock.
      const right = typeof pin === 'string' && PIN_PATTERN.test(pin) && checkPin(pin, state.pinHash);
      if (right) {
        this.journal.setManagerAuth({ pinHash: state.pinHash, failedAttempts: 0, lockedUntil: null });
        log('manager.pin_verified', { result: 'ok' });
        return { ok: true };
      }
      const failedAttempts = state.failedAttempts + 1;
      if (failedAttempts >= this.maxAttempts) {
        const lockedUntil = at + this.lockoutMs;
        this.journal.setManagerAuth({ pinHash: state.pinHash, failedAttempts, lockedUntil });
        log('manager.pin_locked', { result: 'wrong_pin', failedAttempts, lockedUntil });
        return lockedResult(lockedUntil, at);
      }
      this.journal.setManagerAuth({ pinHash: state.pinHash, failedAttempts, lockedUntil: null });
      const attemptsLeft = this.maxAttempts - failedAttempts;
      log('manager.pin_rejected', { result: 'wrong_pin', failedAttempts, attemptsLeft });
      return {
        ok: false,
        reason: 'wrong_pin',
        attemptsLeft,
        message: messages.wrongPin(attemptsLeft, Math.ceil(this.lockoutMs / 60_000)),
      };
    });
  }

  /** Sets the first PIN, or changes it given the current one (a wrong current PIN counts towards the lock). */
  setPin(newPin: string, currentPin?: string, at: number = this.now()): SetPinResult {
    if (typeof newPin !== 'string' || !PIN_PATTERN.test(newPin)) {
      return { ok: false, reason: 'invalid_pin', message: messages.invalidPin };
    }
    return this.journal.transaction(() => {
      const had = this.journal.getManagerAuth().pinHash !== null;
      if (had) {
        if (currentPin === undefined || currentPin === '') {
          return { ok: false, reason: 'current_pin_required', message: messages.currentRequired };
        }
        const v = this.verify(currentPin, at, 'change_pin');
        if (!v.ok) {
          const { reason, ...rest } = v;
          if (reason === 'no_pin') throw new Error('unreachable: PIN vanished inside a transaction');
          return { ...rest, reason };
        }
      }
      this.journal.setManagerAuth({
        pinHash: hashPin(newPin, this.params),
        failedAttempts: 0,
        lockedUntil: null,
      });
      this.journal.appendEvent({
        at,
        actor: 'manager',
        type: had ? 'manager.pin_changed' : 'manager.pin_set',
        entity: 'manager',
        entityId: null,
        data: {},
      });
      return { ok: true };
    });
  }

  /** The stored state with an expired lock lifted (and a lock longer than lockoutMs, left by a clock set back, cut). */
  private liveState(at: number): ManagerAuthState {
    const s = this.journal.getManagerAuth();
    if (s.lockedUntil === null) return s;
    if (at >= s.lockedUntil) return { ...s, failedAttempts: 0, lockedUntil: null };
    if (s.lockedUntil - at > this.lockoutMs) {
      const cut = { ...s, lockedUntil: at + this.lockoutMs };
      this.journal.setManagerAuth(cut);
      return cut;
    }
    return s;
  }
}

function lockedResult(lockedUntil: number, at: number): VerifyResult & { ok: false } {
  const minutes = Math.max(1, Math.ceil((lockedUntil - at) / 60_000));
  return { ok: false, reason: 'locked', lockedUntil, attemptsLeft: 0, message: messages.locked(minutes) };
}

/** `scrypt$N$r$p$salt$hash` (base64): the parameters travel with the hash, so they can be raised later. */
export function hashPin(pin: string, params: ScryptParams = DEFAULT_SCRYPT): string {
  const salt = randomBytes(SALT_LENGTH);
  const key = derive(pin, salt, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** Constant-time check of a PIN against a stored hash; a malformed hash never matches. */
export function checkPin(pin: string, stored: string): boolean {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const params = { N: Number(parts[1]), r: Number(parts[2]), p: Number(parts[3]) };
  if (!validParams(params)) return false;
  const salt = Buffer.from(parts[4] ?? '', 'base64');
  const expected = Buffer.from(parts[5] ?? '', 'base64');
  if (salt.length < 8 || expected.length !== KEY_LENGTH) return false;
  return timingSafeEqual(derive(pin, salt, params), expected);
}

function derive(pin: string, salt: Buffer, { N, r, p }: ScryptParams): Buffer {
  return scryptSync(pin, salt, KEY_LENGTH, { N, r, p, maxmem: 256 * N * r + (1 << 20) });
}

/** Bounds also protect against a tampered hash that asks for gigabytes of memory. */
function validParams({ N, r, p }: ScryptParams): boolean {
  return (
    Number.isInteger(N) &&
    N >= 2 &&
    N <= 1 << 20 &&
    (N & (N - 1)) === 0 &&
    Number.isInteger(r) &&
    r >= 1 &&
    r <= 32 &&
    Number.isInteger(p) &&
    p >= 1 &&
    p <= 16
  );
}

const messages = {
  noPin: bilingual(
    'No manager PIN is set yet. Set one in Settings first.',
    '尚未设置经理 PIN，请先在设置中设置。',
  ),
  invalidPin: bilingual('The PIN must be 4 to 8 digits.', 'PIN 必须是 4 至 8 位数字。'),
  currentRequired: bilingual('Enter the current PIN to change it.', '修改 PIN 需要先输入当前 PIN。'),
  wrongPin: (left: number, lockMinutes: number): Bilingual =>
    bilingual(
      `Wrong PIN. ${left} ${left === 1 ? 'try' : 'tries'} left before a ${lockMinutes}-minute lock.`,
      `PIN 错误。再错 ${left} 次将锁定 ${lockMinutes} 分钟。`,
    ),
  locked: (minutes: number): Bilingual =>
    bilingual(
      `Too many wrong PINs. Try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`,
      `PIN 错误次数过多，请 ${minutes} 分钟后再试。`,
    ),
};
