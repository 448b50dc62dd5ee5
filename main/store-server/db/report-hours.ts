/**
 * Server migration 6: `report_hours`, the range reports' rollup. A chain's month is ~800,000 sales at 10 M a
 * year; summing them per request cannot answer in half a second on this class of machine, so each till's
 * business day is kept summed by local hour, platform, kind and person, and a range report reads a few
 * thousand rollup rows instead (bench/store-server-reports.ts).
 *
 * The rollup is derived, never written by hand: statement-level triggers on sales, attempts and refunds
 * recompute every (till, business date) a statement touched, from the rows themselves, in the same transaction.
 * So every writer — the projection, a till merge, a test seeding rows — keeps it right, a rolled-back push
 * leaves it as it was, and recomputing (rather than adding deltas) can never drift.
 *
 * The money lines are the day reports' (web/queries.ts): 'sale' = a paid sale, 'late' = a voided sale with a
 * payment, 'refund' / 'late_refund' = a refund that has not failed, of a sale that is / is not voided (the
 * latter counts in refunds too). CNY is the paid attempt's cny_amount (fen), counted only where the gateway gave
 * one (cny_n of n). The hour is the sale's (or refund's) creation in the store's time zone at the time it was
 * summed; business_date is the till's. platform '' = none recorded. person_id is who served the sale
 * (sales.served_by) or asked for the refund (refunds.requested_by), '' for rows from before people (server
 * migration 5); with till_id it names one person of that till.
 */
import { FAILED_REFUND_STATUSES, UNSETTLED_SALE_STATUSES, sqlList } from '../../journal/status';

const FAILED = sqlList(FAILED_REFUND_STATUSES);

/** The rows of the given (store, till, business date) keys, summed as report_hours holds them. */
const SUMMED = /* sql */ `
  SELECT x.till_id, x.business_date, x.store_id, x.hour, x.platform, x.kind, x.person_id,
         count(*)::integer AS n, sum(x.cents)::bigint AS cents,
         count(x.cny)::integer AS cny_n, coalesce(sum(x.cny), 0)::bigint AS cny_cents
    FROM (
      SELECT s.till_id, s.business_date, s.store_id,
             extract(hour FROM to_timestamp(s.created_at / 1000.0) AT TIME ZONE st.time_zone)::smallint AS hour,
             coalesce(s.platform, '') AS platform,
             CASE WHEN s.status = 'paid' THEN 'sale' ELSE 'late' END AS kind,
             coalesce(s.served_by, '') AS person_id,
             s.amount_cents AS cents,
             CASE WHEN jsonb_typeof(a.data->'cny_amount') = 'number'
                  THEN (a.data->>'cny_amount')::numeric::bigint END AS cny
        FROM keys k
        JOIN sales s ON s.store_id = k.store_id AND s.business_date = k.business_date AND s.till_id = k.till_id
        JOIN stores st ON st.id = s.store_id
        LEFT JOIN attempts a ON a.till_id = s.till_id AND a.id = s.paid_attempt_id
       WHERE s.status = 'paid' OR (s.status = 'voided' AND s.paid_attempt_id IS NOT NULL)
      UNION ALL
      SELECT r.till_id, r.business_date, r.store_id,
             extract(hour FROM to_timestamp(r.created_at / 1000.0) AT TIME ZONE st.time_zone)::smallint,
             coalesce(s.platform, ''),
             CASE WHEN s.status = 'voided' THEN 'late_refund' ELSE 'refund' END,
             coalesce(r.requested_by, ''),
             r.amount_cents,
             NULL
        FROM keys k
        JOIN refunds r ON r.store_id = k.store_id AND r.business_date = k.business_date AND r.till_id = k.till_id
        JOIN stores st ON st.id = r.store_id
        LEFT JOIN sales s ON s.till_id = r.sale_till_id AND s.id = r.sale_id
       WHERE r.status NOT IN (${FAILED})
    ) x
   GROUP BY x.till_id, x.business_date, x.store_id, x.hour, x.platform, x.kind, x.person_id`;

const DAY_COLUMNS = 'till_id, business_date, store_id, platform, kind, person_id, n, cents, cny_n, cny_cents';
/** report_days from report_hours (the caller adds its join and the GROUP BY of the six keys). */
const DAYS_FROM_HOURS = `SELECT h.till_id, h.business_date, h.store_id, h.platform, h.kind, h.person_id,
         sum(h.n), sum(h.cents), sum(h.cny_n), sum(h.cny_cents)
    FROM report_hours h`;
const COLUMNS =
  'till_id, business_date, store_id, hour, platform, kind, person_id, n, cents, cny_n, cny_cents';

/**
 * A statement-level trigger on `table` whose function runs `perform` once over `keysSql`, the keys (as `k`) of
 * the rows the statement changed, read from its transition tables `new_rows` / `old_rows`.
 */
export function refreshTrigger(
  fn: string,
  table: string,
  event: 'INSERT' | 'UPDATE' | 'DELETE',
  perform: string,
  keysSql: string,
): string {
  const refs =
    event === 'INSERT'
      ? 'NEW TABLE AS new_rows'
      : event === 'DELETE'
        ? 'OLD TABLE AS old_rows'
        : 'OLD TABLE AS old_rows NEW TABLE AS new_rows';
  return /* sql */ `
CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM ${perform}
     FROM (${keysSql}) k;
  RETURN NULL;
END $fn$;
CREATE TRIGGER ${fn} AFTER ${event} ON ${table} REFERENCING ${refs}
  FOR EACH STATEMENT EXECUTE FUNCTION ${fn}();`;
}

/** Each trigger's keys: the (store, till, business date) of the rows it changed. */
const trigger = (table: string, event: 'INSERT' | 'UPDATE' | 'DELETE', keysSql: string) =>
  refreshTrigger(
    `report_hours_${table}_${event.toLowerCase()}`,
    table,
    event,
    'report_hours_refresh(array_agg(k.store_id), array_agg(k.till_id), array_agg(k.business_date))',
    keysSql,
  );

/** A sale's own day, and the days of its refunds (their platform and lateness follow the sale). */
const saleKeys = (rows: string) => `
  SELECT c.store_id, c.till_id, c.business_date FROM ${rows} c
  UNION SELECT r.store_id, r.till_id, r.business_date FROM ${rows} c
    JOIN refunds r ON r.sale_till_id = c.till_id AND r.sale_id = c.id`;
/** A paid attempt's sale's day (its CNY amount). */
const attemptKeys = (rows: string) => `
  SELECT DISTINCT s.store_id, s.till_id, s.business_date FROM ${rows} c
    JOIN sales s ON s.till_id = c.till_id AND s.id = c.sale_id AND s.paid_attempt_id = c.id`;
const refundKeys = (rows: string) => `SELECT DISTINCT c.store_id, c.till_id, c.business_date FROM ${rows} c`;

/**
 * report_hours_refresh's work once its keys are known: each (till, business date) deleted and summed again, and
 * report_days from it. Migration 6 runs it as it is; migration 8 (report-locks.ts) behind the store-day locks.
 */
export const REFRESH_HOURS = /* sql */ `  DELETE FROM report_hours h
   USING (SELECT DISTINCT * FROM unnest(tills, dates) AS u(till_id, business_date)) u
   WHERE h.till_id = u.till_id AND h.business_date = u.business_date;
  INSERT INTO report_hours (${COLUMNS})
  WITH keys AS (SELECT DISTINCT * FROM unnest(stores, tills, dates) AS u(store_id, till_id, business_date))
  ${SUMMED};
  DELETE FROM report_days d
   USING (SELECT DISTINCT * FROM unnest(tills, dates) AS u(till_id, business_date)) u
   WHERE d.till_id = u.till_id AND d.business_date = u.business_date;
  INSERT INTO report_days (${DAY_COLUMNS})
  ${DAYS_FROM_HOURS}
    JOIN (SELECT DISTINCT * FROM unnest(tills, dates) AS u(till_id, business_date)) u
      ON h.till_id = u.till_id AND h.business_date = u.business_date
   GROUP BY h.till_id, h.business_date, h.store_id, h.platform, h.kind, h.person_id;
`;

export const REPORT_HOURS_6 = /* sql */ `
CREATE TABLE report_hours (
  till_id       text     NOT NULL,
  business_date text     NOT NULL,
  store_id      text     NOT NULL,
  hour          smallint NOT NULL CHECK (hour BETWEEN 0 AND 23),
  platform      text     NOT NULL,
  kind          text     NOT NULL CHECK (kind IN ('sale', 'late', 'refund', 'late_refund')),
  person_id     text     NOT NULL DEFAULT '',
  n             integer  NOT NULL,
  cents         bigint   NOT NULL,
  cny_n         integer  NOT NULL,
  cny_cents     bigint   NOT NULL,
  PRIMARY KEY (till_id, business_date, hour, platform, kind, person_id)
);
-- Covering: the by-hour chart of a range reads this index alone (an index-only scan), whatever its filters.
CREATE INDEX report_hours_range ON report_hours (business_date, store_id)
  INCLUDE (till_id, platform, person_id, hour, kind, n, cents);
CREATE INDEX report_hours_store_day ON report_hours (store_id, business_date);

-- The same without the hour: a range's money table, days and people read ~13 times fewer rows.
CREATE TABLE report_days (
  till_id       text     NOT NULL,
  business_date text     NOT NULL,
  store_id      text     NOT NULL,
  platform      text     NOT NULL,
  kind          text     NOT NULL,
  person_id     text     NOT NULL,
  n             integer  NOT NULL,
  cents         bigint   NOT NULL,
  cny_n         integer  NOT NULL,
  cny_cents     bigint   NOT NULL,
  PRIMARY KEY (till_id, business_date, platform, kind, person_id)
);
CREATE INDEX report_days_day ON report_days (business_date, store_id);
-- The range pages' lists: a chain's month of late payments, unresolved sales and refunds without reading its
-- 800,000 sales.
CREATE INDEX sales_late_day ON sales (business_date) WHERE status = 'voided' AND paid_attempt_id IS NOT NULL;
CREATE INDEX sales_unsettled_day ON sales (business_date) WHERE status IN (${sqlList(UNSETTLED_SALE_STATUSES)});
CREATE INDEX refunds_day ON refunds (business_date, created_at);

CREATE FUNCTION report_hours_refresh(stores text[], tills text[], dates text[]) RETURNS void
LANGUAGE plpgsql AS $fn$
BEGIN
  IF stores IS NULL THEN RETURN; END IF;
${REFRESH_HOURS}END $fn$;
${trigger('sales', 'INSERT', saleKeys('new_rows'))}
${trigger('sales', 'UPDATE', `${saleKeys('new_rows')} UNION ${saleKeys('old_rows')}`)}
${trigger('sales', 'DELETE', saleKeys('old_rows'))}
${trigger('attempts', 'INSERT', attemptKeys('new_rows'))}
${trigger('attempts', 'UPDATE', attemptKeys('new_rows'))}
${trigger('refunds', 'INSERT', refundKeys('new_rows'))}
${trigger('refunds', 'UPDATE', `${refundKeys('new_rows')} UNION ${refundKeys('old_rows')}`)}
${trigger('refunds', 'DELETE', refundKeys('old_rows'))}

-- What the tills sent before this migration.
INSERT INTO report_hours (${COLUMNS})
WITH keys AS (SELECT DISTINCT store_id, till_id, business_date FROM sales
              UNION SELECT DISTINCT store_id, till_id, business_date FROM refunds)
${SUMMED};
INSERT INTO report_days (${DAY_COLUMNS})
${DAYS_FROM_HOURS}
 GROUP BY h.till_id, h.business_date, h.store_id, h.platform, h.kind, h.person_id;
`;
