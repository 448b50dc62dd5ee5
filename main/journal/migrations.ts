/**
 * Schema history. Each migration runs in its own transaction together with the `PRAGMA user_version` bump, so a
 * crash mid-upgrade leaves the file at the previous version. Applied migrations are frozen: never edit one, add
 * the next. Status lists are spelled out literally (not built from status.ts) for that reason; a test keeps them
 * in step with the TypeScript constants.
 */
import type Database from 'better-sqlite3';
import { JournalError } from './errors';
import { JOURNAL_IDENTITY } from './journal-identity-migration';
import { REMOTE_REFUNDS } from './remote-refunds-migration';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  /**
   * The migration rebuilds a table that others reference (SQLite's documented 12-step table change), so
   * foreign keys are switched off around it and checked with foreign_key_check before it commits.
   */
  rebuildsTables?: boolean;
}

const V1 = /* sql */ `
CREATE TABLE sales (
  id              TEXT    PRIMARY KEY NOT NULL,
  pos_no          TEXT    NOT NULL,
  kind            TEXT    NOT NULL CHECK (kind IN ('scan','qr','jsapi')),
  amount_cents    INTEGER NOT NULL CHECK (amount_cents > 0),
  currency        TEXT    NOT NULL CHECK (currency = 'AUD'),
  order_name      TEXT    NOT NULL,
  platform        TEXT    CHECK (platform IN ('WECHATPAY','ALIPAY')),
  status          TEXT    NOT NULL
                  CHECK (status IN ('open','in_progress','paid','declined','unresolved','abandoned','failed')),
  paid_attempt_id TEXT    REFERENCES attempts(id),
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  paid_at         INTEGER,
  business_date   TEXT    NOT NULL CHECK (business_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  status_reason   TEXT,
  CHECK (status <> 'paid' OR (paid_attempt_id IS NOT NULL AND paid_at IS NOT NULL))
) STRICT;

CREATE TABLE attempts (
  id                   TEXT    PRIMARY KEY NOT NULL,
  sale_id              TEXT    NOT NULL REFERENCES sales(id),
  seq                  INTEGER NOT NULL CHECK (seq >= 1),
  kind                 TEXT    NOT NULL CHECK (kind IN ('scan','qr','jsapi')),
  out_order_no         TEXT    NOT NULL,
  payment_code         TEXT,
  platform             TEXT    CHECK (platform IN ('WECHATPAY','ALIPAY')),
  status               TEXT    NOT NULL
                       CHECK (status IN ('submitting','userpaying','pending','unknown','paid','declined','failed')),
  order_no             TEXT,
  error_code           TEXT,
  error_detail         TEXT,
  order_time           INTEGER,
  pay_time             INTEGER,
  exchange_rate_scaled TEXT    CHECK (exchange_rate_scaled NOT GLOB '*[^0-9]*' AND exchange_rate_scaled <> ''),
  pay_currency         TEXT,
  cny_amount           INTEGER,
  qrcode               TEXT,
  pay_url              TEXT,
  created_at           INTEGER NOT NULL,
  updated_at           INTEGER NOT NULL,
  last_checked_at      INTEGER,
  next_check_at        INTEGER,
  check_count          INTEGER NOT NULL DEFAULT 0 CHECK (check_count >= 0),
  resolved_by          TEXT,
  -- The sale's created_at, copied so history search can order matches newest-first from an index alone.
  sale_created_at      INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX attempts_out_order_no ON attempts(out_order_no);
CREATE UNIQUE INDEX attempts_sale_seq ON attempts(sale_id, seq);
CREATE INDEX attempts_out_order_no_recent ON attempts(out_order_no, sale_created_at, sale_id);
CREATE INDEX attempts_order_no ON attempts(order_no, sale_created_at, sale_id) WHERE order_no IS NOT NULL;
CREATE INDEX attempts_open ON attempts(created_at)
  WHERE status IN ('submitting','userpaying','pending','unknown');

CREATE TABLE refunds (
  id              TEXT    PRIMARY KEY NOT NULL,
  sale_id         TEXT    NOT NULL REFERENCES sales(id),
  attempt_id      TEXT    NOT NULL REFERENCES attempts(id),
  order_no        TEXT    NOT NULL,
  out_refund_no   TEXT    NOT NULL,
  amount_cents    INTEGER NOT NULL CHECK (amount_cents > 0),
  reason          TEXT    NOT NULL,
  status          TEXT    NOT NULL CHECK (status IN ('submitting','unknown','rejected','APPLIED','MERCHANTCONFIRMED',
                    'ORGANIZATIONCONFIRMED','ORGANIZATIONPAYBACK','CLOSED','MERCHANTREJECTED','TIMEOUTCLOSED',
                    'ORGANIZATIONFAILED','CUSTOMERCANCELLED')),
  refund_no       TEXT,
  error_code      TEXT,
  error_detail    TEXT,
  refund_time     INTEGER,
  success_time    INTEGER,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  last_checked_at INTEGER,
  next_check_at   INTEGER,
  check_count     INTEGER NOT NULL DEFAULT 0 CHECK (check_count >= 0),
  business_date   TEXT    NOT NULL CHECK (business_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]')
) STRICT;
CREATE UNIQUE INDEX refunds_out_refund_no ON refunds(out_refund_no);
CREATE INDEX refunds_sale ON refunds(sale_id);
CREATE INDEX refunds_day ON refunds(business_date, status);
CREATE INDEX refunds_created ON refunds(created_at);
CREATE INDEX refunds_open ON refunds(created_at)
  WHERE status IN ('submitting','unknown','APPLIED','MERCHANTCONFIRMED','ORGANIZATIONCONFIRMED','ORGANIZATIONPAYBACK');

CREATE INDEX sales_created ON sales(created_at, id);
CREATE INDEX sales_amount_created ON sales(amount_cents, created_at, id);
CREATE INDEX sales_day ON sales(business_date, status, platform, amount_cents);
CREATE INDEX sales_active ON sales(created_at, id) WHERE status IN ('open','in_progress','declined','unresolved');

CREATE TABLE events (
  id        INTEGER PRIMARY KEY AUTOINCREMENT,
  at        INTEGER NOT NULL,
  actor     TEXT    NOT NULL CHECK (actor IN ('cashier','manager','system','gateway')),
  type      TEXT    NOT NULL CHECK (length(type) BETWEEN 1 AND 64),
  entity    TEXT    NOT NULL CHECK (entity IN ('sale','attempt','refund','manager','settings','day','terminal')),
  entity_id TEXT,
  data      TEXT    NOT NULL CHECK (json_valid(data))
) STRICT;
CREATE INDEX events_entity ON events(entity, id);
CREATE INDEX events_entity_id ON events(entity_id, id) WHERE entity_id IS NOT NULL;
CREATE INDEX events_at ON events(at);

CREATE TABLE sequences (
  name  TEXT    PRIMARY KEY NOT NULL,
  value INTEGER NOT NULL CHECK (value >= 0)
) STRICT, WITHOUT ROWID;

CREATE TABLE settings (
  key        TEXT    PRIMARY KEY NOT NULL,
  value      TEXT    NOT NULL CHECK (json_valid(value)),
  updated_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE manager_auth (
  id              INTEGER PRIMARY KEY CHECK (id = 1),
  pin_hash        TEXT,
  failed_attempts INTEGER NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
  locked_until    INTEGER
) STRICT;
INSERT INTO manager_auth (id, pin_hash, failed_attempts, locked_until) VALUES (1, NULL, 0, NULL);

CREATE TABLE day_closes (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  business_date    TEXT    NOT NULL UNIQUE,
  closed_at        INTEGER NOT NULL,
  report           TEXT    NOT NULL CHECK (json_valid(report)),
  unresolved_count INTEGER NOT NULL CHECK (unresolved_count >= 0),
  forced           INTEGER NOT NULL CHECK (forced IN (0, 1))
) STRICT;

-- History is append-only: the event log and day closes never change; money rows are never deleted.
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
  BEGIN SELECT RAISE(ABORT, 'journal: events are append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
  BEGIN SELECT RAISE(ABORT, 'journal: events are append-only'); END;
CREATE TRIGGER day_closes_no_update BEFORE UPDATE ON day_closes
  BEGIN SELECT RAISE(ABORT, 'journal: day closes are append-only'); END;
CREATE TRIGGER day_closes_no_delete BEFORE DELETE ON day_closes
  BEGIN SELECT RAISE(ABORT, 'journal: day closes are append-only'); END;
CREATE TRIGGER sales_no_delete BEFORE DELETE ON sales
  BEGIN SELECT RAISE(ABORT, 'journal: sales are never deleted'); END;
CREATE TRIGGER attempts_no_delete BEFORE DELETE ON attempts
  BEGIN SELECT RAISE(ABORT, 'journal: attempts are never deleted'); END;
CREATE TRIGGER refunds_no_delete BEFORE DELETE ON refunds
  BEGIN SELECT RAISE(ABORT, 'journal: refunds are never deleted'); END;

-- What a sale, attempt or refund is (amount, numbers, date) never changes after it is written.
CREATE TRIGGER sales_identity_fixed BEFORE UPDATE ON sales
  WHEN NEW.id IS NOT OLD.id OR NEW.pos_no IS NOT OLD.pos_no OR NEW.kind IS NOT OLD.kind
    OR NEW.amount_cents IS NOT OLD.amount_cents OR NEW.currency IS NOT OLD.currency
    OR NEW.created_at IS NOT OLD.created_at OR NEW.business_date IS NOT OLD.business_date
  BEGIN SELECT RAISE(ABORT, 'journal: a sale''s identity and amount are fixed'); END;
CREATE TRIGGER sales_paid_final BEFORE UPDATE ON sales
  WHEN OLD.status = 'paid' AND (NEW.status <> 'paid' OR NEW.paid_attempt_id IS NOT OLD.paid_attempt_id)
  BEGIN SELECT RAISE(ABORT, 'journal: a paid sale stays paid'); END;
CREATE TRIGGER attempts_identity_fixed BEFORE UPDATE ON attempts
  WHEN NEW.id IS NOT OLD.id OR NEW.sale_id IS NOT OLD.sale_id OR NEW.seq IS NOT OLD.seq
    OR NEW.kind IS NOT OLD.kind OR NEW.out_order_no IS NOT OLD.out_order_no OR NEW.created_at IS NOT OLD.created_at
    OR NEW.sale_created_at IS NOT OLD.sale_created_at
  BEGIN SELECT RAISE(ABORT, 'journal: an attempt''s identity is fixed'); END;
CREATE TRIGGER attempts_paid_final BEFORE UPDATE ON attempts
  WHEN OLD.status = 'paid' AND NEW.status <> 'paid'
  BEGIN SELECT RAISE(ABORT, 'journal: a paid attempt stays paid'); END;
CREATE TRIGGER refunds_identity_fixed BEFORE UPDATE ON refunds
  WHEN NEW.id IS NOT OLD.id OR NEW.sale_id IS NOT OLD.sale_id OR NEW.attempt_id IS NOT OLD.attempt_id
    OR NEW.order_no IS NOT OLD.order_no OR NEW.out_refund_no IS NOT OLD.out_refund_no
    OR NEW.amount_cents IS NOT OLD.amount_cents OR NEW.created_at IS NOT OLD.created_at
    OR NEW.business_date IS NOT OLD.business_date
  BEGIN SELECT RAISE(ABORT, 'journal: a refund''s identity and amount are fixed'); END;
CREATE TRIGGER refunds_closed_final BEFORE UPDATE ON refunds
  WHEN OLD.status = 'CLOSED' AND NEW.status <> 'CLOSED'
  BEGIN SELECT RAISE(ABORT, 'journal: a closed refund stays closed'); END;
`;

/**
 * The closed loop: a sale can be voided (the customer paid another way) while its attempts are still followed.
 * SQLite cannot widen a CHECK constraint in place, so `sales` is rebuilt with the same columns, indexes and
 * triggers and the status list grown by 'voided'. Notification nonces move from memory into the journal so a
 * restart never accepts one twice.
 */
const V2 = /* sql */ `
CREATE TABLE sales_v2 (
  id              TEXT    PRIMARY KEY NOT NULL,
  pos_no          TEXT    NOT NULL,
  kind            TEXT    NOT NULL CHECK (kind IN ('scan','qr','jsapi')),
  amount_cents    INTEGER NOT NULL CHECK (amount_cents > 0),
  currency        TEXT    NOT NULL CHECK (currency = 'AUD'),
  order_name      TEXT    NOT NULL,
  platform        TEXT    CHECK (platform IN ('WECHATPAY','ALIPAY')),
  status          TEXT    NOT NULL
                  CHECK (status IN ('open','in_progress','paid','declined','unresolved','abandoned','failed','voided')),
  paid_attempt_id TEXT    REFERENCES attempts(id),
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  paid_at         INTEGER,
  business_date   TEXT    NOT NULL CHECK (business_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  status_reason   TEXT,
  CHECK (status <> 'paid' OR (paid_attempt_id IS NOT NULL AND paid_at IS NOT NULL))
) STRICT;
INSERT INTO sales_v2 SELECT id, pos_no, kind, amount_cents, currency, order_name, platform, status, paid_attempt_id,
  created_at, updated_at, paid_at, business_date, status_reason FROM sales;
DROP TABLE sales;
ALTER TABLE sales_v2 RENAME TO sales;
CREATE INDEX sales_created ON sales(created_at, id);
CREATE INDEX sales_amount_created ON sales(amount_cents, created_at, id);
CREATE INDEX sales_day ON sales(business_date, status, platform, amount_cents);
CREATE INDEX sales_active ON sales(created_at, id) WHERE status IN ('open','in_progress','declined','unresolved');
CREATE INDEX sales_late_payments ON sales(created_at, id) WHERE status = 'voided' AND paid_attempt_id IS NOT NULL;
CREATE TRIGGER sales_no_delete BEFORE DELETE ON sales
  BEGIN SELECT RAISE(ABORT, 'journal: sales are never deleted'); END;
CREATE TRIGGER sales_identity_fixed BEFORE UPDATE ON sales
  WHEN NEW.id IS NOT OLD.id OR NEW.pos_no IS NOT OLD.pos_no OR NEW.kind IS NOT OLD.kind
    OR NEW.amount_cents IS NOT OLD.amount_cents OR NEW.currency IS NOT OLD.currency
    OR NEW.created_at IS NOT OLD.created_at OR NEW.business_date IS NOT OLD.business_date
  BEGIN SELECT RAISE(ABORT, 'journal: a sale''s identity and amount are fixed'); END;
CREATE TRIGGER sales_paid_final BEFORE UPDATE ON sales
  WHEN OLD.status = 'paid' AND (NEW.status <> 'paid' OR NEW.paid_attempt_id IS NOT OLD.paid_attempt_id)
  BEGIN SELECT RAISE(ABORT, 'journal: a paid sale stays paid'); END;
-- A late payment, once recorded, is never forgotten: the money came in and must be accounted for.
CREATE TRIGGER sales_late_payment_kept BEFORE UPDATE ON sales
  WHEN OLD.paid_attempt_id IS NOT NULL AND NEW.paid_attempt_id IS NOT OLD.paid_attempt_id
  BEGIN SELECT RAISE(ABORT, 'journal: a recorded payment stays recorded'); END;
CREATE TRIGGER sales_voided_final BEFORE UPDATE ON sales
  WHEN OLD.status = 'voided' AND NEW.status NOT IN ('voided', 'paid')
  BEGIN SELECT RAISE(ABORT, 'journal: a voided sale stays voided'); END;

CREATE TABLE notification_nonces (
  nonce      TEXT    PRIMARY KEY NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX notification_nonces_expiry ON notification_nonces(expires_at);
`;

/**
 * Sessions (shifts): a Z closes one; the next sale opens the next. Membership lives in tables of its own (not in
 * columns of sales/refunds), so a later migration that rebuilds those tables cannot lose it. A sale or refund
 * that changes status after its session closed moves to the open session, `carried_from` keeping where it was.
 * Journals written before sessions get one closed session per recorded day close and one open session for the
 * rest (what no Z has covered yet).
 */
const SESSIONS = /* sql */ `
CREATE TABLE sessions (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  business_date    TEXT    NOT NULL CHECK (business_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  seq              INTEGER NOT NULL CHECK (seq >= 1),
  opened_at        INTEGER NOT NULL,
  closed_at        INTEGER,
  report           TEXT    CHECK (report IS NULL OR json_valid(report)),
  unresolved_count INTEGER CHECK (unresolved_count IS NULL OR unresolved_count >= 0),
  forced           INTEGER NOT NULL DEFAULT 0 CHECK (forced IN (0, 1)),
  CHECK ((closed_at IS NULL) = (report IS NULL))
) STRICT;
CREATE UNIQUE INDEX sessions_day_seq ON sessions(business_date, seq);
-- At most one open session: every open row has the same key.
CREATE UNIQUE INDEX sessions_single_open ON sessions(coalesce(closed_at, 0)) WHERE closed_at IS NULL;

CREATE TABLE sale_sessions (
  sale_id      TEXT    PRIMARY KEY NOT NULL REFERENCES sales(id),
  session_id   INTEGER NOT NULL REFERENCES sessions(id),
  carried_from INTEGER REFERENCES sessions(id)
) STRICT, WITHOUT ROWID;
CREATE INDEX sale_sessions_session ON sale_sessions(session_id);

CREATE TABLE refund_sessions (
  refund_id    TEXT    PRIMARY KEY NOT NULL REFERENCES refunds(id),
  session_id   INTEGER NOT NULL REFERENCES sessions(id),
  carried_from INTEGER REFERENCES sessions(id)
) STRICT, WITHOUT ROWID;
CREATE INDEX refund_sessions_session ON refund_sessions(session_id);

-- A closed session is history: its frozen Z never changes and it never reopens; nothing is ever deleted.
CREATE TRIGGER sessions_closed_final BEFORE UPDATE ON sessions
  WHEN OLD.closed_at IS NOT NULL
  BEGIN SELECT RAISE(ABORT, 'journal: a closed session is final'); END;
CREATE TRIGGER sessions_identity_fixed BEFORE UPDATE ON sessions
  WHEN NEW.id IS NOT OLD.id OR NEW.business_date IS NOT OLD.business_date OR NEW.seq IS NOT OLD.seq
    OR NEW.opened_at IS NOT OLD.opened_at
  BEGIN SELECT RAISE(ABORT, 'journal: a session''s identity is fixed'); END;
CREATE TRIGGER sessions_no_delete BEFORE DELETE ON sessions
  BEGIN SELECT RAISE(ABORT, 'journal: sessions are never deleted'); END;
CREATE TRIGGER sale_sessions_no_delete BEFORE DELETE ON sale_sessions
  BEGIN SELECT RAISE(ABORT, 'journal: a sale always belongs to a session'); END;
CREATE TRIGGER refund_sessions_no_delete BEFORE DELETE ON refund_sessions
  BEGIN SELECT RAISE(ABORT, 'journal: a refund always belongs to a session'); END;

-- Journals from before sessions: each recorded day close becomes a closed session with its Z.
INSERT INTO sessions (business_date, seq, opened_at, closed_at, report, unresolved_count, forced)
  SELECT d.business_date, 1,
    min(d.closed_at, coalesce((SELECT min(created_at) FROM sales WHERE business_date = d.business_date), d.closed_at)),
    d.closed_at, d.report, d.unresolved_count, d.forced
  FROM day_closes d ORDER BY d.business_date;
INSERT INTO sale_sessions (sale_id, session_id)
  SELECT s.id, x.id FROM sales s JOIN sessions x ON x.business_date = s.business_date
  WHERE s.created_at <= x.closed_at AND NOT (s.status = 'paid' AND s.paid_at > x.closed_at);
INSERT INTO refund_sessions (refund_id, session_id)
  SELECT r.id, x.id FROM refunds r JOIN sessions x ON x.business_date = r.business_date
  WHERE r.created_at <= x.closed_at;
-- What no day close covered forms the open session.
INSERT INTO sessions (business_date, seq, opened_at)
  SELECT o.business_date,
    1 + coalesce((SELECT max(seq) FROM sessions WHERE business_date = o.business_date), 0), o.created_at
  FROM (
    SELECT business_date, created_at FROM sales WHERE id NOT IN (SELECT sale_id FROM sale_sessions)
    UNION ALL
    SELECT business_date, created_at FROM refunds WHERE id NOT IN (SELECT refund_id FROM refund_sessions)
    ORDER BY created_at LIMIT 1
  ) o;
INSERT INTO sale_sessions (sale_id, session_id)
  SELECT s.id, (SELECT id FROM sessions WHERE closed_at IS NULL) FROM sales s
  WHERE s.id NOT IN (SELECT sale_id FROM sale_sessions);
INSERT INTO refund_sessions (refund_id, session_id)
  SELECT r.id, (SELECT id FROM sessions WHERE closed_at IS NULL) FROM refunds r
  WHERE r.id NOT IN (SELECT refund_id FROM refund_sessions);
`;

/**
 * The Terminal API's own tables (main/terminal-api): the caller's payment and refund ids mapped to ours (the
 * idempotency keys, kept across restarts), paired API keys (hashed) and the log of API calls. Self-contained:
 * no other table references these, and these reference no other, so the migration can move to another number.
 */
const TERMINAL_API = /* sql */ `
CREATE TABLE api_payments (
  id           TEXT    PRIMARY KEY NOT NULL,
  sale_id      TEXT    UNIQUE,
  amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
  currency     TEXT    NOT NULL CHECK (currency = 'AUD'),
  mode         TEXT    NOT NULL CHECK (mode IN ('scan','qr')),
  reference    TEXT,
  description  TEXT,
  client       TEXT    NOT NULL,
  created_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX api_payments_created ON api_payments(created_at);

CREATE TABLE api_refunds (
  id           TEXT    PRIMARY KEY NOT NULL,
  refund_id    TEXT    UNIQUE,
  sale_id      TEXT    NOT NULL,
  amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
  reason       TEXT    NOT NULL,
  client       TEXT    NOT NULL,
  created_at   INTEGER NOT NULL
) STRICT;

CREATE TABLE api_keys (
  id           TEXT    PRIMARY KEY NOT NULL,
  name         TEXT    NOT NULL,
  key_hash     TEXT    NOT NULL UNIQUE,
  created_at   INTEGER NOT NULL,
  last_used_at INTEGER,
  revoked_at   INTEGER
) STRICT;

CREATE TABLE api_calls (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  at          INTEGER NOT NULL,
  client      TEXT    NOT NULL,
  method      TEXT    NOT NULL,
  path        TEXT    NOT NULL,
  status      INTEGER NOT NULL,
  code        TEXT,
  subject     TEXT
) STRICT;
CREATE INDEX api_calls_at ON api_calls(at);
`;

/** Refunds a POS asked for that wait for the manager's approval on the till's screen (refundApproval on_screen). */
const API_REFUND_APPROVAL = `
ALTER TABLE api_refunds ADD COLUMN approval TEXT CHECK (approval IN ('awaiting', 'approved', 'declined'));
`;

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
const OUTBOX_COLUMNS = {
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
  refunds: [
    'id',
    'sale_id',
    'attempt_id',
    'order_no',
    'out_refund_no',
    'amount_cents',
    'reason',
    'status',
    'refund_no',
    'error_code',
    'error_detail',
    'refund_time',
    'success_time',
    'created_at',
    'updated_at',
    'last_checked_at',
    'next_check_at',
    'check_count',
    'business_date',
  ],
  sessions: ['id', 'business_date', 'seq', 'opened_at', 'closed_at', 'report', 'unresolved_count', 'forced'],
  sale_sessions: ['sale_id', 'session_id', 'carried_from'],
  refund_sessions: ['refund_id', 'session_id', 'carried_from'],
  events: ['id', 'at', 'actor', 'type', 'entity', 'entity_id', 'data'],
} as const;

type OutboxTable = keyof typeof OUTBOX_COLUMNS;

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

function outboxData(table: OutboxTable, row: string): string {
  const pairs = OUTBOX_COLUMNS[table].map((c) =>
    table === 'sessions' && c === 'report' ? `'report', json(${row}.report)` : `'${c}', ${row}.${c}`,
  );
  return `json_object(${pairs.join(', ')})`;
}

function outboxValues(table: OutboxTable, row: string): string {
  const s = OUTBOX_SHAPE[table];
  const ref = (e: string) => e.replace(/\br\./g, `${row}.`);
  return `${ref(s.at)}, '${s.entity}', ${ref(s.id)}, '${s.op}', 1, ${outboxData(table, row)}`;
}

function outboxTriggers(table: OutboxTable): string {
  const insert = `INSERT INTO replication_outbox (at, entity, entity_id, op, v, data) VALUES (${outboxValues(table, 'NEW')});`;
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

const REPLICATION_OUTBOX = /* sql */ `
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
${(Object.keys(OUTBOX_COLUMNS) as OutboxTable[]).map(outboxTriggers).join('\n')}
`;

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial schema', sql: V1 },
  { version: 2, name: 'voided sales and notification nonces', sql: V2, rebuildsTables: true },
  { version: 3, name: 'sessions (shifts)', sql: SESSIONS },
  { version: 4, name: 'terminal api', sql: TERMINAL_API },
  { version: 5, name: 'terminal api refund approval', sql: API_REFUND_APPROVAL },
  { version: 6, name: 'replication outbox', sql: REPLICATION_OUTBOX },
  { version: 7, name: 'remote refunds', sql: REMOTE_REFUNDS },
  { version: 8, name: 'journal identity', sql: JOURNAL_IDENTITY },
];

export const SCHEMA_VERSION: number = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;

/**
 * Brings the file up to `migrations`' last version; refuses a file newer than the code (an older app must not
 * write into a schema it does not know). Returns the versions before and after.
 */
export function migrate(
  db: Database.Database,
  migrations: readonly Migration[] = MIGRATIONS,
): { from: number; to: number } {
  const target = migrations[migrations.length - 1]?.version ?? 0;
  const from = Number(db.pragma('user_version', { simple: true }));
  if (from > target) {
    throw new JournalError(
      'schema_too_new',
      `journal schema version ${from} is newer than this app supports (${target}); update the app`,
    );
  }
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${m.name} is out of order (version ${m.version})`);
  });
  for (const m of migrations) {
    if (m.version <= from) continue;
    const foreignKeys = Number(db.pragma('foreign_keys', { simple: true }));
    // PRAGMA foreign_keys is a no-op inside a transaction, so it is switched around it.
    if (m.rebuildsTables && foreignKeys) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        db.exec(m.sql);
        if (m.rebuildsTables) {
          const broken = db.pragma('foreign_key_check') as unknown[];
          if (broken.length > 0) {
            throw new JournalError('constraint', `migration ${m.name} broke ${broken.length} references`);
          }
        }
        // user_version lives in the file header and commits or rolls back with this transaction.
        db.pragma(`user_version = ${m.version}`);
      }).immediate();
    } finally {
      if (m.rebuildsTables && foreignKeys) db.pragma('foreign_keys = ON');
    }
  }
  return { from, to: Math.max(from, target) };
}
