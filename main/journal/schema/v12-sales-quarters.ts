/**
 * Journal migration 12: the Sales view's running totals. A year of a busy till is about 1,000,000 sales; adding
 * them up by hour from the rows takes seconds, the chart has 100 ms. Two tables of sums, each row one bucket
 * that had money in it: money in (sales, payments that landed after a void), money back (refunds, those of late
 * payments apart), and the CNY the customers paid for the sales.
 * - `sales_quarters` (business date, UTC quarter hour): all platforms and people together, for the hours. A
 *   quarter hour, because every zone's offset and every clock change falls on one, so each quarter lies within one
 *   wall-clock hour of whatever zone the shop is in; the reader turns quarters into the shop's hours with the
 *   zone's offsets at query time (main/journal/insights.ts). A year of 12-hour days is some 18,000 rows.
 * - `sales_days` (business date, person): each platform's sums as columns, for the days, platforms, people and
 *   totals; a year is a row per day and person.
 * The key's order lets each reader take its rows in order with no sorting for the days.
 *
 * Kept by triggers in the same transaction as the row that changes, so it never disagrees with the rows:
 * - a sale counts while it is 'paid' (its 'sale' columns) or voided with a payment recorded ('late'); an update
 *   takes the old row's part out and puts the new row's in (the two cancel when nothing counted changed);
 * - a refund counts while its status is not a failed one ('refund', or 'late_refund' when its sale is voided),
 *   on its own business date and quarter, under its sale's platform and the person who asked for it (as the
 *   X/Z/day report counts refunds per person); an update takes the old row's part out and puts the new one's in;
 * - a sale whose platform changes takes its counted refunds along;
 * - the CNY of a counted sale follows its paid attempt's cny_amount (else amount × exchange rate) when that
 *   attempt's figures change.
 * A row that goes back to zero stays, as zeros (it adds nothing). Rows of sales and refunds are never deleted.
 *
 * Backfill: grouped INSERT … SELECTs over the existing rows inside this migration's transaction (a crash part-way
 * leaves the journal at version 11 with no half-built table). Status lists are spelled out, as in every
 * migration: a frozen migration never follows a constant that may change.
 */

/** Column prefix of each platform ('u': a sale with no platform recorded). */
export const QUARTER_PLATFORMS = [
  ['w', 'WECHATPAY'],
  ['a', 'ALIPAY'],
  ['u', 'UNKNOWN'],
] as const;
export const QUARTER_KINDS = ['sale', 'late', 'refund', 'late_refund'] as const;
type Kind = (typeof QUARTER_KINDS)[number];

/** A kind's value columns (count and cents; the sales' CNY count and fen ride with 'sale'). */
const kindColumns = (prefix: string) => [
  ...QUARTER_KINDS.flatMap((k) => [`${prefix}${k}_n`, `${prefix}${k}_cents`]),
  `${prefix}cny_n`,
  `${prefix}cny_fen`,
];
/** sales_quarters' value columns: all platforms together (the by-hour chart draws no platforms). */
export const QUARTER_COLUMNS: readonly string[] = kindColumns('');
/** sales_days' value columns: per platform (prefix w_, a_, u_), the same as a quarter's. */
export const DAY_COLUMNS: readonly string[] = QUARTER_PLATFORMS.flatMap(([p]) => kindColumns(`${p}_`));

const FAILED_REFUNDS = `('rejected','MERCHANTREJECTED','TIMEOUTCLOSED','ORGANIZATIONFAILED','CUSTOMERCANCELLED')`;
/** Sale `s` counts as money in. */
const counted = (s: string) =>
  `(${s}.status = 'paid' OR (${s}.status = 'voided' AND ${s}.paid_attempt_id IS NOT NULL))`;
const saleKind = (s: string) => `CASE WHEN ${s}.status = 'paid' THEN 'sale' ELSE 'late' END`;
const refundKind = (s: string) => `CASE WHEN ${s}.status = 'voided' THEN 'late_refund' ELSE 'refund' END`;
const platformCode = (s: string) =>
  `CASE ${s}.platform WHEN 'WECHATPAY' THEN 'w' WHEN 'ALIPAY' THEN 'a' ELSE 'u' END`;
/** The CNY (fen) the customer paid for sale `s` through attempt `a`: the gateway's figure, else at its rate. */
const cny = (s: string, a: string) =>
  `coalesce(${a}.cny_amount, CAST(round(${s}.amount_cents * CAST(${a}.exchange_rate_scaled AS REAL) / 100000000.0) AS INTEGER))`;
/** Who took sale `s` ('' before people were recorded). */
const person = (s: string) => `coalesce(${s}.person_id, '')`;
/** Who asked for refund `r`: refunds count under their requester, as in the X/Z/day report's rows per person. */
const requester = (r: string) => `coalesce(${r}.requested_by, '')`;

/** One table's insert-or-add statement head and tail, and how a change spreads over its columns. */
interface Target {
  insert: string;
  upsert: string;
  spread(x: string): string;
}

function target(table: string, key: string[], columns: readonly string[], platforms: boolean): Target {
  /**
   * The value columns of one change, from a row `x` holding pc (platform code), kd (kind), n, cents, cny_n and
   * cny_fen: each column takes its share when the change is of its kind (and platform), else 0.
   */
  const spread = (x: string) =>
    (platforms ? QUARTER_PLATFORMS.map(([p]) => p) : [null])
      .flatMap((p) => {
        const of = (kind: string) => `${x}.kd = '${kind}'${p ? ` AND ${x}.pc = '${p}'` : ''}`;
        const col = (name: string) => (p ? `${p}_${name}` : name);
        return [
          ...QUARTER_KINDS.flatMap((k: Kind) => [
            `CASE WHEN ${of(k)} THEN ${x}.n ELSE 0 END AS ${col(`${k}_n`)}`,
            `CASE WHEN ${of(k)} THEN ${x}.cents ELSE 0 END AS ${col(`${k}_cents`)}`,
          ]),
          `CASE WHEN ${of('sale')} THEN ${x}.cny_n ELSE 0 END AS ${col('cny_n')}`,
          `CASE WHEN ${of('sale')} THEN ${x}.cny_fen ELSE 0 END AS ${col('cny_fen')}`,
        ];
      })
      .join(', ');
  return {
    insert: `INSERT INTO ${table} (${key.join(', ')}, ${columns.join(', ')})`,
    upsert: `ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${columns.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')}`,
    spread,
  };
}

const QUARTERS = target('sales_quarters', ['business_date', 'quarter'], QUARTER_COLUMNS, false);
const DAYS = target('sales_days', ['business_date', 'person_id'], DAY_COLUMNS, true);

/** A change, as one row `x` (business_date, person_id, quarter, pc, kd, n, cents, cny_n, cny_fen), into both. */
function intoBoth(change: string): string {
  return [QUARTERS, DAYS]
    .map((t) => {
      const key = t === QUARTERS ? 'x.business_date, x.quarter' : 'x.business_date, x.person_id';
      return `${t.insert} SELECT ${key}, ${t.spread('x')} FROM (${change}) x WHERE true ${t.upsert};`;
    })
    .join('\n    ');
}

/** Adds sale `s`'s part (sign 1) or takes it out (sign -1), when it counts. */
function saleDelta(s: 'NEW' | 'OLD', sign: 1 | -1): string {
  return intoBoth(`SELECT ${s}.business_date AS business_date, ${person(s)} AS person_id,
      ${s}.created_at / 900000 AS quarter, ${platformCode(s)} AS pc, ${saleKind(s)} AS kd, ${sign} AS n,
      ${sign} * ${s}.amount_cents AS cents, ${sign} * (c.fen IS NOT NULL) AS cny_n, ${sign} * coalesce(c.fen, 0) AS cny_fen
      FROM (SELECT (SELECT ${cny(s, 'a')} FROM attempts a WHERE a.id = ${s}.paid_attempt_id) AS fen) c
      WHERE ${counted(s)}`);
}

/** Adds refund `r`'s part (sign 1) or takes it out (sign -1), under its sale's platform and who asked for it. */
function refundDelta(r: 'NEW' | 'OLD', sign: 1 | -1, when: string): string {
  return intoBoth(`SELECT ${r}.business_date AS business_date, ${requester(r)} AS person_id,
      ${r}.created_at / 900000 AS quarter, ${platformCode('s')} AS pc, ${refundKind('s')} AS kd, ${sign} AS n,
      ${sign} * ${r}.amount_cents AS cents, 0 AS cny_n, 0 AS cny_fen
      FROM sales s WHERE s.id = ${r}.sale_id AND ${when}`);
}

/** Moves the counted refunds of a sale whose platform changed, from its OLD platform to its NEW one. */
function refundsOfSale(s: 'NEW' | 'OLD', sign: 1 | -1): string {
  return intoBoth(`SELECT r.business_date AS business_date, ${requester('r')} AS person_id,
      r.created_at / 900000 AS quarter, ${platformCode(s)} AS pc, ${refundKind(s)} AS kd, ${sign} AS n,
      ${sign} * r.amount_cents AS cents, 0 AS cny_n, 0 AS cny_fen
      FROM refunds r WHERE r.sale_id = NEW.id AND r.status NOT IN ${FAILED_REFUNDS}`);
}

/** The CNY change of a counted sale whose paid attempt's figures changed. */
const CNY_DELTA = intoBoth(`SELECT s.business_date AS business_date, ${person('s')} AS person_id,
      s.created_at / 900000 AS quarter, ${platformCode('s')} AS pc, ${saleKind('s')} AS kd, 0 AS n, 0 AS cents,
      (${cny('s', 'NEW')} IS NOT NULL) - (${cny('s', 'OLD')} IS NOT NULL) AS cny_n,
      coalesce(${cny('s', 'NEW')}, 0) - coalesce(${cny('s', 'OLD')}, 0) AS cny_fen
      FROM sales s WHERE s.paid_attempt_id = NEW.id AND ${counted('s')}`);

/** Every counted sale and refund as one change row each (the backfill's input). */
const ALL_CHANGES = `SELECT s.business_date AS business_date, ${person('s')} AS person_id,
      s.created_at / 900000 AS quarter, ${platformCode('s')} AS pc, ${saleKind('s')} AS kd, 1 AS n,
      s.amount_cents AS cents, (${cny('s', 'a')} IS NOT NULL) AS cny_n, coalesce(${cny('s', 'a')}, 0) AS cny_fen
    FROM sales s LEFT JOIN attempts a ON a.id = s.paid_attempt_id WHERE ${counted('s')}
    UNION ALL
    SELECT r.business_date, ${requester('r')}, r.created_at / 900000, ${platformCode('s')}, ${refundKind('s')}, 1,
      r.amount_cents, 0, 0
    FROM refunds r JOIN sales s ON s.id = r.sale_id WHERE r.status NOT IN ${FAILED_REFUNDS}`;

/** The backfill on its own, for bench/journal-scale.ts to time on a journal loaded without the triggers. */
export const V12_BACKFILL = /* sql */ `
${QUARTERS.insert} SELECT business_date, quarter, ${QUARTER_COLUMNS.map((c) => `sum(${c})`).join(', ')}
  FROM (SELECT x.business_date, x.quarter, ${QUARTERS.spread('x')} FROM (${ALL_CHANGES}) x)
  GROUP BY 1, 2;
${DAYS.insert} SELECT business_date, person_id, ${DAY_COLUMNS.map((c) => `sum(${c})`).join(', ')}
  FROM (SELECT x.business_date, x.person_id, ${DAYS.spread('x')} FROM (${ALL_CHANGES}) x)
  GROUP BY 1, 2;`;

/** The triggers on their own, dropped and recreated around bench/journal-scale.ts's bulk load. */
export const V12_TRIGGERS = /* sql */ `
CREATE TRIGGER sales_quarters_sale_insert AFTER INSERT ON sales WHEN ${counted('NEW')}
  BEGIN ${saleDelta('NEW', 1)} END;
CREATE TRIGGER sales_quarters_sale_update AFTER UPDATE OF status, paid_attempt_id, platform, person_id ON sales
  WHEN ${counted('OLD')} OR ${counted('NEW')}
  BEGIN ${saleDelta('OLD', -1)} ${saleDelta('NEW', 1)} END;
CREATE TRIGGER sales_quarters_sale_platform AFTER UPDATE OF platform ON sales
  WHEN OLD.platform IS NOT NEW.platform
  BEGIN ${refundsOfSale('OLD', -1)} ${refundsOfSale('NEW', 1)} END;
CREATE TRIGGER sales_quarters_refund_insert AFTER INSERT ON refunds WHEN NEW.status NOT IN ${FAILED_REFUNDS}
  BEGIN ${refundDelta('NEW', 1, 'true')} END;
CREATE TRIGGER sales_quarters_refund_update AFTER UPDATE OF status, requested_by ON refunds
  BEGIN ${refundDelta('OLD', -1, `OLD.status NOT IN ${FAILED_REFUNDS}`)}
    ${refundDelta('NEW', 1, `NEW.status NOT IN ${FAILED_REFUNDS}`)} END;
CREATE TRIGGER sales_quarters_cny AFTER UPDATE OF cny_amount, exchange_rate_scaled ON attempts
  BEGIN ${CNY_DELTA} END;`;

export const V12_SALES_QUARTERS = /* sql */ `
CREATE TABLE sales_quarters (
  business_date TEXT    NOT NULL,
  quarter       INTEGER NOT NULL,
  ${QUARTER_COLUMNS.map((c) => `${c} INTEGER NOT NULL`).join(',\n  ')},
  PRIMARY KEY (business_date, quarter)
) STRICT, WITHOUT ROWID;
CREATE TABLE sales_days (
  business_date TEXT    NOT NULL,
  person_id     TEXT    NOT NULL,
  ${DAY_COLUMNS.map((c) => `${c} INTEGER NOT NULL`).join(',\n  ')},
  PRIMARY KEY (business_date, person_id)
) STRICT, WITHOUT ROWID;
${V12_BACKFILL}
${V12_TRIGGERS}
`;
