/**
 * Checking a person's PIN, with a lockout per person: five wrong tries in a row lock that person's PIN, for
 * longer each time (5 min, 15 min, 1 h, 4 h, then 24 h) until a right PIN; the count, the lock and its step are
 * columns of the person's row, so a restart lifts none of them. A PIN checked without naming the person (the
 * no-sign-in mode's "who holds this permission") is tried against each candidate; a wrong one counts against
 * every candidate not locked, so naming nobody is no way around the lock. Every try is an event (entity
 * 'manager', the person's id) with the action it was for; the PIN never is, nor in any error.
 */
import type { Bilingual } from '../shared/bilingual';
import { bilingual } from '../shared/bilingual';
import type { Journal } from '../journal/types';
import type { PersonRow } from '../journal/tables/people';
import type { ScryptParams } from './pin-hash';
import { checkPin, DEFAULT_SCRYPT, PIN_PATTERN, validParams } from './pin-hash';

export type PinRefusal = {
  ok: false;
  reason: 'wrong_pin' | 'locked' | 'no_pin';
  lockedUntil?: number;
  attemptsLeft?: number;
  message: Bilingual;
};
export type PinVerdict = { ok: true; person: PersonRow } | PinRefusal;

export interface PinAuthOptions {
  now?: () => number;
  /** Wrong tries in a row before the lock; default 5. */
  maxAttempts?: number;
  /** First lock's length; later locks in a row are 3×, 12×, 48×, then 288× as long. Default 5 minutes. */
  lockoutMs?: number;
  /** For new hashes; a stored hash carries its own parameters. Default N=2^14, r=8, p=1 (~16 MiB, ~50–90 ms). */
  scrypt?: ScryptParams;
}

/** Lock lengths in a row, as multiples of lockoutMs: 5 min, 15 min, 1 h, 4 h, 24 h with the default. */
export const LOCKOUT_STEPS = [1, 3, 12, 48, 288] as const;

export type PinLog = (type: string, data: Record<string, unknown>) => void;

export class PinAuth {
  readonly now: () => number;
  readonly params: ScryptParams;
  private readonly maxAttempts: number;
  private readonly lockoutMs: number;

  constructor(
    private readonly journal: Journal,
    options: PinAuthOptions = {},
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

  /**
   * Checks a PIN against the candidates (one named person, or everyone who may do the action). The first
   * candidate it belongs to is the answer; a candidate that is locked is not tried.
   */
  verify(candidates: readonly PersonRow[], pin: string, at: number, action: string): PinVerdict {
    return this.journal.transaction(() => {
      const live = candidates
        .map((c) => this.journal.people.get(c.id))
        .filter((c): c is PersonRow => c !== undefined && c.disabledAt === null && c.pinHash !== null)
        .map((c) => this.liveState(c, at));
      if (live.length === 0) {
        this.log(at, action, null)('manager.pin_rejected', { result: 'no_pin' });
        return { ok: false, reason: 'no_pin', message: messages.noPin };
      }
      const open = live.filter((c) => c.lockedUntil === null);
      if (open.length === 0) {
        const lockedUntil = Math.min(...live.map((c) => c.lockedUntil ?? Infinity));
        for (const c of live)
          this.log(at, action, c.id)('manager.pin_rejected', { result: 'locked', lockedUntil });
        return lockedResult(lockedUntil, at);
      }
      // Malformed input is a wrong try like any other: it must not be a free probe around the lock.
      const wellFormed = typeof pin === 'string' && PIN_PATTERN.test(pin);
      const right = wellFormed ? open.find((c) => checkPin(pin, c.pinHash ?? '')) : undefined;
      if (right) {
        if (right.failedAttempts !== 0 || right.lockStep !== 0 || right.lockedUntil !== null) {
          this.journal.people.setLockout(right.id, { failedAttempts: 0, lockedUntil: null, lockStep: 0 });
        }
        this.log(at, action, right.id)('manager.pin_verified', { result: 'ok' });
        return { ok: true, person: this.journal.people.get(right.id)! };
      }
      // Each candidate counts the wrong try; the answer is the one closest to its lock.
      const verdicts = open.map((c) => this.wrongTry(c, at, this.log(at, action, c.id)));
      return verdicts.find((v) => v.reason === 'locked') ?? minBy(verdicts, (v) => v.attemptsLeft ?? 0);
    });
  }

  /** Counts a wrong try against one person; the last one allowed locks, each lock in a row for longer. */
  wrongTry(person: PersonRow, at: number, log: PinLog): PinRefusal {
    const failedAttempts = person.failedAttempts + 1;
    if (failedAttempts >= this.maxAttempts) {
      const step = person.lockStep;
      const lockedUntil = at + this.lockLength(step);
      this.journal.people.setLockout(person.id, { failedAttempts, lockedUntil, lockStep: step + 1 });
      log('manager.pin_locked', { result: 'wrong_pin', failedAttempts, lockedUntil, lockStep: step + 1 });
      return lockedResult(lockedUntil, at);
    }
    this.journal.people.setLockout(person.id, {
      failedAttempts,
      lockedUntil: null,
      lockStep: person.lockStep,
    });
    const attemptsLeft = this.maxAttempts - failedAttempts;
    log('manager.pin_rejected', { result: 'wrong_pin', failedAttempts, attemptsLeft });
    return {
      ok: false,
      reason: 'wrong_pin',
      attemptsLeft,
      message: messages.wrongPin(attemptsLeft, Math.ceil(this.lockLength(person.lockStep) / 60_000)),
    };
  }

  /** The person with an expired lock lifted (and a lock longer than its step allows, left by a clock set back, cut). */
  liveState(person: PersonRow, at: number): PersonRow {
    if (person.lockedUntil === null) return person;
    if (at >= person.lockedUntil) {
      this.journal.people.setLockout(person.id, {
        failedAttempts: 0,
        lockedUntil: null,
        lockStep: person.lockStep,
      });
      return { ...person, failedAttempts: 0, lockedUntil: null };
    }
    const longest = this.lockLength(Math.max(0, person.lockStep - 1));
    if (person.lockedUntil - at > longest) {
      const cut = { ...person, lockedUntil: at + longest };
      this.journal.people.setLockout(person.id, {
        failedAttempts: cut.failedAttempts,
        lockedUntil: cut.lockedUntil,
        lockStep: cut.lockStep,
      });
      return cut;
    }
    return person;
  }

  /** Journals a PIN event for a person (null: nobody to check against), with the action it was asked for. */
  log(at: number, action: string, personId: string | null): PinLog {
    return (type, data) =>
      this.journal.appendEvent({
        at,
        actor: 'manager',
        type,
        entity: 'manager',
        entityId: personId,
        personId,
        data: { action, ...data },
      });
  }

  private lockLength(step: number): number {
    return this.lockoutMs * (LOCKOUT_STEPS[Math.min(step, LOCKOUT_STEPS.length - 1)] ?? 1);
  }
}

function minBy<T>(items: readonly T[], key: (t: T) => number): T {
  return items.reduce((a, b) => (key(b) < key(a) ? b : a));
}

export function lockedResult(lockedUntil: number, at: number): PinRefusal {
  const minutes = Math.max(1, Math.ceil((lockedUntil - at) / 60_000));
  return { ok: false, reason: 'locked', lockedUntil, attemptsLeft: 0, message: messages.locked(minutes) };
}

const messages = {
  noPin: bilingual(
    'No manager PIN is set yet. Set one in Settings first.',
    '尚未设置经理 PIN，请先在设置中设置。',
  ),
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
