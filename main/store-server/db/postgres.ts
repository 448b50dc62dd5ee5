/**
 * A real PostgreSQL server through node-postgres (DATABASE_URL): what a chain runs in production. A pool, so
 * reports and ingest run side by side; int8 and numeric counts come back as JS numbers like PGlite's.
 */
import pg from 'pg';
import type { Sql, SqlResult, StoreDb } from './types';

const INT8_OID = 20;
const NUMERIC_OID = 1700;

export async function openPostgres(connectionString: string, poolSize = 10): Promise<StoreDb> {
  const types = {
    getTypeParser: (oid: number, format?: 'text' | 'binary') =>
      oid === INT8_OID || oid === NUMERIC_OID
        ? (v: string) => Number(v)
        : pg.types.getTypeParser(oid, format ?? 'text'),
  };
  const pool = new pg.Pool({ connectionString, max: poolSize, types });
  // An idle client that loses its server (a restart) must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  const client = await pool.connect();
  client.release();
  const wrap = async <R>(r: Promise<pg.QueryResult>): Promise<SqlResult<R>> => {
    // A multi-statement text (a migration) answers with one result per statement: the last one is the answer.
    const all = (await r) as pg.QueryResult | pg.QueryResult[];
    const res = Array.isArray(all) ? all[all.length - 1]! : all;
    return { rows: res.rows as R[], rowCount: res.rowCount ?? res.rows.length };
  };
  return {
    kind: 'postgres',
    query: <R>(text: string, params: readonly unknown[] = []) => wrap<R>(pool.query(text, [...params])),
    exec: async (text: string) => void (await pool.query(text)),
    async transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
      const c = await pool.connect();
      // A client checked out when its server goes away emits 'error' on itself; the query in flight rejects with
      // the same error, so the listener only keeps the process alive.
      const swallow = () => undefined;
      c.on('error', swallow);
      let broken = false;
      try {
        await c.query('BEGIN');
        const result = await fn({
          query: <R>(text: string, params: readonly unknown[] = []) => wrap<R>(c.query(text, [...params])),
          exec: async (text: string) => void (await c.query(text)),
        });
        await c.query('COMMIT');
        return result;
      } catch (err) {
        // A connection that cannot even roll back is dropped, not handed to the next caller.
        await c.query('ROLLBACK').catch(() => (broken = true));
        throw err;
      } finally {
        c.off('error', swallow);
        c.release(broken);
      }
    },
    close: () => pool.end(),
  };
}
