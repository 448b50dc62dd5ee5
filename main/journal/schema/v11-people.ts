/**
 * Journal migration 11: people at the counter (docs/journal.md, "People"). Each person has a name, a role and
 * their own PIN (scrypt hash) with its own lockout (failed_attempts, locked_until, lock_step: the manager PIN's
 * columns and its `manager.lockStep` setting, one per person). A badge keeps only the hash of its secret. People
 * are never deleted, only disabled, so the name on a past sale always resolves.
 *
 * Attribution columns name who did what (NULL on rows written before people existed): sales.person_id (took the
 * sale), sales.voided_by, attempts.person_id, refunds.requested_by / approved_by, sessions.closed_by (the Z),
 * day_closes.closed_by and events.person_id. They reference people(id).
 *
 * Upgrade: the manager PIN, when one is set, becomes the person `manager-1` ("Manager", role manager) with the
 * same hash and the same lock, so the PIN a shop knows keeps working and a lock in force stays in force. The
 * built-in person `counter` ("Cashier", no PIN) is the till in no-sign-in mode. `manager_auth` is left as it was
 * and no longer read.
 *
 * Replication: the outbox triggers of the tables that gained columns are recreated with them (the lists below
 * are v6's plus the new columns, frozen with this migration). A `person` record carries id, name, role,
 * disabled_at and source, never a PIN or badge hash, and is written when one of those changes (a wrong PIN,
 * which only moves the lockout columns, writes none).
 */
import type { OutboxColumns, OutboxTable } from './v6-replication-outbox';
import { OUTBOX_COLUMNS, outboxTriggers } from './v6-replication-outbox';

const NOW = `CAST(unixepoch('subsec') * 1000 AS INTEGER)`;

const COLUMNS_V11: OutboxColumns = {
  ...OUTBOX_COLUMNS,
  sales: [...OUTBOX_COLUMNS.sales, 'person_id', 'voided_by'],
  attempts: [...OUTBOX_COLUMNS.attempts, 'person_id'],
  refunds: [...OUTBOX_COLUMNS.refunds, 'requested_by', 'approved_by'],
  sessions: [...OUTBOX_COLUMNS.sessions, 'closed_by'],
  events: [...OUTBOX_COLUMNS.events, 'person_id'],
};

const RECREATED: OutboxTable[] = ['sales', 'attempts', 'refunds', 'sessions', 'events'];

const dropTriggers = (t: OutboxTable) =>
  t === 'events'
    ? `DROP TRIGGER ${t}_outbox_insert;`
    : `DROP TRIGGER ${t}_outbox_insert;\nDROP TRIGGER ${t}_outbox_update;`;

const personRecord = (row: string) => `INSERT INTO replication_outbox (at, entity, entity_id, op, v, data)
    VALUES (${row}.updated_at, 'person', ${row}.id, 'upsert', 1, json_object('id', ${row}.id, 'name', ${row}.name,
      'role', ${row}.role, 'disabled_at', ${row}.disabled_at, 'source', ${row}.source));`;

export const V11_PEOPLE = /* sql */ `
CREATE TABLE people (
  id              TEXT    PRIMARY KEY NOT NULL CHECK (length(id) BETWEEN 1 AND 64),
  name            TEXT    NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 60),
  role            TEXT    NOT NULL CHECK (role IN ('cashier','supervisor','manager')),
  pin_hash        TEXT,
  badge_hash      TEXT,
  badge_issued_at INTEGER,
  disabled_at     INTEGER,
  source          TEXT    NOT NULL CHECK (source IN ('till','server')),
  server_rev      INTEGER,
  failed_attempts INTEGER NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
  locked_until    INTEGER,
  lock_step       INTEGER NOT NULL DEFAULT 0 CHECK (lock_step >= 0),
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  CHECK ((badge_hash IS NULL) = (badge_issued_at IS NULL)),
  CHECK (source = 'server' OR server_rev IS NULL)
) STRICT;
CREATE UNIQUE INDEX people_badge ON people(badge_hash) WHERE badge_hash IS NOT NULL;
CREATE TRIGGER people_no_delete BEFORE DELETE ON people
  BEGIN SELECT RAISE(ABORT, 'journal: people are never deleted, only disabled'); END;
CREATE TRIGGER people_identity_fixed BEFORE UPDATE ON people
  WHEN NEW.id IS NOT OLD.id OR NEW.source IS NOT OLD.source OR NEW.created_at IS NOT OLD.created_at
  BEGIN SELECT RAISE(ABORT, 'journal: a person''s id and source are fixed'); END;
CREATE TRIGGER people_outbox_insert AFTER INSERT ON people BEGIN ${personRecord('NEW')} END;
CREATE TRIGGER people_outbox_update AFTER UPDATE OF name, role, disabled_at, source ON people
  BEGIN ${personRecord('NEW')} END;

INSERT INTO people (id, name, role, pin_hash, source, created_at, updated_at)
  VALUES ('counter', 'Cashier', 'cashier', NULL, 'till', ${NOW}, ${NOW});
INSERT INTO people (id, name, role, pin_hash, source, failed_attempts, locked_until, lock_step, created_at, updated_at)
  SELECT 'manager-1', 'Manager', 'manager', m.pin_hash, 'till', m.failed_attempts, m.locked_until,
    coalesce((SELECT max(0, CAST(value AS INTEGER)) FROM settings
      WHERE key = 'manager.lockStep' AND json_type(value) = 'integer'), 0),
    ${NOW}, ${NOW}
  FROM manager_auth m WHERE m.id = 1 AND m.pin_hash IS NOT NULL;

ALTER TABLE sales ADD COLUMN person_id TEXT REFERENCES people(id);
ALTER TABLE sales ADD COLUMN voided_by TEXT REFERENCES people(id);
ALTER TABLE attempts ADD COLUMN person_id TEXT REFERENCES people(id);
ALTER TABLE refunds ADD COLUMN requested_by TEXT REFERENCES people(id);
ALTER TABLE refunds ADD COLUMN approved_by TEXT REFERENCES people(id);
ALTER TABLE sessions ADD COLUMN closed_by TEXT REFERENCES people(id);
ALTER TABLE day_closes ADD COLUMN closed_by TEXT REFERENCES people(id);
ALTER TABLE events ADD COLUMN person_id TEXT REFERENCES people(id);

${RECREATED.map(dropTriggers).join('\n')}
${RECREATED.map((t) => outboxTriggers(t, COLUMNS_V11)).join('\n')}
`;
