/**
 * The day by person (the day page's "By person" section). Till-made people are the till's own (two tills may
 * each have a `manager-1`, two different people), so they are kept apart by till; the server's staff are one
 * person wherever they work.
 */
import type { Sql } from '../db/types';
import { FAILED_REFUND_STATUSES, sqlList } from '../../journal/status';
import { personNameSql } from './person-names';
import { addInto, emptyTotals, scopeSql, type Scope, type Totals } from './queries';

export interface PersonTotals {
  /** The person's id (null: rows made before the till had people). */
  personId: string | null;
  name: string | null;
  /** The till a till-made person belongs to; null for the server's staff (one person at every till). */
  tillName: string | null;
  totals: Totals;
}

interface Row {
  till_id: string;
  till_name: string;
  person_id: string | null;
  name: string | null;
  staff: boolean;
  kind: 'sales' | 'late' | 'refunds';
  n: number;
  cents: number;
}

/**
 * The day by person, in the day report's columns: sales and late payments by who took them, refunds by who
 * asked for them (failed ones left out, as in the day's totals), net = sales + late payments − refunds.
 */
export async function byPersonOfDay(db: Sql, date: string, scope: Scope): Promise<PersonTotals[]> {
  const params: unknown[] = [date];
  const salesScope = scopeSql(scope, 's', params);
  const refundsScope = scopeSql(scope, 'r', params);
  const r = await db.query<Row>(
    `WITH x AS (
       SELECT s.till_id, s.served_by AS person_id,
              CASE WHEN s.status = 'paid' THEN 'sales' ELSE 'late' END AS kind, s.amount_cents AS cents
         FROM sales s
        WHERE s.business_date = $1 AND (s.status = 'paid' OR (s.status = 'voided' AND s.paid_attempt_id IS NOT NULL))
              ${salesScope}
       UNION ALL
       SELECT r.till_id, r.requested_by, 'refunds', r.amount_cents
         FROM refunds r
        WHERE r.business_date = $1 AND r.status NOT IN (${sqlList(FAILED_REFUND_STATUSES)})${refundsScope})
     SELECT x.till_id, t.name AS till_name, x.person_id, x.kind, count(*)::int AS n,
            coalesce(sum(x.cents), 0)::bigint AS cents,
            CASE WHEN x.person_id IS NULL THEN NULL ELSE ${personNameSql('x.till_id', 'x.person_id')} END AS name,
            EXISTS (SELECT 1 FROM staff f WHERE f.id = x.person_id)
              AND NOT EXISTS (SELECT 1 FROM till_people p WHERE p.till_id = x.till_id AND p.person_id = x.person_id
                                AND p.source = 'till') AS staff
       FROM x JOIN tills t ON t.id = x.till_id
      GROUP BY x.till_id, t.name, x.person_id, x.kind`,
    params,
  );
  const people = new Map<string, PersonTotals>();
  for (const row of r.rows) {
    const shared = row.staff || row.person_id === null;
    const key = shared ? `p:${row.person_id}` : `t:${row.till_id}:${row.person_id}`;
    let p = people.get(key);
    if (!p) {
      p = {
        personId: row.person_id,
        name: row.name,
        tillName: shared ? null : row.till_name,
        totals: emptyTotals(),
      };
      people.set(key, p);
    }
    const add = emptyTotals();
    const n = Number(row.n);
    const cents = Number(row.cents);
    if (row.kind === 'sales') Object.assign(add, { salesCount: n, salesCents: cents });
    else if (row.kind === 'late') Object.assign(add, { latePaymentsCount: n, latePaymentsCents: cents });
    else Object.assign(add, { refundsCount: n, refundsCents: cents });
    add.netCents = add.salesCents + add.latePaymentsCents - add.refundsCents;
    addInto(p.totals, add);
  }
  // By name; the rows from before people last.
  return [...people.values()].sort(
    (a, b) =>
      Number(a.personId === null) - Number(b.personId === null) ||
      (a.name ?? '').localeCompare(b.name ?? '') ||
      (a.tillName ?? '').localeCompare(b.tillName ?? ''),
  );
}
