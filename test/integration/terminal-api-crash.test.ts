/**
 * The till is SIGKILLed mid-payment (the customer still confirming on their phone) and pays while it is down; after
 * the restart the caller's GET tells the truth (paid, found by the core's recovery), and posting the same id again
 * is the same payment — one charge at the gateway. The caller crashing after its POST recovers the same way: by id.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../main/sandbox';
import type { TillChildPlan } from '../fixtures/terminal-api-child';
import { freePort, spawnFixture, type ChildFixture } from '../helpers/child-process';
import { scenario } from '../helpers/runtime-harness';
import { apiClient, uuid } from '../helpers/terminal-api-http';

let sandbox: SandboxHandle;
let dataDir: string;

beforeAll(async () => {
  sandbox = await startSandbox({ timeScale: 0.02, refundStepMs: 300 });
  dataDir = mkdtempSync(join(tmpdir(), 'pos-api-crash-'));
});
afterAll(async () => {
  await sandbox?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

type Till = ChildFixture & { url: string };

async function startTill(port: number): Promise<Till> {
  const merchant = sandbox.merchants[0]!;
  const plan: TillChildPlan = {
    dataDir,
    sandboxUrl: sandbox.url,
    mNumber: merchant.mNumber,
    secretKey: merchant.secretKey,
    port,
  };
  const till = spawnFixture('test/fixtures/terminal-api-child.ts', { TILL_CHILD_PLAN: JSON.stringify(plan) });
  const line = await till.waitLine('READY ');
  return { ...till, url: line.slice('READY '.length) };
}

it('SIGKILL while the customer confirms; they pay meanwhile; after restart GET says paid, one charge', async () => {
  const port = await freePort();
  let till = await startTill(port);
  let api = apiClient(till.url);
  const id = uuid();
  const created = await api.post<{ saleId: string; state: string }>('/payments', {
    id,
    amountCents: 4321,
    currency: 'AUD',
  });
  expect(created.status).toBe(201);
  till.child.stdin.write(`SCAN ${scenario('alipay', '0007')}\n`);
  await till.waitLine('SCANNED ');
  const waiting = await api.get<{ state: string; orderNo: string | null }>(
    `/payments/${id}?wait=10&known=awaiting_code`,
  );
  let seen = waiting.body;
  while (seen.state !== 'waiting_customer' || seen.orderNo === null) {
    seen = (
      await api.get<{ state: string; orderNo: string | null }>(`/payments/${id}?wait=5&known=${seen.state}`)
    ).body;
  }

  till.child.kill('SIGKILL');
  expect((await till.exited).signal).toBe('SIGKILL');
  // The caller lost its reply and the till is gone: the customer confirms on their phone meanwhile.
  sandbox.control.payOrder(seen.orderNo!);

  till = await startTill(port);
  api = apiClient(till.url);
  let after = (await api.get<{ state: string; final: boolean; saleId: string }>(`/payments/${id}`)).body;
  for (let i = 0; i < 10 && after.state !== 'paid'; i++) {
    after = (await api.get<typeof after>(`/payments/${id}?wait=5&known=${after.state}`)).body;
  }
  expect(after).toMatchObject({ state: 'paid', final: true, saleId: created.body.saleId });

  const again = await api.post<{ saleId: string; state: string }>('/payments', {
    id,
    amountCents: 4321,
    currency: 'AUD',
  });
  expect(again.status).toBe(200);
  expect(again.body).toMatchObject({ saleId: created.body.saleId, state: 'paid' });
  const orders = sandbox.control.listOrders().filter((o) => o.amount === 4321);
  expect(orders).toHaveLength(1);
  expect(orders[0]!.status).toBe('PAID');

  till.child.stdin.end();
  expect((await till.exited).code).toBe(0);
}, 60_000);
