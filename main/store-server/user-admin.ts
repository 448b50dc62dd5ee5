/**
 * Looking after the people who sign in (CLI `user …` and the People page): list, disable/enable, unlock, reset
 * a password (the new one is returned once, never stored in clear), change role or store, delete. Each runs in
 * one transaction with its audit row. The chain always keeps one head-office account that can sign in: the
 * head-office rows are locked while an action that would remove, disable or demote one is checked, so two
 * such actions at once cannot both pass.
 */
import { z } from 'zod';
import { AdminInputError, audit } from './admin';
import type { Sql, StoreDb } from './db/types';
import { newTemporaryPassword } from './ids';
import { hashPassword, passwordProblem, type UserRole } from './users';

/** Why a people action was refused, for the page to say in both languages. */
export type UserAdminReason =
  'unknown_user' | 'last_head_office' | 'unknown_store' | 'needs_store' | 'no_change';

export class UserAdminError extends AdminInputError {
  constructor(
    readonly reason: UserAdminReason,
    message: string,
  ) {
    super(message);
  }
}

export interface UserSummary {
  id: string;
  username: string;
  displayName: string;
  role: UserRole;
  storeId: string | null;
  storeName: string | null;
  disabledAt: number | null;
  lockedUntil: number | null;
  failedAttempts: number;
  createdAt: number;
}

export interface UserActor {
  /** Who does it, for the audit log. */
  by: string;
  /** From where (an address, or 'cli'). */
  source?: string;
}

export async function listUsers(db: Sql): Promise<UserSummary[]> {
  const r = await db.query<Record<string, unknown>>(
    `SELECT u.id, u.username, u.display_name, u.role, u.store_id, s.name AS store_name, u.disabled_at,
            u.locked_until, u.failed_attempts, u.created_at
       FROM users u LEFT JOIN stores s ON s.id = u.store_id ORDER BY u.username`,
  );
  const n = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return r.rows.map((u) => ({
    id: String(u.id),
    username: String(u.username),
    displayName: String(u.display_name),
    role: u.role as UserRole,
    storeId: (u.store_id as string | null) ?? null,
    storeName: (u.store_name as string | null) ?? null,
    disabledAt: n(u.disabled_at),
    lockedUntil: n(u.locked_until),
    failedAttempts: Number(u.failed_attempts),
    createdAt: Number(u.created_at),
  }));
}

interface Row {
  id: string;
  username: string;
  role: UserRole;
  store_id: string | null;
  disabled_at: number | null;
}

async function lockUser(tx: Sql, username: string): Promise<Row> {
  // Head-office rows first, always in the same order, so the last-account check below cannot be raced.
  await tx.query(`SELECT id FROM users WHERE role = 'head_office' ORDER BY id FOR UPDATE`);
  const r = await tx.query<Row>(
    'SELECT id, username, role, store_id, disabled_at FROM users WHERE username = $1 FOR UPDATE',
    [username.trim().toLowerCase()],
  );
  const u = r.rows[0];
  if (!u) throw new UserAdminError('unknown_user', `no user named "${username}"`);
  return u;
}

/** Refuses when `u` is the only head-office account that can sign in. */
async function keepOneHeadOffice(tx: Sql, u: Row, what: string): Promise<void> {
  if (u.role !== 'head_office' || u.disabled_at !== null) return;
  const r = await tx.query<{ n: number }>(
    `SELECT count(*) AS n FROM users WHERE role = 'head_office' AND disabled_at IS NULL AND id <> $1`,
    [u.id],
  );
  if (Number(r.rows[0]?.n ?? 0) === 0)
    throw new UserAdminError(
      'last_head_office',
      `"${u.username}" is the last head-office account that can sign in: ${what} it would leave nobody to run the chain (add another head-office account first)`,
    );
}

async function run<T>(
  db: StoreDb,
  username: string,
  a: UserActor,
  now: number,
  action: string,
  fn: (tx: Sql, u: Row) => Promise<{ result: T; detail?: Record<string, unknown> }>,
): Promise<T> {
  return db.transaction(async (tx) => {
    const u = await lockUser(tx, username);
    const { result, detail } = await fn(tx, u);
    await audit(tx, now, a.by, action, {
      userId: u.id,
      username: u.username,
      ...(u.store_id !== null ? { storeId: u.store_id } : {}),
      ...detail,
      source: a.source ?? null,
    });
    return result;
  });
}

export function setUserDisabled(
  db: StoreDb,
  username: string,
  disabled: boolean,
  a: UserActor,
  now: number,
): Promise<void> {
  return run(db, username, a, now, disabled ? 'user_disable' : 'user_enable', async (tx, u) => {
    if (disabled) {
      await keepOneHeadOffice(tx, u, 'disabling');
      await tx.query('UPDATE users SET disabled_at = $2 WHERE id = $1', [u.id, now]);
      await tx.query('DELETE FROM web_sessions WHERE user_id = $1', [u.id]);
    } else {
      await tx.query(
        'UPDATE users SET disabled_at = NULL, failed_attempts = 0, locked_until = NULL WHERE id = $1',
        [u.id],
      );
    }
    return { result: undefined };
  });
}

export function unlockUser(db: StoreDb, username: string, a: UserActor, now: number): Promise<void> {
  return run(db, username, a, now, 'user_unlock', async (tx, u) => {
    await tx.query('UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE id = $1', [u.id]);
    return { result: undefined };
  });
}

/** A new password, returned once; the person's sessions end and any lock is lifted. */
export async function resetPassword(
  db: StoreDb,
  username: string,
  a: UserActor,
  now: number,
): Promise<{ username: string; password: string }> {
  let password = newTemporaryPassword();
  while (passwordProblem(password, username.trim().toLowerCase()) !== null) password = newTemporaryPassword();
  const hash = await hashPassword(password);
  return run(db, username, a, now, 'user_reset_password', async (tx, u) => {
    await tx.query(
      'UPDATE users SET password_hash = $2, failed_attempts = 0, locked_until = NULL WHERE id = $1',
      [u.id, hash],
    );
    await tx.query('DELETE FROM web_sessions WHERE user_id = $1', [u.id]);
    return { result: { username: u.username, password } };
  });
}

const roleSchema = z.enum(['store_manager', 'head_office']);

export function changeRole(
  db: StoreDb,
  username: string,
  change: { role: UserRole; storeId?: string | null },
  a: UserActor,
  now: number,
): Promise<void> {
  const role = roleSchema.parse(change.role);
  const storeId = role === 'head_office' ? null : (change.storeId ?? '').trim();
  if (role === 'store_manager' && !storeId)
    throw new UserAdminError('needs_store', 'a store manager needs a store (--store ID)');
  return run(db, username, a, now, 'user_role', async (tx, u) => {
    if (storeId !== null) {
      const s = await tx.query('SELECT 1 FROM stores WHERE id = $1', [storeId]);
      if (s.rows.length === 0) throw new UserAdminError('unknown_store', `no store with id ${storeId}`);
    }
    if (u.role === role && u.store_id === storeId)
      throw new UserAdminError('no_change', `"${u.username}" already has that role and store`);
    if (role !== 'head_office') await keepOneHeadOffice(tx, u, 'making it a store manager');
    await tx.query('UPDATE users SET role = $2, store_id = $3 WHERE id = $1', [u.id, role, storeId]);
    // What the person may see changed: they sign in again to get it.
    await tx.query('DELETE FROM web_sessions WHERE user_id = $1', [u.id]);
    return {
      result: undefined,
      detail: { from: { role: u.role, storeId: u.store_id }, to: { role, storeId } },
    };
  });
}

export function deleteUser(db: StoreDb, username: string, a: UserActor, now: number): Promise<void> {
  return run(db, username, a, now, 'user_delete', async (tx, u) => {
    await keepOneHeadOffice(tx, u, 'deleting');
    await tx.query('DELETE FROM web_sessions WHERE user_id = $1', [u.id]);
    await tx.query('DELETE FROM users WHERE id = $1', [u.id]);
    return { result: undefined };
  });
}
