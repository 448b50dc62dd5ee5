import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Journal } from '../../main/journal/types';
import { ManagerAuth, checkPin, hashPin } from '../../main/payments/manager-auth';
import type { TempJournal } from './journal/fixtures';
import { tempJournal } from './journal/fixtures';

// Real scrypt with a small cost so a lockout test (6+ hashes) stays quick; the parameters travel in the hash.
const FAST = { N: 1024, r: 8, p: 1 };
const MIN = 60_000;

let t: TempJournal;
let j: Journal;
let now: number;
const clock = () => now;
const auth = () => new ManagerAuth(j, { now: clock, scrypt: FAST });
/** Sets the first PIN as the shells do: with the setup code the terminal showed. */
const first = (a: ManagerAuth, pin: string) => a.setPin(pin, undefined, now, a.setupCode() ?? '');

beforeEach(() => {
  t = tempJournal();
  j = t.journal;
  now = Date.UTC(2024, 2, 15, 1);
});
afterEach(() => t.cleanup());

const managerEvents = () => j.listEvents({ entity: 'manager' });
/** The manager PIN's person: the first PIN makes manager-1. */
const manager = () => j.people.get('manager-1')!;

describe('PIN hash', () => {
  it('is scrypt with a random salt and its parameters, checked against the right PIN only', () => {
    const h1 = hashPin('2468');
    const h2 = hashPin('2468');
    expect(h1).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(h1).not.toBe(h2);
    expect(h1).not.toContain('2468');
    expect(checkPin('2468', h1)).toBe(true);
    expect(checkPin('2469', h1)).toBe(false);
    expect(checkPin('2468', 'scrypt$1073741824$8$1$AAAAAAAAAAA=$AAAA')).toBe(false); // absurd cost refused
    expect(checkPin('2468', 'md5$abc')).toBe(false);
  });
});

describe('ManagerAuth', () => {
  it('has no PIN at first; verify says so and logs the attempt', () => {
    const a = auth();
    expect(a.hasPin()).toBe(false);
    expect(a.verify('1234')).toMatchObject({ ok: false, reason: 'no_pin' });
    expect(managerEvents()).toMatchObject([{ type: 'manager.pin_rejected', data: { result: 'no_pin' } }]);
  });

  it('sets a first PIN (with the setup code, no current PIN), then verifies it', () => {
    const a = auth();
    expect(a.setPin('12a4')).toMatchObject({ ok: false, reason: 'invalid_pin' });
    expect(a.setPin('123')).toMatchObject({ ok: false, reason: 'invalid_pin' });
    expect(a.setPin('123456789')).toMatchObject({ ok: false, reason: 'invalid_pin' });
    expect(first(a, '739164')).toEqual({ ok: true });
    expect(a.hasPin()).toBe(true);
    expect(a.verify('739164', now, 'refund')).toEqual({ ok: true });
    expect(a.verify('739165')).toMatchObject({ ok: false, reason: 'wrong_pin', attemptsLeft: 4 });
    expect(managerEvents().map((e) => [e.type, e.data.action])).toEqual([
      ['manager.pin_set', undefined],
      ['manager.pin_verified', 'refund'],
      ['manager.pin_rejected', 'verify'],
    ]);
  });

  it('changing the PIN needs the current one; a wrong current one counts towards the lock', () => {
    const a = auth();
    first(a, '5830');
    expect(a.setPin('6941')).toMatchObject({ ok: false, reason: 'current_pin_required' });
    expect(a.setPin('6941', '9999')).toMatchObject({ ok: false, reason: 'wrong_pin', attemptsLeft: 4 });
    expect(manager().failedAttempts).toBe(1);
    expect(a.setPin('6941', '5830')).toEqual({ ok: true });
    expect(a.verify('5830')).toMatchObject({ ok: false, reason: 'wrong_pin' });
    expect(a.verify('6941')).toEqual({ ok: true });
    expect(managerEvents().map((e) => e.type)).toContain('manager.pin_changed');
  });

  it('locks for 5 minutes after 5 wrong tries, even against the right PIN, then lets it through', () => {
    const a = auth();
    first(a, '5827');
    for (let i = 1; i <= 4; i++) {
      expect(a.verify('0000')).toMatchObject({ ok: false, reason: 'wrong_pin', attemptsLeft: 5 - i });
      now += 1000;
    }
    const fifth = a.verify('0000');
    expect(fifth).toMatchObject({ ok: false, reason: 'locked', lockedUntil: now + 5 * MIN, attemptsLeft: 0 });
    const lockedUntil = now + 5 * MIN;
    now += 1000;
    const locked = a.verify('5827');
    expect(locked).toMatchObject({ ok: false, reason: 'locked', lockedUntil });
    expect(locked.ok === false && locked.message.en).toMatch(/Try again in 5 minutes/);
    expect(locked.ok === false && locked.message.zh).toMatch(/5 分钟/);
    now = lockedUntil - 1;
    expect(a.verify('5827')).toMatchObject({ ok: false, reason: 'locked' });
    now = lockedUntil;
    expect(a.verify('5827')).toEqual({ ok: true });
    expect(manager()).toMatchObject({ failedAttempts: 0, lockedUntil: null });
  });

  it('after the lock expires the count starts again from five', () => {
    const a = auth();
    first(a, '5827');
    for (let i = 0; i < 5; i++) a.verify('0000');
    now += 5 * MIN;
    expect(a.verify('0000')).toMatchObject({ ok: false, reason: 'wrong_pin', attemptsLeft: 4 });
  });

  it('the lock and the count survive a restart', () => {
    first(auth(), '5827');
    for (let i = 0; i < 3; i++) auth().verify('0000');
    j = t.reopen();
    expect(auth().verify('0000')).toMatchObject({ reason: 'wrong_pin', attemptsLeft: 1 });
    expect(auth().verify('0000')).toMatchObject({ reason: 'locked' });
    j = t.reopen();
    expect(auth().verify('5827')).toMatchObject({ ok: false, reason: 'locked', lockedUntil: now + 5 * MIN });
    now += 5 * MIN;
    j = t.reopen();
    expect(auth().verify('5827')).toEqual({ ok: true });
  });

  it('a right PIN resets the count', () => {
    const a = auth();
    first(a, '5827');
    a.verify('0000');
    a.verify('0000');
    expect(a.verify('5827')).toEqual({ ok: true });
    expect(a.verify('0000')).toMatchObject({ attemptsLeft: 4 });
  });

  it('malformed input is a wrong try, not a free probe', () => {
    const a = auth();
    first(a, '5827');
    expect(a.verify('')).toMatchObject({ reason: 'wrong_pin', attemptsLeft: 4 });
    expect(a.verify('4321 ')).toMatchObject({ reason: 'wrong_pin', attemptsLeft: 3 });
    expect(a.verify(undefined as unknown as string)).toMatchObject({ reason: 'wrong_pin', attemptsLeft: 2 });
  });

  it('a lock longer than the lockout (clock set back) is cut to the lockout', () => {
    const a = auth();
    first(a, '5827');
    for (let i = 0; i < 5; i++) a.verify('0000');
    now -= 60 * MIN; // the terminal clock jumped back an hour
    expect(a.verify('5827')).toMatchObject({ reason: 'locked', lockedUntil: now + 5 * MIN });
  });

  it('never writes the PIN into the journal, its events or its errors', () => {
    const a = auth();
    first(a, '86420');
    a.verify('97531');
    a.setPin('11223', '86420');
    const { pinHash: _hash, ...row } = manager();
    const dump = JSON.stringify([managerEvents(), j.listEvents({}), row]);
    for (const pin of ['86420', '97531', '11223']) expect(dump).not.toContain(pin);
    expect(() =>
      j.appendEvent({
        at: now,
        actor: 'manager',
        type: 'x',
        entity: 'manager',
        entityId: null,
        data: { pin: '1' },
      }),
    ).toThrow();
  });

  it('records every attempt with the action it was for', () => {
    const a = auth();
    first(a, '5827');
    a.verify('5827', now, 'close_day');
    a.verify('1', now, 'refund');
    for (let i = 0; i < 4; i++) a.verify('0', now, 'refund');
    a.verify('5827', now, 'export');
    const ev = managerEvents().slice(1);
    expect(ev.map((e) => [e.type, e.data.action, e.data.result])).toEqual([
      ['manager.pin_verified', 'close_day', 'ok'],
      ['manager.pin_rejected', 'refund', 'wrong_pin'],
      ['manager.pin_rejected', 'refund', 'wrong_pin'],
      ['manager.pin_rejected', 'refund', 'wrong_pin'],
      ['manager.pin_rejected', 'refund', 'wrong_pin'],
      ['manager.pin_locked', 'refund', 'wrong_pin'],
      ['manager.pin_rejected', 'export', 'locked'],
    ]);
    expect(ev.every((e) => e.actor === 'manager' && e.entity === 'manager')).toBe(true);
  });

  it('the first PIN needs the one-time setup code; a wrong code counts towards the lock', () => {
    const a = auth();
    const code = a.setupCode();
    expect(code).toMatch(/^\d{8}$/);
    expect(a.setupCode()).toBe(code);
    expect(a.setPin('5827')).toMatchObject({ ok: false, reason: 'setup_code_required' });
    const wrong = String((Number(code) + 1) % 1e8).padStart(8, '0');
    expect(a.setPin('5827', undefined, now, wrong)).toMatchObject({
      ok: false,
      reason: 'wrong_setup_code',
      attemptsLeft: 4,
    });
    expect(a.hasPin()).toBe(false);
    // Typed with a space, as it is shown ("1234 5678").
    const spaced = `${code?.slice(0, 4)} ${code?.slice(4)}`;
    expect(a.setPin('5827', undefined, now, spaced)).toEqual({ ok: true });
    expect(a.setupCode()).toBeNull();
    expect(JSON.stringify(j.listEvents({}))).not.toContain(code);
    // Another process (a restart) draws a new code, and the old one is worth nothing once a PIN exists.
    expect(auth().setupCode()).toBeNull();
  });

  it('five wrong setup codes lock like five wrong PINs', () => {
    const a = auth();
    const code = a.setupCode() ?? '';
    const wrong = String((Number(code) + 7) % 1e8).padStart(8, '0');
    for (let i = 0; i < 4; i++) a.setPin('5827', undefined, now, wrong);
    expect(a.setPin('5827', undefined, now, wrong)).toMatchObject({ ok: false, reason: 'locked' });
    expect(a.setPin('5827', undefined, now, code)).toMatchObject({ ok: false, reason: 'locked' });
    now += 5 * MIN;
    expect(a.setPin('5827', undefined, now, code)).toEqual({ ok: true });
  });

  it('refuses the PINs anyone would try first', () => {
    const a = auth();
    for (const pin of [
      '0000',
      '1111',
      '1234',
      '12345678',
      '4321',
      '9876',
      '7890',
      '1212',
      '123123',
      '2580',
      '99999',
    ]) {
      expect(first(a, pin), pin).toMatchObject({ ok: false, reason: 'weak_pin' });
    }
    expect(a.hasPin()).toBe(false);
    expect(first(a, '5827')).toEqual({ ok: true });
    expect(a.setPin('1234', '5827')).toMatchObject({ ok: false, reason: 'weak_pin' });
  });

  it('each lock in a row lasts longer (5 min, 15 min, 1 h …), persisted; a right PIN starts over', () => {
    first(auth(), '5827');
    const lockFor = () => {
      let last = auth().verify('0000');
      for (let i = 1; i < 5; i++) last = auth().verify('0000');
      expect(last).toMatchObject({ reason: 'locked' });
      return (last.ok ? 0 : (last.lockedUntil ?? 0)) - now;
    };
    expect(lockFor()).toBe(5 * MIN);
    now += 5 * MIN;
    j = t.reopen();
    expect(lockFor()).toBe(15 * MIN);
    now += 15 * MIN;
    j = t.reopen();
    const warned = auth().verify('0000');
    expect(warned.ok === false && warned.message.en).toMatch(/60-minute lock/);
    for (let i = 0; i < 3; i++) auth().verify('0000');
    const third = auth().verify('0000');
    expect(third).toMatchObject({ reason: 'locked', lockedUntil: now + 60 * MIN });
    now += 60 * MIN;
    expect(auth().verify('5827')).toEqual({ ok: true });
    expect(lockFor()).toBe(5 * MIN);
  });

  it('works with the default cost too', () => {
    const a = new ManagerAuth(j, { now: clock });
    first(a, '7391');
    expect(manager().pinHash).toMatch(/^scrypt\$16384\$/);
    expect(a.verify('7391')).toEqual({ ok: true });
  });
});
