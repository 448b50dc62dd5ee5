/**
 * The Terminal API's own tables (main/terminal-api): the caller's payment and refund ids mapped to ours (the
 * idempotency keys, kept across restarts), paired API keys (hashed) and the log of API calls. Self-contained:
 * no other table references these, and these reference no other, so the migration can move to another number.
 */
export const V4_TERMINAL_API = /* sql */ `
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
