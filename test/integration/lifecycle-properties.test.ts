/**
 * Property test of the whole sale lifecycle against the real core, SQLite journal and sandbox over HTTP.
 * fast-check draws sequences of: sales with every scenario code, gateway faults on the next call, the customer's
 * phone paying or failing a pending order, stop waiting, void, notifications (genuine and forged) and restarts.
 * After each sequence the gateway finishes every order it still holds open, the POS is left to settle, and the
 * journal is audited against the sandbox's own ledger:
 *  - no sale is charged twice;
 *  - every order the gateway holds as paid is paid in the journal, and nothing is paid in the journal that the
 *    gateway did not take;
 *  - every order final at the gateway is final in the journal;
 *  - every payment that landed on a voided sale is refunded in full, exactly once;
 *  - every recorded status change is a row of the lifecycle table.
 * Runs are few (each is seconds of real HTTP and timers); the seed is printed on failure to replay it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openJournal } from '../../main/journal/journal';
import { makeNonce, omipaySign } from '../../main/omipay/sign';
import { SALE_TRANSITIONS } from '../../main/payments/sale/lifecycle';
import { startSandbox, type SandboxHandle } from '../../main/sandbox';
import { scenario, startHarness, type Harness, gatewayEnv } from '../helpers/runtime-harness';
import { waitFor } from '../helpers/wait-for';

type Op =
  | { t: 'sale'; cents: number; wallet: 'wechat' | 'alipay'; suffix: string }
  | { t: 'fault'; kind: 'reset' | 'http500' | 'drop' | 'malformed'; api: 'MakeScanOrder' | 'QueryOrder' }
  | { t: 'customer'; pays: boolean }
  | { t: 'stop' }
  | { t: 'void' }
  | { t: 'notify'; genuine: boolean }
  | { t: 'restart' }
  | { t: 'wait'; ms: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      t: fc.constant('sale' as const),
      cents: fc.integer({ min: 1, max: 50_000 }),
      wallet: fc.constantFrom('wechat' as const, 'alipay' as const),
      suffix: fc.constantFrom('0000', '0001', '0002', '0003', '0005', '0007', '0007', '0009'),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('fault' as const),
      kind: fc.constantFrom('reset' as const, 'http500' as const, 'drop' as const, 'malformed' as const),
      api: fc.constantFrom('MakeScanOrder' as const, 'QueryOrder' as const),
    }),
  },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('customer' as const), pays: fc.boolean() }) },
  { weight: 1, arbitrary: fc.constant({ t: 'stop' as const }) },
  { weight: 2, arbitrary: fc.constant({ t: 'void' as const }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('notify' as const), genuine: fc.boolean() }) },
  { weight: 1, arbitrary: fc.constant({ t: 'restart' as const }) },
  {
    weight: 2,
    arbitrary: fc.record({ t: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 300 }) }),
  },
);

let gateway: SandboxHandle;
beforeAll(async () => {
  gateway = await startSandbox({ timeScale: 0.02, refundStepMs: 200 });
});
afterAll(async () => {
  await gateway?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function runSequence(ops: Op[]): Promise<void> {
  const env = gatewayEnv(gateway);
  const dataDir = mkdtempSync(join(tmpdir(), 'pos-prop-'));
  const start = () =>
    startHarness({
      dataDir,
      env,
      tuning: { maxWaitMs: 1_500, pollScale: 0.05, backgroundFirstMs: 100, callTimeoutMs: 500 },
    });
  let h: Harness = await start();
  const saleIds: string[] = [];
  try {
    for (const o of ops) await apply(h, o, saleIds, () => start().then((n) => (h = n)));
    await settle(h, saleIds);
  } finally {
    await h.close();
  }
  try {
    audit(dataDir, saleIds);
  } finally {
    gateway.control.clearFaults();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function apply(h: Harness, o: Op, saleIds: string[], restart: () => Promise<unknown>) {
  const api = h.runtime.api;
  const snapshot = await api.getSnapshot();
  const active = snapshot.ok ? snapshot.value.activeSale : null;
  switch (o.t) {
    case 'sale': {
      const started = await api.startSale({ amount: (o.cents / 100).toFixed(2) });
      if (!started.ok) return; // the counter is busy: refused, nothing changed
      saleIds.push(started.value.id);
      await api.submitCode({ saleId: started.value.id, code: scenario(o.wallet, o.suffix) });
      return;
    }
    case 'fault':
      gateway.control.injectFault({ fault: { kind: o.kind }, api: o.api, times: 1 });
      return;
    case 'customer': {
      const pending = gateway.control
        .listOrders()
        .filter((x) => x.status === 'PAYING' || x.status === 'READY')
        .at(-1);
      if (!pending) return;
      try {
        if (o.pays) gateway.control.payOrder(pending.orderNo);
        else gateway.control.failOrder(pending.orderNo);
      } catch {
        // settled meanwhile by its own scenario timer
      }
      return;
    }
    case 'stop':
      if (active) await api.stopWaiting({ saleId: active.id });
      return;
    case 'void': {
      const target = active ?? (await latestUnresolved(h));
      if (target) await api.voidSale({ saleId: target.id });
      return;
    }
    case 'notify': {
      const last = saleIds.at(-1);
      if (!last) return;
      const d = await api.getSaleDetail({ saleId: last });
      if (!d.ok || !d.value.sale.outOrderNo) return;
      const merchant = gateway.merchants[0]!;
      const timestamp = Date.now();
      const nonce = makeNonce();
      const body = JSON.stringify({
        nonce_str: nonce,
        timestamp,
        sign: omipaySign(merchant.mNumber, timestamp, nonce, o.genuine ? merchant.secretKey : 'forged'),
        order_no: d.value.sale.orderNo ?? 'TR2612010000000000000001',
        out_order_no: d.value.sale.outOrderNo,
        currency: 'AUD',
        total_amount: d.value.sale.amountCents,
        return_code: 'SUCCESS',
      });
      await h.runtime.handleNotification(Buffer.from(body), 'application/json');
      return;
    }
    case 'restart':
      await h.close();
      await restart();
      return;
    case 'wait':
      await sleep(o.ms);
      return;
  }
}

async function latestUnresolved(h: Harness) {
  const r = await h.runtime.api.searchHistory({ phases: ['unresolved'], limit: 1 });
  return r.ok ? (r.value[0] ?? null) : null;
}

/** The gateway finishes what it still holds open; the POS is given time to follow every order to its end. */
async function settle(h: Harness, saleIds: string[]): Promise<void> {
  gateway.control.clearFaults();
  const OPEN = ['submitting', 'userpaying', 'pending', 'unknown'];
  let pending: string[] = [];
  // Each look closes what the gateway still holds open and asks the POS to check again.
  await waitFor(
    async () => {
      for (const o of gateway.control.listOrders()) {
        if (o.status === 'PAYING' || o.status === 'READY') {
          try {
            gateway.control.closeOrder(o.orderNo);
          } catch {
            // settled meanwhile
          }
        }
      }
      pending = [];
      for (const id of saleIds) {
        const d = await h.runtime.api.getSaleDetail({ saleId: id });
        if (!d.ok) continue;
        const open =
          d.value.attempts.some((a) => OPEN.includes(a.status)) ||
          d.value.refunds.some((r) => !r.final) ||
          d.value.sale.phase === 'late_paid';
        if (open) pending.push(`${id}=${d.value.sale.phase}`);
      }
      if (pending.length === 0) return true;
      await Promise.all(saleIds.map((id) => h.runtime.api.checkNow({ saleId: id })));
      return false;
    },
    { what: 'every order settled', timeoutMs: 20_000, everyMs: 150, describe: () => pending.join(', ') },
  );
}

function audit(dataDir: string, saleIds: string[]): void {
  const journal = openJournal({ dir: dataDir });
  try {
    const orders = new Map(gateway.control.listOrders().map((o) => [o.outOrderNo, o]));
    const refunds = gateway.control.listRefunds();
    const legal = new Set(SALE_TRANSITIONS.flatMap((t) => t.from.map((f) => `${f}>${t.to}`)));
    for (const saleId of saleIds) {
      const sale = journal.getSale(saleId)!;
      const attempts = journal.listAttempts(saleId);
      const paidAtGateway = attempts.filter((a) => orders.get(a.outOrderNo)?.paidAt !== undefined);
      expect(paidAtGateway.length, `sale ${saleId} charged more than once`).toBeLessThanOrEqual(1);
      for (const a of attempts) {
        const o = orders.get(a.outOrderNo);
        const gatewayPaid = o?.paidAt !== undefined;
        expect(
          a.status === 'paid',
          `attempt ${a.outOrderNo}: journal ${a.status}, gateway ${o?.status}`,
        ).toBe(gatewayPaid);
        if (o && o.status !== 'PAYING' && o.status !== 'READY') {
          expect(['submitting', 'userpaying', 'pending', 'unknown']).not.toContain(a.status);
        }
      }
      const paid = paidAtGateway[0];
      if (paid) {
        expect(sale.paidAttemptId).toBe(paid.id);
        expect(['paid', 'voided']).toContain(sale.status);
        const back = refunds.filter((r) => r.orderNo === orders.get(paid.outOrderNo)!.orderNo);
        if (sale.status === 'voided') {
          expect(back, `late payment of ${saleId} not refunded once`).toHaveLength(1);
          expect(back[0]!.amount).toBe(sale.amountCents);
          expect(back[0]!.status).toBe('Closed');
        } else {
          expect(back).toHaveLength(0);
        }
      } else {
        expect(sale.status).not.toBe('paid');
        expect(journal.listRefunds(saleId)).toHaveLength(0);
      }
      for (const e of journal.listEvents({ entity: 'sale', entityId: saleId })) {
        const { from, to } = e.data as { from?: string; to?: string };
        if (from !== undefined) expect(legal.has(`${from}>${to}`), `${e.type} ${from}>${to}`).toBe(true);
      }
    }
  } finally {
    journal.close();
  }
}

describe('the sale lifecycle under random sequences', () => {
  it('never charges twice, never loses a payment, always ends, always refunds a late payment', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 4, maxLength: 18 }), (ops) => runSequence(ops)),
      { numRuns: Number(process.env.LIFECYCLE_RUNS ?? 12), endOnFailure: true },
    );
  }, 600_000);
});
