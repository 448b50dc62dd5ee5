/**
 * A suite's store servers, one per test: each start on the suite's database is remembered and closed after the
 * test, whether it passed, failed or timed out, so no test body owns the clean-up.
 */
import { afterEach } from 'vitest';
import type { StoreServerHandle } from '../../../main/store-server/server';
import type { DatabaseTarget } from './databases';
import { startWithStore } from './server';
import { startWorld } from './web';

export interface ServersPerTest {
  /** A server with one store whose clock the test moves (startWithStore). */
  withStore(options?: Parameters<typeof startWithStore>[1]): ReturnType<typeof startWithStore>;
  /** A server with two stores and their people for the managers' pages (startWorld). */
  world(options?: Parameters<typeof startWorld>[1]): ReturnType<typeof startWorld>;
  /** Closes a server before the test ends (a restart within the test); it is not closed again after it. */
  close(started: { server: StoreServerHandle }): Promise<void>;
}

/** Call inside describeOnBothDatabases' body: registers the after-each clean-up for that suite. */
export function serversPerTest(target: DatabaseTarget): ServersPerTest {
  const open = new Set<StoreServerHandle>();
  afterEach(async () => {
    const servers = [...open];
    open.clear();
    for (const server of servers) await server.close();
  });
  async function keep<T extends { server: StoreServerHandle }>(starting: Promise<T>): Promise<T> {
    const started = await starting;
    open.add(started.server);
    return started;
  }
  return {
    withStore: (options) => keep(startWithStore(target, options)),
    world: (options) => keep(startWorld(target, options)),
    async close({ server }) {
      open.delete(server);
      await server.close();
    },
  };
}
