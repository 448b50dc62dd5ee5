/**
 * Store staff: the people who work at the chain's counters (not the web sign-in users of users.ts). Each has a
 * name, a till role (cashier, supervisor, manager) and the stores they work at; their PIN they set themselves
 * (staff-pin.ts). Every linked till of those stores pulls the list (staff-list.ts). People are never deleted,
 * only disabled, so the names on past sales always resolve.
 *
 * Who may do what: head office, everything; a store manager, the staff of their own store only — they add people
 * to it, edit them, take their own store off a person's list (never another store's), and disable or enable only
 * a person who works at no other store (disabling is chain-wide). Every change runs in one transaction with its
 * audit row and moves the person's `rev` on, and returns the stores whose tills must hear of it.
 */
import { z } from 'zod';
import { audit } from './admin';
import type { Sql, StoreDb } from './db/types';
import { newId } from './ids';

export const STAFF_ROLES = ['cashier', 'supervisor', 'manager'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
/** The till keeps names up to 60 characters (journal migration 11); a longer one would fail the whole list. */
export const STAFF_NAME_MAX = 60;

export type StaffReason =
  | 'unknown_staff'
  | 'unknown_store'
  | 'needs_store'
  | 'name_invalid'
  | 'role_invalid'
  | 'not_your_store'
  | 'other_stores';

export class StaffError extends Error {
  constructor(readonly reason: StaffReason) {
    super(`staff: ${reason}`);
  }
}

export interface StaffActor {
  /** For the audit log: `web:<username>` or `cli`. */
  by: string;
  source: string | null;
  /** A store manager's store; null for head office (the whole chain). */
  storeId: string | null;
}

export interface StaffSummary {
  id: string;
  name: string;
  role: StaffRole;
  /** The stores the person works at, as far as the viewer may see: a store manager sees only their own. */
  stores: { id: string; name: string }[];
  /** How many more stores the person works at, unseen by a store manager (never named); 0 for head office. */
  otherStores: number;
  disabledAt: number | null;
  hasPin: boolean;
  /** When the last unused "set PIN" code expires, if one is waiting. */
  pinCodeExpiresAt: number | null;
  rev: number;
  createdAt: number;
  updatedAt: number;
}

export interface StaffInput {
  name: string;
  role: string;
  storeIds: readonly string[];
}

const inputSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'name_invalid')
    .max(STAFF_NAME_MAX, 'name_invalid')
    .regex(/^[^\p{Cc}]*$/u, 'name_invalid'),
  role: z.enum(STAFF_ROLES, { error: 'role_invalid' }),
  storeIds: z.array(z.string().min(1).max(64)).max(1000),
});

function parseInput(input: StaffInput): { name: string; role: StaffRole; storeIds: string[] } {
  const r = inputSchema.safeParse(input);
  if (!r.success) {
    const code = r.error.issues[0]?.message;
    throw new StaffError(code === 'role_invalid' ? 'role_invalid' : 'name_invalid');
  }
  return { ...r.data, storeIds: [...new Set(r.data.storeIds)] };
}

interface Row {
  id: string;
  name: string;
  role: StaffRole;
  pin_hash: string | null;
  disabled_at: number | null;
  rev: number;
  created_at: number;
  updated_at: number;
  stores: { id: string; name: string }[] | null;
  other_stores: number;
  code_expires_at: number | null;
}

/**
 * Staff of one store (or the whole chain), by name, as `viewer` may see them: a store manager (their store's
 * id) is told which of the person's stores is theirs and how many others there are, never their names.
 */
export async function listStaff(
  db: Sql,
  storeId: string | null,
  now: number,
  viewer: string | null,
): Promise<StaffSummary[]> {
  const r = await db.query<Row>(
    `SELECT f.*,
            (SELECT jsonb_agg(jsonb_build_object('id', s.id, 'name', s.name) ORDER BY s.name)
               FROM staff_stores x JOIN stores s ON s.id = x.store_id
              WHERE x.staff_id = f.id AND ($3::text IS NULL OR x.store_id = $3)) AS stores,
            (SELECT count(*)::int FROM staff_stores x
              WHERE x.staff_id = f.id AND $3::text IS NOT NULL AND x.store_id <> $3) AS other_stores,
            (SELECT max(c.expires_at) FROM staff_pin_codes c
              WHERE c.staff_id = f.id AND c.used_at IS NULL AND c.expires_at > $2) AS code_expires_at
       FROM staff f
      WHERE $1::text IS NULL OR EXISTS (SELECT 1 FROM staff_stores x WHERE x.staff_id = f.id AND x.store_id = $1)
      ORDER BY f.disabled_at IS NOT NULL, lower(f.name), f.id`,
    [storeId, now, viewer],
  );
  return r.rows.map(summary);
}

function summary(r: Row): StaffSummary {
  return {
    id: r.id,
    name: r.name,
    role: r.role,
    stores: r.stores ?? [],
    otherStores: Number(r.other_stores),
    disabledAt: r.disabled_at === null ? null : Number(r.disabled_at),
    hasPin: r.pin_hash !== null,
    pinCodeExpiresAt: r.code_expires_at === null ? null : Number(r.code_expires_at),
    rev: Number(r.rev),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

/** One person as `actor` may see them: unknown, or not at a store manager's store, is `unknown_staff`. */
export async function getStaff(
  db: Sql,
  id: string,
  actor: Pick<StaffActor, 'storeId'>,
  now: number,
): Promise<StaffSummary> {
  const found = (await listStaff(db, actor.storeId, now, actor.storeId)).find((s) => s.id === id);
  if (!found) throw new StaffError('unknown_staff');
  return found;
}

async function checkStores(tx: Sql, storeIds: readonly string[]): Promise<void> {
  if (storeIds.length === 0) throw new StaffError('needs_store');
  const r = await tx.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM stores WHERE id = ANY($1::text[])',
    [storeIds],
  );
  if (r.rows[0]!.n !== storeIds.length) throw new StaffError('unknown_store');
}

/** The person's row and stores, locked for the change; a store manager sees only their store's people. */
export async function lockStaff(
  tx: Sql,
  id: string,
  actor: StaffActor,
): Promise<{ row: Omit<Row, 'stores' | 'code_expires_at'>; storeIds: string[] }> {
  const r = await tx.query<Omit<Row, 'stores' | 'code_expires_at'>>(
    'SELECT * FROM staff WHERE id = $1 FOR UPDATE',
    [id],
  );
  const row = r.rows[0];
  if (!row) throw new StaffError('unknown_staff');
  const s = await tx.query<{ store_id: string }>(
    'SELECT store_id FROM staff_stores WHERE staff_id = $1 ORDER BY store_id',
    [id],
  );
  const storeIds = s.rows.map((x) => x.store_id);
  if (actor.storeId !== null && !storeIds.includes(actor.storeId)) throw new StaffError('unknown_staff');
  return { row, storeIds };
}

async function setStores(tx: Sql, id: string, storeIds: readonly string[]): Promise<void> {
  await tx.query('DELETE FROM staff_stores WHERE staff_id = $1 AND NOT (store_id = ANY($2::text[]))', [
    id,
    storeIds,
  ]);
  await tx.query(
    `INSERT INTO staff_stores (staff_id, store_id) SELECT $1, x FROM unnest($2::text[]) AS x
     ON CONFLICT DO NOTHING`,
    [id, storeIds],
  );
}

/** What a change did: the person, and every store whose tills must pull the list again. */
export interface StaffChange {
  id: string;
  name: string;
  storeIds: string[];
}

export async function createStaff(
  db: StoreDb,
  input: StaffInput,
  actor: StaffActor,
  now: number,
): Promise<StaffChange> {
  const v = parseInput(input);
  if (actor.storeId !== null && v.storeIds.some((s) => s !== actor.storeId))
    throw new StaffError('not_your_store');
  const id = newId('sf');
  return db.transaction(async (tx) => {
    await checkStores(tx, v.storeIds);
    await tx.query(`INSERT INTO staff (id, name, role, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)`, [
      id,
      v.name,
      v.role,
      now,
    ]);
    await setStores(tx, id, v.storeIds);
    await audit(tx, now, actor.by, 'staff_add', {
      staffId: id,
      name: v.name,
      role: v.role,
      storeId: v.storeIds[0],
      storeIds: v.storeIds,
      source: actor.source,
    });
    return { id, name: v.name, storeIds: v.storeIds };
  });
}

/**
 * Name, role and stores. A store manager changes only whether the person works at their own store; the other
 * stores on the person's list stay as they were.
 */
export async function updateStaff(
  db: StoreDb,
  id: string,
  input: StaffInput,
  actor: StaffActor,
  now: number,
): Promise<StaffChange> {
  const v = parseInput(input);
  return db.transaction(async (tx) => {
    const { row, storeIds: before } = await lockStaff(tx, id, actor);
    const mine = actor.storeId;
    const after =
      mine === null
        ? v.storeIds
        : [...before.filter((s) => s !== mine), ...(v.storeIds.includes(mine) ? [mine] : [])];
    if (mine !== null && v.storeIds.some((s) => s !== mine && !before.includes(s)))
      throw new StaffError('not_your_store');
    await checkStores(tx, after);
    await tx.query(
      `UPDATE staff SET name = $2, role = $3, updated_at = $4, rev = nextval('staff_rev_seq') WHERE id = $1`,
      [id, v.name, v.role, now],
    );
    await setStores(tx, id, after);
    await audit(tx, now, actor.by, 'staff_edit', {
      staffId: id,
      name: v.name,
      ...(row.name !== v.name ? { was: row.name } : {}),
      role: v.role,
      storeId: mine ?? after[0],
      storeIds: after,
      source: actor.source,
    });
    return { id, name: v.name, storeIds: [...new Set([...before, ...after])] };
  });
}

/** Disabled: refused at every linked till of their stores (the till pulls within seconds, 30 s at the latest). */
export async function setStaffDisabled(
  db: StoreDb,
  id: string,
  disabled: boolean,
  actor: StaffActor,
  now: number,
): Promise<StaffChange> {
  return db.transaction(async (tx) => {
    const { row, storeIds } = await lockStaff(tx, id, actor);
    if (actor.storeId !== null && storeIds.some((s) => s !== actor.storeId))
      throw new StaffError('other_stores');
    await tx.query(
      `UPDATE staff SET disabled_at = $2, updated_at = $3, rev = nextval('staff_rev_seq') WHERE id = $1`,
      [id, disabled ? (row.disabled_at ?? now) : null, now],
    );
    if (disabled) {
      // A code waiting to be used would let a disabled person set a PIN nobody can use: void it.
      await tx.query('UPDATE staff_pin_codes SET used_at = $2 WHERE staff_id = $1 AND used_at IS NULL', [
        id,
        now,
      ]);
    }
    await audit(tx, now, actor.by, disabled ? 'staff_disable' : 'staff_enable', {
      staffId: id,
      name: row.name,
      storeId: actor.storeId ?? storeIds[0],
      storeIds,
      source: actor.source,
    });
    return { id, name: row.name, storeIds };
  });
}
