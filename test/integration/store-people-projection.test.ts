import { expect, it, vi } from 'vitest';
import {
  describeOnBothDatabases,
  enrolTill,
  newStore,
  push,
  records,
  refundRow,
  saleRow,
  serversPerTest,
  type Started,
} from '../helpers/store-server';
import { refundsCsv, salesCsv } from '../../main/store-server/web/csv';

// PGlite starts a fresh database per test; on a shared two-core machine that alone can take many seconds.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const person = (id: string, name: string, role: string, over: Record<string, unknown> = {}) => ({
  id,
  name,
  role,
  disabled_at: null,
  source: 'till',
  ...over,
});

/** RFC 4180 rows (quoted cells, doubled quotes) of a CSV document, as objects by its header, BOM dropped. */
function csvObjects(doc: string): Record<string, string>[] {
  const rows: string[][] = [[]];
  let cell = '';
  let quoted = false;
  const text = doc.replace(/^\uFEFF/, '');
  const endCell = () => {
    rows[rows.length - 1]!.push(cell.replace(/\r$/, ''));
    cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') quoted = !quoted;
    else if (quoted) cell += c;
    else if (c === ',') endCell();
    else if (c === '\n') {
      endCell();
      rows.push([]);
    } else cell += c;
  }
  if (cell !== '') rows[rows.length - 1]!.push(cell);
  const [header, ...body] = rows.filter((r) => r.length > 0);
  return body.map((r) => {
    expect(r).toHaveLength(header!.length);
    return Object.fromEntries(header!.map((h, i) => [h, r[i]!]));
  });
}

async function addStaff(s: Started, id: string, name: string, storeId: string): Promise<void> {
  await s.server.db.query(
    `INSERT INTO staff (id, name, role, created_at, updated_at) VALUES ($1, $2, 'cashier', $3, $3)`,
    [id, name, s.clock.now],
  );
  await s.server.db.query('INSERT INTO staff_stores (staff_id, store_id) VALUES ($1, $2)', [id, storeId]);
}

describeOnBothDatabases('store server: people and attribution', (target) => {
  const servers = serversPerTest(target);

  it('projects who took, voided and refunded each row, and each till’s people', async () => {
    const s = await servers.withStore();
    const till = await enrolTill(s, 'Counter 1', 'P1');
    await addStaff(s, 'sf_ann', 'Ann', s.storeId);
    const r = await push(
      s,
      till,
      records(1, [
        ['person', 'cashier-1', person('cashier-1', 'Bo Li', 'cashier')],
        ['person', 'manager-1', person('manager-1', 'Manager', 'manager')],
        ['person', 'sf_ann', person('sf_ann', 'Ann', 'cashier', { source: 'server' })],
        ['sale', 's1', saleRow('s1', 'paid', { person_id: 'cashier-1' })],
        ['sale', 's2', saleRow('s2', 'voided', { person_id: 'sf_ann', voided_by: 'manager-1' })],
        // A till from before people: no attribution, still projected.
        ['sale', 's3', saleRow('s3', 'paid')],
        [
          'refund',
          'r1',
          refundRow('r1', 's1', 'success', { requested_by: 'cashier-1', approved_by: 'manager-1' }),
        ],
        [
          'session',
          '1',
          {
            id: 1,
            business_date: '2026-12-01',
            seq: 1,
            opened_at: s.clock.now,
            closed_at: null,
            report: null,
            unresolved_count: null,
            forced: 0,
            closed_by: 'manager-1',
          },
        ],
        ['person', 'cashier-1', person('cashier-1', 'Bo Li', 'cashier', { disabled_at: 123 })],
      ]),
    );
    expect(r.status).toBe(200);
    const db = s.server.db;
    const sales = await db.query('SELECT id, served_by, voided_by FROM sales ORDER BY id');
    expect(sales.rows).toEqual([
      { id: 's1', served_by: 'cashier-1', voided_by: null },
      { id: 's2', served_by: 'sf_ann', voided_by: 'manager-1' },
      { id: 's3', served_by: null, voided_by: null },
    ]);
    const refunds = await db.query('SELECT requested_by, approved_by FROM refunds');
    expect(refunds.rows).toEqual([{ requested_by: 'cashier-1', approved_by: 'manager-1' }]);
    expect((await db.query('SELECT closed_by FROM sessions')).rows).toEqual([{ closed_by: 'manager-1' }]);
    const people = await db.query(
      'SELECT person_id, store_id, name, role, source, disabled_at FROM till_people ORDER BY person_id',
    );
    expect(people.rows).toEqual([
      {
        person_id: 'cashier-1',
        store_id: s.storeId,
        name: 'Bo Li',
        role: 'cashier',
        source: 'till',
        disabled_at: 123,
      },
      {
        person_id: 'manager-1',
        store_id: s.storeId,
        name: 'Manager',
        role: 'manager',
        source: 'till',
        disabled_at: null,
      },
      {
        person_id: 'sf_ann',
        store_id: s.storeId,
        name: 'Ann',
        role: 'cashier',
        source: 'server',
        disabled_at: null,
      },
    ]);
    const kept = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM till_records WHERE NOT projected',
    );
    expect(kept.rows[0]!.n).toBe(0);

    // The exports name the people as the till's CSV does, each cell under its own header.
    const day = { from: '2026-12-01', to: '2026-12-01' };
    const all = { storeId: null, tillId: null };
    const salesOut = csvObjects(await salesCsv(db, day, all));
    expect(salesOut.map((r) => [r.sale_id, r.served_by, r.till])).toEqual([
      ['s1', 'Bo Li', 'Counter 1'],
      ['s2', 'Ann', 'Counter 1'],
      ['s3', '', 'Counter 1'],
    ]);
    const refundsOut = csvObjects(await refundsCsv(db, day, all));
    expect(refundsOut.map((r) => [r.refund_id, r.requested_by, r.approved_by, r.till, r.sale_of])).toEqual([
      ['r1', 'Bo Li', 'Manager', 'Counter 1', 'own'],
    ]);
  });

  it('refuses a person record naming another store, its till, or another store’s staff, and moves on', async () => {
    const s = await servers.withStore();
    const other = await newStore(s.server, 'Second St', s.clock.now);
    const till = await enrolTill(s, 'Counter 1', 'P1');
    await addStaff(s, 'sf_far', 'Far Away', other);
    const r = await push(
      s,
      till,
      records(1, [
        ['person', 'x1', person('x1', 'Forged', 'manager', { store_id: other })],
        ['person', 'x2', person('x2', 'Forged', 'manager', { till_id: 'tl_someone_else' })],
        ['person', 'sf_far', person('sf_far', 'Not Far Away', 'manager', { source: 'server' })],
        // Hostile shapes: kept unprojected like any record the server cannot read.
        ['person', 'x3', person('x3', '', 'cashier')],
        ['person', 'x4', person('x4', 'Owner', 'owner')],
        ['person', 'x5', person('x6', 'Mismatch', 'cashier')],
        ['person', 'ok', person('ok', 'Kept', 'cashier')],
      ]),
    );
    expect(r.status).toBe(200);
    expect(r.body.lastSeq).toBe(7);
    const db = s.server.db;
    expect((await db.query('SELECT person_id FROM till_people')).rows).toEqual([{ person_id: 'ok' }]);
    const t = await db.query<{ refused_records: number }>('SELECT refused_records FROM tills WHERE id = $1', [
      till.tillId,
    ]);
    expect(t.rows[0]!.refused_records).toBe(3);
    const staff = await db.query('SELECT name FROM staff WHERE id = $1', ['sf_far']);
    expect(staff.rows).toEqual([{ name: 'Far Away' }]);
    const kept = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM till_records WHERE NOT projected',
    );
    expect(kept.rows[0]!.n).toBe(6);
  });
});
