/**
 * The one seam between the store server and its database. Two implementations run the same SQL: PGlite
 * (embedded PostgreSQL in the data directory, the default) and node-postgres against a real server
 * (DATABASE_URL). bigint columns come back as JS numbers in both (every value fits in 2^53: cents and ms).
 */
export interface SqlResult<R> {
  rows: R[];
  rowCount: number;
}

export interface Sql {
  query<R = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<SqlResult<R>>;
  /** Runs a script of several statements without parameters (migrations, bulk DDL). */
  exec(text: string): Promise<void>;
}

export interface StoreDb extends Sql {
  readonly kind: 'pglite' | 'postgres';
  /** Runs fn in one transaction (BEGIN … COMMIT, ROLLBACK on a throw); nested calls are refused. */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
