import { expect, it } from 'vitest';
import { openStoreDb } from '../../main/store-server/db/open';
import { migrate } from '../../main/store-server/db/migrate';
import { STORE_MIGRATIONS } from '../../main/store-server/db/migrations';
import { describeOnBothDatabases } from '../helpers/store-server';

describeOnBothDatabases('store database', (target) => {
  it('migrates to the newest version once, and refuses a schema newer than it knows', async () => {
    // From nothing: PGlite's own initdb and every migration, as on a new machine (other tests copy a migrated
    // database).
    const where = target.fresh({ empty: true });
    const db = await openStoreDb(where);
    const newest = STORE_MIGRATIONS.at(-1)!.version;
    expect(
      (await db.query<{ v: number }>('SELECT max(version) AS v FROM schema_migrations')).rows[0]!.v,
    ).toBe(newest);
    expect(await migrate(db)).toBe(newest);
    expect((await db.query<{ n: number }>('SELECT count(*) AS n FROM schema_migrations')).rows[0]!.n).toBe(
      STORE_MIGRATIONS.length,
    );
    await expect(migrate(db, STORE_MIGRATIONS.slice(0, 0))).rejects.toThrow(/newer than this server knows/);
    await db.close();
    // PGlite's initdb is WASM work of seconds, and of tens of seconds on a loaded machine.
  }, 120_000);

  it('returns bigint as numbers and rolls a failed transaction back', async () => {
    const db = await openStoreDb(target.fresh());
    await db.query(`INSERT INTO stores (id, name, created_at) VALUES ('s1', 'Main St', $1)`, [Date.now()]);
    await expect(
      db.transaction(async (tx) => {
        await tx.query(`INSERT INTO stores (id, name, created_at) VALUES ('s2', 'Second', 1)`);
        await tx.query(`INSERT INTO stores (id, name, created_at) VALUES ('s3', 'Main St', 1)`);
      }),
    ).rejects.toThrow(/unique|duplicate/i);
    const { rows } = await db.query<{ id: string; created_at: number }>('SELECT id, created_at FROM stores');
    expect(rows.map((r) => r.id)).toEqual(['s1']);
    expect(typeof rows[0]!.created_at).toBe('number');
    await db.close();
  });
});
