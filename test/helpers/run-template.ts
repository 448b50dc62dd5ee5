/**
 * What is costly to make and the same for every test is made once per test run, in the run directory, and
 * copied where a test needs it: a PGlite data dir right after initdb takes seconds of WASM work (tens of
 * seconds on a loaded machine), its copy a fraction of that; likewise a PostgreSQL cluster's initdb
 * (test/helpers/pg-cluster.ts). The store server's schema is shared too (`pgliteMigratedTemplate`): every
 * migration from nothing costs a PGlite start about 0.3 s of WASM work (a PostgreSQL database 0.15 s), paid
 * once per run instead of once per server. The template is made by the server's own `migrate()` in the same
 * run, each server still runs `migrate()` on its copy (finding nothing to do, as on a restart), and the tests
 * of migrating from nothing ask for an empty database (`fresh({ empty: true })`).
 *
 * The workers of a run race to make a template: the one that creates its directory makes it, the others wait
 * for its `ready` mark. Without a run directory (no global setup) there is no template and callers make their
 * own.
 */
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { openStoreDb } from '../../main/store-server/db/open';
import { currentRunDir, RUN_TEMPLATES } from './test-run';
import { waitFor } from './wait-for';

const made = new Map<string, Promise<string | null>>();

export async function runTemplate(
  name: string,
  make: (dir: string) => Promise<void>,
): Promise<string | null> {
  const run = currentRunDir();
  if (!run) return null;
  const dir = join(run, RUN_TEMPLATES, name);
  const ready = join(dir, 'ready');
  const content = join(dir, 'content');
  for (;;) {
    if (existsSync(ready)) return content;
    mkdirSync(join(run, RUN_TEMPLATES), { recursive: true });
    try {
      mkdirSync(dir);
    } catch {
      // Another worker is making it: wait for its mark, or for its directory to go if it failed.
      await waitFor(() => existsSync(ready) || !existsSync(dir), {
        what: `the ${name} template another worker of this run is making`,
        timeoutMs: 120_000,
        everyMs: 100,
      });
      continue;
    }
    try {
      await make(content);
      writeFileSync(ready, '');
      return content;
    } catch (err) {
      rmSync(dir, { recursive: true, force: true });
      throw err;
    }
  }
}

/** A PGlite data dir just after initdb (what `PGlite.create` makes in an empty directory), or null. */
export function pgliteTemplate(): Promise<string | null> {
  let p = made.get('pglite');
  if (!p) {
    p = runTemplate('pglite', async (dir) => {
      const pg = await PGlite.create({ dataDir: dir });
      await pg.close();
    });
    made.set('pglite', p);
  }
  return p;
}

/** A store server's PGlite data dir (`<dataDir>/pgdata`) migrated to the newest schema, or null. */
export function pgliteMigratedTemplate(): Promise<string | null> {
  let p = made.get('pglite-migrated');
  if (!p) {
    p = (async () => {
      const empty = await pgliteTemplate();
      const dataDir = await runTemplate('pglite-migrated', async (dir) => {
        if (empty) cpSync(empty, join(dir, 'pgdata'), { recursive: true });
        const db = await openStoreDb({ dataDir: dir });
        await db.close();
      });
      return dataDir === null ? null : join(dataDir, 'pgdata');
    })();
    made.set('pglite-migrated', p);
  }
  return p;
}
