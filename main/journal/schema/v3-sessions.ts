/**
 * Sessions (shifts): a Z closes one; the next sale opens the next. Membership lives in tables of its own (not in
 * columns of sales/refunds), so a later migration that rebuilds those tables cannot lose it. A sale or refund
 * that changes status after its session closed moves to the open session, `carried_from` keeping where it was.
 * Journals written before sessions get one closed session per recorded day close and one open session for the
 * rest (what no Z has covered yet).
 */
export const V3_SESSIONS = /* sql */ `
CREATE TABLE sessions (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  business_date    TEXT    NOT NULL CHECK (business_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  seq              INTEGER NOT NULL CHECK (seq >= 1),
  opened_at        INTEGER NOT NULL,
  closed_at        INTEGER,
  report           TEXT    CHECK (report IS NULL OR json_valid(report)),
  unresolved_count INTEGER CHECK (unresolved_count IS NULL OR unresolved_count >= 0),
  forced           INTEGER NOT NULL DEFAULT 0 CHECK (forced IN (0, 1)),
  CHECK ((closed_at IS NULL) = (report IS NULL))
) STRICT;
CREATE UNIQUE INDEX sessions_day_seq ON sessions(business_date, seq);
-- At most one open session: every open row has the same key.
CREATE UNIQUE INDEX sessions_single_open ON sessions(coalesce(closed_at, 0)) WHERE closed_at IS NULL;

CREATE TABLE sale_sessions (
  sale_id      TEXT    PRIMARY KEY NOT NULL REFERENCES sales(id),
  session_id   INTEGER NOT NULL REFERENCES sessions(id),
  carried_from INTEGER REFERENCES sessions(id)
) STRICT, WITHOUT ROWID;
CREATE INDEX sale_sessions_session ON sale_sessions(session_id);

CREATE TABLE refund_sessions (
  refund_id    TEXT    PRIMARY KEY NOT NULL REFERENCES refunds(id),
  session_id   INTEGER NOT NULL REFERENCES sessions(id),
  carried_from INTEGER REFERENCES sessions(id)
) STRICT, WITHOUT ROWID;
CREATE INDEX refund_sessions_session ON refund_sessions(session_id);

-- A closed session is history: its frozen Z never changes and it never reopens; nothing is ever deleted.
CREATE TRIGGER sessions_closed_final BEFORE UPDATE ON sessions
  WHEN OLD.closed_at IS NOT NULL
  BEGIN SELECT RAISE(ABORT, 'journal: a closed session is final'); END;
CREATE TRIGGER sessions_identity_fixed BEFORE UPDATE ON sessions
  WHEN NEW.id IS NOT OLD.id OR NEW.business_date IS NOT OLD.business_date OR NEW.seq IS NOT OLD.seq
    OR NEW.opened_at IS NOT OLD.opened_at
  BEGIN SELECT RAISE(ABORT, 'journal: a session''s identity is fixed'); END;
CREATE TRIGGER sessions_no_delete BEFORE DELETE ON sessions
  BEGIN SELECT RAISE(ABORT, 'journal: sessions are never deleted'); END;
CREATE TRIGGER sale_sessions_no_delete BEFORE DELETE ON sale_sessions
  BEGIN SELECT RAISE(ABORT, 'journal: a sale always belongs to a session'); END;
CREATE TRIGGER refund_sessions_no_delete BEFORE DELETE ON refund_sessions
  BEGIN SELECT RAISE(ABORT, 'journal: a refund always belongs to a session'); END;

-- Journals from before sessions: each recorded day close becomes a closed session with its Z.
INSERT INTO sessions (business_date, seq, opened_at, closed_at, report, unresolved_count, forced)
  SELECT d.business_date, 1,
    min(d.closed_at, coalesce((SELECT min(created_at) FROM sales WHERE business_date = d.business_date), d.closed_at)),
    d.closed_at, d.report, d.unresolved_count, d.forced
  FROM day_closes d ORDER BY d.business_date;
INSERT INTO sale_sessions (sale_id, session_id)
  SELECT s.id, x.id FROM sales s JOIN sessions x ON x.business_date = s.business_date
  WHERE s.created_at <= x.closed_at AND NOT (s.status = 'paid' AND s.paid_at > x.closed_at);
INSERT INTO refund_sessions (refund_id, session_id)
  SELECT r.id, x.id FROM refunds r JOIN sessions x ON x.business_date = r.business_date
  WHERE r.created_at <= x.closed_at;
-- What no day close covered forms the open session.
INSERT INTO sessions (business_date, seq, opened_at)
  SELECT o.business_date,
    1 + coalesce((SELECT max(seq) FROM sessions WHERE business_date = o.business_date), 0), o.created_at
  FROM (
    SELECT business_date, created_at FROM sales WHERE id NOT IN (SELECT sale_id FROM sale_sessions)
    UNION ALL
    SELECT business_date, created_at FROM refunds WHERE id NOT IN (SELECT refund_id FROM refund_sessions)
    ORDER BY created_at LIMIT 1
  ) o;
INSERT INTO sale_sessions (sale_id, session_id)
  SELECT s.id, (SELECT id FROM sessions WHERE closed_at IS NULL) FROM sales s
  WHERE s.id NOT IN (SELECT sale_id FROM sale_sessions);
INSERT INTO refund_sessions (refund_id, session_id)
  SELECT r.id, (SELECT id FROM sessions WHERE closed_at IS NULL) FROM refunds r
  WHERE r.id NOT IN (SELECT refund_id FROM refund_sessions);
`;
