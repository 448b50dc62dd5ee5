/**
 * Journal migration 13: the Sales view's running totals by business month and UTC quarter of the day. A year's
 * by-hour chart read migration 12's `sales_quarters` (a row per business date and quarter hour, ~27,000 for a
 * busy till's year); the same sums with the dates of a month together are ~100 rows a month, ~1,200 a year.
 * Within a month whose dates all lie in one span of the shop zone's offset, every quarter of the day falls in
 * the same wall-clock hour on every date, so the month's rows give its hours exactly; the reader
 * (main/journal/insights.ts) takes months that change their clocks, and partial months at the range's ends,
 * from `sales_quarters` as before.
 *
 * `sales_month_quarters` is kept from `sales_quarters` itself, by triggers on it in the same transaction: an
 * inserted row adds its sums to its (month, quarter of the day), an updated one adds the difference (the
 * running totals' upserts fire UPDATE triggers; a row whose key changed moves), a deleted one takes its sums
 * out. So it always equals
 * `sales_quarters` summed by month, whatever changed the sales, refunds or attempts underneath.
 *
 * Backfill: one grouped INSERT … SELECT over `sales_quarters` in this migration's transaction. The value columns
 * are spelled out: a frozen migration never follows a list that may change.
 */

/** migration 12's sales_quarters value columns, as they were when this migration was written. */
export const V13_COLUMNS = [
  'sale_n',
  'sale_cents',
  'late_n',
  'late_cents',
  'refund_n',
  'refund_cents',
  'late_refund_n',
  'late_refund_cents',
  'cny_n',
  'cny_fen',
] as const;

const KEY = `substr(R.business_date, 1, 7), R.quarter % 96`;
const insert = (
  values: string,
) => `INSERT INTO sales_month_quarters (month, quarter_of_day, ${V13_COLUMNS.join(', ')})
    VALUES (${values})
    ON CONFLICT (month, quarter_of_day) DO UPDATE SET ${V13_COLUMNS.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')};`;
/** The statement adding `sign` × row R's sums (R = NEW or OLD) into its month's row. */
const add = (r: 'NEW' | 'OLD', sign: '' | '-') =>
  insert(`${KEY.replace(/R\./g, `${r}.`)}, ${V13_COLUMNS.map((c) => `${sign}${r}.${c}`).join(', ')}`);

/** The backfill on its own, for the tests to rebuild the table from sales_quarters and compare. */
export const V13_BACKFILL = `INSERT INTO sales_month_quarters (month, quarter_of_day, ${V13_COLUMNS.join(', ')})
  SELECT ${KEY.replace(/R\./g, '')}, ${V13_COLUMNS.map((c) => `sum(${c})`).join(', ')}
    FROM sales_quarters GROUP BY 1, 2;
`;

export const V13_SALES_MONTH_QUARTERS = /* sql */ `
CREATE TABLE sales_month_quarters (
  month          TEXT    NOT NULL,
  quarter_of_day INTEGER NOT NULL,
  ${V13_COLUMNS.map((c) => `${c} INTEGER NOT NULL`).join(',\n  ')},
  PRIMARY KEY (month, quarter_of_day)
) STRICT, WITHOUT ROWID;
${V13_BACKFILL}CREATE TRIGGER sales_month_quarters_insert AFTER INSERT ON sales_quarters
  BEGIN ${add('NEW', '')} END;
CREATE TRIGGER sales_month_quarters_update AFTER UPDATE ON sales_quarters
  WHEN NEW.business_date = OLD.business_date AND NEW.quarter = OLD.quarter
  BEGIN ${insert(`${KEY.replace(/R\./g, 'NEW.')}, ${V13_COLUMNS.map((c) => `NEW.${c} - OLD.${c}`).join(', ')}`)}
  END;
CREATE TRIGGER sales_month_quarters_move AFTER UPDATE ON sales_quarters
  WHEN NEW.business_date <> OLD.business_date OR NEW.quarter <> OLD.quarter
  BEGIN ${add('OLD', '-')} ${add('NEW', '')} END;
CREATE TRIGGER sales_month_quarters_delete AFTER DELETE ON sales_quarters
  BEGIN ${add('OLD', '-')} END;
`;
