/**
 * Crash safety: the POS core runs in a child process and is killed with SIGKILL at each step of a sale and of a
 * refund; a fresh process on the same journal must settle everything — no sale lost, none charged twice, no
 * refund made twice — against a sandbox that outlives the kills (it runs here, in the test process).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../main/sandbox';
import { openJournal } from '../../main/journal/journal';
import type { ChildPlan, KillPoint } from '../fixtures/engine-child';
import { spawnFixture } from '../helpers/child-process';
import { scenario } from '../helpers/runtime-harness';
import { withDeadline } from '../helpers/wait-for';

// A test runs up to three child cores one after another, each a fresh process that loads the core and must exit
// within CHILD_DEADLINE_MS: at a load average of 30 on two cores one child took over 40 s with every step still
// correct. A deadline for a condition costs a passing run nothing; the test's room is its children's together.
const CHILD_DEADLINE_MS = 90_000;
vi.setConfig({ testTimeout: 3 * CHILD_DEADLINE_MS + 30_000 });

let sandbox: SandboxHandle;
const dirs: string[] = [];

beforeAll(
  async () => {
    sandbox = await startSandbox({ timeScale: 0.02, refundStepMs: 300 });
    // The first child core of a run transforms the core's whole source (tsx caches it in the run's temp dir):
    // tens of seconds on a loaded machine, which ate the first test's child deadline. A child with nothing to
    // recover pays it here, once, so every test's children start from the cache.
    await recover(newDir(), 2 * CHILD_DEADLINE_MS);
  },
  2 * CHILD_DEADLINE_MS + 30_000,
);
afterAll(async () => {
  await sandbox?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  lines: string[];
  stderr: string;
}

async function runChild(
  plan: Omit<ChildPlan, 'sandboxUrl' | 'mNumber' | 'secretKey'>,
  onLine?: (line: string) => void,
  timeoutMs = CHILD_DEADLINE_MS,
): Promise<ChildRun> {
  const merchant = sandbox.merchants[0]!;
  const full: ChildPlan = {
    ...plan,
    sandboxUrl: sandbox.url,
    mNumber: merchant.mNumber,
    secretKey: merchant.secretKey,
  };
  const child = spawnFixture(
    'test/fixtures/engine-child.ts',
    { POS_CHILD_PLAN: JSON.stringify(full) },
    onLine,
  );
  try {
    const exit = await withDeadline(child.exited, { what: 'the child core to exit', timeoutMs });
    return { ...exit, lines: child.lines.filter(Boolean), stderr: child.stderr() };
  } catch (err) {
    child.child.kill('SIGKILL');
    throw new Error(`${err instanceof Error ? err.message : String(err)}: ${child.stderr()}`);
  }
}

function newDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'pos-crash-'));
  dirs.push(d);
  return d;
}

async function recover(dataDir: string, timeoutMs?: number): Promise<void> {
  const r = await runChild({ dataDir, action: 'recover', killAt: 'none' }, undefined, timeoutMs);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
}

/** Recovers the killed core's journal, then checks it (closed whatever the checks throw). */
async function checkRecovered(
  dataDir: string,
  check: (journal: ReturnType<typeof openJournal>) => void,
): Promise<void> {
  await recover(dataDir);
  const journal = openJournal({ dir: dataDir });
  try {
    check(journal);
  } finally {
    journal.close();
  }
}

const REFUND_KILL_POINTS: KillPoint[] = ['refund_before_send', 'refund_after_send', 'refund_tracking'];

/**
 * For a kill after the send: the reply is held back so the kill lands after the request was taken but before it
 * was answered.
 */
function holdRefundReplyFor(killAt: KillPoint): void {
  if (killAt === 'refund_after_send') {
    sandbox.control.injectFault({ fault: { kind: 'delay', ms: 500 }, api: 'Refund', times: 1 });
  }
}

function idFrom(run: ChildRun, tag: 'SALE' | 'REFUND'): string {
  const line = run.lines.find((l) => l.startsWith(`${tag} `));
  if (!line) throw new Error(`child printed no ${tag}: ${run.stderr}`);
  return line.slice(tag.length + 1);
}

describe('kill -9 during a sale', () => {
  const cases: Array<[KillPoint, string]> = [
    ['before_send', scenario('wechat', '0000')],
    ['after_send', scenario('alipay', '0006')],
    ['after_send', scenario('wechat', '0000')],
    ['polling', scenario('alipay', '0001')],
  ];
  it.each(cases)('killed %s (%s): recovered, paid exactly once', async (killAt, code) => {
    const dataDir = newDir();
    const run = await runChild({ dataDir, action: 'sale', amount: '10.00', code, killAt });
    expect(run.signal).toBe('SIGKILL');
    const saleId = idFrom(run, 'SALE');

    await checkRecovered(dataDir, (journal) => {
      const sale = journal.getSale(saleId)!;
      expect(sale).toBeDefined();
      const attempts = journal.listAttempts(saleId);
      expect(attempts).toHaveLength(1);
      const outOrderNo = attempts[0]!.outOrderNo;
      const atGateway = sandbox.control.listOrders().filter((o) => o.outOrderNo === outOrderNo);
      expect(atGateway).toHaveLength(1);
      expect(atGateway[0]!.status).toBe('PAID');
      expect(sale.status).toBe('paid');
      expect(attempts[0]!.status).toBe('paid');
      expect(attempts[0]!.orderNo).toBe(atGateway[0]!.orderNo);
    });
  });
});

describe('kill -9 during a refund', () => {
  it.each(REFUND_KILL_POINTS)('killed %s: recovered, refunded exactly once', async (killAt) => {
    const dataDir = newDir();
    const sold = await runChild({
      dataDir,
      action: 'sale',
      amount: '20.00',
      code: scenario('wechat', '0000'),
      killAt: 'none',
    });
    expect(sold.code).toBe(0);
    const saleId = idFrom(sold, 'SALE');
    holdRefundReplyFor(killAt);
    const run = await runChild({ dataDir, action: 'refund', saleId, amount: '12.34', killAt });
    expect(run.signal).toBe('SIGKILL');

    await checkRecovered(dataDir, (journal) => {
      const refunds = journal.listRefunds(saleId);
      const orderNo = journal.listAttempts(saleId)[0]!.orderNo;
      const atGateway = sandbox.control.listRefunds().filter((r) => r.orderNo === orderNo);
      expect(refunds).toHaveLength(1);
      expect(atGateway).toHaveLength(1);
      expect(atGateway[0]!.outRefundNo).toBe(refunds[0]!.outRefundNo);
      expect(atGateway[0]!.amount).toBe(1234);
      expect(refunds[0]!.status).toBe('CLOSED');
      expect(journal.refundedCents(saleId)).toBe(1234);
    });
  });
});

describe('kill -9 around the automatic refund of a late payment', () => {
  it.each(REFUND_KILL_POINTS)(
    'killed %s: after restart the late payment is refunded exactly once',
    async (killAt) => {
      const dataDir = newDir();
      holdRefundReplyFor(killAt);
      const run = await runChild(
        { dataDir, action: 'void_late', amount: '18.40', code: scenario('alipay', '0007'), killAt },
        (line) => {
          // The customer's phone pays after the cashier voided.
          if (line.startsWith('VOIDED ')) sandbox.control.payOrder(line.slice('VOIDED '.length));
        },
      );
      expect(run.signal).toBe('SIGKILL');
      const saleId = idFrom(run, 'SALE');

      await checkRecovered(dataDir, (journal) => {
        const sale = journal.getSale(saleId)!;
        const attempt = journal.listAttempts(saleId)[0]!;
        expect(sale.status).toBe('voided');
        expect(sale.paidAttemptId).toBe(attempt.id);
        const refunds = journal.listRefunds(saleId);
        const atGateway = sandbox.control.listRefunds().filter((r) => r.orderNo === attempt.orderNo);
        expect(refunds).toHaveLength(1);
        expect(atGateway).toHaveLength(1);
        // The number is derived from the attempt: a re-send after the crash could only ever repeat it.
        expect(refunds[0]!.outRefundNo).toBe(`${attempt.outOrderNo}L`);
        expect(atGateway[0]!.outRefundNo).toBe(refunds[0]!.outRefundNo);
        expect(atGateway[0]!.amount).toBe(1840);
        expect(refunds[0]!.status).toBe('CLOSED');
      });
    },
  );
});
