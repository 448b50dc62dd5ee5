/**
 * Who may approve a protected action at this till, for the "Who approves" choice of every PIN entry. The core
 * checks the permission of whoever's PIN is typed (NOT_ALLOWED / REFUND_OVER_LIMIT otherwise); this only decides
 * whom to offer and whom to choose first.
 *
 * The counter knows each person's role, not the shop's adjusted role table (that is the manager's, behind a
 * PIN), so in no-sign-in mode the list is drawn from the default table: a person whose role the shop narrowed
 * is still listed and then refused by the core in words.
 */
import type { PeopleState, PersonPermission, PersonRef } from '../../../preload/api';
import { DEFAULT_ROLES, type RoleTable } from '../../../main/people/permissions';

/** The built-in person of no-sign-in mode: it has no PIN, so it never approves anything. */
export const COUNTER_PERSON = 'counter';

function holds(table: RoleTable, person: PersonRef, permission: PersonPermission): boolean {
  return table[person.role].permissions.includes(permission);
}

export interface Approvers {
  people: PersonRef[];
  /** Chosen first: the signed-in person; else, when exactly one person may, that one; else nobody yet. */
  initial: string | null;
}

export function approversFor(
  people: PeopleState | null,
  permission: PersonPermission | null,
  table: RoleTable = DEFAULT_ROLES,
): Approvers {
  if (people === null) return { people: [], initial: null };
  const current = people.current && people.current.id !== COUNTER_PERSON ? people.current : null;
  const enabled = people.roster.filter((p) => !p.disabled);
  if (people.mode === 'sign_in' || current !== null) {
    // A signed-in person approves for themselves by default; anyone else may step in with their own PIN.
    const others = enabled.filter((p) => p.id !== current?.id);
    return { people: current ? [current, ...others] : others, initial: current?.id ?? null };
  }
  const able = permission === null ? enabled : enabled.filter((p) => holds(table, p, permission));
  return { people: able, initial: able.length === 1 ? (able[0]?.id ?? null) : null };
}
