/**
 * People who sign in to the managers' pages: a store manager sees one store, head office the chain. Passwords
 * are hashed with scrypt (node:crypto), a fresh salt each, the parameters kept in the hash string so they can be
 * raised later without breaking old hashes: `scrypt$N$r$p$salt$hash` (base64). Sign-in, sessions and lockout
 * are built on these in web/.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { z } from 'zod';
import { audit } from './admin';
import type { StoreDb } from './db/types';
import { newId } from './ids';
import { UserInputError, isUserInputCode } from './user-input';

export type UserRole = 'store_manager' | 'head_office';

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;

const SCRYPT = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
/** scrypt needs 128·N·r bytes; the default cap (32 MiB) is exactly that, so allow headroom. */
const MAX_MEM = 64 * 1024 * 1024;

function scryptAsync(password: string, salt: Buffer, length: number, o: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, length, o, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** `params`: a store staff PIN uses the till's own (cheaper) ones, so a till checks it as fast as its own PINs. */
export async function hashPassword(
  password: string,
  params: { N: number; r: number; p: number } = SCRYPT,
): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const key = await scryptAsync(password, salt, KEY_LENGTH, { ...params, maxmem: MAX_MEM });
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** True when `password` matches `hash`; false for a wrong password or a hash it cannot read. */
export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  const parts = hash.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every((x) => Number.isInteger(x) && x > 0) || N > 2 ** 20 || r > 32 || p > 16) return false;
  const salt = Buffer.from(parts[4]!, 'base64');
  const expected = Buffer.from(parts[5]!, 'base64');
  if (salt.length === 0 || expected.length === 0) return false;
  const key = await scryptAsync(password, salt, expected.length, {
    N,
    r,
    p,
    maxmem: Math.max(MAX_MEM, 256 * N * r),
  });
  return timingSafeEqual(key, expected);
}

/** Why a password is refused (a code both languages say); null when it is acceptable. */
export function passwordProblem(password: string, username: string): UserInputError | null {
  if (password.length < MIN_PASSWORD_LENGTH)
    return new UserInputError('password_short', { n: String(MIN_PASSWORD_LENGTH) });
  if (password.length > MAX_PASSWORD_LENGTH)
    return new UserInputError('password_long', { n: String(MAX_PASSWORD_LENGTH) });
  if (new Set(password).size < 4) return new UserInputError('password_variety', { n: '4' });
  if (username.length > 0 && password.toLowerCase().includes(username.toLowerCase()))
    return new UserInputError('password_has_username');
  return null;
}

// Each message is a code of ./user-input.ts, so the refusal is said in the reader's language.
const createUserSchema = z
  .object({
    username: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9._@-]{2,64}$/, 'username_format'),
    displayName: z.string().trim().min(1, 'name_required').max(80, 'name_long'),
    role: z.enum(['store_manager', 'head_office'], { error: 'role_invalid' }),
    storeId: z.string().trim().min(1, 'needs_store').max(64, 'unknown_store').optional(),
    password: z.string(),
    by: z.string().trim().min(1).max(80).default('admin'),
  })
  .refine((u) => u.role === 'head_office' || u.storeId !== undefined, { message: 'needs_store' })
  .refine((u) => u.role === 'store_manager' || u.storeId === undefined, { message: 'store_not_wanted' });

export interface CreatedUser {
  id: string;
  username: string;
  displayName: string;
  role: UserRole;
  storeId: string | null;
}

export async function createUser(
  db: StoreDb,
  input: {
    username: string;
    displayName: string;
    role: UserRole;
    storeId?: string;
    password: string;
    /** Who created the account, for the audit log (default 'admin'). */
    by?: string;
  },
  now: number,
): Promise<CreatedUser> {
  const r = createUserSchema.safeParse(input);
  if (!r.success) {
    const code = r.error.issues[0]?.message ?? 'invalid';
    const values: Record<string, string> = { n: '80', id: String(input.storeId ?? '').slice(0, 64) };
    throw new UserInputError(isUserInputCode(code) ? code : 'invalid', values);
  }
  const u = r.data;
  const problem = passwordProblem(u.password, u.username);
  if (problem) throw problem;
  const hash = await hashPassword(u.password);
  const userId = newId('us');
  return db.transaction(async (tx) => {
    if (u.storeId !== undefined) {
      const store = await tx.query('SELECT 1 FROM stores WHERE id = $1', [u.storeId]);
      if (store.rows.length === 0) throw new UserInputError('unknown_store', { id: u.storeId });
    }
    const taken = await tx.query('SELECT 1 FROM users WHERE username = $1', [u.username]);
    if (taken.rows.length > 0) throw new UserInputError('username_taken', { username: u.username });
    await tx.query(
      `INSERT INTO users (id, username, display_name, role, store_id, password_hash, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [userId, u.username, u.displayName, u.role, u.storeId ?? null, hash, now],
    );
    await audit(tx, now, u.by, 'user_add', {
      userId,
      username: u.username,
      role: u.role,
      storeId: u.storeId ?? null,
    });
    return {
      id: userId,
      username: u.username,
      displayName: u.displayName,
      role: u.role,
      storeId: u.storeId ?? null,
    };
  });
}
