/**
 * One table's mapping between its snake_case columns (as stored) and the contract's camelCase fields, written as
 * the list of fields once instead of two hand-written copies that must be kept in step. Only the listed fields
 * travel: a `SELECT *` may return more columns (who served, a frozen report), and they stay out of the row.
 */

/** `outRefundNo` → `out_refund_no`. */
type Snake<S extends string> = S extends `${infer H}${infer T}`
  ? `${H extends Lowercase<H> ? H : `_${Lowercase<H>}`}${Snake<T>}`
  : S;

/** The row's fields under their column names (the enum fields keep their contract types). */
export type Columns<Row> = { [K in keyof Row & string as Snake<K>]: Row[K] };

/** Names every field of Row, or fails to compile naming the ones left out. */
type EveryField<Row, F extends readonly (keyof Row & string)[]> =
  Exclude<keyof Row, F[number]> extends never ? F : ['missing fields:', Exclude<keyof Row, F[number]>];

export function columnOf(field: string): string {
  return field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

export interface RowCodec<Row, Db> {
  /** The columns, in the order of the fields. */
  columns: string[];
  /**
   * The row a stored one reads as. The CHECK constraints hold the enum columns to the listed values, so reading
   * a `string` column as its enum type is sound.
   */
  fromDb(r: Db): Row;
  toDb(row: Row): Columns<Row>;
}

/** `rowCodec<SaleRow, SaleDb>()(['id', 'posNo', …])`: every field of the row, in the order rows are built. */
export function rowCodec<Row, Db>() {
  return <const F extends readonly (keyof Row & string)[]>(fields: EveryField<Row, F>): RowCodec<Row, Db> => {
    const pairs = (fields as readonly string[]).map((f) => [f, columnOf(f)] as const);
    return {
      columns: pairs.map(([, c]) => c),
      fromDb: (r) => {
        const db = r as Record<string, unknown>;
        return Object.fromEntries(pairs.map(([f, c]) => [f, db[c]])) as Row;
      },
      toDb: (row) => {
        const fieldsOf = row as Record<string, unknown>;
        return Object.fromEntries(pairs.map(([f, c]) => [c, fieldsOf[f]])) as Columns<Row>;
      },
    };
  };
}
