/**
 * The store server link in Debian Chromium, through the real hub and the real core on the embedded sandbox,
 * against a real store server (PGlite in a temp dir): the manager enrols the till in Settings with a one-time
 * code, the status bar shows the link; a sale's records reach the server; with the server stopped the till
 * sells on and the status bar counts the records waiting; when the server returns they drain. Screens are
 * saved as test-results/screenshots/sl-*.png.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { StoreServerHandle } from '../../main/store-server/server';
import { scenario } from '../helpers/runtime-harness';
import { FAST_LINK, enrolCode, newStore, startServer, tillIdOf } from '../helpers/store-server';
import { chargeByKeyboard, chromiumMissing, setPin, useCounter } from './counter';

if (chromiumMissing !== null) console.log(`store link e2e skipped: ${chromiumMissing}`);

const PIN = '2468';

async function sell(page: Page, amount: string): Promise<void> {
  await chargeByKeyboard(page, amount);
  await page.getByLabel('Or type the payment code').fill(scenario('wechat', '0000'));
  await page.getByRole('button', { name: 'Submit code' }).click();
  await page.getByRole('heading', { name: 'Paid' }).waitFor();
  await page.getByRole('button', { name: /New sale/ }).click();
  await page.getByTestId('amount-display').waitFor();
}

async function serverLastSeq(server: StoreServerHandle, tillId: string): Promise<number> {
  const { rows } = await server.db.query<{ last_seq: number }>('SELECT last_seq FROM tills WHERE id = $1', [
    tillId,
  ]);
  return Number(rows[0]?.last_seq ?? 0);
}

describe.skipIf(chromiumMissing !== null)('store server link on the screens', () => {
  const session = useCounter('sl-failed-');
  let server: StoreServerHandle | null = null;
  const dataDir = mkdtempSync(join(tmpdir(), 'store-e2e-'));
  session.own(() => rmSync(dataDir, { recursive: true, force: true }));
  session.own(() => server?.close());

  it('enrols in Settings, shows the link, counts what waits while the server is down, and drains when it returns', async () => {
    server = await startServer({ dataDir });
    const port = server.port;
    const storeId = await newStore(server, 'Harbour St');
    const c = await session.open({ storeLink: { timing: FAST_LINK } });
    const { page } = c;
    // Not enrolled: the status bar says nothing about a store server.
    await page.getByTestId('gateway-status').waitFor();
    expect(await page.getByTestId('store-link-status').count()).toBe(0);

    await setPin(c, PIN);
    await page.getByRole('button', { name: /^Manager/ }).click();
    await page.getByLabel('PIN', { exact: true }).fill(PIN);
    await page.getByRole('button', { name: 'Open manager screens' }).click();
    await page.getByRole('tab', { name: 'Settings' }).click();
    const section = page.getByTestId('m-store-server');
    await section.getByRole('heading', { name: 'Store server' }).waitFor();

    // A code that does not exist is refused in words, and nothing is enrolled.
    await section.getByLabel('Store server address').fill(server.url);
    await section.getByLabel('One-time enrolment code').fill('ZZZZ-ZZZZ-ZZZZ');
    await section.getByRole('button', { name: 'Enrol this till' }).click();
    await page
      .getByTestId('m-store-server-problem')
      .locator('.m-problem-text')
      .getByText('enrolment code')
      .waitFor();
    expect(await page.getByTestId('store-link-status').count()).toBe(0);

    const code = await enrolCode(server, storeId, 'Till 1');
    await section.getByLabel('One-time enrolment code').fill(code);
    await section.getByRole('button', { name: 'Enrol this till' }).click();
    await page.getByTestId('m-store-server-linked').getByText('Enrolled with Harbour St as Till 1').waitFor();
    await page.getByTestId('store-link-status').getByText('Store server · online').waitFor();
    await c.shot('sl-01-enrolled');
    // The credential stays in the core: the page never saw it.
    const html = await page.content();
    const credential = readFileSync(join(c.harness.dataDir, 'store-link-credential'), 'utf8');
    expect(html).not.toContain(credential.trim());
    await page.getByRole('button', { name: 'Lock and leave' }).click();

    await sell(page, '12.50');
    const tillId = tillIdOf(c.harness);
    await expect.poll(() => serverLastSeq(server!, tillId), { timeout: 15_000 }).toBeGreaterThan(0);
    await page.getByTestId('store-link-status').getByText('Store server · online').waitFor();
    await expect.poll(() => page.getByTestId('store-link-backlog').count(), { timeout: 15_000 }).toBe(0);

    // The server goes away: the till sells on, and the status bar says how much is waiting and why.
    await server.close();
    server = null;
    await sell(page, '7.00');
    await page.getByTestId('store-link-status').getByText('Store server · offline').waitFor();
    const backlog = page.getByTestId('store-link-backlog');
    await backlog.getByText(/\d+ events waiting/).waitFor();
    await page.getByTestId('store-link-problem').getByText('cannot be reached').waitFor();
    const waiting = Number(/(\d+)/.exec((await backlog.textContent()) ?? '')?.[1]);
    expect(waiting).toBeGreaterThan(0);
    await sell(page, '3.00');
    await expect
      .poll(async () => Number(/(\d+)/.exec((await backlog.textContent()) ?? '')?.[1]), { timeout: 15_000 })
      .toBeGreaterThan(waiting);
    await c.shot('sl-02-offline-backlog');

    // In Chinese too.
    await page.getByRole('button', { name: '中文' }).click();
    await backlog.getByText(/\d+ 条记录待上传/).waitFor();
    await page.getByRole('button', { name: 'English' }).click();

    // It comes back on the same address: the backlog drains and the chip goes.
    server = await startServer({ dataDir }, { port });
    await page
      .getByTestId('store-link-status')
      .getByText('Store server · online')
      .waitFor({ timeout: 15_000 });
    await expect.poll(() => backlog.count(), { timeout: 15_000 }).toBe(0);
    const { rows } = await server.db.query<{ n: number }>(
      'SELECT count(*) AS n FROM sales WHERE till_id = $1',
      [tillId],
    );
    expect(Number(rows[0]?.n)).toBe(3);
    await c.shot('sl-03-drained');
  });
});
