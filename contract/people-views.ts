/**
 * People at the counter as they cross the contract (docs/journal.md "People", docs/screens.md): who is signed in,
 * the roster to switch to, each person's details for the manager, and the role table. Never a PIN, a PIN hash or
 * a badge secret (a new badge's code is returned once, by issueBadge, to print). Part of the contract's views
 * (./views re-exports it).
 */
import type { PlatformTotalsView } from './views';

export type PersonRole = 'cashier' | 'supervisor' | 'manager';

/** What a role may do (main/people/permissions.ts holds the table and its defaults). */
export type PersonPermission =
  | 'sell'
  | 'void'
  | 'refund'
  | 'close_z'
  | 'settings'
  | 'approve_api_refund'
  | 'late_payment'
  | 'reports'
  | 'manage_people';

export interface PersonRef {
  id: string;
  name: string;
  role: PersonRole;
  hasBadge: boolean;
  disabled: boolean;
  /** 'server': from the store server's staff list, read-only at the till. */
  source: 'till' | 'server';
}

export interface PeopleState {
  /** 'no_sign_in': the till runs as the built-in person `counter`; only permissioned actions ask for a PIN. */
  mode: 'sign_in' | 'no_sign_in';
  /** Who is signed in (no-sign-in mode: `counter`); null: the sign-in screen. */
  current: PersonRef | null;
  /** The people one can switch to (enabled, with a PIN), in name order; `counter` is not among them. */
  roster: PersonRef[];
  /** Sign-in mode: minutes without activity before the core signs the person out; null: never. */
  idleSignOutMinutes: number | null;
  /** Set when the till is linked to a store server: when it last had the server's staff list (null: never). */
  serverList: { syncedAt: number | null } | null;
  /**
   * The first name the customer display shows ("served by"): the signed-in person's, only when the shop turned
   * it on (setting people.showNameOnCustomerDisplay); null otherwise. Additive.
   */
  customerDisplayName?: string | null;
}

/** A person as the manager's People panel shows them. */
export interface PersonDetail extends PersonRef {
  hasPin: boolean;
  /** When a badge was issued (null: none). */
  badgeIssuedAt: number | null;
  disabledAt: number | null;
  /** While their PIN is locked after wrong tries: until when (ms). */
  lockedUntil: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface RolePermissionsView {
  permissions: PersonPermission[];
  /** Largest refund the role may approve, in cents; null: no limit. */
  refundLimitCents: number | null;
}

/** The People panel's settings: the role table, the mode, and the customer display's first name. */
export interface PeopleSettingsView {
  roles: Record<PersonRole, RolePermissionsView>;
  mode: 'sign_in' | 'no_sign_in';
  idleSignOutMinutes: number | null;
  showNameOnCustomerDisplay: boolean;
}

/** A report's per-person line: who took the sales and who asked for the refunds, same columns as a platform's. */
export interface PersonTotalsView extends Omit<PlatformTotalsView, 'platform'> {
  personId: string | null;
  name: string;
}
