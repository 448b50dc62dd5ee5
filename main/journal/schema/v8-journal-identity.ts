/**
 * Journal migration 8: the journal's own identity, a random UUID (v4) made with the journal and never changed.
 * A store server knows a till by it across revoke, unlink and re-enrolment, so one journal is never counted as
 * two tills (docs/store-server.md). An existing journal gets its identity when it is upgraded. The id is drawn
 * by SQLite's randomblob (a CSPRNG), in the migration's transaction, so two processes opening one file agree.
 * Copying the journal file copies its identity: a copy enrolled as a second till is the same till to the server.
 */

const hex = (bytes: number) => `lower(hex(randomblob(${bytes})))`;

// 8-4-4-4-12 hex digits (JOURNAL_ID_PATTERN in the store-link protocol), version nibble 4, variant nibble 8/9/a/b (RFC 9562).
const UUID_V4 = `${hex(4)} || '-' || ${hex(2)} || '-4' || substr(${hex(2)}, 2) || '-' ||
  substr('89ab', 1 + abs(random() % 4), 1) || substr(${hex(2)}, 2) || '-' || ${hex(6)}`;

export const V8_JOURNAL_IDENTITY = /* sql */ `
CREATE TABLE journal_identity (
  only       INTEGER PRIMARY KEY CHECK (only = 1),
  id         TEXT    NOT NULL CHECK (length(id) = 36),
  created_at INTEGER NOT NULL
) STRICT;
INSERT INTO journal_identity (only, id, created_at)
  VALUES (1, ${UUID_V4}, CAST(unixepoch('subsec') * 1000 AS INTEGER));
CREATE TRIGGER journal_identity_no_update BEFORE UPDATE ON journal_identity
  BEGIN SELECT RAISE(ABORT, 'journal: the journal identity never changes'); END;
CREATE TRIGGER journal_identity_no_delete BEFORE DELETE ON journal_identity
  BEGIN SELECT RAISE(ABORT, 'journal: the journal identity never changes'); END;
`;
