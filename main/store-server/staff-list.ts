/**
 * The staff list a till pulls (GET /api/till/v1/people, its credential): the people of its own store only, with
 * their PIN hash so the till checks PINs offline (none for a disabled person), never anything of another store.
 * Its ETag is the hash of the list itself, so a till asking with If-None-Match gets 304 while nothing changed,
 * and any change — a person added, edited, disabled, taken off the store, a PIN set — is a new list. After each
 * change the tills of the stores concerned are told over their link ("people-changed") and pull at once; a till
 * whose link is down pulls on its timer (every 30 s), so a disabled person is refused within a minute.
 */
import type { PeopleResponse, ServerPersonWire } from '../shared/store-link-protocol';
import type { Sql } from './db/types';
import type { StoreServerContext } from './http/router';
import { sha256Hex } from './ids';

export async function staffListForStore(
  db: Sql,
  storeId: string,
): Promise<{ body: PeopleResponse; etag: string }> {
  const r = await db.query<{
    id: string;
    name: string;
    role: ServerPersonWire['role'];
    pin_hash: string | null;
    disabled_at: number | null;
    rev: number;
  }>(
    `SELECT f.id, f.name, f.role, f.pin_hash, f.disabled_at, f.rev
       FROM staff f JOIN staff_stores x ON x.staff_id = f.id
      WHERE x.store_id = $1 ORDER BY f.id`,
    [storeId],
  );
  const people: ServerPersonWire[] = r.rows.map((p) => ({
    id: p.id,
    name: p.name,
    role: p.role,
    pinHash: p.disabled_at === null ? p.pin_hash : null,
    disabledAt: p.disabled_at === null ? null : Number(p.disabled_at),
    rev: Number(p.rev),
  }));
  const body: PeopleResponse = { rev: Math.max(0, ...people.map((p) => p.rev)), people };
  return { body, etag: `"${sha256Hex(JSON.stringify(body)).slice(0, 32)}"` };
}

/** Tells every linked till of `storeIds` to pull the list now (fire and forget: the timer catches a miss). */
export async function tellTillsPeopleChanged(
  ctx: Pick<StoreServerContext, 'db' | 'links'>,
  storeIds: readonly string[],
): Promise<number> {
  if (storeIds.length === 0) return 0;
  const r = await ctx.db.query<{ id: string }>(
    'SELECT id FROM tills WHERE store_id = ANY($1::text[]) AND revoked_at IS NULL',
    [storeIds],
  );
  let sent = 0;
  for (const { id } of r.rows) if (ctx.links.send(id, { type: 'people-changed' })) sent += 1;
  return sent;
}
