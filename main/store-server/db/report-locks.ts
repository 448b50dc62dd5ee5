/**
 * Server migration 8: the range rollups' recomputations take their store-day's lock first.
 *
 * report_hours (migration 6) and report_store_hours (migration 7) are recomputed per key by deleting the key's
 * rows and inserting them again. Two transactions that recompute one key at once — two tills of a store pushing
 * on the same business date (one store-day of report_store_hours), or a till's push and another till's refund
 * of its sale (one till-day of report_hours) — collided: the second inserted rows the first had just committed,
 * a unique violation, and the push was refused with a 500 until the till tried again.
 *
 * Now both refresh functions first take a transaction-level advisory lock per (store, business date) of their
 * keys, in sorted order. One lock family covers both tables: a till-day lies in one store-day, and each push
 * takes the locks in the order its statements run. The second recomputation waits for the first to commit and,
 * under READ COMMITTED, each of its statements then sees what the first committed: it sums everything, and the
 * rollups stay equal to what they are derived from. The locks end with the transaction. On PGlite (one
 * connection) they are always free.
 */
import { REFRESH_HOURS } from './report-hours';
import { REFRESH_STORE_HOURS } from './report-store-hours';

/** The advisory lock class of a store-day (the two-key form: apart from the migration lock's single key). */
export const STORE_DAY_LOCK_CLASS = 8;

export const REPORT_LOCKS_8 = /* sql */ `
CREATE FUNCTION report_lock_store_days(stores text[], dates text[]) RETURNS void
LANGUAGE plpgsql AS $fn$
DECLARE
  k record;
BEGIN
  -- Sorted, so two transactions that need the same store-days take them in one order.
  FOR k IN SELECT DISTINCT u.store_id, u.business_date
             FROM unnest(stores, dates) AS u(store_id, business_date)
            ORDER BY 1, 2 LOOP
    PERFORM pg_advisory_xact_lock(${STORE_DAY_LOCK_CLASS}, hashtext(k.store_id || '/' || k.business_date));
  END LOOP;
END $fn$;

CREATE OR REPLACE FUNCTION report_hours_refresh(stores text[], tills text[], dates text[]) RETURNS void
LANGUAGE plpgsql AS $fn$
BEGIN
  IF stores IS NULL THEN RETURN; END IF;
  PERFORM report_lock_store_days(stores, dates);
${REFRESH_HOURS}END $fn$;

CREATE OR REPLACE FUNCTION report_store_hours_refresh(stores text[], dates text[]) RETURNS void
LANGUAGE plpgsql AS $fn$
BEGIN
  IF stores IS NULL THEN RETURN; END IF;
  PERFORM report_lock_store_days(stores, dates);
${REFRESH_STORE_HOURS}END $fn$;
`;
