/**
 * People who sign in to the managers' pages: a store manager sees one store, head office the chain. Passwords
 * are hashed with scrypt (node:crypto), a fresh salt each, the parameters kept in the hash string so they can be
 * raised later without breaking old hashes: `scrypt$N$r$p$salt$hash` (base64). Sign-in, sessions and lockout
 * are built on these in web/.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { z } from 'zod';
import { AdminInputError, audit } from './admin';
import type { StoreDb } from './db/types';
import { newId } from './ids';

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

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const key = await scryptAsync(password, salt, KEY_LENGTH, { ...SCRYPT, maxmem: MAX_MEM });
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64'), key.toString('base64')].join('$');
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

/** Why a password is refused, in words for the person choosing it; null when it is acceptable. */
export function passwordProblem(password: string, username: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH)
    return `a password has at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH)
    return `a password has at most ${MAX_PASSWORD_LENGTH} characters`;
  if (new Set(password).size < 4) return 'a password uses at least 4 different characters';
  if (username.length > 0 && password.toLowerCase().includes(username.toLowerCase()))
    return 'a password must not contain the username';
  return null;
}

const createUserSchema = z
  .object({
    username: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9._@-]{2,64}$/, 'username: 2 to 64 letters, digits, . _ @ or -'),
    displayName: z.string().trim().min(1, 'name is required').max(80, 'name is at most 80 characters'),
    role: z.enum(['store_manager', 'head_office'], { error: 'role: store_manager or head_office' }),
    storeId: z.string().trim().min(1).max(64).optional(),
    password: z.string(),
    by: z.string().trim().min(1).max(80).default('admin'),
  })
  .refine((u) => u.role === 'head_office' || u.storeId !== undefined, {
    message: 'a store manager needs a store (--store ID)',
  })
  .refine((u) => u.role === 'store_manager' || u.storeId === undefined, {
    message: 'head office sees the whole chain: give no store',
  });

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
    const issue = r.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    throw new AdminInputError(`${where}${issue?.message ?? 'invalid input'}`);
  }
  const u = r.data;
  const problem = passwordProblem(u.password, u.username);
  if (problem) throw new AdminInputError(problem);
  const hash = await hashPassword(u.password);
  const userId = newId('us');
  return db.transaction(async (tx) => {
    if (u.storeId !== undefined) {
      const store = await tx.query('SELECT 1 FROM stores WHERE id = $1', [u.storeId]);
      if (store.rows.length === 0) throw new AdminInputError(`no store with id ${u.storeId}`);
    }
    const taken = await tx.query('SELECT 1 FROM users WHERE username = $1', [u.username]);
    if (taken.rows.length > 0) throw new AdminInputError(`the username "${u.username}" is taken`);
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
