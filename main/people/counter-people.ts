/**
 * Who is at the counter (docs/screens.md "People"): sign-in, sign-out, the idle sign-out, badge scans, and the
 * permission check every protected action goes through. In no-sign-in mode the till acts as the built-in
 * `counter` person and only permissioned actions ask for a PIN; in sign-in mode someone signs in (PIN or badge)
 * and is who sales are taken by. The idle sign-out is the core's timer: it never fires in the middle of a sale
 * started and not ended (the table in ./sign-in-rules), it waits for that sale to end.
 */
import type { PeopleState } from '../../contract/people-views';
import type { Journal } from '../journal/types';
import type { PersonRow } from '../journal/tables/people';
import { COUNTER_PERSON_ID } from '../journal/tables/people';
import type { Bilingual } from '../shared/bilingual';
import { badgeMatches, parseBadge } from './badges';
import type { Permission, RoleTable } from './permissions';
import { can, canRefund, rolesFromSetting, rolesWith, ROLES_SETTING } from './permissions';
import type { PinAuth } from './pin-auth';
import { needsSignedIn, type CounterSaleAction } from './sign-in-rules';
import { peopleMode, peopleState, idleSignOutMinutes } from './state';
import { peopleWords } from './words';

export type Refusal = { ok: false; code: string; message: Bilingual; retryAfter?: number };
export type Authorised = { ok: true; person: PersonRow };

export interface CounterPeopleOptions {
  journal: Journal;
  pins: PinAuth;
  now: () => number;
  /** What a "minute" of the idle sign-out lasts (tests shorten it); default 60 000 ms. */
  idleMinuteMs?: number;
  /** The counter has a sale started and not ended (./sign-in-rules `holdsIdleSignOut`): the idle sign-out waits. */
  busy: () => boolean;
  /** Whether the till is linked to a store server (the state then shows the staff list's age). */
  linked: () => boolean;
  changed: (state: PeopleState) => void;
}

export class CounterPeople {
  private signedIn: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private idleDue = false;
  private readonly idleMinuteMs: number;

  constructor(private readonly o: CounterPeopleOptions) {
    this.idleMinuteMs = o.idleMinuteMs ?? 60_000;
    o.journal.people.setActing(() => this.actingId());
  }

  mode(): 'sign_in' | 'no_sign_in' {
    return peopleMode(this.o.journal);
  }

  roles(): RoleTable {
    return rolesFromSetting(this.o.journal.getSetting<unknown>(ROLES_SETTING));
  }

  /** The signed-in person, while they are still enabled. */
  current(): PersonRow | null {
    if (this.signedIn === null) return null;
    const row = this.o.journal.people.get(this.signedIn);
    if (!row || row.disabledAt !== null) {
      this.signedIn = null;
      return null;
    }
    return row;
  }

  /** Who sales and the cashier's events name: the signed-in person, else the built-in cashier. */
  actingId(): string {
    return this.current()?.id ?? COUNTER_PERSON_ID;
  }

  state(): PeopleState {
    const current = this.current();
    const shown = current?.id ?? (this.mode() === 'no_sign_in' ? COUNTER_PERSON_ID : null);
    return peopleState(this.o.journal, shown, this.o.linked());
  }

  /** Tells the screens (people changed, a list came from the server, someone signed in or out). */
  announce(): void {
    this.o.changed(this.state());
  }

  signIn(personId: string, pin: string): Authorised | Refusal {
    const person = this.o.journal.people.get(personId);
    const refused = person
      ? this.unusable(person)
      : this.refuse('PERSON_NOT_FOUND', peopleWords.personNotFound);
    if (refused) return refused;
    const v = this.o.pins.verify([person!], pin, this.o.now(), 'sign_in');
    if (!v.ok) return pinRefusal(v);
    this.become(v.person);
    return { ok: true, person: v.person };
  }

  /** A scanned staff badge: signs its owner in, or says in words why not. */
  signInBadge(raw: string): Authorised | Refusal {
    const badge = parseBadge(raw);
    const person = badge ? this.o.journal.people.get(badge.personId) : undefined;
    const log = (result: string) =>
      this.o.journal.appendEvent({
        at: this.o.now(),
        actor: 'cashier',
        type: result === 'ok' ? 'person.badge_signed_in' : 'person.badge_refused',
        entity: 'manager',
        entityId: person?.id ?? null,
        personId: person?.id ?? null,
        data: { result },
      });
    if (
      !badge ||
      !person ||
      person.id === COUNTER_PERSON_ID ||
      !badgeMatches(badge.secret, person.badgeHash)
    ) {
      log('unknown');
      return this.refuse('BADGE_REFUSED', peopleWords.badgeUnknown);
    }
    if (person.disabledAt !== null) {
      log('disabled');
      return this.refuse('BADGE_REFUSED', peopleWords.badgeDisabled(person.name));
    }
    log('ok');
    this.become(person);
    return { ok: true, person };
  }

  signOut(): void {
    this.signedIn = null;
    this.idleDue = false;
    this.clearTimer();
    this.announce();
  }

  /** Someone touched the screen: the idle sign-out counts again from now (one that waited is called off). */
  noteActivity(): void {
    if (this.signedIn === null) return;
    this.idleDue = false;
    this.arm();
  }

  /** A sale changed or left the counter: an idle sign-out that waited for it happens once it has ended. */
  saleChanged(): void {
    if (this.idleDue && !this.o.busy()) this.idleSignOut(true);
  }

  /** Sign-in mode with nobody signed in: the sale actions that need a person (./sign-in-rules) are refused. */
  requireSignedIn(action: CounterSaleAction): Refusal | null {
    if (!needsSignedIn(action) || this.mode() === 'no_sign_in' || this.current() !== null) return null;
    return this.refuse('SIGN_IN_REQUIRED', peopleWords.signInFirst);
  }

  /**
   * The check of every protected action. personId named: that person's PIN. Otherwise the signed-in person's;
   * otherwise (no-sign-in mode, or nobody signed in) whoever holds the permission and has that PIN. Then the
   * permission, and a refund's amount against the role's limit.
   */
  authorise(
    pin: string,
    personId: string | undefined,
    permission: Permission | readonly Permission[],
    action: string,
    amountCents?: number,
  ): Authorised | Refusal {
    const table = this.roles();
    const wanted: readonly Permission[] = typeof permission === 'string' ? [permission] : permission;
    let candidates: PersonRow[];
    if (personId !== undefined) {
      const person = this.o.journal.people.get(personId);
      if (!person) return this.refuse('PERSON_NOT_FOUND', peopleWords.personNotFound);
      const refused = this.unusable(person);
      if (refused) return refused;
      candidates = [person];
    } else {
      const current = this.current();
      if (current) candidates = [current];
      else {
        candidates = holdersOf(this.o.journal, table, wanted);
        if (candidates.length === 0 && this.anyPin()) {
          return this.refuse('NOT_ALLOWED', peopleWords.nobodyMay(wanted[0] ?? 'sell'));
        }
      }
    }
    const v = this.o.pins.verify(candidates, pin, this.o.now(), action);
    if (!v.ok) return pinRefusal(v);
    return this.permitted(table, v.person, wanted, amountCents);
  }

  /** Whether a person may act without a PIN (the signed-in person, or the built-in cashier). */
  actingMay(permission: Permission): boolean {
    const person = this.o.journal.people.get(this.actingId());
    return person !== undefined && can(this.roles(), person.role, permission);
  }

  /** The refusal for the person acting now, who lacks a permission (they may ask someone who has it). */
  notAllowedNow(permission: Permission): Refusal {
    const name = this.current()?.name ?? peopleWords.counterName.en;
    return this.refuse('NOT_ALLOWED', peopleWords.notAllowed(name, permission));
  }

  close(): void {
    this.clearTimer();
  }

  private permitted(
    table: RoleTable,
    person: PersonRow,
    wanted: readonly Permission[],
    amountCents: number | undefined,
  ): Authorised | Refusal {
    const permission = wanted[0] ?? 'sell';
    if (wanted.length === 1 && permission === 'refund' && amountCents !== undefined) {
      const verdict = canRefund(table, person.role, amountCents);
      if (verdict.ok) return { ok: true, person };
      if (verdict.reason === 'over_limit') {
        return this.refuse(
          'REFUND_OVER_LIMIT',
          peopleWords.overLimit(person.name, table[person.role].refundLimitCents ?? 0),
        );
      }
      return this.refuse('NOT_ALLOWED', peopleWords.notAllowed(person.name, permission));
    }
    if (!wanted.some((p) => can(table, person.role, p))) {
      return this.refuse('NOT_ALLOWED', peopleWords.notAllowed(person.name, permission));
    }
    return { ok: true, person };
  }

  private unusable(person: PersonRow): Refusal | null {
    if (person.id === COUNTER_PERSON_ID) return this.refuse('PERSON_NOT_FOUND', peopleWords.personNotFound);
    if (person.disabledAt !== null)
      return this.refuse('PERSON_DISABLED', peopleWords.personDisabled(person.name));
    if (person.pinHash === null) return this.refuse('NO_PIN', peopleWords.noPinYet(person.name));
    return null;
  }

  private anyPin(): boolean {
    return this.o.journal.people.list().some((p) => p.pinHash !== null && p.disabledAt === null);
  }

  private become(person: PersonRow): void {
    this.signedIn = person.id;
    this.idleDue = false;
    this.arm();
    this.announce();
  }

  private arm(): void {
    this.clearTimer();
    const minutes = this.mode() === 'sign_in' ? idleSignOutMinutes(this.o.journal) : null;
    if (minutes === null) return;
    this.timer = setTimeout(() => this.idle(), minutes * this.idleMinuteMs);
    this.timer.unref();
  }

  private idle(): void {
    this.timer = null;
    if (!this.o.busy()) return this.idleSignOut(false);
    this.idleDue = true;
    this.noteIdle('person.idle_sign_out_waits');
  }

  /** The idle sign-out, journalled (with whether it waited for a sale) so a manager can see why a person left. */
  private idleSignOut(waited: boolean): void {
    this.noteIdle('person.idle_signed_out', waited);
    this.signOut();
  }

  private noteIdle(type: string, waitedForSale?: boolean): void {
    const personId = this.signedIn;
    try {
      this.o.journal.appendEvent({
        at: this.o.now(),
        actor: 'system',
        type,
        entity: 'manager',
        entityId: personId,
        personId,
        data: waitedForSale === undefined ? {} : { waitedForSale },
      });
    } catch {
      // A journal that cannot be written (the storage guard tells the screens) must not keep anyone signed in.
    }
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private refuse(code: string, message: Bilingual): Refusal {
    return { ok: false, code, message };
  }
}

/** Everyone whose PIN may be asked for an action: enabled, with a PIN, in a role holding one of the permissions. */
export function holdersOf(journal: Journal, table: RoleTable, wanted: readonly Permission[]): PersonRow[] {
  const roles = wanted.flatMap((p) => rolesWith(table, p));
  return journal.people
    .list()
    .filter((p) => p.disabledAt === null && p.pinHash !== null && roles.includes(p.role));
}

function pinRefusal(v: {
  reason: 'wrong_pin' | 'locked' | 'no_pin';
  message: Bilingual;
  lockedUntil?: number;
}): Refusal {
  const code = v.reason === 'locked' ? 'PIN_LOCKED' : v.reason === 'no_pin' ? 'NO_PIN' : 'WRONG_PIN';
  return {
    ok: false,
    code,
    message: v.message,
    ...(v.lockedUntil !== undefined ? { retryAfter: v.lockedUntil } : {}),
  };
}
