/**
 * The replication outbox (journal migration 6) in a real journal file: every write path leaves exactly one
 * record with the row as it is, the payment code never leaves, an upgraded journal back-fills its history and
 * the outbox itself refuses to change.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openJournal } from '../../main/journal/journal';
import { MIGRATIONS, migrate } from '../../main/journal/migrations';
import type { Journal, OutboxRecord } from '../../main/journal/types';
import { replicatedRecordSchema, REPLICATION_SCHEMA_VERSION } from '../../main/shared/store-link-protocol';
import {
  localTime,
  openSale,
  paidSale,
  sessionAndSaleSql,
  startAttempt,
  tempDir,
} from '../unit/journal/fixtures';

let root: string;
let dir: string;
let j: Journal;
beforeEach(() => {
  root = tempDir();
  dir = join(root, 'data');
  j = openJournal({ dir, timeZone: 'Australia/Sydney' });
});
afterEach(() => {
  j.close();
  rmSync(root, { recursive: true, force: true });
});

const at = (time: string) => localTime('2024-05-01', time);

/** What one call wrote to the outbox. */
function written(fn: () => unknown): OutboxRecord[] {
  const before = j.outboxLastSeq();
  fn();
  return j.outboxAfter(before, 1000);
}

const TABLE_OF: Record<string, { table: string; key: string }> = {
  sale: { table: 'sales', key: 'id' },
  attempt: { table: 'attempts', key: 'id' },
  refund: { table: 'refunds', key: 'id' },
  session: { table: 'sessions', key: 'id' },
  sale_session: { table: 'sale_sessions', key: 'sale_id' },
  refund_session: { table: 'refund_sessions', key: 'refund_id' },
  event: { table: 'events', key: 'id' },
  person: { table: 'people', key: 'id' },
};

/** Columns migration 11 added to replicated tables. */
const ATTRIBUTION_COLUMNS = ['person_id', 'voided_by', 'requested_by', 'approved_by', 'closed_by'];

/** What a person's record carries: never the PIN or badge hash, nor the lockout. */
const PERSON_COLUMNS = ['id', 'name', 'role', 'disabled_at', 'source'];

/** The row as the outbox must carry it: every column but the payment code, a session's Z parsed. */
function rowNow(db: Database.Database, entity: string, entityId: string): Record<string, unknown> {
  const t = TABLE_OF[entity];
  if (!t) throw new Error(`unknown entity ${entity}`);
  const row = db.prepare(`SELECT * FROM ${t.table} WHERE ${t.key} = ?`).get(entityId) as Record<
    string,
    unknown
  >;
  if (entity === 'person') return Object.fromEntries(PERSON_COLUMNS.map((c) => [c, row[c]]));
  const { payment_code: _omitted, ...rest } = row;
  if (entity === 'session') rest.report = rest.report === null ? null : JSON.parse(String(rest.report));
  return rest;
}

/** The newest record of every entity equals its row now, column for column. */
function expectLatestRecordsEqualRows(): void {
  const all = j.outboxAfter(0, 10_000);
  const latest = new Map<string, OutboxRecord>();
  for (const r of all) latest.set(`${r.entity}:${r.entityId}`, r);
  const db = new Database(j.path, { readonly: true });
  try {
    for (const r of latest.values()) {
      const row = rowNow(db, r.entity, r.entityId);
      // A record written before migration 11 has no attribution columns: the row has them, still empty.
      for (const c of ATTRIBUTION_COLUMNS) if (!(c in r.data) && row[c] === null) delete row[c];
      expect(r.data, `${r.entity} ${r.entityId}`).toEqual(row);
    }
    for (const [entity, t] of Object.entries(TABLE_OF)) {
      const count = (db.prepare(`SELECT count(*) AS n FROM ${t.table}`).get() as { n: number }).n;
      expect(
        [...latest.values()].filter((r) => r.entity === entity),
        entity,
      ).toHaveLength(count);
    }
  } finally {
    db.close();
  }
}

describe('replication outbox', () => {
  it('a new sale writes its row, its session and its membership: one record each, in commit order', () => {
    const recs = written(() => openSale(j, { at: at('09:00'), id: 'S1', amountCents: 1250 }));
    expect(recs.map((r) => [r.entity, r.entityId, r.op])).toEqual([
      ['sale', 'S1', 'upsert'],
      ['session', '1', 'upsert'],
      ['sale_session', 'S1', 'upsert'],
    ]);
    expect(recs[0]?.data).toMatchObject({
      id: 'S1',
      amount_cents: 1250,
      status: 'open',
      created_at: at('09:00'),
    });
    expect(recs[0]?.at).toBe(at('09:00'));
    // A new journal's first record is its built-in cashier (migration 11).
    expect(recs.map((r) => r.seq)).toEqual([2, 3, 4]);
    for (const r of recs) {
      expect(r.v).toBe(REPLICATION_SCHEMA_VERSION);
      // Exactly the wire shape the server parses.
      expect(replicatedRecordSchema.parse(r)).toEqual(r);
    }
    expectLatestRecordsEqualRows();
  });

  it('every write path (sale, attempt, refund, session close, carry, event) leaves exactly one record per row change', () => {
    const sale = openSale(j, { at: at('09:00') });
    const attempt = written(() => startAttempt(j, sale, at('09:01')));
    // The attempt and the sale it put in progress.
    expect(attempt.map((r) => r.entity)).toEqual(['attempt', 'sale']);
    expect(attempt[1]?.data).toMatchObject({ status: 'in_progress', platform: 'WECHATPAY' });

    const attemptRow = j.listAttempts(sale.id)[0]!;
    const paid = written(() =>
      j.transaction(() => {
        j.updateAttempt(attemptRow.id, { status: 'paid', orderNo: 'OM1', payTime: at('09:02') }, at('09:02'));
        j.updateSale(sale.id, { status: 'paid', paidAttemptId: attemptRow.id }, at('09:02'));
      }),
    );
    expect(paid.map((r) => [r.entity, r.data.status])).toEqual([
      ['attempt', 'paid'],
      ['sale', 'paid'],
    ]);
    expect(paid[0]?.at).toBe(at('09:02'));

    const r = written(() =>
      j.createRefund({
        id: 'R1',
        saleId: sale.id,
        attemptId: attemptRow.id,
        orderNo: 'OM1',
        outRefundNo: j.nextOutRefundNo('POS01', at('10:00')),
        amountCents: 300,
        reason: 'customer request',
        status: 'submitting',
        createdAt: at('10:00'),
      }),
    );
    expect(r.map((x) => [x.entity, x.entityId])).toEqual([
      ['refund', 'R1'],
      ['refund_session', 'R1'],
    ]);
    expect(
      written(() => j.updateRefund('R1', { status: 'APPLIED' }, at('10:01'))).map((x) => x.entity),
    ).toEqual(['refund']);

    const event = written(() =>
      j.appendEvent({
        at: at('10:02'),
        actor: 'manager',
        type: 'test.event',
        entity: 'sale',
        entityId: sale.id,
        data: { n: 1 },
      }),
    );
    expect(event).toHaveLength(1);
    expect(event[0]).toMatchObject({ entity: 'event', op: 'append', at: at('10:02') });
    expect(event[0]?.entityId).toBe(String(event[0]?.data.id));
    expect(event[0]?.data).toMatchObject({
      actor: 'manager',
      type: 'test.event',
      entity_id: sale.id,
      data: '{"n":1}',
    });

    const session = j.currentSession()!;
    const close = written(() => j.closeSession(session.id, at('12:00'), false));
    const closed = close.filter((x) => x.entity === 'session');
    expect(closed).toHaveLength(1);
    expect(closed[0]?.at).toBe(at('12:00'));
    // The frozen Z travels as JSON, not as text.
    expect(closed[0]?.data.report).toMatchObject({ kind: 'Z' });
    expect(typeof closed[0]?.data.report).toBe('object');

    // The refund settles after the Z: it is carried into the next session (one refund, one membership record).
    const carried = written(() => j.updateRefund('R1', { status: 'CLOSED' }, at('13:00')));
    expect(carried.map((x) => x.entity)).toEqual(['refund', 'session', 'refund_session']);
    expect(carried[2]?.data).toMatchObject({ refund_id: 'R1', session_id: 2, carried_from: 1 });

    expectLatestRecordsEqualRows();
  });

  it('never carries a payment code', () => {
    paidSale(j, { at: at('09:00') });
    const text = JSON.stringify(j.outboxAfter(0, 1000));
    expect(text).not.toContain('payment_code');
    expect(text).not.toContain('134567890123456789');
    const attempts = j.outboxAfter(0, 1000).filter((r) => r.entity === 'attempt');
    expect(attempts.length).toBeGreaterThan(0);
    for (const a of attempts) expect(Object.keys(a.data)).not.toContain('payment_code');
  });

  it('is append-only: the database itself refuses to change or delete a record', () => {
    paidSale(j, { at: at('09:00') });
    const db = new Database(j.path);
    try {
      expect(() => db.prepare('UPDATE replication_outbox SET data = ? WHERE seq = 1').run('{}')).toThrow(
        /outbox is append-only/,
      );
      expect(() => db.prepare('DELETE FROM replication_outbox WHERE seq = 1').run()).toThrow(
        /outbox is append-only/,
      );
      expect(() => db.prepare('DELETE FROM replication_outbox').run()).toThrow(/outbox is append-only/);
    } finally {
      db.close();
    }
    expect(j.outboxAfter(0, 1)[0]?.seq).toBe(1);
  });

  it('a write that rolls back leaves no record', () => {
    const before = j.outboxLastSeq();
    expect(() =>
      j.transaction(() => {
        openSale(j, { at: at('09:00'), id: 'ROLLED' });
        throw new Error('crash before commit');
      }),
    ).toThrow('crash before commit');
    expect(j.outboxLastSeq()).toBe(before);
  });

  it('pages by sequence, oldest first', () => {
    for (let i = 0; i < 5; i++) paidSale(j, { at: at('09:00') + i * 60_000 });
    const last = j.outboxLastSeq();
    const pages: number[] = [];
    let after = 0;
    for (;;) {
      const page = j.outboxAfter(after, 7);
      if (page.length === 0) break;
      pages.push(...page.map((r) => r.seq));
      after = page.at(-1)!.seq;
    }
    expect(pages).toEqual(Array.from({ length: last }, (_, i) => i + 1));
    expect(() => j.outboxAfter(-1, 7)).toThrow();
    expect(() => j.outboxAfter(0, 0)).toThrow();
  });
});

describe('upgrading to migration 6', () => {
  it('back-fills one record per existing row in created order, then records new changes after them', () => {
    j.close();
    const old = join(root, 'old');
    mkdirSync(old, { recursive: true });
    const path = join(old, 'journal.sqlite');
    const db = new Database(path);
    migrate(db, MIGRATIONS.slice(0, 5));
    db.close();
    // Write history with version-5 code paths: the journal API at version 5 is the same SQL minus the outbox.
    const v5 = new Database(path);
    v5.exec(`
      ${sessionAndSaleSql('in_progress')}
      INSERT INTO attempts (id, sale_id, seq, kind, out_order_no, payment_code, platform, status, created_at,
        updated_at, sale_created_at) VALUES ('A1', 'S1', 1, 'scan', 'POS012405010001', '134567890123456789',
        'WECHATPAY', 'paid', ${at('09:01')}, ${at('09:02')}, ${at('09:00')});
      UPDATE sales SET status = 'paid', paid_attempt_id = 'A1', paid_at = ${at('09:02')}, updated_at = ${at('09:02')}
        WHERE id = 'S1';
      INSERT INTO refunds (id, sale_id, attempt_id, order_no, out_refund_no, amount_cents, reason, status,
        created_at, updated_at, business_date) VALUES ('R1', 'S1', 'A1', 'OM1', 'POS01R1', 200, 'r', 'CLOSED',
        ${at('10:00')}, ${at('10:01')}, '2024-05-01');
      INSERT INTO refund_sessions (refund_id, session_id) VALUES ('R1', 1);
      INSERT INTO events (at, actor, type, entity, entity_id, data)
        VALUES (${at('09:00')}, 'cashier', 'sale.created', 'sale', 'S1', '{}');
      INSERT INTO events (at, actor, type, entity, entity_id, data)
        VALUES (${at('10:00')}, 'manager', 'refund.requested', 'refund', 'R1', '{"amountCents":200}');
    `);
    v5.close();

    j = openJournal({ dir: old, timeZone: 'Australia/Sydney' });
    const recs = j.outboxAfter(0, 1000);
    expect(recs.map((r) => [r.entity, r.entityId, r.op])).toEqual([
      ['session', '1', 'upsert'],
      ['sale', 'S1', 'upsert'],
      ['sale_session', 'S1', 'upsert'],
      ['event', '1', 'append'],
      ['attempt', 'A1', 'upsert'],
      ['refund', 'R1', 'upsert'],
      ['refund_session', 'R1', 'upsert'],
      ['event', '2', 'append'],
      // Migration 11, after the back-fill: the built-in cashier (no manager PIN was set, so no manager-1).
      ['person', 'counter', 'upsert'],
    ]);
    expect(recs.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // Each carries the row's latest state.
    expect(recs[1]?.data).toMatchObject({ status: 'paid', paid_attempt_id: 'A1' });
    expect(recs[1]?.at).toBe(at('09:02'));
    expect(JSON.stringify(recs)).not.toContain('134567890123456789');
    expectLatestRecordsEqualRows();

    // New writes continue the sequence.
    const next = written(() => openSale(j, { at: at('11:00'), id: 'S2' }));
    expect(next[0]?.seq).toBe(10);
    expectLatestRecordsEqualRows();
  });
});
