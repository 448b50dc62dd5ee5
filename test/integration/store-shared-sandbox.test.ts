/**
 * `--sandbox` (docs/store-server.md, "A shared sandbox"): the server's one sandbox reaches sandbox tills through
 * their enrolment and cursor, and their payments go there (asked at that sandbox, over HTTP, with the sandbox's
 * merchant); unlinking puts a till back on its own. A live till is refused at enrolment, and one enrolled before
 * the server took `--sandbox` keeps paying through its own gateway. Real tills, a real server on both databases.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it, vi } from 'vitest';
import { GatewayError, OmipayClient } from '../../main/omipay';
import { DEFAULT_MERCHANT, startSandbox } from '../../main/sandbox';
import type { SandboxHandle } from '../../main/sandbox/types';
import { TILL_API_PREFIX } from '../../main/shared/store-link-protocol';
import { sandboxGatewayUrl } from '../../main/store-link/enrolment';
import type { StoreServerHandle } from '../../main/store-server/server';
import { freePort } from '../helpers/child-process';
import { startHarness, startHarnessWithPin, unwrap, type Harness } from '../helpers/runtime-harness';
import { waitFor } from '../helpers/wait-for';
import {
  describeOnBothDatabases,
  enrolCode,
  FAST_LINK,
  newStore,
  PIN,
  sell,
  startServer,
  type ServerPlace,
} from '../helpers/store-server';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const closing: Array<{ close(): Promise<unknown> }> = [];
afterEach(async () => {
  for (const c of closing.splice(0).reverse()) await c.close();
});

function keep<T extends { close(): Promise<unknown> }>(x: T): T {
  closing.push(x);
  return x;
}

async function server(place: ServerPlace, o: { sandbox?: boolean; port?: number } = {}) {
  return keep(await startServer(place, { port: o.port ?? 0, ...(o.sandbox ? { sandbox: {} } : {}) }));
}

/** Whether the gateway at `baseUrl` knows the order, asked as the sandbox's merchant. */
async function knows(baseUrl: string, orderNo: string): Promise<boolean> {
  const client = new OmipayClient({ baseUrl, credentials: { ...DEFAULT_MERCHANT }, timeoutMs: 10_000 });
  try {
    await client.queryOrder({ orderNo });
    return true;
  } catch (err) {
    // The sandbox, like Omipay, answers an order it never made with one of these.
    if (err instanceof GatewayError && ['ORDER_NO_ERROR', 'PERMISSION_ERROR'].includes(err.code))
      return false;
    throw err;
  } finally {
    client.close();
  }
}

async function enrolOverHttp(
  s: StoreServerHandle,
  code: string,
  gatewayMode: 'sandbox' | 'live',
  posNo = 'P1',
) {
  const res = await fetch(`${s.url}${TILL_API_PREFIX}/enrol`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, posNo, gatewayMode }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Enrols the till as Settings does, with a fresh code made for `name`. */
async function enrol(h: Harness, s: StoreServerHandle, storeId: string, name: string) {
  return h.runtime.api.enrolStoreServer({ url: s.url, code: await enrolCode(s, storeId, name), pin: PIN });
}

/** A till with live credentials; its "live" gateway is a stand-in sandbox, so what it asks can be seen. */
async function liveTill(): Promise<{ till: Harness; gateway: SandboxHandle }> {
  const gateway = keep(await startSandbox({ timeScale: 0.02 }));
  const till = await startHarnessWithPin(PIN, {
    env: {
      OMIPAY_M_NUMBER: DEFAULT_MERCHANT.mNumber,
      OMIPAY_SECRET_KEY: DEFAULT_MERCHANT.secretKey,
      OMIPAY_BASE_URL: gateway.url,
    },
    storeLink: { timing: FAST_LINK },
  });
  closing.push({ close: () => till.close() });
  expect(till.runtime.mode).toBe('live');
  return { till, gateway };
}

it('takes only a sandbox address that is none of Omipay’s hosts', () => {
  expect(sandboxGatewayUrl('http://127.0.0.1:8787/')).toBe('http://127.0.0.1:8787');
  expect(sandboxGatewayUrl('http://192.168.1.20:40111')).toBe('http://192.168.1.20:40111');
  for (const bad of [
    'https://www.omipay.com.au',
    'https://www.omipay.com.cn',
    'https://g.omipay.com.cn',
    'https://api.OMIPAY.com.au/x',
    'ftp://127.0.0.1:8787',
    'http://user:pw@127.0.0.1:8787',
    'http://127.0.0.1:8787/?x=1',
    'not a url',
    '',
    null,
    undefined,
  ])
    expect(sandboxGatewayUrl(bad), String(bad)).toBeNull();
});

describeOnBothDatabases('a shared sandbox', (target) => {
  it('is where an enrolled sandbox till pays, from enrolment and after a restart; unlinked, it pays on its own', async () => {
    const s = await server(target.fresh(), { sandbox: true });
    const shared = s.context.sandbox!.url;
    expect(s.context.gatewayBaseUrl).toBe(shared);
    const storeId = await newStore(s);
    const dataDir = mkdtempSync(join(tmpdir(), 'shared-sandbox-till-'));
    closing.push({ close: async () => rmSync(dataDir, { recursive: true, force: true }) });
    const h = await startHarnessWithPin(PIN, { dataDir, storeLink: { timing: FAST_LINK } });
    let first = true;
    closing.push({ close: async () => first && (await h.close()) });
    const own = h.runtime.sandboxUrl!;
    expect(own).not.toBeNull();

    const before = await sell(h, '3.00');
    expect(await knows(own, before.orderNo!)).toBe(true);

    unwrap(await enrol(h, s, storeId, 'C1'));
    expect(h.runtime.storeLink.sandboxGatewayUrl()).toBe(shared);
    const enrolled = await sell(h, '4.00');
    expect(await knows(shared, enrolled.orderNo!)).toBe(true);
    expect(await knows(own, enrolled.orderNo!)).toBe(false);
    // The cursor says the same to a till that asks later.
    const credential = readFileSync(join(h.dataDir, 'store-link-credential'), 'utf8').trim();
    const cursor = await fetch(`${s.url}${TILL_API_PREFIX}/cursor`, {
      headers: { authorization: `Bearer ${credential}` },
    });
    expect(await cursor.json()).toMatchObject({ sandboxGatewayUrl: shared });

    unwrap(await h.runtime.api.unlinkStoreServer({ pin: PIN }));
    const unlinked = await sell(h, '5.00');
    expect(await knows(own, unlinked.orderNo!)).toBe(true);
    expect(await knows(shared, unlinked.orderNo!)).toBe(false);

    // Enrolled again and restarted: the till never starts a sandbox of its own.
    unwrap(await enrol(h, s, storeId, 'C1 again'));
    first = false;
    await h.close();
    const again = await startHarness({ dataDir, storeLink: { timing: FAST_LINK } });
    closing.push({ close: () => again.close() });
    expect(again.runtime.mode).toBe('sandbox');
    expect(again.runtime.sandboxUrl).toBeNull();
    const restarted = await sell(again, '6.00');
    expect(await knows(shared, restarted.orderNo!)).toBe(true);
  });

  it('refuses a live till at enrolment, in words, and leaves the code unused', async () => {
    const s = await server(target.fresh(), { sandbox: true });
    const storeId = await newStore(s);
    const code = await enrolCode(s, storeId, 'C1');
    const refused = await enrolOverHttp(s, code, 'live');
    expect(refused).toMatchObject({ status: 409, body: { error: 'live_till_on_sandbox_server' } });
    expect((await enrolOverHttp(s, code, 'sandbox')).status).toBe(200);

    // A real live till (its "live" gateway is a stand-in sandbox here) says why in both languages.
    const { till: live } = await liveTill();
    const r = await enrol(live, s, storeId, 'C2');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.message.en).toContain('runs on the Omipay sandbox');
      expect(r.error.message.zh).toContain('沙盒');
    }
    expect(live.runtime.storeLink.enrolled).toBe(false);
  });

  it('is never taken by a live till, even when the server starts again with --sandbox', async () => {
    const place = target.fresh();
    const port = await freePort();
    const plain = await startServer(place, { port });
    let plainOpen = true;
    closing.push({ close: async () => plainOpen && (await plain.close()) });
    expect(plain.context.sandbox).toBeNull();
    const storeId = await newStore(plain);
    const { till: live, gateway: liveGateway } = await liveTill();
    unwrap(await enrol(live, plain, storeId, 'C1'));
    plainOpen = false;
    await plain.close();

    const s = await server(place, { sandbox: true, port });
    const shared = s.context.sandbox!.url;
    // The till hears of the sandbox from its next cursor, and keeps it aside.
    await waitFor(() => live.runtime.storeLink.sandboxGatewayUrl() === shared, {
      what: 'the live till to learn of the shared sandbox',
      timeoutMs: 30_000,
    });
    const sale = await sell(live, '7.00');
    expect(await knows(liveGateway.url, sale.orderNo!)).toBe(true);
    expect(await knows(shared, sale.orderNo!)).toBe(false);
  });
});
