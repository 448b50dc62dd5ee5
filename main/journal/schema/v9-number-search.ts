/**
 * Journal migration 9: history search by any part of an order number. An FTS5 index with the trigram tokenizer
 * over each attempt's order_no and out_order_no answers "contains 1431867" from the index: a B-tree on the numbers
 * serves only their start, and scanning a 1,000,000-sale journal takes seconds, not the 50 ms a search may.
 * Trigram matching is case-insensitive, so "pos01" finds "POS01…".
 *
 * The table keeps its own copy of the two numbers and, unindexed, the attempt's sale and that sale's time: matches
 * are checked and ranked newest first from this compact table alone (about 80 bytes an attempt), without reading
 * an attempt row for each. Its rowid is the attempt's rowid. Attempts are never deleted and their out_order_no
 * never changes (v1's triggers), so only a new attempt and a change of order_no (NULL → the gateway's number)
 * have to reach it. The journal is never VACUUMed, which keeps an attempt's rowid stable.
 *
 * Backfill: one INSERT … SELECT over the attempts inside this migration's transaction, so a crash part-way leaves
 * the journal at version 8 with no half-built table, and the next start builds it again (bench/README.md has
 * the time on 1,000,000 sales).
 */
/** The backfill on its own, for bench/journal-scale.ts to time on a journal loaded without the triggers. */
export const V9_BACKFILL = /* sql */ `INSERT INTO attempt_numbers (rowid, order_no, out_order_no, sale_id, sale_created_at)
  SELECT rowid, order_no, out_order_no, sale_id, sale_created_at FROM attempts ORDER BY rowid;`;

export const V9_NUMBER_SEARCH = /* sql */ `
CREATE VIRTUAL TABLE attempt_numbers USING fts5(
  order_no, out_order_no, sale_id UNINDEXED, sale_created_at UNINDEXED, tokenize='trigram'
);
${V9_BACKFILL}
CREATE TRIGGER attempt_numbers_insert AFTER INSERT ON attempts
  BEGIN INSERT INTO attempt_numbers (rowid, order_no, out_order_no, sale_id, sale_created_at)
    VALUES (NEW.rowid, NEW.order_no, NEW.out_order_no, NEW.sale_id, NEW.sale_created_at); END;
CREATE TRIGGER attempt_numbers_update AFTER UPDATE OF order_no ON attempts
  WHEN NEW.order_no IS NOT OLD.order_no
  BEGIN UPDATE attempt_numbers SET order_no = NEW.order_no WHERE rowid = NEW.rowid; END;
`;
