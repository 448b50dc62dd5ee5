/**
 * A refund of another till's sale, interrupted: the till died after journalling it in remote_refunds and before
 * (or after) the Refund call. On start-up the refund engine's code over remote_refunds resumes it with the same
 * out_refund_no only, against the real sandbox over HTTP: the gateway holds exactly one refund either way, and
 * the row reaches CLOSED. Every change of the row leaves its outbox record, with the table's columns exactly.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openJournal } from '../../main/journal/journal';
import type { Journal } from '../../main/journal/types';
import { OmipayClient } from '../../main/omipay';
import { adaptiveSchedule } from '../../main/payments/poll-schedule';
import { RefundEngine } from '../../main/payments/refund-engine';
import { startSandbox, type SandboxHandle } from '../../main/sandbox';
import { RemoteRefunds } from '../../main/store-link/remote-refunds';
import { until } from '../helpers/wait-for';
import { useCleanups } from '../helpers/cleanups';

const cleanups = useCleanups();

async function setup(): Promise<{
  sandbox: SandboxHandle;
  client: OmipayClient;
  journal: Journal;
  dir: string;
  orderNo: string;
}> {
  const sandbox = await startSandbox({ timeScale: 0.02, refundStepMs: 200 });
  cleanups.push(() => sandbox.close());
  const client = new OmipayClient({
    baseUrl: sandbox.url,
    credentials: sandbox.merchants[0]!,
    timeoutMs: 2_000,
  });
  const order = sandbox.control.seedOrder({ outOrderNo: 'POSA261201abcd00001', amount: 2000 });
  const dir = mkdtempSync(join(tmpdir(), 'remote-refund-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const journal = openJournal({ dir });
  return { sandbox, client, journal, dir, orderNo: order.orderNo };
}

function journalRow(journal: Journal, orderNo: string, outRefundNo: string) {
  return journal.remoteRefunds.create({
    id: 'X0001',
    reservationId: 'RV0001',
    saleTillId: 'till-a',
    saleId: 'S1',
    ownerTillName: 'Counter 1',
    outOrderNo: 'POSA261201abcd00001',
    orderNo,
    outRefundNo,
    amountCents: 700,
    reason: 'returned',
    status: 'submitting',
    createdAt: Date.now(),
  });
}

function restarted(journal: Journal, client: OmipayClient): RemoteRefunds {
  const schedule = adaptiveSchedule({ scale: 0.05, backgroundFirstMs: 100 });
  const own = new RefundEngine({ journal, gateway: client, posNo: 'POSB', schedule });
  const remote = new RemoteRefunds({ journal, gateway: client, refunds: own, access: () => null, schedule });
  cleanups.push(async () => {
    remote.close();
    own.close();
    await remote.idle();
    journal.close();
  });
  return remote;
}

describe('remote refunds after a crash', () => {
  it('sends a journalled remote refund that never left once, and follows it to CLOSED', async () => {
    const { sandbox, client, journal, orderNo } = await setup();
    journalRow(journal, orderNo, 'SV261201ABCDEFGHIJKL');
    restarted(journal, client).recover();
    await until('CLOSED', () => journal.remoteRefunds.get('X0001')?.status === 'CLOSED');
    expect(sandbox.control.listRefunds()).toEqual([
      expect.objectContaining({ outRefundNo: 'SV261201ABCDEFGHIJKL', amount: 700, orderNo }),
    ]);
  });

  it('resumes one whose Refund reached the gateway before the crash without a second refund', async () => {
    const { sandbox, client, journal, orderNo } = await setup();
    journalRow(journal, orderNo, 'SV261201ZYXWVUTSRQPO');
    // The call went out and the gateway booked it; the till died before it could write the answer.
    await client.refund({ orderNo, outRefundNo: 'SV261201ZYXWVUTSRQPO', amount: 700 });
    restarted(journal, client).recover();
    await until('CLOSED', () => journal.remoteRefunds.get('X0001')?.status === 'CLOSED');
    expect(sandbox.control.listRefunds()).toHaveLength(1);
    const row = journal.remoteRefunds.get('X0001')!;
    expect(row.refundNo).toBe(sandbox.control.listRefunds()[0]!.refundNo);
    // Every state of the row went to the outbox as a remote_refund record with the table's columns.
    const records = journal.outboxAfter(0, 1000).filter((r) => r.entity === 'remote_refund');
    expect(records.length).toBeGreaterThanOrEqual(3);
    expect(records.every((r) => r.entityId === 'X0001' && r.op === 'upsert' && r.v === 1)).toBe(true);
    const last = records.at(-1)!.data;
    expect(Object.keys(last).sort()).toEqual(
      [
        'id',
        'reservation_id',
        'sale_till_id',
        'sale_id',
        'owner_till_name',
        'out_order_no',
        'order_no',
        'out_refund_no',
        'amount_cents',
        'reason',
        'status',
        'refund_no',
        'error_code',
        'error_detail',
        'refund_time',
        'success_time',
        'created_at',
        'updated_at',
        'last_checked_at',
        'next_check_at',
        'check_count',
        'business_date',
      ].sort(),
    );
    expect(last).toMatchObject({
      status: 'CLOSED',
      sale_till_id: 'till-a',
      out_refund_no: 'SV261201ZYXWVUTSRQPO',
    });
  });
});
