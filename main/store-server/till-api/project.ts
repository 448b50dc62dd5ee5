/**
 * From a till's replicated records to the server's own tables (docs/store-server.md, "Replication"): each
 * record is the latest state of one journal row, so projecting is an upsert keyed (till_id, id) that only a
 * newer record (higher src_seq) wins. The till_id always comes from the authenticated till, never from the data:
 * a till cannot write over another till's rows.
 *
 * One multi-row statement per push (INSERT … SELECT FROM jsonb_to_recordset, one CTE per table), not one per
 * record: ingest's cost is a handful of round trips whatever the batch size. A record this server cannot read
 * (an unknown entity, a newer schema version, data of the wrong shape) is kept in till_records with projected =
 * false and never dropped; `reprojectPending` projects it once a server that knows its version starts.
 */
import type { Logger } from 'pino';
import { z } from 'zod';
import { REPLICATION_SCHEMA_VERSION } from '../../shared/store-link-protocol';
import type { Sql, StoreDb } from '../db/types';
import { settleReservationFor, type SettledReservation } from '../refunds/settle';
import { sessionReportSchema } from './session-report-shape';

export interface StoredRecord {
  seq: number;
  v: number;
  entity: string;
  entityId: string;
  op: 'upsert' | 'append';
  data: Record<string, unknown>;
}

export interface TillRef {
  tillId: string;
  storeId: string;
  /**
   * The other tills of this till's store: the only tills a record may name (a remote refund's sale_till_id).
   * A record naming any other till or store is refused (kept unprojected and counted). Absent: nothing named.
   */
  storeTills?: ReadonlySet<string>;
  /**
   * The server's staff a till of this store may name as a `source: 'server'` person: staff of the store now, and
   * the ones this till already sent (a person later moved to another store keeps their past). Absent: none.
   */
  storeStaff?: ReadonlySet<string>;
}

/** `till` with the other tills and the staff of its store, for the scope check (in the caller's transaction). */
export async function withStoreScope(tx: Sql, till: TillRef): Promise<TillRef> {
  const { rows } = await tx.query<{ id: string }>('SELECT id FROM tills WHERE store_id = $1 AND id <> $2', [
    till.storeId,
    till.tillId,
  ]);
  const staff = await tx.query<{ id: string }>(
    `SELECT staff_id AS id FROM staff_stores WHERE store_id = $1
     UNION SELECT person_id FROM till_people WHERE till_id = $2 AND source = 'server'`,
    [till.storeId, till.tillId],
  );
  return {
    ...till,
    storeTills: new Set(rows.map((r) => r.id)),
    storeStaff: new Set(staff.rows.map((r) => r.id)),
  };
}

type ColumnType = 'text' | 'bigint' | 'integer' | 'boolean' | 'jsonb';

interface Table {
  name: string;
  /** Primary key columns after till_id. */
  key: string[];
  /** Whether the table has a store_id column (filled from the till). */
  hasStore: boolean;
  hasData: boolean;
  columns: [string, ColumnType][];
}

const str = z.string().max(512);
const optStr = str.nullish().transform((v) => v ?? null);
const int = z
  .number()
  .int()
  .min(-(2 ** 53))
  .max(2 ** 53);
const optInt = int.nullish().transform((v) => v ?? null);
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const flag = z.union([z.boolean(), z.literal(0), z.literal(1)]).transform((v) => v === true || v === 1);

const TABLES = {
  sales: {
    name: 'sales',
    key: ['id'],
    hasStore: true,
    hasData: true,
    columns: [
      ['id', 'text'],
      ['kind', 'text'],
      ['amount_cents', 'bigint'],
      ['platform', 'text'],
      ['status', 'text'],
      ['paid_attempt_id', 'text'],
      ['created_at', 'bigint'],
      ['updated_at', 'bigint'],
      ['paid_at', 'bigint'],
      ['business_date', 'text'],
      ['served_by', 'text'],
      ['voided_by', 'text'],
    ],
  },
  attempts: {
    name: 'attempts',
    key: ['id'],
    hasStore: true,
    hasData: true,
    columns: [
      ['id', 'text'],
      ['sale_id', 'text'],
      ['out_order_no', 'text'],
      ['order_no', 'text'],
      ['platform', 'text'],
      ['status', 'text'],
      ['created_at', 'bigint'],
      ['updated_at', 'bigint'],
      ['pay_time', 'bigint'],
    ],
  },
  refunds: {
    name: 'refunds',
    key: ['id'],
    hasStore: true,
    hasData: true,
    columns: [
      ['id', 'text'],
      ['sale_till_id', 'text'],
      ['sale_id', 'text'],
      ['remote', 'boolean'],
      ['out_refund_no', 'text'],
      ['order_no', 'text'],
      ['amount_cents', 'bigint'],
      ['status', 'text'],
      ['refund_no', 'text'],
      ['created_at', 'bigint'],
      ['updated_at', 'bigint'],
      ['business_date', 'text'],
      ['requested_by', 'text'],
      ['approved_by', 'text'],
    ],
  },
  sessions: {
    name: 'sessions',
    key: ['id'],
    hasStore: true,
    hasData: false,
    columns: [
      ['id', 'bigint'],
      ['business_date', 'text'],
      ['seq', 'integer'],
      ['opened_at', 'bigint'],
      ['closed_at', 'bigint'],
      ['report', 'jsonb'],
      ['unresolved_count', 'integer'],
      ['forced', 'boolean'],
      ['closed_by', 'text'],
    ],
  },
  till_people: {
    name: 'till_people',
    key: ['person_id'],
    hasStore: true,
    hasData: false,
    columns: [
      ['person_id', 'text'],
      ['name', 'text'],
      ['role', 'text'],
      ['source', 'text'],
      ['disabled_at', 'bigint'],
    ],
  },
  sale_sessions: {
    name: 'sale_sessions',
    key: ['sale_id'],
    hasStore: false,
    hasData: false,
    columns: [
      ['sale_id', 'text'],
      ['session_id', 'bigint'],
      ['carried_from', 'bigint'],
    ],
  },
  refund_sessions: {
    name: 'refund_sessions',
    key: ['refund_id'],
    hasStore: false,
    hasData: false,
    columns: [
      ['refund_id', 'text'],
      ['session_id', 'bigint'],
      ['carried_from', 'bigint'],
    ],
  },
} satisfies Record<string, Table>;

type TableName = keyof typeof TABLES;
type Row = Record<string, unknown>;

const refundShape = {
  id: str,
  sale_id: str,
  out_refund_no: str,
  order_no: optStr,
  amount_cents: int,
  status: str,
  refund_no: optStr,
  created_at: int,
  updated_at: int,
  business_date: date,
  // Who asked for it and who approved it (journal migration 11); absent from older tills.
  requested_by: optStr,
  approved_by: optStr,
};

/** A person id as the till journals it (absent, or null, for rows made before people existed). */
const personId = z
  .string()
  .min(1)
  .max(64)
  .nullish()
  .transform((v) => v ?? null);

/** Per entity of schema version 1: which table it lands in, and its row read from the data. */
const ENTITIES: Record<
  string,
  {
    table: TableName;
    op: 'upsert' | 'append';
    idOf: (row: Row) => string;
    read: (data: unknown) => Row | null;
  }
> = {
  sale: {
    table: 'sales',
    op: 'upsert',
    idOf: (r) => String(r.id),
    read: reader(
      z
        .object({
          id: str,
          kind: str,
          amount_cents: int,
          platform: optStr,
          status: str,
          paid_attempt_id: optStr,
          created_at: int,
          updated_at: int,
          paid_at: optInt,
          business_date: date,
          person_id: personId,
          voided_by: personId,
        })
        .transform(({ person_id, ...r }) => ({ ...r, served_by: person_id })),
    ),
  },
  attempt: {
    table: 'attempts',
    op: 'upsert',
    idOf: (r) => String(r.id),
    read: reader(
      z.object({
        id: str,
        sale_id: str,
        out_order_no: str,
        order_no: optStr,
        platform: optStr,
        status: str,
        created_at: int,
        updated_at: int,
        pay_time: optInt,
      }),
    ),
  },
  refund: {
    table: 'refunds',
    op: 'upsert',
    idOf: (r) => String(r.id),
    read: reader(z.object(refundShape).transform((r) => ({ ...r, remote: false, sale_till_id: null }))),
  },
  remote_refund: {
    table: 'refunds',
    op: 'upsert',
    idOf: (r) => String(r.id),
    read: reader(z.object({ ...refundShape, sale_till_id: str }).transform((r) => ({ ...r, remote: true }))),
  },
  session: {
    table: 'sessions',
    op: 'upsert',
    idOf: (r) => String(r.id),
    read: reader(
      z.object({
        id: int,
        business_date: date,
        seq: int,
        opened_at: int,
        closed_at: optInt,
        report: sessionReportSchema,
        unresolved_count: optInt,
        forced: flag.default(false),
        closed_by: personId,
      }),
    ),
  },
  // The till's own people (never a PIN or badge hash: those stay on the till). store_id / till_id, when a
  // record carries them, must be the sending till's: checked in planProjection with the staff scope.
  person: {
    table: 'till_people',
    op: 'upsert',
    idOf: (r) => String(r.person_id),
    read: reader(
      z
        .object({
          id: z.string().min(1).max(64),
          name: z.string().trim().min(1).max(80),
          role: z.enum(['cashier', 'supervisor', 'manager']),
          source: z.enum(['till', 'server']),
          disabled_at: optInt,
          store_id: optStr,
          till_id: optStr,
        })
        .transform(({ id, ...r }) => ({ ...r, person_id: id })),
    ),
  },
  sale_session: {
    table: 'sale_sessions',
    op: 'upsert',
    idOf: (r) => String(r.sale_id),
    read: reader(z.object({ sale_id: str, session_id: int, carried_from: optInt })),
  },
  refund_session: {
    table: 'refund_sessions',
    op: 'upsert',
    idOf: (r) => String(r.refund_id),
    read: reader(z.object({ refund_id: str, session_id: int, carried_from: optInt })),
  },
};

/** Entities kept in till_records only (the append-only event log): nothing to project, nothing pending. */
const STORED_ONLY = new Set(['event']);

export const KNOWN_ENTITIES: readonly string[] = [...Object.keys(ENTITIES), ...STORED_ONLY];

function reader<T extends z.ZodType<Row>>(schema: T): (data: unknown) => Row | null {
  return (data) => {
    const r = schema.safeParse(data);
    return r.success ? r.data : null;
  };
}

export interface ProjectionPlan {
  /** Per record (same order as given): whether it is projected (or needs no projection). */
  projected: boolean[];
  /** Records refused for naming a till outside the pushing till's store (also not projected). */
  refused: number[];
  /** Latest row per table and key, with the seq it came from. */
  rows: Map<TableName, Map<string, Row & { src_seq: number }>>;
}

/** Reads a batch (in seq order) into the rows it projects to; a record it cannot read is marked unprojected. */
export function planProjection(till: TillRef, records: readonly StoredRecord[]): ProjectionPlan {
  const plan: ProjectionPlan = { projected: [], refused: [], rows: new Map() };
  for (const rec of records) {
    if (rec.v > REPLICATION_SCHEMA_VERSION) {
      plan.projected.push(false);
      continue;
    }
    if (STORED_ONLY.has(rec.entity)) {
      plan.projected.push(rec.op === 'append');
      continue;
    }
    const e = ENTITIES[rec.entity];
    const row = e && rec.op === e.op ? e.read(rec.data) : null;
    if (!e || row === null || e.idOf(row) !== rec.entityId) {
      plan.projected.push(false);
      continue;
    }
    if (e.table === 'refunds' && row.sale_till_id === null) row.sale_till_id = till.tillId;
    else if (
      (e.table === 'refunds' && !till.storeTills?.has(String(row.sale_till_id))) ||
      (e.table === 'till_people' && !personInScope(till, row))
    ) {
      plan.refused.push(rec.seq);
      plan.projected.push(false);
      continue;
    }
    let byKey = plan.rows.get(e.table);
    if (!byKey) plan.rows.set(e.table, (byKey = new Map()));
    // Later records of the same row supersede earlier ones in the batch (one upsert per row per statement).
    byKey.set(rec.entityId, {
      ...row,
      src_seq: rec.seq,
      ...(TABLES[e.table].hasData ? { data: rec.data } : {}),
    });
    plan.projected.push(true);
  }
  return plan;
}

/**
 * A person record may name only the sending till and its store, and a person it says came from the server must
 * be staff of that store (or one this till already sent): a till cannot put its names on another store's staff.
 */
function personInScope(till: TillRef, row: Row): boolean {
  if (row.store_id !== null && row.store_id !== till.storeId) return false;
  if (row.till_id !== null && row.till_id !== till.tillId) return false;
  delete row.store_id;
  delete row.till_id;
  return row.source !== 'server' || (till.storeStaff?.has(String(row.person_id)) ?? false);
}

function upsertSql(t: Table, param: number): string {
  const cols = t.columns.map(([c]) => c);
  const spec = [
    ...t.columns.map(([c, ty]) => `${c} ${ty}`),
    'src_seq bigint',
    ...(t.hasData ? ['data jsonb'] : []),
  ];
  const insertCols = [
    'till_id',
    ...(t.hasStore ? ['store_id'] : []),
    ...cols,
    'src_seq',
    ...(t.hasData ? ['data'] : []),
  ];
  const selectCols = [
    '$1',
    ...(t.hasStore ? ['$2'] : []),
    ...cols.map((c) => `x.${c}`),
    'x.src_seq',
    ...(t.hasData ? ['x.data'] : []),
  ];
  const updates = insertCols
    .filter((c) => c !== 'till_id' && !t.key.includes(c))
    .map((c) => `${c} = EXCLUDED.${c}`);
  return `INSERT INTO ${t.name} (${insertCols.join(', ')})
    SELECT ${selectCols.join(', ')} FROM jsonb_to_recordset($${param}::jsonb) AS x(${spec.join(', ')})
    ON CONFLICT (till_id, ${t.key.join(', ')}) DO UPDATE SET ${updates.join(', ')}
    WHERE ${t.name}.src_seq < EXCLUDED.src_seq`;
}

/**
 * Applies a plan in the caller's transaction (one statement), then settles any reservation held for each refund
 * that changed. Returns the number of rows written.
 */
export async function applyProjection(
  tx: Sql,
  till: TillRef,
  plan: ProjectionPlan,
  now: number,
  /** Holds this projection settled (and the numbers of remote refunds it wrote: their sales' owners are told). */
  settled?: SettledReservation[],
  /** More data-modifying CTEs for the same statement (ingest's insert), numbering their params from $3. */
  with_: { ctes: string[]; params: unknown[] } = { ctes: [], params: [] },
  /** The out_refund_no of every remote refund this projection wrote (their sales' owners are told). */
  remoteRefunds?: string[],
): Promise<number> {
  const ctes: string[] = [...with_.ctes];
  const params: unknown[] = [till.tillId, till.storeId, ...with_.params];
  const counted: string[] = ['0'];
  for (const [name, rows] of plan.rows) {
    if (rows.size === 0) continue;
    params.push(JSON.stringify([...rows.values()]));
    const returning = name === 'refunds' ? 'id, out_refund_no, status, amount_cents, remote' : '1 AS one';
    ctes.push(`${name}_up AS (${upsertSql(TABLES[name], params.length)} RETURNING ${returning})`);
    counted.push(`(SELECT count(*) FROM ${name}_up)`);
  }
  if (ctes.length === 0) return 0;
  const hasRefunds = plan.rows.has('refunds');
  const sql = `WITH ${ctes.join(',\n')}
    SELECT ${counted.join(' + ')} AS written, $1::text AS till_id, $2::text AS store_id${hasRefunds ? ", (SELECT coalesce(jsonb_agg(r), '[]'::jsonb) FROM refunds_up r) AS refunds" : ''}`;
  const { rows } = await tx.query<{
    written: number;
    refunds?: { id: string; out_refund_no: string; status: string; amount_cents: number; remote: boolean }[];
  }>(sql, params);
  const result = rows[0]!;
  for (const r of result.refunds ?? []) {
    if (r.remote) remoteRefunds?.push(r.out_refund_no);
    const done = await settleReservationFor(
      tx,
      {
        tillId: till.tillId,
        id: r.id,
        outRefundNo: r.out_refund_no,
        status: r.status,
        amountCents: Number(r.amount_cents),
      },
      now,
    );
    if (done) settled?.push(done);
  }
  return result.written;
}

const REPROJECT_CHUNK = 1000;

/**
 * At start: projects the records kept unprojected that this server now knows how to read (after an upgrade
 * that taught it their version). Each till in its own transactions, holding the till's row so a push waits.
 * Returns how many records were projected.
 */
export async function reprojectPending(
  db: StoreDb,
  log?: Logger,
  now: () => number = Date.now,
): Promise<number> {
  const known = [...KNOWN_ENTITIES];
  const { rows: tills } = await db.query<{ till_id: string }>(
    `SELECT DISTINCT till_id FROM till_records WHERE NOT projected AND v <= $1 AND entity = ANY($2::text[])`,
    [REPLICATION_SCHEMA_VERSION, known],
  );
  let total = 0;
  for (const { till_id } of tills) {
    let afterSeq = 0;
    for (;;) {
      const done = await db.transaction(async (tx) => {
        const t = await tx.query<{ store_id: string }>(
          'SELECT store_id FROM tills WHERE id = $1 FOR UPDATE',
          [till_id],
        );
        const storeId = t.rows[0]!.store_id;
        const { rows } = await tx.query<{
          seq: number;
          v: number;
          entity: string;
          entity_id: string;
          op: 'upsert' | 'append';
          data: Record<string, unknown>;
        }>(
          `SELECT seq, v, entity, entity_id, op, data FROM till_records
            WHERE till_id = $1 AND NOT projected AND seq > $2 AND v <= $3 AND entity = ANY($4::text[])
            ORDER BY seq LIMIT $5`,
          [till_id, afterSeq, REPLICATION_SCHEMA_VERSION, known, REPROJECT_CHUNK],
        );
        if (rows.length === 0) return true;
        afterSeq = rows.at(-1)!.seq;
        const recs = rows.map((r) => ({
          seq: r.seq,
          v: r.v,
          entity: r.entity,
          entityId: r.entity_id,
          op: r.op,
          data: r.data,
        }));
        const till = await withStoreScope(tx, { tillId: till_id, storeId });
        const plan = planProjection(till, recs);
        await applyProjection(tx, till, plan, now());
        const seqs = recs.filter((_, i) => plan.projected[i]).map((r) => r.seq);
        if (seqs.length > 0) {
          await tx.query(
            'UPDATE till_records SET projected = true WHERE till_id = $1 AND seq = ANY($2::bigint[])',
            [till_id, seqs],
          );
        }
        total += seqs.length;
        return rows.length < REPROJECT_CHUNK;
      });
      if (done) break;
    }
  }
  if (total > 0) log?.info({ records: total }, 'store server: projected records kept from before an upgrade');
  return total;
}
