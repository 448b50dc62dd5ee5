/**
 * A disk that fills mid-sale, for real: the data directory is on a small tmpfs mounted for this test, filled to
 * the last byte while MakeScanOrder is on its way (the sandbox delays its reply), so the customer is charged but
 * the answer cannot be journalled. Once space is freed the sale settles by itself — no restart, no button — and
 * the cashier's screen says what happened, in both languages; the gateway holds exactly one order.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, closeSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { SaleView } from '../../preload/api';
import { storageMessages } from '../../main/payments/storage-guard';
import { scenario, startHarness, unwrap, type Harness } from '../helpers/runtime-harness';

let mountPoint = '';
let mounted = false;
let skipReason = '';
let h: Harness | null = null;

beforeAll(() => {
  mountPoint = mkdtempSync(join(tmpdir(), 'pos-full-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', mountPoint], { stdio: 'pipe' });
    mounted = true;
  } catch (err) {
    skipReason = `cannot mount a tmpfs here (${String((err as { stderr?: Buffer }).stderr ?? err).trim()})`;
  }
});

afterAll(async () => {
  await h?.close();
  if (mounted) execFileSync('umount', [mountPoint]);
  rmSync(mountPoint, { recursive: true, force: true });
});

/** Writes until the file system refuses (ENOSPC); returns the filler's path. */
function fillDisk(dir: string): string {
  const path = join(dir, 'filler');
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  }
  // Then the last partial pages, byte by byte, so not even a small append fits.
  const one = Buffer.alloc(4096, 1);
  try {
    for (;;) writeSync(fd, one);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  }
  closeSync(fd);
  return path;
}

it('settles a sale caught between MakeScanOrder and its journal write once space returns, and says so', async (ctx) => {
  if (!mounted) ctx.skip(skipReason);
  const dataDir = join(mountPoint, 'till');
  mkdirSync(dataDir);
  h = await startHarness({ dataDir });
  const api = h.runtime.api;
  const sandbox = h.runtime.sandbox!.control;
  const seen: SaleView[] = [];
  api.onEvent((e) => {
    if (e.type === 'sale') seen.push(e.sale);
  });

  // The reply to MakeScanOrder comes 1.5 s late; the disk fills in between.
  sandbox.injectFault({ fault: { kind: 'delay', ms: 1_500 }, api: 'MakeScanOrder', times: 1 });
  const sale = unwrap(await api.startSale({ amount: '12.34' }));
  unwrap(await api.submitCode({ saleId: sale.id, code: scenario('wechat', '0000') }));
  await expect.poll(() => sandbox.requestCount('MakeScanOrder'), { timeout: 5_000 }).toBe(1);
  const filler = fillDisk(mountPoint);

  // Charged at the gateway, not recorded: the screen says the answer is waiting for the disk.
  const stalled = await h.waitForSale(
    sale.id,
    (s) => s.storageNote?.en === storageMessages.answerWaiting.en,
    10_000,
  );
  expect(stalled.storageNote?.zh).toBe(storageMessages.answerWaiting.zh);
  const order = sandbox.listOrders().find((o) => o.outOrderNo === stalled.outOrderNo);
  expect(order?.status).toBe('PAID');
  // No new sale while the journal cannot be written, with its own words.
  const refused = await api.startSale({ amount: '1.00' });
  expect(refused.ok).toBe(false);
  if (!refused.ok) expect(refused.error.code).toBe('STORAGE_FULL');

  // Full for longer than the whole foreground wait (3 s here): its end cannot be journalled either.
  await new Promise((r) => setTimeout(r, 5_000));
  expect(unwrap(await api.getSaleDetail({ saleId: sale.id })).sale.phase).not.toBe('paid');
  const queriesWhileFull = sandbox.requestCount('MakeScanOrder') + sandbox.requestCount('QueryOrder');

  unlinkSync(filler);
  const freedAt = Date.now();
  const paid = await h.waitForSale(sale.id, (s) => s.phase === 'paid', 30_000);
  expect(Date.now() - freedAt).toBeLessThan(30_000);
  expect(paid.storageNote).toEqual(storageMessages.paidAfterRecovery);
  expect(seen.some((s) => s.id === sale.id && s.storageNote?.en === storageMessages.answerWaiting.en)).toBe(
    true,
  );
  // While full, nothing more reached the gateway than the one order; after, one order, charged once.
  expect(queriesWhileFull).toBe(1);
  expect(sandbox.listOrders().filter((o) => o.amount === 1234)).toHaveLength(1);
  const detail = unwrap(await api.getSaleDetail({ saleId: sale.id }));
  expect(detail.history.map((e) => e.type)).toContain('attempt.storage_recovered');

  // Sales are taken again.
  const next = unwrap(await api.startSale({ amount: '2.00' }));
  expect(next.phase).toBe('awaiting_code');
}, 60_000);
