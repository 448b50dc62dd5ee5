/**
 * Manager PIN: stored as a scrypt hash in the journal, checked in constant time. Five wrong tries in a row lock
 * it, for longer each time (5 min, 15 min, 1 h, 4 h, then 24 h) until a right PIN is entered; the lock and its
 * step are journalled, so restarting the app lifts neither. The first PIN needs the one-time setup code the POS
 * shows where it runs (the hub's console; the Electron window passes it itself), so a stranger on the shop's
 * network cannot claim a fresh terminal. Common PINs (0000, 1234, 1111 …) are refused. Every attempt is in the
 * event log (entity 'manager'); the PIN and the setup code never are, nor in any error.
 */
import { randomBytes, randomInt, scryptSync, timingSafeEqual } from 'node:crypto';
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
      reason:
        | 'invalid_pin'
        | 'weak_pin'
        | 'current_pin_required'
        | 'wrong_pin'
        | 'locked'
        | 'setup_code_required'
        | 'wrong_setup_code';
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
  /** First lock's length; later locks in a row are 3×, 12×, 48×, then 288× as long. Default 5 minutes. */
  lockoutMs?: number;
  /** For new hashes; a stored hash carries its own parameters. Default N=2^14, r=8, p=1 (~16 MiB, ~50–90 ms). */
  scrypt?: ScryptParams;
}

export const PIN_PATTERN = /^\d{4,8}$/;
/** Lock lengths in a row, as multiples of lockoutMs: 5 min, 15 min, 1 h, 4 h, 24 h with the default. */
export const LOCKOUT_STEPS = [1, 3, 12, 48, 288] as const;
/** Journal setting: how many locks in a row so far (reset by a right PIN). */
const LOCK_STEP_KEY = 'manager.lockStep';
const SETUP_CODE_DIGITS = 8;
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

  private setupCodeValue: string | null = null;

  hasPin(): boolean {
    return this.journal.getManagerAuth().pinHash !== null;
  }

  /**
   * The one-time code that allows setting the first PIN, drawn when first asked for (a new one each start, kept
   * only in memory); null once a PIN exists. Shown by the hub on its console at start.
   */
  setupCode(): string | null {
    if (this.hasPin()) {
      this.setupCodeValue = null;
      return null;
    }
    this.setupCodeValue ??= String(randomInt(0, 10 ** SETUP_CODE_DIGITS)).padStart(SETUP_CODE_DIGITS, '0');
    return this.setupCodeValue;
  }

  /**
   * Checks a PIN. `action` (e.g. 'refund', 'close_day') goes into the event log so the manager's trail says what
   * each attempt was for.
   */
  verify(pin: string, at: number = this.now(), action = 'verify'): VerifyResult {
    return this.journal.transaction(() => {
      const state = this.liveState(at);
      const log = this.eventLog(at, action);

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
        if (this.lockStep() !== 0) this.journal.setSetting(LOCK_STEP_KEY, 0);
        log('manager.pin_verified', { result: 'ok' });
        return { ok: true };
      }
      return this.wrongTry(state, at, log);
    });
  }

  /** Counts a wrong try; the last one allowed locks, each lock in a row for longer (LOCKOUT_STEPS). */
  private wrongTry(
    state: ManagerAuthState,
    at: number,
    log: (type: string, data: Record<string, unknown>) => void,
  ): VerifyResult & { ok: false } {
    const failedAttempts = state.failedAttempts + 1;
    if (failedAttempts >= this.maxAttempts) {
      const step = this.lockStep();
      const lockedUntil = at + this.lockLength(step);
      this.journal.setManagerAuth({ pinHash: state.pinHash, failedAttempts, lockedUntil });
      this.journal.setSetting(LOCK_STEP_KEY, step + 1);
      log('manager.pin_locked', { result: 'wrong_pin', failedAttempts, lockedUntil, lockStep: step + 1 });
      return lockedResult(lockedUntil, at);
    }
    this.journal.setManagerAuth({ pinHash: state.pinHash, failedAttempts, lockedUntil: null });
    const attemptsLeft = this.maxAttempts - failedAttempts;
    log('manager.pin_rejected', { result: 'wrong_pin', failedAttempts, attemptsLeft });
    return {
      ok: false,
      reason: 'wrong_pin',
      attemptsLeft,
      message: messages.wrongPin(attemptsLeft, Math.ceil(this.lockLength(this.lockStep()) / 60_000)),
    };
  }

  /** Locks so far in a row (0 = none since the last right PIN). */
  private lockStep(): number {
    const v = this.journal.getSetting<number>(LOCK_STEP_KEY);
    return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : 0;
  }

  private lockLength(step: number): number {
    return this.lockoutMs * (LOCKOUT_STEPS[Math.min(step, LOCKOUT_STEPS.length - 1)] ?? 1);
  }

  /**
   * Sets the first PIN (with the setup code), or changes it given the current one. A wrong current PIN or a
   * wrong setup code counts towards the lock.
   */
  setPin(newPin: string, currentPin?: string, at: number = this.now(), setupCode?: string): SetPinResult {
    if (typeof newPin !== 'string' || !PIN_PATTERN.test(newPin)) {
      return { ok: false, reason: 'invalid_pin', message: messages.invalidPin };
    }
    if (isCommonPin(newPin)) return { ok: false, reason: 'weak_pin', message: messages.weakPin };
    return this.journal.transaction(() => {
      const had = this.journal.getManagerAuth().pinHash !== null;
      if (!had) {
        const refused = this.checkSetupCode(setupCode, at);
        if (refused) return refused;
      }
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

  /** Journals a PIN event, with the action the PIN was asked for. */
  private eventLog(at: number, action: string) {
    return (type: string, data: Record<string, unknown>) =>
      this.journal.appendEvent({
        at,
        actor: 'manager',
        type,
        entity: 'manager',
        entityId: null,
        data: { action, ...data },
      });
  }

  /** The first PIN's gate: the setup code, compared in constant time; a wrong one counts as a wrong try. */
  private checkSetupCode(given: string | undefined, at: number): SetPinResult | null {
    const log = this.eventLog(at, 'set_first_pin');
    const state = this.liveState(at);
    if (state.lockedUntil !== null) {
      log('manager.pin_rejected', { result: 'locked', lockedUntil: state.lockedUntil });
      const { reason: _locked, ...rest } = lockedResult(state.lockedUntil, at);
      return { ...rest, reason: 'locked' };
    }
    const expected = this.setupCode() ?? '';
    const typed = typeof given === 'string' ? given.replace(/[\s-]/g, '') : '';
    if (typed === '') {
      log('manager.pin_rejected', { result: 'setup_code_required' });
      return { ok: false, reason: 'setup_code_required', message: messages.setupCodeRequired };
    }
    const a = Buffer.from(typed.padEnd(SETUP_CODE_DIGITS, ' ').slice(0, 64));
    const b = Buffer.from(expected.padEnd(SETUP_CODE_DIGITS, ' ').slice(0, 64));
    const right = a.length === b.length && timingSafeEqual(a, b) && typed === expected;
    if (right) return null;
    const verdict = this.wrongTry(state, at, log);
    if (verdict.reason === 'locked') return { ...verdict, reason: 'locked' };
    return {
      ok: false,
      reason: 'wrong_setup_code',
      ...(verdict.attemptsLeft !== undefined ? { attemptsLeft: verdict.attemptsLeft } : {}),
      message: messages.wrongSetupCode,
    };
  }

  /** The stored state with an expired lock lifted (and a lock longer than its step allows, left by a clock set back, cut). */
  private liveState(at: number): ManagerAuthState {
    const s = this.journal.getManagerAuth();
    if (s.lockedUntil === null) return s;
    if (at >= s.lockedUntil) return { ...s, failedAttempts: 0, lockedUntil: null };
    const longest = this.lockLength(Math.max(0, this.lockStep() - 1));
    if (s.lockedUntil - at > longest) {
      const cut = { ...s, lockedUntil: at + longest };
      this.journal.setManagerAuth(cut);
      return cut;
    }
    return s;
  }
}

/**
 * The PINs anyone would try first: one digit repeated, a run up or down the digits (1234, 9876, 7890), a pair or
 * triple repeated (1212, 123123), and a few keypad and habit favourites.
 */
export function isCommonPin(pin: string): boolean {
  if (/^(\d)\1+$/.test(pin)) return true;
  const digits = [...pin].map(Number);
  const step = (d: number) => digits.every((x, i) => i === 0 || (x - (digits[i - 1] ?? 0) + 10) % 10 === d);
  if (step(1) || step(9)) return true;
  for (const size of [2, 3, 4]) {
    if (pin.length % size === 0 && pin.length > size && pin === pin.slice(0, size).repeat(pin.length / size))
      return true;
  }
  return COMMON_PINS.has(pin);
}

const COMMON_PINS = new Set([
  '2580',
  '0852',
  '1004',
  '2000',
  '6969',
  '1122',
  '1313',
  '4321',
  '5683',
  '0007',
  '1010',
  '112233',
  '654321',
  '159753',
  '147258',
  '147852',
  '11223344',
  '12341234',
]);

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
  weakPin: bilingual(
    'That PIN is too easy to guess (such as 0000, 1234 or 1111). Choose another.',
    '该 PIN 太容易被猜到（如 0000、1234、1111），请换一个。',
  ),
  setupCodeRequired: bilingual(
    'Enter the setup code the POS showed when it started, to set the first manager PIN.',
    '设置首个经理 PIN 需要输入 POS 启动时显示的设置码。',
  ),
  wrongSetupCode: bilingual(
    'That setup code is not right. Use the code the POS showed when it started.',
    '设置码不正确，请使用 POS 启动时显示的设置码。',
  ),
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
