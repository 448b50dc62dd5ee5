/**
 * The till API of a store server spoken by hand over real HTTP: enrol a till with a code, push records crafted
 * in the journal's row shape (records.ts).
 */
import type { StoreServerHandle } from '../../../main/store-server/server';
import { TILL_API_PREFIX, type ReplicatedRecord } from '../../../main/shared/store-link-protocol';
import { enrolCode, type Started } from './server';

export async function call(
  server: StoreServerHandle,
  method: 'GET' | 'POST',
  path: string,
  o: { credential?: string; body?: unknown; rawBody?: string; contentType?: string } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const headers: Record<string, string> = {};
  if (o.credential) headers.authorization = `Bearer ${o.credential}`;
  let body: string | undefined;
  if (o.rawBody !== undefined) body = o.rawBody;
  else if (o.body !== undefined) body = JSON.stringify(o.body);
  if (body !== undefined) headers['content-type'] = o.contentType ?? 'application/json';
  const res = await fetch(`${server.url}${TILL_API_PREFIX}${path}`, {
    method,
    headers,
    ...(body !== undefined ? { body } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

export interface EnrolledTill {
  tillId: string;
  credential: string;
  posNo: string;
}

export async function enrolTill(s: Started, tillName: string, posNo: string): Promise<EnrolledTill> {
  const code = await enrolCode(s.server, s.storeId, tillName, s.clock.now);
  const r = await call(s.server, 'POST', '/enrol', { body: { code, posNo } });
  if (r.status !== 200) throw new Error(`enrol failed: ${r.status} ${JSON.stringify(r.body)}`);
  return { tillId: r.body.tillId as string, credential: r.body.credential as string, posNo };
}

export function push(s: Started, till: EnrolledTill, records: ReplicatedRecord[]) {
  return call(s.server, 'POST', '/events', { credential: till.credential, body: { records } });
}
