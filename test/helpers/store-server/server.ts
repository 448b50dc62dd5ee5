/**
 * The store server itself: started silent with an empty environment on one of the two databases, a store in
 * it, and enrol codes for tills.
 */
import pino from 'pino';
import { createEnrolCode, createStore } from '../../../main/store-server/admin';
import {
  startStoreServer,
  type StoreServerHandle,
  type StoreServerOptions,
} from '../../../main/store-server/server';
import type { DatabaseTarget } from './databases';

export const silentLog = pino({ level: 'silent' });

/** Where a server keeps its data: a data dir and, for PostgreSQL, its URL (DatabaseTarget.fresh()). */
export interface ServerPlace {
  dataDir: string;
  databaseUrl?: string;
}

/** A store server on `place`, silent and blind to this process's environment; `options` add to or override. */
export function startServer(
  place: ServerPlace,
  options: Omit<Partial<StoreServerOptions>, 'dataDir' | 'databaseUrl'> = {},
): Promise<StoreServerHandle> {
  return startStoreServer({ ...place, log: silentLog, env: {}, ...options });
}

export async function newStore(
  server: StoreServerHandle,
  name = 'Main St',
  at = Date.now(),
): Promise<string> {
  const store = await createStore(server.db, { name }, server.context.sealer, at);
  return store.id;
}

export async function enrolCode(
  server: StoreServerHandle,
  storeId: string,
  tillName: string,
  at = Date.now(),
): Promise<string> {
  const { code } = await createEnrolCode(server.db, { storeId, tillName, createdBy: 'test' }, at);
  return code;
}

/** A server whose clock the test moves (`clock.now`), with one store. */
export interface Started {
  server: StoreServerHandle;
  storeId: string;
  clock: { now: number };
}

export async function startWithStore(
  target: DatabaseTarget,
  options: Omit<Partial<StoreServerOptions>, 'dataDir' | 'databaseUrl' | 'now'> = {},
): Promise<Started> {
  const clock = { now: Date.UTC(2026, 11, 1, 2, 0, 0) };
  const server = await startServer(target.fresh(), { now: () => clock.now, ...options });
  return { server, storeId: await newStore(server, 'Main St', clock.now), clock };
}
