/**
 * The columns `refunds` (migration 1) and `remote_refunds` (migration 7) share, from `amount_cents` on: the
 * refund's amount, reason, gateway status and follow-up. Frozen with both migrations: never edit it (a test pins
 * every migration's SQL); a later change to either table is a new migration.
 */
export const REFUND_LEDGER_COLUMNS = `  amount_cents    INTEGER NOT NULL CHECK (amount_cents > 0),
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
) STRICT;`;

/** The names of those columns in their order, read from the SQL above so the two can never differ. */
export const REFUND_LEDGER_COLUMN_NAMES: readonly string[] = [
  ...REFUND_LEDGER_COLUMNS.matchAll(/^ {2}([a-z_]+) /gm),
].map((m) => m[1]!);
