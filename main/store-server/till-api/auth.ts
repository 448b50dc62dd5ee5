/**
 * Who is calling: every till call carries `Authorization: Bearer <credential>`, the secret handed out once at
 * enrolment; the server keeps only its sha256. A revoked till is told so (403, so it stops retrying and says
 * why); anything else unknown gets 401. last_seen_at is written at most once a minute per till, so a busy till
 * does not pay an extra UPDATE on every push.
 */
import type { IncomingMessage } from 'node:http';
import type { Sql } from '../db/types';
import { HttpError, type StoreServerContext } from '../http/router';
import { sha256Hex } from '../ids';

export interface AuthenticatedTill {
  tillId: string;
  storeId: string;
  tillName: string;
  storeName: string;
  posNo: string;
}

const LAST_SEEN_EVERY_MS = 60_000;
const CREDENTIAL = /^[A-Za-z0-9_-]{32,128}$/;

export function bearerCredential(req: IncomingMessage): string | null {
  const h = req.headers.authorization;
  if (typeof h !== 'string') return null;
  const m = /^Bearer ([^\s]+)$/i.exec(h.trim());
  return m && CREDENTIAL.test(m[1]!) ? m[1]! : null;
}

export type CredentialLookup = AuthenticatedTill | 'revoked' | 'unknown';

export async function tillForCredential(db: Sql, credential: string | null): Promise<CredentialLookup> {
  if (credential === null) return 'unknown';
  const { rows } = await db.query<{
    id: string;
    store_id: string;
    name: string;
    store_name: string;
    pos_no: string | null;
    revoked_at: number | null;
  }>(
    `SELECT t.id, t.store_id, t.name, s.name AS store_name, t.pos_no, t.revoked_at
       FROM tills t JOIN stores s ON s.id = t.store_id WHERE t.credential_hash = $1`,
    [sha256Hex(credential)],
  );
  const t = rows[0];
  if (!t || t.pos_no === null) return 'unknown';
  if (t.revoked_at !== null) return 'revoked';
  return { tillId: t.id, storeId: t.store_id, tillName: t.name, storeName: t.store_name, posNo: t.pos_no };
}

/** When each till's last_seen_at was last written by this process. */
const lastSeenWritten = new Map<string, number>();

export async function touchLastSeen(db: Sql, tillId: string, now: number): Promise<void> {
  const prev = lastSeenWritten.get(tillId);
  if (prev !== undefined && now - prev < LAST_SEEN_EVERY_MS && now >= prev) return;
  lastSeenWritten.set(tillId, now);
  await db.query('UPDATE tills SET last_seen_at = greatest(coalesce(last_seen_at, 0), $2) WHERE id = $1', [
    tillId,
    now,
  ]);
}

/** The enrolled, unrevoked till making this request, or an HttpError (401 unauthorized / 403 revoked). */
export async function authenticateTill(
  ctx: Pick<StoreServerContext, 'db' | 'now'>,
  req: IncomingMessage,
): Promise<AuthenticatedTill> {
  const found = await tillForCredential(ctx.db, bearerCredential(req));
  if (found === 'revoked')
    throw new HttpError(403, { error: 'revoked', detail: 'this till was revoked on the server' });
  if (found === 'unknown') throw new HttpError(401, { error: 'unauthorized' });
  await touchLastSeen(ctx.db, found.tillId, ctx.now());
  return found;
}
