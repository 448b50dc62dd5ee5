/**
 * Server migration 7: `report_store_hours`, the range page's hours by store. A chain's month holds ~180,000
 * `report_hours` rows (a till's hour splits by platform, kind and person); the by-hour chart of a store or the
 * chain, with no till, platform or person chosen, needs them summed by store, date, hour and kind alone: ~7 times
 * fewer rows. A range with a till, platform or person chosen still reads `report_hours` (range-queries.ts).
 *
 * Derived from `report_hours` and never written by hand: statement-level triggers on `report_hours` recompute
 * every (store, business date) a statement touched from its rows, in the same transaction — the same way
 * `report_hours` follows the sales (report-hours.ts), so it can never drift from it.
 *
 * Also an index the lists read alone: a month's refunds counted and its newest picked from the index, their rows
 * then fetched for those alone.
 */
import { refreshTrigger } from './report-hours';

/** The (store, business date) of the report_hours rows a statement changed. */
function trigger(event: 'INSERT' | 'UPDATE' | 'DELETE'): string {
  const keys = (t: string) => `SELECT store_id, business_date FROM ${t}`;
  const rows =
    event === 'INSERT'
      ? keys('new_rows')
      : event === 'DELETE'
        ? keys('old_rows')
        : `${keys('new_rows')} UNION ${keys('old_rows')}`;
  return refreshTrigger(
    `report_store_hours_${event.toLowerCase()}`,
    'report_hours',
    event,
    'report_store_hours_refresh(array_agg(k.store_id), array_agg(k.business_date))',
    `SELECT DISTINCT * FROM (${rows}) r`,
  );
}

const SUM_BY_STORE = `SELECT h.business_date, h.store_id, h.hour, h.kind, sum(h.n), sum(h.cents)
    FROM report_hours h`;

/**
 * report_store_hours_refresh's work once its keys are known: each (store, business date) deleted and summed again
 * from report_hours. Migration 7 runs it as it is; migration 8 (report-locks.ts) behind the store-day locks.
 */
export const REFRESH_STORE_HOURS = /* sql */ `  DELETE FROM report_store_hours s
   USING (SELECT DISTINCT * FROM unnest(stores, dates) AS u(store_id, business_date)) u
   WHERE s.store_id = u.store_id AND s.business_date = u.business_date;
  INSERT INTO report_store_hours (business_date, store_id, hour, kind, n, cents)
  ${SUM_BY_STORE}
    JOIN (SELECT DISTINCT * FROM unnest(stores, dates) AS u(store_id, business_date)) u
      ON h.store_id = u.store_id AND h.business_date = u.business_date
   GROUP BY h.business_date, h.store_id, h.hour, h.kind;
`;

export const REPORT_STORE_HOURS_7 = /* sql */ `
CREATE TABLE report_store_hours (
  business_date text     NOT NULL,
  store_id      text     NOT NULL,
  hour          smallint NOT NULL,
  kind          text     NOT NULL,
  n             integer  NOT NULL,
  cents         bigint   NOT NULL,
  PRIMARY KEY (business_date, store_id, hour, kind)
);

CREATE FUNCTION report_store_hours_refresh(stores text[], dates text[]) RETURNS void
LANGUAGE plpgsql AS $fn$
BEGIN
  IF stores IS NULL THEN RETURN; END IF;
${REFRESH_STORE_HOURS}END $fn$;
${trigger('INSERT')}
${trigger('UPDATE')}
${trigger('DELETE')}

-- What report_hours held before this migration.
INSERT INTO report_store_hours (business_date, store_id, hour, kind, n, cents)
${SUM_BY_STORE}
 GROUP BY h.business_date, h.store_id, h.hour, h.kind;

-- The refunds list: count a range's refunds and pick its newest from the index alone.
CREATE INDEX refunds_range ON refunds (business_date, store_id) INCLUDE (till_id, id, created_at, requested_by);
`;
