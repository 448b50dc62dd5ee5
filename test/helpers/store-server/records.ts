/**
 * Journal rows and replication records crafted by hand, in the shape a till's outbox sends them
 * (docs/store-server.md): what a test pushes when no real till is needed.
 */
import type { ReplicatedRecord } from '../../../main/shared/store-link-protocol';

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

/** Session 1 of 2026-12-01, opened at T0 and still open unless `over` closes it. */
export function sessionRow(over: Record<string, unknown> = {}) {
  return {
    id: 1,
    business_date: '2026-12-01',
    seq: 1,
    opened_at: T0,
    closed_at: null,
    report: null,
    unresolved_count: null,
    forced: 0,
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
