/**
 * The closed loop: a sale can be voided (the customer paid another way) while its attempts are still followed.
 * SQLite cannot widen a CHECK constraint in place, so `sales` is rebuilt with the same columns, indexes and
 * triggers and the status list grown by 'voided'. Notification nonces move from memory into the journal so a
 * restart never accepts one twice.
 */
export const V2_VOIDED_SALES = /* sql */ `
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
