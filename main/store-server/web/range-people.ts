/**
 * The person dimension of the range reports: who served a sale (sales.served_by) or asked for a refund
 * (refunds.requested_by), named from the tills' replicated people (till_people). A person made on the server
 * (source 'server', a staff id) is one person at every till; a person made at a till (its built-in Manager,
 * Cashier, or anyone added there) is that till's only, so two tills' "Manager" stay two lines. The key a page
 * carries is the staff id, or `<till id>/<person id>` for a till's own person.
 */
import type { Sql } from '../db/types';
import type { Scope } from './queries';

export interface PersonChoice {
  key: string;
  name: string;
  /** The till a till's own person belongs to (null for the chain's staff). */
  tillId: string | null;
  tillName: string | null;
}

/** The filter a key stands for: a person id, held to one till for a till's own person. */
export interface PersonFilter {
  personId: string;
  tillId: string | null;
}

export function keyOf(source: string, tillId: string, personId: string): string {
  return source === 'server' ? personId : `${tillId}/${personId}`;
}

/** Everyone who appears at the tills in the scope, by key, named as their till last sent them. */
export async function peopleInScope(db: Sql, scope: Scope): Promise<Map<string, PersonChoice>> {
  const params: unknown[] = [];
  let where = 'true';
  if (scope.storeId !== null) where += ` AND p.store_id = $${params.push(scope.storeId)}`;
  if (scope.tillId !== null) where += ` AND p.till_id = $${params.push(scope.tillId)}`;
  const { rows } = await db.query<{
    till_id: string;
    person_id: string;
    name: string;
    source: string;
    till_name: string;
  }>(
    `SELECT p.till_id, p.person_id, p.name, p.source, t.name AS till_name
       FROM till_people p JOIN tills t ON t.id = p.till_id
      WHERE ${where}
      ORDER BY p.src_seq`,
    params,
  );
  const out = new Map<string, PersonChoice>();
  for (const r of rows) {
    const server = r.source === 'server';
    const key = keyOf(r.source, r.till_id, r.person_id);
    out.set(key, {
      key,
      name: r.name,
      tillId: server ? null : r.till_id,
      tillName: server ? null : r.till_name,
    });
  }
  return new Map([...out.entries()].sort((a, b) => a[1].name.localeCompare(b[1].name)));
}

export function personFilterOf(key: string): PersonFilter {
  const slash = key.indexOf('/');
  return slash < 0
    ? { personId: key, tillId: null }
    : { tillId: key.slice(0, slash), personId: key.slice(slash + 1) };
}
