/**
 * The manager PIN, as the till knew it before people (and as a single-person shop still uses it): the PIN of a
 * person whose role is manager, checked by main/people/pin-auth.ts with that person's lockout. The first PIN
 * makes the person `manager-1` and needs the one-time setup code the POS shows where it runs (the hub's console;
 * the Electron window passes it itself), so a stranger on the shop's network cannot claim a fresh terminal; until
 * then wrong setup codes count against the till's own lock (the built-in `counter` person's). Common PINs (0000,
 * 1234, 1111 …) are refused. Every attempt is in the event log (entity 'manager'); the PIN and the setup code
 * never are, nor in any error.
 */
import { randomInt, timingSafeEqual } from 'node:crypto';
import type { Bilingual } from '../shared/bilingual';
import { bilingual } from '../shared/bilingual';
import type { Journal } from '../journal/types';
import type { PersonRow } from '../journal/tables/people';
import { COUNTER_PERSON_ID, FIRST_MANAGER_ID } from '../journal/tables/people';
import { hashPin, isCommonPin, PIN_PATTERN } from '../people/pin-hash';
import type { PinAuthOptions } from '../people/pin-auth';
import { lockedResult, PinAuth } from '../people/pin-auth';

export { checkPin, hashPin, isCommonPin, PIN_PATTERN, type ScryptParams } from '../people/pin-hash';
export { LOCKOUT_STEPS } from '../people/pin-auth';

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
        | 'wrong_setup_code'
        | 'read_only';
      lockedUntil?: number;
      attemptsLeft?: number;
      message: Bilingual;
    };

export type ManagerAuthOptions = PinAuthOptions;

const SETUP_CODE_DIGITS = 8;

export class ManagerAuth {
  /** The per-person PIN check every PIN of the till goes through. */
  readonly pins: PinAuth;
  private setupCodeValue: string | null = null;

  constructor(
    private readonly journal: Journal,
    options: ManagerAuthOptions = {},
  ) {
    this.pins = new PinAuth(journal, options);
  }

  /** People whose PIN is a manager PIN: enabled managers with a PIN. */
  managers(): PersonRow[] {
    return this.journal.people
      .list()
      .filter((p) => p.role === 'manager' && p.disabledAt === null && p.pinHash !== null);
  }

  hasPin(): boolean {
    return this.managers().length > 0;
  }

  /**
   * The one-time code that allows setting the first PIN, drawn when first asked for (a new one each start, kept
   * only in memory); null once a manager PIN exists. Shown by the hub on its console at start.
   */
  setupCode(): string | null {
    if (this.hasPin()) {
      this.setupCodeValue = null;
      return null;
    }
    this.setupCodeValue ??= String(randomInt(0, 10 ** SETUP_CODE_DIGITS)).padStart(SETUP_CODE_DIGITS, '0');
    return this.setupCodeValue;
  }

  /** Checks a manager PIN. `action` (e.g. 'refund', 'close_day') goes into the event log. */
  verify(pin: string, at: number = this.pins.now(), action = 'verify'): VerifyResult {
    const v = this.pins.verify(this.managers(), pin, at, action);
    if (v.ok) return { ok: true };
    return v;
  }

  /**
   * Sets the first PIN (with the setup code: it makes the person manager-1), or changes the PIN of the manager
   * whose current PIN is given. A wrong current PIN or a wrong setup code counts towards the lock.
   */
  setPin(
    newPin: string,
    currentPin?: string,
    at: number = this.pins.now(),
    setupCode?: string,
  ): SetPinResult {
    if (typeof newPin !== 'string' || !PIN_PATTERN.test(newPin)) {
      return { ok: false, reason: 'invalid_pin', message: messages.invalidPin };
    }
    if (isCommonPin(newPin)) return { ok: false, reason: 'weak_pin', message: messages.weakPin };
    return this.journal.transaction(() => {
      const had = this.hasPin();
      let person: PersonRow;
      if (!had) {
        const refused = this.checkSetupCode(setupCode, at);
        if (refused) return refused;
        person = this.firstManager(newPin, at);
      } else {
        if (currentPin === undefined || currentPin === '') {
          return { ok: false, reason: 'current_pin_required', message: messages.currentRequired };
        }
        const v = this.pins.verify(this.managers(), currentPin, at, 'change_pin');
        if (!v.ok) {
          const { reason, ...rest } = v;
          if (reason === 'no_pin') throw new Error('unreachable: PIN vanished inside a transaction');
          return { ...rest, reason };
        }
        if (v.person.source === 'server') {
          return { ok: false, reason: 'read_only', message: messages.serverPin };
        }
        person = this.journal.people.update(v.person.id, { pinHash: hashPin(newPin, this.pins.params) }, at);
      }
      this.journal.appendEvent({
        at,
        actor: 'manager',
        type: had ? 'manager.pin_changed' : 'manager.pin_set',
        entity: 'manager',
        entityId: person.id,
        personId: person.id,
        data: {},
      });
      return { ok: true };
    });
  }

  /** manager-1 with this PIN: made, or (made earlier and since disabled or left without a PIN) given it. */
  private firstManager(pin: string, at: number): PersonRow {
    const pinHash = hashPin(pin, this.pins.params);
    const existing = this.journal.people.get(FIRST_MANAGER_ID);
    if (existing && existing.source === 'till') {
      return this.journal.people.update(FIRST_MANAGER_ID, { pinHash, role: 'manager', disabledAt: null }, at);
    }
    return this.journal.people.create({
      ...(existing ? {} : { id: FIRST_MANAGER_ID }),
      name: 'Manager',
      role: 'manager',
      pinHash,
      at,
    });
  }

  /**
   * The first PIN's gate: the setup code, compared in constant time. Nobody has a PIN yet, so a wrong code counts
   * against the till itself (the built-in counter person's lockout).
   */
  private checkSetupCode(given: string | undefined, at: number): SetPinResult | null {
    const log = this.pins.log(at, 'set_first_pin', null);
    const till = this.pins.liveState(this.journal.people.get(COUNTER_PERSON_ID)!, at);
    if (till.lockedUntil !== null) {
      log('manager.pin_rejected', { result: 'locked', lockedUntil: till.lockedUntil });
      const { reason: _locked, ...rest } = lockedResult(till.lockedUntil, at);
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
    if (right) {
      if (till.failedAttempts !== 0 || till.lockStep !== 0) {
        this.journal.people.setLockout(COUNTER_PERSON_ID, {
          failedAttempts: 0,
          lockedUntil: null,
          lockStep: 0,
        });
      }
      return null;
    }
    const verdict = this.pins.wrongTry(till, at, log);
    if (verdict.reason === 'locked') return { ...verdict, reason: 'locked' };
    return {
      ok: false,
      reason: 'wrong_setup_code',
      ...(verdict.attemptsLeft !== undefined ? { attemptsLeft: verdict.attemptsLeft } : {}),
      message: messages.wrongSetupCode,
    };
  }
}

const messages = {
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
  serverPin: bilingual(
    'This PIN belongs to a person from the store server. Change it on the store server.',
    '此 PIN 属于门店服务器上的员工，请在门店服务器上修改。',
  ),
};
