/**
 * The store around an e2e counter: one sandbox merchant both tills charge, a real store server (PGlite) with one
 * store, and enrolment of any till (the counter's core or another harness) under a name. Everything is closed
 * by the session after the counter, newest first.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, type SandboxHandle } from '../../main/sandbox';
import { createEnrolCode, createStore } from '../../main/store-server/admin';
import type { StoreServerHandle } from '../../main/store-server/server';
import { unwrap, type Harness } from '../helpers/runtime-harness';
import { startServer } from '../helpers/store-server';
import type { CounterSession } from './counter';

export const STORE_PIN = '2468';

export interface StoreShop {
  sandbox: SandboxHandle;
  server: StoreServerHandle;
  /** The gateway settings a till needs to charge the shared sandbox merchant. */
  env: Record<string, string>;
  /** Sets the till's manager PIN (and POS number, when given) and enrols it under `name`. */
  enrol(h: Harness, name: string, posNo?: string): Promise<void>;
}

export async function startStoreShop(session: CounterSession, storeName: string): Promise<StoreShop> {
  const dataDir = mkdtempSync(join(tmpdir(), 'store-e2e-'));
  session.own(() => rmSync(dataDir, { recursive: true, force: true }));
  const sandbox = await startSandbox({ timeScale: 0.02, refundStepMs: 200 });
  session.own(() => sandbox.close());
  const merchant = sandbox.merchants[0]!;
  const server = await startServer({ dataDir });
  session.own(() => server.close());
  const store = await createStore(server.db, { name: storeName }, server.context.sealer, Date.now());
  return {
    sandbox,
    server,
    env: {
      OMIPAY_BASE_URL: sandbox.url,
      OMIPAY_M_NUMBER: merchant.mNumber,
      OMIPAY_SECRET_KEY: merchant.secretKey,
    },
    async enrol(h, name, posNo) {
      const { code } = await createEnrolCode(
        server.db,
        { storeId: store.id, tillName: name, createdBy: 'test' },
        Date.now(),
      );
      unwrap(
        await h.runtime.api.setManagerPin({ newPin: STORE_PIN, setupCode: h.runtime.setupCode() ?? '' }),
      );
      if (posNo) unwrap(await h.runtime.api.updateSettings({ pin: STORE_PIN, patch: { posNo } }));
      unwrap(await h.runtime.api.enrolStoreServer({ url: server.url, code, pin: STORE_PIN }));
    },
  };
}
