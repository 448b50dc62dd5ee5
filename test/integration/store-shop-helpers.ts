/**
 * A shop of real parts for refund-anywhere tests: one sandbox merchant, a real store server on the given
 * database, and real tills enrolled with it, each charging that merchant over real HTTP (as two counters of one
 * shop do). A till may be given its own sandbox instead (`ownGateway`): a gateway that never heard of the
 * other tills' orders, so a refund of another till's sale fails there as it does with two separate gateways.
 */
import type { Cleanup } from '../helpers/cleanups';
import { startSandbox, type SandboxHandle } from '../../main/sandbox';
import { createEnrolCode, createStore, setStoreMerchant } from '../../main/store-server/admin';
import { startStoreServer, type StoreServerHandle } from '../../main/store-server/server';
import { scenario, startHarness, unwrap, type Harness } from '../helpers/runtime-harness';
import { freePort } from '../helpers/child-process';
import { FAST_LINK, PIN, silentLog, tillIdOf } from '../helpers/store-server';
import { until } from '../helpers/wait-for';

export interface Shop {
  server: StoreServerHandle;
  sandbox: SandboxHandle;
  storeId: string;
  tills: Harness[];
  /** The own sandboxes of the tills named in `ownGateway`, by till name. */
  gateways: Record<string, SandboxHandle>;
  /** Stops the server (once; the test's cleanup then does nothing more). */
  stopServer: () => Promise<void>;
}

export const SLOW_POLLING = {
  maxWaitMs: 60_000,
  pollScale: 20,
  backgroundFirstMs: 60_000,
  callTimeoutMs: 2_000,
};

const newSandbox = () => startSandbox({ timeScale: 0.02, refundStepMs: 200 });

export async function startShop(
  place: { dataDir: string; databaseUrl?: string },
  cleanups: Cleanup[],
  names: string[],
  options: { tuning?: typeof SLOW_POLLING; ownGateway?: string[] } = {},
): Promise<Shop> {
  const sandbox = await newSandbox();
  cleanups.push(() => sandbox.close());
  const merchant = sandbox.merchants[0]!;
  const port = await freePort();
  const server = await startStoreServer({
    ...place,
    port,
    publicUrl: `http://127.0.0.1:${port}`,
    log: silentLog,
    env: {},
  });
  let stopped: Promise<void> | null = null;
  const stopServer = () => (stopped ??= server.close());
  cleanups.push(stopServer);
  const store = await createStore(server.db, { name: 'Main St' }, server.context.sealer, Date.now());
  await setStoreMerchant(
    server.db,
    { storeId: store.id, merchantNo: merchant.mNumber, merchantSecret: merchant.secretKey },
    server.context.sealer,
    Date.now(),
  );
  const tills: Harness[] = [];
  const gateways: Record<string, SandboxHandle> = {};
  for (const [i, name] of names.entries()) {
    let gateway = sandbox;
    if (options.ownGateway?.includes(name)) {
      gateway = await newSandbox();
      const own = gateway;
      gateways[name] = own;
      cleanups.push(() => own.close());
    }
    const m = gateway.merchants[0]!;
    const h = await startHarness({
      env: { OMIPAY_BASE_URL: gateway.url, OMIPAY_M_NUMBER: m.mNumber, OMIPAY_SECRET_KEY: m.secretKey },
      storeLink: { timing: FAST_LINK },
      ...(options.tuning ? { tuning: options.tuning } : {}),
    });
    cleanups.push(() => h.close());
    unwrap(await h.runtime.api.setManagerPin({ newPin: PIN, setupCode: h.runtime.setupCode() ?? '' }));
    unwrap(await h.runtime.api.updateSettings({ pin: PIN, patch: { posNo: `POS${i + 1}` } }));
    const { code } = await createEnrolCode(
      server.db,
      { storeId: store.id, tillName: name, createdBy: 'test' },
      Date.now(),
    );
    unwrap(await h.runtime.api.enrolStoreServer({ url: server.url, code, pin: PIN }));
    await until(`${name} linked`, () => server.context.links.connected(tillIdOf(h)));
    tills.push(h);
  }
  return { server, sandbox, storeId: store.id, tills, gateways, stopServer };
}

export async function sellPaid(h: Harness, amount: string) {
  const sale = unwrap(await h.runtime.api.startSale({ amount }));
  unwrap(await h.runtime.api.submitCode({ saleId: sale.id, code: scenario('wechat', '0000') }));
  return h.waitForSale(sale.id, (s) => s.phase === 'paid');
}
