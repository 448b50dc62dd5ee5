/**
 * Journal migration 10: refunds of this till's sales made at other tills of the store, as the store server told
 * this till (docs/store-server.md, "Told back to the owning till"). One row per refund number, moved forward
 * only: requested → pending → refunded / failed / cancelled. They count against the sale's refundable balance
 * here (not failed, not cancelled), so the sale's detail, History and the refund form agree with the server.
 * No outbox trigger: the server is where these came from. `changed_at` is the server's clock (the next pull
 * starts there); `heard_at` is this till's clock when it last heard of the refund, shown as the age of what
 * the till knows while the link is down.
 */
export const V10_REFUNDS_ELSEWHERE = /* sql */ `
CREATE TABLE refunds_elsewhere (
  out_refund_no TEXT    PRIMARY KEY,
  sale_id       TEXT    NOT NULL REFERENCES sales(id),
  till_name     TEXT    NOT NULL,
  amount_cents  INTEGER NOT NULL CHECK (amount_cents > 0),
  state         TEXT    NOT NULL CHECK (state IN ('requested','pending','refunded','failed','cancelled')),
  status        TEXT    NOT NULL,
  error_code    TEXT,
  requested_at  INTEGER NOT NULL,
  changed_at    INTEGER NOT NULL,
  heard_at      INTEGER NOT NULL
) STRICT;
CREATE INDEX refunds_elsewhere_sale ON refunds_elsewhere(sale_id);
`;
