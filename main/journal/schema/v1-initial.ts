/** Journal migration 1: the initial schema. Frozen: applied files hold it; never edit it, add the next migration. */
import { REFUND_LEDGER_COLUMNS } from './refund-ledger-columns';

export const V1_INITIAL = /* sql */ `
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
${REFUND_LEDGER_COLUMNS}
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
