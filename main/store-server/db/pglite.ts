/**
 * Embedded PostgreSQL (PGlite, WASM) in the data directory: what `npm run store-server` uses when no
 * DATABASE_URL is set, so a store runs on a fresh machine with nothing installed. One connection; PGlite runs
 * one statement at a time, so transactions are serialised here, in order.
 */
import { PGlite } from '@electric-sql/pglite';
import type { Sql, SqlResult, StoreDb } from './types';

export async function openPglite(dataDir: string | null): Promise<StoreDb> {
  const pg = await PGlite.create(dataDir === null ? {} : { dataDir });
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn);
    queue = run.catch(() => undefined);
    return run;
  };
  const wrap = async <R>(
    result: Promise<{ rows: unknown[]; affectedRows?: number }>,
  ): Promise<SqlResult<R>> => {
    const r = await result;
    return { rows: r.rows as R[], rowCount: r.affectedRows ?? r.rows.length };
  };
  let inTransaction = false;
  return {
    kind: 'pglite',
    query: <R>(text: string, params: readonly unknown[] = []) =>
      serial(() => wrap<R>(pg.query(text, [...params]))),
    exec: (text: string) => serial(async () => void (await pg.exec(text))),
    transaction: <T>(fn: (tx: Sql) => Promise<T>) => {
      if (inTransaction) return Promise.reject(new Error('store db: nested transaction'));
      return serial(() =>
        pg.transaction(async (t) => {
          inTransaction = true;
          try {
            return await fn({
              query: <R>(text: string, params: readonly unknown[] = []) =>
                wrap<R>(t.query(text, [...params])),
              exec: async (text: string) => void (await t.exec(text)),
            });
          } finally {
            inTransaction = false;
          }
        }),
      );
    },
    close: () => serial(() => pg.close()),
  };
}
