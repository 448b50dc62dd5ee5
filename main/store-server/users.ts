/**
 * People who sign in to the managers' pages: one account per person, the password kept only as a scrypt hash
 * (`scrypt$N$r$p$salt$hash`, base64), so a copied database gives nobody's password away.
 */
import { randomBytes, randomUUID, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { Sql } from './db/types';

export type UserRole = 'store_manager' | 'head_office';

export interface NewUser {
  username: string;
  displayName: string;
  role: UserRole;
  /** Required for a store manager: the one store they see. */
  storeId?: string | null;
  password: string;
}

export interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role: UserRole;
  store_id: string | null;
  password_hash: string;
  failed_attempts: number;
  locked_until: number | null;
  created_at: number;
  disabled_at: number | null;
}

const N = 16384;
const R = 8;
const P = 1;
const KEY_LEN = 32;
export const MIN_PASSWORD_LENGTH = 10;

function scryptAsync(password: string, salt: Buffer, len: number, o: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, len, o, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, KEY_LEN, { N, r: R, p: P });
  return ['scrypt', N, R, P, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  const [tag, n, r, p, salt, key] = hash.split('$');
  if (tag !== 'scrypt' || !n || !r || !p || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const got = await scryptAsync(password, Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return got.length === expected.length && timingSafeEqual(got, expected);
}

export class UserInputError extends Error {}

export async function createUser(db: Sql, u: NewUser, now: number): Promise<UserRow> {
  const username = u.username.trim();
  if (!/^[A-Za-z0-9._@-]{1,64}$/.test(username))
    throw new UserInputError('username: 1–64 letters, digits or . _ @ -');
  if (u.displayName.trim().length === 0 || u.displayName.length > 80)
    throw new UserInputError('display name: 1–80 characters');
  if (u.role !== 'store_manager' && u.role !== 'head_office') throw new UserInputError('role: unknown');
  if (u.role === 'store_manager' && !u.storeId) throw new UserInputError('a store manager needs a store');
  if (u.password.length < MIN_PASSWORD_LENGTH)
    throw new UserInputError(`password: at least ${MIN_PASSWORD_LENGTH} characters`);
  const storeId = u.role === 'head_office' ? null : (u.storeId ?? null);
  if (storeId !== null) {
    const s = await db.query('SELECT 1 FROM stores WHERE id = $1', [storeId]);
    if (s.rowCount === 0) throw new UserInputError('store: unknown');
  }
  const taken = await db.query('SELECT 1 FROM users WHERE username = $1', [username]);
  if (taken.rowCount > 0) throw new UserInputError('username: already taken');
  const hash = await hashPassword(u.password);
  const r = await db.query<UserRow>(
    `INSERT INTO users (id, username, display_name, role, store_id, password_hash, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
    [randomUUID(), username, u.displayName.trim(), u.role, storeId, hash, now],
  );
  return r.rows[0]!;
}
