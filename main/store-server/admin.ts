/**
 * What a manager or head office does to the chain's shape: stores (each with its own Omipay merchant), tills and
 * their one-time enrolment codes, revocation. Shared by the CLI and the web pages. Every action checks its input
 * first (a clear error, nothing written), runs in one transaction and leaves a row in audit_log. A merchant
 * secret is sealed with the server's key before it reaches the database and is never returned.
 */
import { z } from 'zod';
import type { Sql, StoreDb } from './db/types';
import { newEnrolCode, newId, oneTimeCodeHash } from './ids';
import type { SecretSealer } from './secret-seal';

export class AdminInputError extends Error {
  override readonly name = 'AdminInputError';
}

/** A code asked for under the name of a till that exists: the page offers to reinstate a revoked one. */
export class TillNameTakenError extends AdminInputError {
  constructor(
    readonly tillId: string,
    readonly tillName: string,
    readonly revoked: boolean,
  ) {
    super(
      revoked
        ? `this store already has a till named "${tillName}" and it is revoked: reinstate it (till reinstate ${tillId}) or choose another name`
        : `this store already has a till named "${tillName}": choose another name`,
    );
  }
}

export const DEFAULT_ENROL_CODE_TTL_MS = 24 * 60 * 60 * 1000;
const MIN_ENROL_CODE_TTL_MS = 60 * 1000;
const MAX_ENROL_CODE_TTL_MS = 30 * 24 * 60 * 60 * 1000;
const DEFAULT_ACTOR = 'admin';

const name80 = (what: string) =>
  z
    .string({ error: `${what} is required` })
    .trim()
    .min(1, `${what} is required`)
    .max(80, `${what} is at most 80 characters`);
const merchantNo = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9]{1,32}$/, 'merchant number: 1 to 32 letters or digits');
const merchantSecret = z
  .string()
  .trim()
  .regex(/^[\x21-\x7e]{1,128}$/, 'merchant secret: 1 to 128 printable characters, no spaces');
const timeZone = z
  .string()
  .trim()
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'time zone: an IANA name such as Australia/Sydney');
const actor = z.string().trim().min(1).max(80).default(DEFAULT_ACTOR);
const id = z.string().trim().min(1, 'id is required').max(64);

function parse<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const r = schema.safeParse(input);
  if (!r.success) {
    const issue = r.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    throw new AdminInputError(`${where}${issue?.message ?? 'invalid input'}`);
  }
  return r.data;
}

/** Where each kind of one-time code is kept and whose it is: only these constant names reach the SQL. */
const ONE_TIME_CODES = {
  enrol: { table: 'enrol_codes', owner: 'till_id' },
  staffPin: { table: 'staff_pin_codes', owner: 'staff_id' },
} as const;

/** Keeps a one-time code by its hash only: the code itself is shown once and never stored. */
export async function storeOneTimeCode(
  tx: Sql,
  kind: keyof typeof ONE_TIME_CODES,
  c: { ownerId: string; code: string; by: string; now: number; expiresAt: number },
): Promise<void> {
  const { table, owner } = ONE_TIME_CODES[kind];
  await tx.query(
    `INSERT INTO ${table} (code_hash, ${owner}, created_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
    [oneTimeCodeHash(c.code), c.ownerId, c.by, c.now, c.expiresAt],
  );
}

export async function audit(
  tx: Sql,
  at: number,
  who: string,
  action: string,
  detail: Record<string, unknown>,
): Promise<void> {
  await tx.query('INSERT INTO audit_log (at, actor, action, detail) VALUES ($1, $2, $3, $4::jsonb)', [
    at,
    who,
    action,
    JSON.stringify(detail),
  ]);
}

// ── stores ───────────────────────────────────────────────────────────────────────────────────────────────────

const createStoreSchema = z
  .object({
    name: name80('store name'),
    merchantNo: merchantNo.optional(),
    merchantSecret: merchantSecret.optional(),
    timeZone: timeZone.optional(),
    by: actor,
  })
  .refine((s) => (s.merchantNo === undefined) === (s.merchantSecret === undefined), {
    message: 'merchant number and merchant secret go together: give both or neither',
  });

export interface CreateStoreInput {
  name: string;
  merchantNo?: string;
  merchantSecret?: string;
  timeZone?: string;
  /** Who did it, for the audit log (default 'admin'). */
  by?: string;
}

export async function createStore(
  db: StoreDb,
  input: CreateStoreInput,
  sealer: SecretSealer,
  now: number,
): Promise<{ id: string; name: string }> {
  const s = parse(createStoreSchema, input);
  const storeId = newId('st');
  const sealed = s.merchantSecret === undefined ? null : sealer.seal(s.merchantSecret);
  return db.transaction(async (tx) => {
    const taken = await tx.query('SELECT 1 FROM stores WHERE name = $1', [s.name]);
    if (taken.rows.length > 0) throw new AdminInputError(`a store named "${s.name}" already exists`);
    await tx.query(
      `INSERT INTO stores (id, name, merchant_no, merchant_secret_enc, time_zone, created_at)
       VALUES ($1, $2, $3, $4, coalesce($5, 'Australia/Sydney'), $6)`,
      [storeId, s.name, s.merchantNo ?? null, sealed, s.timeZone ?? null, now],
    );
    await audit(tx, now, s.by, 'store_add', {
      storeId,
      name: s.name,
      merchantNo: s.merchantNo ?? null,
      timeZone: s.timeZone ?? null,
    });
    return { id: storeId, name: s.name };
  });
}

const setMerchantSchema = z.object({
  storeId: id,
  merchantNo,
  merchantSecret,
  by: actor,
});

export async function setStoreMerchant(
  db: StoreDb,
  input: { storeId: string; merchantNo: string; merchantSecret: string; by?: string },
  sealer: SecretSealer,
  now: number,
): Promise<void> {
  const s = parse(setMerchantSchema, input);
  const sealed = sealer.seal(s.merchantSecret);
  await db.transaction(async (tx) => {
    const r = await tx.query('UPDATE stores SET merchant_no = $2, merchant_secret_enc = $3 WHERE id = $1', [
      s.storeId,
      s.merchantNo,
      sealed,
    ]);
    if (r.rowCount === 0) throw new AdminInputError(`no store with id ${s.storeId}`);
    await audit(tx, now, s.by, 'store_merchant_set', { storeId: s.storeId, merchantNo: s.merchantNo });
  });
}

export interface StoreSummary {
  id: string;
  name: string;
  merchantNo: string | null;
  hasMerchantSecret: boolean;
  timeZone: string;
  createdAt: number;
  tills: number;
}

export async function listStores(db: Sql): Promise<StoreSummary[]> {
  const { rows } = await db.query<{
    id: string;
    name: string;
    merchant_no: string | null;
    has_secret: boolean;
    time_zone: string;
    created_at: number;
    tills: number;
  }>(
    `SELECT s.id, s.name, s.merchant_no, s.merchant_secret_enc IS NOT NULL AS has_secret, s.time_zone,
            s.created_at, (SELECT count(*) FROM tills t WHERE t.store_id = s.id AND t.revoked_at IS NULL) AS tills
       FROM stores s ORDER BY s.name`,
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    merchantNo: r.merchant_no,
    hasMerchantSecret: r.has_secret,
    timeZone: r.time_zone,
    createdAt: r.created_at,
    tills: r.tills,
  }));
}

// ── tills ────────────────────────────────────────────────────────────────────────────────────────────────────

const enrolCodeInputSchema = z.object({
  storeId: id,
  tillName: name80('till name'),
  createdBy: z.string().trim().min(1, 'createdBy is required').max(80),
  ttlMs: z
    .number()
    .int()
    .min(MIN_ENROL_CODE_TTL_MS, 'a code lives at least a minute')
    .max(MAX_ENROL_CODE_TTL_MS, 'a code lives at most 30 days')
    .default(DEFAULT_ENROL_CODE_TTL_MS),
});

/**
 * A one-time code that enrols one till (created here, un-enrolled, with its name). Asking again for a till that
 * has not enrolled yet (its code expired or was lost) gives a new code for the same till and voids the old one.
 */
export async function createEnrolCode(
  db: StoreDb,
  input: { storeId: string; tillName: string; createdBy: string; ttlMs?: number },
  now: number,
): Promise<{ code: string; tillId: string; expiresAt: number }> {
  const s = parse(enrolCodeInputSchema, input);
  const code = newEnrolCode();
  const expiresAt = now + s.ttlMs;
  return db.transaction(async (tx) => {
    const store = await tx.query('SELECT 1 FROM stores WHERE id = $1', [s.storeId]);
    if (store.rows.length === 0) throw new AdminInputError(`no store with id ${s.storeId}`);
    const existing = await tx.query<{ id: string; enrolled_at: number | null; revoked_at: number | null }>(
      'SELECT id, enrolled_at, revoked_at FROM tills WHERE store_id = $1 AND name = $2 FOR UPDATE',
      [s.storeId, s.tillName],
    );
    let tillId: string;
    const prior = existing.rows[0];
    if (prior) {
      if (prior.revoked_at !== null || prior.enrolled_at !== null)
        throw new TillNameTakenError(prior.id, s.tillName, prior.revoked_at !== null);
      tillId = prior.id;
      await tx.query('UPDATE enrol_codes SET used_at = $2 WHERE till_id = $1 AND used_at IS NULL', [
        tillId,
        now,
      ]);
    } else {
      tillId = newId('tl');
      await tx.query('INSERT INTO tills (id, store_id, name, created_at) VALUES ($1, $2, $3, $4)', [
        tillId,
        s.storeId,
        s.tillName,
        now,
      ]);
    }
    await storeOneTimeCode(tx, 'enrol', { ownerId: tillId, code, by: s.createdBy, now, expiresAt });
    await audit(tx, now, s.createdBy, 'till_code', {
      storeId: s.storeId,
      tillId,
      tillName: s.tillName,
      expiresAt,
    });
    return { code, tillId, expiresAt };
  });
}

/** Refused on every till call from now on (403 revoked); its open link is closed at the next heartbeat. */
export async function revokeTill(
  db: StoreDb,
  tillId: string,
  by: string,
  now: number,
  source: string | null = null,
): Promise<void> {
  const s = parse(z.object({ tillId: id, by: actor }), { tillId, by });
  await db.transaction(async (tx) => {
    const r = await tx.query<{ revoked_at: number | null }>(
      'SELECT revoked_at FROM tills WHERE id = $1 FOR UPDATE',
      [s.tillId],
    );
    const till = r.rows[0];
    if (!till) throw new AdminInputError(`no till with id ${s.tillId}`);
    if (till.revoked_at !== null) throw new AdminInputError(`till ${s.tillId} is already revoked`);
    await tx.query('UPDATE tills SET revoked_at = $2 WHERE id = $1', [s.tillId, now]);
    await tx.query('UPDATE enrol_codes SET used_at = $2 WHERE till_id = $1 AND used_at IS NULL', [
      s.tillId,
      now,
    ]);
    await audit(tx, now, s.by, 'till_revoke', { tillId: s.tillId, source });
  });
}

export interface TillSummary {
  id: string;
  storeId: string;
  storeName: string;
  name: string;
  posNo: string | null;
  enrolledAt: number | null;
  revoked: boolean;
  revokedAt: number | null;
  lastSeenAt: number | null;
  lastSeq: number;
  /** Records kept but not projected (a newer schema version, or data this server could not read). */
  unprojected: number;
  /** Records refused at ingest for naming another store's till (kept, never projected). */
  refused: number;
  createdAt: number;
}

export async function listTills(db: Sql, storeId?: string): Promise<TillSummary[]> {
  const { rows } = await db.query<{
    id: string;
    store_id: string;
    store_name: string;
    name: string;
    pos_no: string | null;
    enrolled_at: number | null;
    revoked_at: number | null;
    last_seen_at: number | null;
    last_seq: number;
    unprojected: number;
    refused_records: number;
    created_at: number;
  }>(
    `SELECT t.id, t.store_id, s.name AS store_name, t.name, t.pos_no, t.enrolled_at, t.revoked_at,
            t.last_seen_at, t.last_seq, t.created_at, t.refused_records,
            (SELECT count(*) FROM till_records r WHERE r.till_id = t.id AND NOT r.projected) AS unprojected
       FROM tills t JOIN stores s ON s.id = t.store_id
      WHERE $1::text IS NULL OR t.store_id = $1
      ORDER BY s.name, t.name`,
    [storeId ?? null],
  );
  return rows.map((r) => ({
    id: r.id,
    storeId: r.store_id,
    storeName: r.store_name,
    name: r.name,
    posNo: r.pos_no,
    enrolledAt: r.enrolled_at,
    revoked: r.revoked_at !== null,
    revokedAt: r.revoked_at,
    lastSeenAt: r.last_seen_at,
    lastSeq: r.last_seq,
    unprojected: r.unprojected,
    refused: Number(r.refused_records),
    createdAt: r.created_at,
  }));
}
