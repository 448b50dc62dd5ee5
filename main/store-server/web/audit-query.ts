/**
 * The audit log as the Audit page and its CSV read it: who did what, when and from where, filtered by date range
 * (on the chosen store's clock), person, action and store. A row's store is the one its detail names, else the
 * store of the till it names, else the store of the person who did it (a store manager's sign-in).
 */
import type { Sql } from '../db/types';
import { businessDayRange } from '../../shared/business-date';

/** Every action the server writes, in the order the filter lists them. */
export const AUDIT_ACTIONS = [
  'web.sign_in',
  'web.sign_in_failed',
  'web.sign_out',
  'till_code',
  'till_enrol',
  'till_enrol_failed',
  'till_revoke',
  'till_reinstate',
  'refund_reserve',
  'web.reconcile',
  'web.export',
  'store_add',
  'store_merchant_set',
  'user_add',
  'user_role',
  'user_disable',
  'user_enable',
  'user_unlock',
  'user_reset_password',
  'user_delete',
  'staff_add',
  'staff_edit',
  'staff_disable',
  'staff_enable',
  'staff_pin_code',
  'staff_pin_set',
  'staff_pin_failed',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export function isAuditAction(a: string): a is AuditAction {
  return (AUDIT_ACTIONS as readonly string[]).includes(a);
}

export interface AuditFilter {
  from: string;
  to: string;
  zone: string;
  user: string | null;
  action: AuditAction | null;
  storeId: string | null;
}

export interface AuditRow {
  id: number;
  at: number;
  actor: string;
  action: string;
  storeName: string | null;
  tillName: string | null;
  source: string | null;
  detail: Record<string, unknown>;
}

export const AUDIT_LIMIT = 2000;

export async function auditRows(db: Sql, f: AuditFilter): Promise<AuditRow[]> {
  const from = businessDayRange(f.from, f.zone).from;
  const to = businessDayRange(f.to, f.zone).to;
  const r = await db.query<Record<string, unknown>>(
    `SELECT a.id, a.at, a.actor, a.action, a.detail, s.name AS store_name, t.name AS till_name
       FROM audit_log a
       LEFT JOIN tills t ON t.id = a.detail->>'tillId'
       LEFT JOIN users u ON u.username = regexp_replace(a.actor, '^web:', '')
       LEFT JOIN stores s ON s.id = coalesce(a.detail->>'storeId', t.store_id, u.store_id)
      WHERE a.at >= $1 AND a.at < $2
        AND ($3::text IS NULL OR regexp_replace(a.actor, '^web:', '') = $3 OR a.detail->>'username' = $3)
        AND ($4::text IS NULL OR a.action = $4)
        AND ($5::text IS NULL OR s.id = $5)
      ORDER BY a.at DESC, a.id DESC LIMIT ${AUDIT_LIMIT}`,
    [from, to, f.user, f.action, f.storeId],
  );
  return r.rows.map((x) => {
    const detail = (x.detail ?? {}) as Record<string, unknown>;
    return {
      id: Number(x.id),
      at: Number(x.at),
      actor: String(x.actor),
      action: String(x.action),
      storeName: (x.store_name as string | null) ?? null,
      tillName: (x.till_name as string | null) ?? null,
      source: typeof detail.source === 'string' ? detail.source : null,
      detail,
    };
  });
}

/** The detail that is not already in a column, as "key: value" pairs. */
export function detailText(d: Record<string, unknown>): string {
  return Object.entries(d)
    .filter(([k]) => k !== 'source' && k !== 'storeId' && k !== 'tillId')
    .map(([k, v]) => `${k}: ${typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}`)
    .join(' · ');
}
