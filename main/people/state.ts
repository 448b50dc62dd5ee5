/**
 * What the screens are told about people (PeopleState, PersonRef, PersonDetail), read from the journal: the
 * mode and idle minutes (journal settings), the roster, and the store server list's age. Never a hash.
 */
import type { PeopleState, PersonDetail, PersonRef } from '../../contract/people-views';
import type { Journal } from '../journal/types';
import type { PersonRow } from '../journal/tables/people';
import { COUNTER_PERSON_ID } from '../journal/tables/people';

export const MODE_SETTING = 'people.mode';
export const IDLE_SETTING = 'people.idleSignOutMinutes';
export const SHOW_NAME_SETTING = 'people.showNameOnCustomerDisplay';

export type PeopleMode = PeopleState['mode'];

export function peopleMode(journal: Journal): PeopleMode {
  return journal.getSetting<unknown>(MODE_SETTING) === 'sign_in' ? 'sign_in' : 'no_sign_in';
}

/** Minutes without activity before the sign-out (sign-in mode); null: never. */
export function idleSignOutMinutes(journal: Journal): number | null {
  const v = journal.getSetting<unknown>(IDLE_SETTING);
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 720 ? v : null;
}

export function showNameOnCustomerDisplay(journal: Journal): boolean {
  return journal.getSetting<unknown>(SHOW_NAME_SETTING) === true;
}

/** What the customer sees of a name: its first word. */
export function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] ?? '';
}

export function personRef(row: PersonRow): PersonRef {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    hasBadge: row.badgeHash !== null,
    disabled: row.disabledAt !== null,
    source: row.source,
  };
}

export function personDetail(row: PersonRow, at: number): PersonDetail {
  return {
    ...personRef(row),
    hasPin: row.pinHash !== null,
    badgeIssuedAt: row.badgeIssuedAt,
    disabledAt: row.disabledAt,
    lockedUntil: row.lockedUntil !== null && row.lockedUntil > at ? row.lockedUntil : null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** Who can sign in: enabled, with a PIN, not the built-in cashier. */
export function canSignIn(row: PersonRow): boolean {
  return row.id !== COUNTER_PERSON_ID && row.disabledAt === null && row.pinHash !== null;
}

export function peopleState(journal: Journal, currentId: string | null, linked: boolean): PeopleState {
  const mode = peopleMode(journal);
  const rows = journal.people.list();
  const current = currentId === null ? undefined : rows.find((r) => r.id === currentId);
  const named = current && current.id !== COUNTER_PERSON_ID && showNameOnCustomerDisplay(journal);
  return {
    mode,
    customerDisplayName: named ? firstName(current.name) : null,
    current: current ? personRef(current) : null,
    roster: rows.filter(canSignIn).map(personRef),
    idleSignOutMinutes: mode === 'sign_in' ? idleSignOutMinutes(journal) : null,
    serverList: linked ? { syncedAt: journal.people.serverSyncedAt() } : null,
  };
}
