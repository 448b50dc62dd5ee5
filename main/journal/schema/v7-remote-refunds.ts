/**
 * Journal migration 7: refunds this till sent for another till's sale (refund anywhere, docs/store-server.md).
 * Written BEFORE the Refund call, like `refunds`, so a crash mid-call leaves a row to follow up with the same
 * out_refund_no (the store server's). No foreign key to sales: the sale lives in another till's journal; the
 * row names it by (sale_till_id, sale_id) as the server does. Replicated through the outbox like every other
 * row (entity 'remote_refund', the row as JSON with these column names).
 */
import { REFUND_LEDGER_COLUMN_NAMES, REFUND_LEDGER_COLUMNS } from './refund-ledger-columns';

const COLUMNS = [
  'id',
  'reservation_id',
  'sale_till_id',
  'sale_id',
  'owner_till_name',
  'out_order_no',
  'order_no',
  'out_refund_no',
  ...REFUND_LEDGER_COLUMN_NAMES,
];

const data = (row: string) => `json_object(${COLUMNS.map((c) => `'${c}', ${row}.${c}`).join(', ')})`;
const outbox = (row: string) =>
  `INSERT INTO replication_outbox (at, entity, entity_id, op, v, data)
     VALUES (${row}.updated_at, 'remote_refund', ${row}.id, 'upsert', 1, ${data(row)});`;

export const V7_REMOTE_REFUNDS = /* sql */ `
CREATE TABLE remote_refunds (
  id              TEXT    PRIMARY KEY NOT NULL,
  reservation_id  TEXT    NOT NULL,
  sale_till_id    TEXT    NOT NULL,
  sale_id         TEXT    NOT NULL,
  owner_till_name TEXT,
  out_order_no    TEXT,
  order_no        TEXT    NOT NULL,
  out_refund_no   TEXT    NOT NULL UNIQUE,
${REFUND_LEDGER_COLUMNS}
CREATE INDEX remote_refunds_sale ON remote_refunds(sale_till_id, sale_id);
CREATE INDEX remote_refunds_created ON remote_refunds(created_at);
CREATE INDEX remote_refunds_open ON remote_refunds(created_at)
  WHERE status IN ('submitting','unknown','APPLIED','MERCHANTCONFIRMED','ORGANIZATIONCONFIRMED','ORGANIZATIONPAYBACK');
CREATE TRIGGER remote_refunds_closed_stays_closed BEFORE UPDATE OF status ON remote_refunds
  WHEN OLD.status = 'CLOSED' AND NEW.status <> 'CLOSED'
  BEGIN SELECT RAISE(ABORT, 'journal: a closed refund stays closed'); END;
CREATE TRIGGER remote_refunds_outbox_insert AFTER INSERT ON remote_refunds BEGIN ${outbox('NEW')} END;
CREATE TRIGGER remote_refunds_outbox_update AFTER UPDATE ON remote_refunds BEGIN ${outbox('NEW')} END;
`;
