/**
 * Store and forward (docs/store-server.md): every change of a replicated row leaves one record in
 * `replication_outbox`, written by triggers in the same transaction as the change, so no writer can forget it and
 * no record exists for a change that rolled back. `data` is the row as JSON with its column names, except the
 * payment code (it never leaves the till) and a session's Z, which travels as parsed JSON. The outbox is
 * append-only: a restored store server may ask for any of it again. Rows already in the journal get one record
 * each, oldest first, so a till enrolled later sends its history.
 *
 * The column lists are spelled out here (frozen with this migration). A later migration that adds a column to
 * one of these tables, or rebuilds one (which drops its triggers), must recreate that table's two triggers.
 */
import { REFUND_LEDGER_COLUMN_NAMES } from './refund-ledger-columns';

export const OUTBOX_COLUMNS = {
  sales: [
    'id',
    'pos_no',
    'kind',
    'amount_cents',
    'currency',
    'order_name',
    'platform',
    'status',
    'paid_attempt_id',
    'created_at',
    'updated_at',
    'paid_at',
    'business_date',
    'status_reason',
  ],
  attempts: [
    'id',
    'sale_id',
    'seq',
    'kind',
    'out_order_no',
    'platform',
    'status',
    'order_no',
    'error_code',
    'error_detail',
    'order_time',
    'pay_time',
    'exchange_rate_scaled',
    'pay_currency',
    'cny_amount',
    'qrcode',
    'pay_url',
    'created_at',
    'updated_at',
    'last_checked_at',
    'next_check_at',
    'check_count',
    'resolved_by',
    'sale_created_at',
  ],
  refunds: ['id', 'sale_id', 'attempt_id', 'order_no', 'out_refund_no', ...REFUND_LEDGER_COLUMN_NAMES],
  sessions: ['id', 'business_date', 'seq', 'opened_at', 'closed_at', 'report', 'unresolved_count', 'forced'],
  sale_sessions: ['sale_id', 'session_id', 'carried_from'],
  refund_sessions: ['refund_id', 'session_id', 'carried_from'],
  events: ['id', 'at', 'actor', 'type', 'entity', 'entity_id', 'data'],
} as const;

export type OutboxTable = keyof typeof OUTBOX_COLUMNS;
/** A table's replicated columns, by name, in record order. */
export type OutboxColumns = Record<OutboxTable, readonly string[]>;

/** How each table's rows become records: entity name, entity id, the record's time, its op. `r` is the row. */
const OUTBOX_SHAPE: Record<OutboxTable, { entity: string; id: string; at: string; op: string }> = {
  sales: { entity: 'sale', id: 'r.id', at: 'r.updated_at', op: 'upsert' },
  attempts: { entity: 'attempt', id: 'r.id', at: 'r.updated_at', op: 'upsert' },
  refunds: { entity: 'refund', id: 'r.id', at: 'r.updated_at', op: 'upsert' },
  sessions: {
    entity: 'session',
    id: 'CAST(r.id AS TEXT)',
    at: 'coalesce(r.closed_at, r.opened_at)',
    op: 'upsert',
  },
  // Membership rows carry no time of their own: a sale or refund moves session when its status changes.
  sale_sessions: {
    entity: 'sale_session',
    id: 'r.sale_id',
    at: 'coalesce((SELECT updated_at FROM sales WHERE id = r.sale_id), unixepoch() * 1000)',
    op: 'upsert',
  },
  refund_sessions: {
    entity: 'refund_session',
    id: 'r.refund_id',
    at: 'coalesce((SELECT updated_at FROM refunds WHERE id = r.refund_id), unixepoch() * 1000)',
    op: 'upsert',
  },
  events: { entity: 'event', id: 'CAST(r.id AS TEXT)', at: 'r.at', op: 'append' },
};

function outboxData(table: OutboxTable, row: string, columns: OutboxColumns = OUTBOX_COLUMNS): string {
  const pairs = columns[table].map((c) =>
    table === 'sessions' && c === 'report' ? `'report', json(${row}.report)` : `'${c}', ${row}.${c}`,
  );
  return `json_object(${pairs.join(', ')})`;
}

function outboxValues(table: OutboxTable, row: string, columns: OutboxColumns): string {
  const s = OUTBOX_SHAPE[table];
  const ref = (e: string) => e.replace(/\br\./g, `${row}.`);
  return `${ref(s.at)}, '${s.entity}', ${ref(s.id)}, '${s.op}', 1, ${outboxData(table, row, columns)}`;
}

/**
 * A table's outbox triggers over the given columns. A later migration that adds columns drops the table's
 * triggers and calls this with its own, longer list (which it spells out and freezes, as this one does).
 */
export function outboxTriggers(table: OutboxTable, columns: OutboxColumns = OUTBOX_COLUMNS): string {
  const insert = `INSERT INTO replication_outbox (at, entity, entity_id, op, v, data) VALUES (${outboxValues(table, 'NEW', columns)});`;
  const onInsert = `CREATE TRIGGER ${table}_outbox_insert AFTER INSERT ON ${table} BEGIN ${insert} END;`;
  if (table === 'events') return onInsert;
  return `${onInsert}\nCREATE TRIGGER ${table}_outbox_update AFTER UPDATE ON ${table} BEGIN ${insert} END;`;
}

/** Back-fill: one record per existing row, in the order the rows were created (events after their rows). */
function outboxBackfill(): string {
  const created: Record<OutboxTable, string> = {
    sessions: 'r.opened_at',
    sales: 'r.created_at',
    sale_sessions: '(SELECT created_at FROM sales WHERE id = r.sale_id)',
    attempts: 'r.created_at',
    refunds: 'r.created_at',
    refund_sessions: '(SELECT created_at FROM refunds WHERE id = r.refund_id)',
    events: 'r.at',
  };
  const parts = (Object.keys(created) as OutboxTable[]).map((table, rank) => {
    const s = OUTBOX_SHAPE[table];
    // sale_sessions and refund_sessions are WITHOUT ROWID: their order within one instant is their key's.
    const n = table.endsWith('_sessions') && table !== 'sessions' ? '0' : 'r.rowid';
    return `SELECT ${created[table]} AS created, ${rank} AS rank, ${n} AS n, ${s.at} AS at,
      '${s.entity}' AS entity, ${s.id} AS entity_id, '${s.op}' AS op, ${outboxData(table, 'r')} AS data
    FROM ${table} r`;
  });
  return `INSERT INTO replication_outbox (at, entity, entity_id, op, v, data)
  SELECT at, entity, entity_id, op, 1, data FROM (
    ${parts.join('\n    UNION ALL\n    ')}
  ) ORDER BY created, rank, n, entity_id;`;
}

export const V6_REPLICATION_OUTBOX = /* sql */ `
CREATE TABLE replication_outbox (
  seq       INTEGER PRIMARY KEY AUTOINCREMENT,
  at        INTEGER NOT NULL,
  entity    TEXT    NOT NULL,
  entity_id TEXT    NOT NULL,
  op        TEXT    NOT NULL CHECK (op IN ('upsert', 'append')),
  v         INTEGER NOT NULL CHECK (v >= 1),
  data      TEXT    NOT NULL CHECK (json_valid(data))
) STRICT;
CREATE TRIGGER replication_outbox_no_update BEFORE UPDATE ON replication_outbox
  BEGIN SELECT RAISE(ABORT, 'journal: the replication outbox is append-only'); END;
CREATE TRIGGER replication_outbox_no_delete BEFORE DELETE ON replication_outbox
  BEGIN SELECT RAISE(ABORT, 'journal: the replication outbox is append-only'); END;
${outboxBackfill()}
${(Object.keys(OUTBOX_COLUMNS) as OutboxTable[]).map((t) => outboxTriggers(t)).join('\n')}
`;
