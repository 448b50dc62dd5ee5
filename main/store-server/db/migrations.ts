/**
 * The store server's schema history, in PostgreSQL that PGlite runs unchanged. Each migration runs in one
 * transaction with its row in schema_migrations. Applied migrations are frozen: never edit one, add the next.
 *
 * Money is integer cents (bigint), times are epoch milliseconds (bigint), business dates are the till's
 * 'YYYY-MM-DD' text. Rows a till replicated are keyed by (till_id, id): ids are unique per till, and a till can
 * never write over another till's rows.
 */

import { REPORT_HOURS_6 } from './report-hours';
import { REPORT_LOCKS_8 } from './report-locks';
import { REPORT_STORE_HOURS_7 } from './report-store-hours';

export interface StoreMigration {
  version: number;
  name: string;
  sql: string;
}

const V1 = /* sql */ `
CREATE TABLE stores (
  id                  text   PRIMARY KEY,
  name                text   NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 80),
  -- The store's Omipay merchant: the secret is sealed with the server's key (never stored in clear).
  merchant_no         text,
  merchant_secret_enc text,
  time_zone           text   NOT NULL DEFAULT 'Australia/Sydney',
  created_at          bigint NOT NULL
);

CREATE TABLE tills (
  id              text   PRIMARY KEY,
  store_id        text   NOT NULL REFERENCES stores(id),
  name            text   NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
  -- The till's out_order_no prefix: unique chain-wide, so order numbers never collide at a shared merchant.
  pos_no          text   UNIQUE,
  credential_hash text   UNIQUE,
  enrolled_at     bigint,
  revoked_at      bigint,
  last_seen_at    bigint,
  -- Highest replicated sequence stored: every record 1..last_seq is in till_records.
  last_seq        bigint NOT NULL DEFAULT 0 CHECK (last_seq >= 0),
  created_at      bigint NOT NULL,
  UNIQUE (store_id, name)
);

CREATE TABLE enrol_codes (
  code_hash  text   PRIMARY KEY,
  till_id    text   NOT NULL REFERENCES tills(id),
  created_by text   NOT NULL,
  created_at bigint NOT NULL,
  expires_at bigint NOT NULL,
  used_at    bigint
);

-- Everything each till sent, exactly once per (till, seq), kept as sent. Records of a schema version this server
-- does not know are kept with projected = false and projected after an upgrade.
CREATE TABLE till_records (
  till_id     text    NOT NULL REFERENCES tills(id),
  seq         bigint  NOT NULL CHECK (seq >= 1),
  v           integer NOT NULL,
  at          bigint  NOT NULL,
  entity      text    NOT NULL,
  entity_id   text    NOT NULL,
  op          text    NOT NULL CHECK (op IN ('upsert','append')),
  data        jsonb   NOT NULL,
  received_at bigint  NOT NULL,
  projected   boolean NOT NULL,
  PRIMARY KEY (till_id, seq)
);
CREATE INDEX till_records_unprojected ON till_records (till_id, seq) WHERE NOT projected;

-- Projections: each row is the latest state a till replicated (src_seq = the record it came from; an older
-- record never overwrites a newer one). data keeps the whole row as the till sent it.
CREATE TABLE sales (
  till_id         text   NOT NULL REFERENCES tills(id),
  id              text   NOT NULL,
  store_id        text   NOT NULL REFERENCES stores(id),
  kind            text   NOT NULL,
  amount_cents    bigint NOT NULL,
  platform        text,
  status          text   NOT NULL,
  paid_attempt_id text,
  created_at      bigint NOT NULL,
  updated_at      bigint NOT NULL,
  paid_at         bigint,
  business_date   text   NOT NULL,
  src_seq         bigint NOT NULL,
  data            jsonb  NOT NULL,
  PRIMARY KEY (till_id, id)
);
CREATE INDEX sales_store_day ON sales (store_id, business_date, status, platform);
CREATE INDEX sales_day ON sales (business_date, store_id);
CREATE INDEX sales_store_created ON sales (store_id, created_at DESC);
CREATE INDEX sales_amount ON sales (store_id, amount_cents, created_at DESC);

CREATE TABLE attempts (
  till_id      text   NOT NULL REFERENCES tills(id),
  id           text   NOT NULL,
  sale_id      text   NOT NULL,
  store_id     text   NOT NULL REFERENCES stores(id),
  out_order_no text   NOT NULL,
  order_no     text,
  platform     text,
  status       text   NOT NULL,
  created_at   bigint NOT NULL,
  updated_at   bigint NOT NULL,
  pay_time     bigint,
  src_seq      bigint NOT NULL,
  data         jsonb  NOT NULL,
  PRIMARY KEY (till_id, id)
);
CREATE INDEX attempts_sale ON attempts (till_id, sale_id);
CREATE INDEX attempts_out_order_no ON attempts (out_order_no);
CREATE INDEX attempts_order_no ON attempts (order_no) WHERE order_no IS NOT NULL;

-- Refunds sent by a till: of its own sales (from its refunds table) or of another till's (remote = true, from
-- its remote_refunds table). sale_till_id/sale_id name the sale refunded.
CREATE TABLE refunds (
  till_id       text    NOT NULL REFERENCES tills(id),
  id            text    NOT NULL,
  store_id      text    NOT NULL REFERENCES stores(id),
  sale_till_id  text    NOT NULL,
  sale_id       text    NOT NULL,
  remote        boolean NOT NULL,
  out_refund_no text    NOT NULL,
  order_no      text,
  amount_cents  bigint  NOT NULL,
  status        text    NOT NULL,
  refund_no     text,
  created_at    bigint  NOT NULL,
  updated_at    bigint  NOT NULL,
  business_date text    NOT NULL,
  src_seq       bigint  NOT NULL,
  data          jsonb   NOT NULL,
  PRIMARY KEY (till_id, id)
);
CREATE INDEX refunds_sale ON refunds (sale_till_id, sale_id);
CREATE INDEX refunds_out_refund_no ON refunds (out_refund_no);
CREATE INDEX refunds_store_day ON refunds (store_id, business_date, status);

CREATE TABLE sessions (
  till_id          text    NOT NULL REFERENCES tills(id),
  id               bigint  NOT NULL,
  store_id         text    NOT NULL REFERENCES stores(id),
  business_date    text    NOT NULL,
  seq              integer NOT NULL,
  opened_at        bigint  NOT NULL,
  closed_at        bigint,
  report           jsonb,
  unresolved_count integer,
  forced           boolean NOT NULL DEFAULT false,
  src_seq          bigint  NOT NULL,
  PRIMARY KEY (till_id, id)
);
CREATE INDEX sessions_store_day ON sessions (store_id, business_date);

CREATE TABLE sale_sessions (
  till_id    text   NOT NULL REFERENCES tills(id),
  sale_id    text   NOT NULL,
  session_id bigint NOT NULL,
  PRIMARY KEY (till_id, sale_id)
);
CREATE INDEX sale_sessions_session ON sale_sessions (till_id, session_id);

CREATE TABLE refund_sessions (
  till_id    text   NOT NULL REFERENCES tills(id),
  refund_id  text   NOT NULL,
  session_id bigint NOT NULL,
  PRIMARY KEY (till_id, refund_id)
);
CREATE INDEX refund_sessions_session ON refund_sessions (till_id, session_id);

-- Refund anywhere: a balance held for one refund, in the same transaction that checked
-- paid − refunded − held ≥ amount. Held until the refund using out_refund_no replicates a final status.
CREATE TABLE refund_reservations (
  id                 text   PRIMARY KEY,
  store_id           text   NOT NULL REFERENCES stores(id),
  sale_till_id       text   NOT NULL,
  sale_id            text   NOT NULL,
  requesting_till_id text   NOT NULL REFERENCES tills(id),
  request_id         text   NOT NULL,
  out_refund_no      text   NOT NULL UNIQUE,
  amount_cents       bigint NOT NULL CHECK (amount_cents > 0),
  reason             text   NOT NULL,
  status             text   NOT NULL CHECK (status IN ('held','refunded','released')),
  created_at         bigint NOT NULL,
  settled_at         bigint,
  UNIQUE (requesting_till_id, request_id)
);
CREATE INDEX refund_reservations_sale ON refund_reservations (sale_till_id, sale_id) WHERE status = 'held';

CREATE TABLE notifications (
  id           bigserial PRIMARY KEY,
  store_id     text      NOT NULL REFERENCES stores(id),
  received_at  bigint    NOT NULL,
  out_order_no text,
  order_no     text,
  verdict      text      NOT NULL,
  till_id      text,
  delivered    boolean   NOT NULL DEFAULT false
);
CREATE TABLE notification_nonces (
  nonce      text   PRIMARY KEY,
  expires_at bigint NOT NULL
);

CREATE TABLE users (
  id              text    PRIMARY KEY,
  username        text    NOT NULL UNIQUE CHECK (length(username) BETWEEN 1 AND 64),
  display_name    text    NOT NULL,
  role            text    NOT NULL CHECK (role IN ('store_manager','head_office')),
  -- A store manager sees one store; head office sees the chain.
  store_id        text    REFERENCES stores(id),
  password_hash   text    NOT NULL,
  failed_attempts integer NOT NULL DEFAULT 0,
  locked_until    bigint,
  created_at      bigint  NOT NULL,
  disabled_at     bigint,
  CHECK (role = 'head_office' OR store_id IS NOT NULL)
);
CREATE TABLE web_sessions (
  token_hash   text   PRIMARY KEY,
  user_id      text   NOT NULL REFERENCES users(id),
  created_at   bigint NOT NULL,
  expires_at   bigint NOT NULL,
  last_seen_at bigint NOT NULL
);

CREATE TABLE audit_log (
  id     bigserial PRIMARY KEY,
  at     bigint    NOT NULL,
  actor  text      NOT NULL,
  action text      NOT NULL,
  detail jsonb     NOT NULL DEFAULT '{}'::jsonb
);
`;

// Server core: session memberships move (a sale carried to the next session), so they too keep the record
// they came from and an older one never overwrites a newer; enrol codes are looked up by till on revoke.
const SERVER_CORE_2 = /* sql */ `
ALTER TABLE sale_sessions ADD COLUMN carried_from bigint;
ALTER TABLE sale_sessions ADD COLUMN src_seq bigint NOT NULL DEFAULT 0;
ALTER TABLE refund_sessions ADD COLUMN carried_from bigint;
ALTER TABLE refund_sessions ADD COLUMN src_seq bigint NOT NULL DEFAULT 0;
CREATE INDEX enrol_codes_till ON enrol_codes (till_id);
`;

// The Audit page reads the log by time range, newest first.
const AUDIT_3 = /* sql */ `
CREATE INDEX audit_log_at ON audit_log (at DESC, id DESC);
`;

// A till keeps its identity: the journal's own id (sent at enrolment) finds the till a journal already is, so a
// re-enrolled till resumes its till id, cursor and POS number and one sale is never counted under two tills.
// refused_records counts records refused at ingest (another till's or store's ids, a shape that fails its schema).
const TILL_IDENTITY_4 = /* sql */ `
ALTER TABLE tills ADD COLUMN journal_id text;
CREATE UNIQUE INDEX tills_journal ON tills (journal_id) WHERE journal_id IS NOT NULL;
ALTER TABLE tills ADD COLUMN refused_records bigint NOT NULL DEFAULT 0;
`;

// People at the counter. `staff` is the chain's own list of the people who work at its counters (not the web
// sign-in users): a person works at the stores in staff_stores, sets their own PIN through a one-time code
// (staff_pin_codes, only its sha256 kept), and every linked till of those stores pulls the list. rev moves on
// every change from one sequence, so a till's list has a version. till_people is each till's own people as
// replicated in its `person` records (never a PIN hash), so a till's sales keep their names after the till is
// gone. The attribution columns are the person ids the till journalled (NULL for rows made before people).
const PEOPLE_5 = /* sql */ `
CREATE SEQUENCE staff_rev_seq;
CREATE TABLE staff (
  id          text   PRIMARY KEY,
  name        text   NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
  role        text   NOT NULL CHECK (role IN ('cashier','supervisor','manager')),
  pin_hash    text,
  disabled_at bigint,
  created_at  bigint NOT NULL,
  updated_at  bigint NOT NULL,
  rev         bigint NOT NULL DEFAULT nextval('staff_rev_seq')
);
CREATE TABLE staff_stores (
  staff_id text NOT NULL REFERENCES staff(id),
  store_id text NOT NULL REFERENCES stores(id),
  PRIMARY KEY (staff_id, store_id)
);
CREATE INDEX staff_stores_store ON staff_stores (store_id, staff_id);
CREATE TABLE staff_pin_codes (
  code_hash  text   PRIMARY KEY,
  staff_id   text   NOT NULL REFERENCES staff(id),
  created_by text   NOT NULL,
  created_at bigint NOT NULL,
  expires_at bigint NOT NULL,
  used_at    bigint
);
CREATE INDEX staff_pin_codes_staff ON staff_pin_codes (staff_id);

CREATE TABLE till_people (
  till_id     text   NOT NULL REFERENCES tills(id),
  person_id   text   NOT NULL,
  store_id    text   NOT NULL REFERENCES stores(id),
  name        text   NOT NULL,
  role        text   NOT NULL,
  source      text   NOT NULL,
  disabled_at bigint,
  src_seq     bigint NOT NULL,
  PRIMARY KEY (till_id, person_id)
);

ALTER TABLE sales ADD COLUMN served_by text;
ALTER TABLE sales ADD COLUMN voided_by text;
ALTER TABLE refunds ADD COLUMN requested_by text;
ALTER TABLE refunds ADD COLUMN approved_by text;
ALTER TABLE sessions ADD COLUMN closed_by text;
`;

export const STORE_MIGRATIONS: readonly StoreMigration[] = [
  { version: 1, name: 'stores, tills, replication, refunds anywhere, web sign-in', sql: V1 },
  { version: 2, name: 'server core: session membership src_seq, enrol codes by till', sql: SERVER_CORE_2 },
  { version: 3, name: 'audit log by time', sql: AUDIT_3 },
  { version: 4, name: 'till identity: journal id, refused records', sql: TILL_IDENTITY_4 },
  { version: 5, name: 'people: staff, their stores and PIN codes, till people, attribution', sql: PEOPLE_5 },
  { version: 6, name: 'range reports: report_hours rollup kept by triggers', sql: REPORT_HOURS_6 },
  { version: 7, name: 'range reports: hours by store, refunds list index', sql: REPORT_STORE_HOURS_7 },
  { version: 8, name: 'range reports: rollups recomputed behind store-day locks', sql: REPORT_LOCKS_8 },
];
