/**
 * Roles and what each may do: a table, pure (no journal, no clock). A shop adjusts the table per role (the
 * journal setting `people.roles`, read through `rolesFromSetting`); whatever is stored, a manager always keeps
 * `manage_people`, so no till can lock everyone out of the people screen. Refund limits are in cents; null is no
 * limit. Stopping the wait on a sale (anyone's) is `sell`; voiding one is `void`.
 */
import type { Bilingual } from '../shared/bilingual';
import { bilingual } from '../shared/bilingual';

export const ROLES = ['cashier', 'supervisor', 'manager'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'sell',
  'void',
  'refund',
  'close_z',
  'settings',
  'approve_api_refund',
  'late_payment',
  'reports',
  'manage_people',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export interface RolePermissions {
  permissions: Permission[];
  /** The largest refund this role may approve, in cents; null: no limit. Only meaningful with `refund`. */
  refundLimitCents: number | null;
}

export type RoleTable = Record<Role, RolePermissions>;

export const DEFAULT_ROLES: RoleTable = {
  cashier: { permissions: ['sell'], refundLimitCents: null },
  supervisor: {
    permissions: ['sell', 'void', 'refund', 'close_z', 'late_payment', 'reports'],
    refundLimitCents: 100_00,
  },
  manager: { permissions: [...PERMISSIONS], refundLimitCents: null },
};

/** The setting the shop's adjusted table lives in (JSON, the shape of RoleTable). */
export const ROLES_SETTING = 'people.roles';

/** Largest limit a shop can type (A$1 000 000.00), so a typo cannot become a number JSON cannot hold. */
export const MAX_REFUND_LIMIT_CENTS = 100_000_000;

export function isRole(v: unknown): v is Role {
  return typeof v === 'string' && (ROLES as readonly string[]).includes(v);
}

export function isPermission(v: unknown): v is Permission {
  return typeof v === 'string' && (PERMISSIONS as readonly string[]).includes(v);
}

/**
 * One role's permissions as a shop set them, cleaned: known permissions only, each once, in the table's order;
 * `sell` always (every role sells); a manager keeps `manage_people`. Returns null for a shape that is not one.
 */
export function normaliseRole(role: Role, input: unknown): RolePermissions | null {
  if (typeof input !== 'object' || input === null) return null;
  const { permissions, refundLimitCents } = input as Record<string, unknown>;
  if (!Array.isArray(permissions) || !permissions.every(isPermission)) return null;
  if (
    refundLimitCents !== null &&
    !(
      typeof refundLimitCents === 'number' &&
      Number.isInteger(refundLimitCents) &&
      refundLimitCents >= 0 &&
      refundLimitCents <= MAX_REFUND_LIMIT_CENTS
    )
  )
    return null;
  const wanted = new Set<Permission>(permissions);
  wanted.add('sell');
  if (role === 'manager') wanted.add('manage_people');
  return { permissions: PERMISSIONS.filter((p) => wanted.has(p)), refundLimitCents };
}

/** The stored table, each role falling back to its default where the stored one is missing or malformed. */
export function rolesFromSetting(stored: unknown): RoleTable {
  const s = typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : {};
  const out = {} as RoleTable;
  for (const role of ROLES) out[role] = normaliseRole(role, s[role]) ?? DEFAULT_ROLES[role];
  return out;
}

/** The table with one role replaced; null when the input is not a role's permissions. */
export function withRole(table: RoleTable, role: Role, input: unknown): RoleTable | null {
  const next = normaliseRole(role, input);
  return next === null ? null : { ...table, [role]: next };
}

export function can(table: RoleTable, role: Role, permission: Permission): boolean {
  return table[role].permissions.includes(permission);
}

export type RefundVerdict = { ok: true } | { ok: false; reason: 'not_allowed' | 'over_limit' };

/** Whether a role may approve a refund of this many cents. */
export function canRefund(table: RoleTable, role: Role, amountCents: number): RefundVerdict {
  const r = table[role];
  if (!r.permissions.includes('refund')) return { ok: false, reason: 'not_allowed' };
  if (r.refundLimitCents !== null && amountCents > r.refundLimitCents)
    return { ok: false, reason: 'over_limit' };
  return { ok: true };
}

/** The roles that hold a permission, most junior first (who to ask in no-sign-in mode). */
export function rolesWith(table: RoleTable, permission: Permission): Role[] {
  return ROLES.filter((r) => can(table, r, permission));
}

/** What a permission lets one do, in the words a refusal names it with. */
export const PERMISSION_WORDS: Record<Permission, Bilingual> = {
  sell: bilingual('take sales', '收款'),
  void: bilingual('void sales', '作废交易'),
  refund: bilingual('make refunds', '退款'),
  close_z: bilingual('close a shift (Z) or the day', '结班（Z）或日结'),
  settings: bilingual('change settings', '修改设置'),
  approve_api_refund: bilingual('approve refunds asked for by the shop system', '批准收银系统发起的退款'),
  late_payment: bilingual('decide on a late payment', '处理迟到的付款'),
  reports: bilingual('see reports and export them', '查看和导出报表'),
  manage_people: bilingual('manage people', '管理员工'),
};

export const ROLE_WORDS: Record<Role, Bilingual> = {
  cashier: bilingual('Cashier', '收银员'),
  supervisor: bilingual('Supervisor', '主管'),
  manager: bilingual('Manager', '经理'),
};
