import { expect, it, vi } from 'vitest';
import { MAX_PUSH_BATCH, MAX_PUSH_BYTES } from '../../main/shared/store-link-protocol';
import {
  call,
  describeOnBothDatabases,
  enrolTill,
  eventRecords,
  push,
  records,
  saleRow,
  serversPerTest,
  type Started,
} from '../helpers/store-server';

// PGlite starts a fresh database per test; on a shared two-core machine that alone can take many seconds.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

async function storedSeqs(s: Started, tillId: string): Promise<number[]> {
  const { rows } = await s.server.db.query<{ seq: number }>(
    'SELECT seq FROM till_records WHERE till_id = $1 ORDER BY seq',
    [tillId],
  );
  return rows.map((r) => r.seq);
}

const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

describeOnBothDatabases('store server: replication push', (target) => {
  const servers = serversPerTest(target);

  it('stores a batch once: the same batch twice, and overlapping batches, leave each seq once', async () => {
    const s = await servers.withStore();
    const till = await enrolTill(s, 'Counter 1', 'P1');
    const batch = eventRecords(1, 20);
    expect(await push(s, till, batch)).toEqual({ status: 200, body: { lastSeq: 20 } });
    expect(await push(s, till, batch)).toEqual({ status: 200, body: { lastSeq: 20 } });
    expect(await push(s, till, eventRecords(11, 20))).toEqual({ status: 200, body: { lastSeq: 30 } });
    expect(await push(s, till, eventRecords(25, 10))).toEqual({ status: 200, body: { lastSeq: 34 } });
    expect(await storedSeqs(s, till.tillId)).toEqual(range(1, 34));
    const cursor = await call(s.server, 'GET', '/cursor', { credential: till.credential });
    expect(cursor.body.lastSeq).toBe(34);
  });

  it('refuses a gap or a batch out of order with 409 and the lastSeq to resume from, storing nothing', async () => {
    const s = await servers.withStore();
    const till = await enrolTill(s, 'Counter 1', 'P1');
    expect((await push(s, till, eventRecords(1, 5))).status).toBe(200);
    expect(await push(s, till, eventRecords(7, 3))).toMatchObject({
      status: 409,
      body: { error: 'gap', lastSeq: 5 },
    });
    const shuffled = eventRecords(6, 3).reverse();
    expect(await push(s, till, shuffled)).toMatchObject({ status: 409, body: { error: 'gap', lastSeq: 5 } });
    const doubled = [...eventRecords(6, 2), ...eventRecords(7, 1)];
    expect(await push(s, till, doubled)).toMatchObject({ status: 409, body: { error: 'gap', lastSeq: 5 } });
    expect(await storedSeqs(s, till.tillId)).toEqual(range(1, 5));
    expect(await push(s, till, eventRecords(6, 4))).toEqual({ status: 200, body: { lastSeq: 9 } });
  });

  it('tells a till ahead of a restored server where to resume, and takes the records again', async () => {
    const s = await servers.withStore();
    const till = await enrolTill(s, 'Counter 1', 'P1');
    const all = records(1, [
      ['sale', 's1', saleRow('s1', 'open')],
      ...eventRecords(2, 8).map(
        (r) => [r.entity, r.entityId, r.data] as [string, string, Record<string, unknown>],
      ),
      ['sale', 's1', saleRow('s1', 'paid', { updated_at: Date.UTC(2026, 11, 1, 1, 5) })],
    ]);
    expect(await push(s, till, all)).toEqual({ status: 200, body: { lastSeq: 10 } });
    // Stand-in for restoring an older backup: the server's database loses everything after seq 4.
    await s.server.db.transaction(async (tx) => {
      await tx.query('DELETE FROM till_records WHERE till_id = $1 AND seq > 4', [till.tillId]);
      await tx.query("UPDATE sales SET status = 'open', src_seq = 1 WHERE till_id = $1", [till.tillId]);
      await tx.query('UPDATE tills SET last_seq = 4 WHERE id = $1', [till.tillId]);
    });
    // The till believes the server has 10 and sends 11…: told 4, it rewinds.
    const ahead = await push(s, till, eventRecords(11, 2));
    expect(ahead).toMatchObject({ status: 409, body: { error: 'gap', lastSeq: 4 } });
    const cursor = await call(s.server, 'GET', '/cursor', { credential: till.credential });
    expect(cursor.body.lastSeq).toBe(4);
    expect(await push(s, till, [...all.slice(4), ...eventRecords(11, 2)])).toEqual({
      status: 200,
      body: { lastSeq: 12 },
    });
    expect(await storedSeqs(s, till.tillId)).toEqual(range(1, 12));
    const sale = await s.server.db.query<{ status: string; src_seq: number }>(
      'SELECT status, src_seq FROM sales WHERE till_id = $1',
      [till.tillId],
    );
    expect(sale.rows).toEqual([{ status: 'paid', src_seq: 10 }]);
  });

  it('serialises concurrent pushes of one till: each record is stored once', async () => {
    const s = await servers.withStore();
    const till = await enrolTill(s, 'Counter 1', 'P1');
    const answers = await Promise.all([
      push(s, till, eventRecords(1, 50)),
      push(s, till, eventRecords(1, 50)),
      push(s, till, eventRecords(1, 80)),
      push(s, till, eventRecords(1, 50)),
    ]);
    for (const a of answers) expect(a.status).toBe(200);
    expect(await storedSeqs(s, till.tillId)).toEqual(range(1, 80));
  });

  it('refuses hostile pushes (oversized, wrong types, too many records, not JSON) and stores nothing', async () => {
    const s = await servers.withStore();
    const till = await enrolTill(s, 'Counter 1', 'P1');
    const big = JSON.stringify({ records: eventRecords(1, 1), pad: 'x'.repeat(MAX_PUSH_BYTES) });
    expect(
      await call(s.server, 'POST', '/events', { credential: till.credential, rawBody: big }),
    ).toMatchObject({
      status: 413,
      body: { error: 'invalid_request' },
    });
    const wrong = [
      { records: [{ ...eventRecords(1, 1)[0], seq: '1' }] },
      { records: [{ ...eventRecords(1, 1)[0], seq: 1.5 }] },
      { records: [{ ...eventRecords(1, 1)[0], op: 'delete' }] },
      { records: [{ ...eventRecords(1, 1)[0], data: 'text' }] },
      { records: [{ ...eventRecords(1, 1)[0], entityId: 'x'.repeat(65) }] },
      { records: [] },
      { records: eventRecords(1, MAX_PUSH_BATCH + 1) },
      [1, 2, 3],
    ];
    for (const body of wrong) {
      expect(await call(s.server, 'POST', '/events', { credential: till.credential, body })).toMatchObject({
        status: 400,
        body: { error: 'invalid_request' },
      });
    }
    expect(
      await call(s.server, 'POST', '/events', { credential: till.credential, rawBody: '{"records": [' }),
    ).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
    expect(
      await call(s.server, 'POST', '/events', {
        credential: till.credential,
        rawBody: JSON.stringify({ records: eventRecords(1, 1) }),
        contentType: 'text/plain',
      }),
    ).toMatchObject({ status: 415 });
    expect(await storedSeqs(s, till.tillId)).toEqual([]);
    // The till is not stuck: a good push goes through.
    expect(await push(s, till, eventRecords(1, MAX_PUSH_BATCH))).toEqual({
      status: 200,
      body: { lastSeq: MAX_PUSH_BATCH },
    });
  });
});
