/**
 * A store server on one of the two databases, a store in it, and tills enrolled over real HTTP. Records are
 * crafted by hand here in the journal's row shape (docs/store-server.md); the till's own outbox drives the
 * cross-till tests.
 */
import pino from 'pino';
import { createEnrolCode, createStore } from '../../main/store-server/admin';
import { startStoreServer, type StoreServerHandle } from '../../main/store-server/server';
import { TILL_API_PREFIX, type ReplicatedRecord } from '../../main/shared/store-link-protocol';
import type { DatabaseTarget } from '../helpers/store-databases';

export const silentLog = pino({ level: 'silent' });

export interface Started {
  server: StoreServerHandle;
  storeId: string;
  clock: { now: number };
}

export async function startWithStore(
  target: DatabaseTarget,
  extra: { publicUrl?: string } = {},
): Promise<Started> {
  const clock = { now: Date.UTC(2026, 11, 1, 2, 0, 0) };
  const server = await startStoreServer({
    ...target.fresh(),
    log: silentLog,
    now: () => clock.now,
    env: {},
    ...(extra.publicUrl ? { publicUrl: extra.publicUrl } : {}),
  });
  const store = await createStore(server.db, { name: 'Main St' }, server.context.sealer, clock.now);
  return { server, storeId: store.id, clock };
}

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
  const { code } = await createEnrolCode(
    s.server.db,
    { storeId: s.storeId, tillName, createdBy: 'test' },
    s.clock.now,
  );
  const r = await call(s.server, 'POST', '/enrol', { body: { code, posNo } });
  if (r.status !== 200) throw new Error(`enrol failed: ${r.status} ${JSON.stringify(r.body)}`);
  return { tillId: r.body.tillId as string, credential: r.body.credential as string, posNo };
}

export function push(s: Started, till: EnrolledTill, records: ReplicatedRecord[]) {
  return call(s.server, 'POST', '/events', { credential: till.credential, body: { records } });
}

const T0 = Date.UTC(2026, 11, 1, 1, 0, 0);

export function saleRow(id: string, status = 'open', over: Record<string, unknown> = {}) {
  return {
    id,
    pos_no: 'P1',
    kind: 'scan',
    amount_cents: 1250,
    currency: 'AUD',
    order_name: 'Goods',
    platform: status === 'paid' ? 'WECHATPAY' : null,
    status,
    paid_attempt_id: status === 'paid' ? `${id}-a1` : null,
    created_at: T0,
    updated_at: T0 + 1000,
    paid_at: status === 'paid' ? T0 + 900 : null,
    business_date: '2026-12-01',
    status_reason: null,
    ...over,
  };
}

export function refundRow(
  id: string,
  saleId: string,
  status = 'submitting',
  over: Record<string, unknown> = {},
) {
  return {
    id,
    sale_id: saleId,
    attempt_id: `${saleId}-a1`,
    order_no: `ON-${saleId}`,
    out_refund_no: `R-${id}`,
    amount_cents: 500,
    reason: 'changed mind',
    status,
    refund_no: null,
    error_code: null,
    error_detail: null,
    refund_time: null,
    success_time: null,
    created_at: T0 + 5000,
    updated_at: T0 + 6000,
    last_checked_at: null,
    next_check_at: null,
    check_count: 0,
    business_date: '2026-12-01',
    ...over,
  };
}

/** Records numbered from `firstSeq`, one per [entity, entityId, data] (op from the entity). */
export function records(
  firstSeq: number,
  items: [entity: string, entityId: string, data: Record<string, unknown>, v?: number][],
): ReplicatedRecord[] {
  return items.map(([entity, entityId, data, v], i) => ({
    seq: firstSeq + i,
    v: v ?? 1,
    at: T0 + i,
    entity,
    entityId,
    op: entity === 'event' ? 'append' : 'upsert',
    data,
  }));
}

/** `n` consecutive event records from `firstSeq` (the simplest records there are). */
export function eventRecords(firstSeq: number, n: number): ReplicatedRecord[] {
  return records(
    firstSeq,
    Array.from({ length: n }, (_, i) => [
      'event',
      String(firstSeq + i),
      {
        id: firstSeq + i,
        at: T0 + i,
        actor: 'system',
        type: 'test',
        entity: 'sale',
        entity_id: null,
        data: {},
      },
    ]),
  );
}
