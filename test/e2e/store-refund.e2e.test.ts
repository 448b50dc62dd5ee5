/**
 * Refund anywhere on the screens, in Debian Chromium through the real hub: till B's manager (this page) scans
 * the receipt of a sale taken at till A (another real core), finds it through a real store server (PGlite) with
 * till A's name and its store-wide balance, refunds it, and sees the refund reach CLOSED; the one sandbox both
 * tills charge shows exactly one refund. Screens are saved as test-results/screenshots/sr-*.png.
 */
import { describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../main/sandbox';
import { createEnrolCode, createStore } from '../../main/store-server/admin';
import type { StoreServerHandle } from '../../main/store-server/server';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scenario, startHarness, unwrap, type Harness } from '../helpers/runtime-harness';
import { FAST_LINK, startServer, tillIdOf, waitDrained } from '../helpers/store-server';
import { chromiumMissing, useCounter } from './counter';

if (chromiumMissing !== null) console.log(`store refund e2e skipped: ${chromiumMissing}`);

const PIN = '2468';

describe.skipIf(chromiumMissing !== null)('refund anywhere on the screens', () => {
  const session = useCounter('sr-failed-');
  let tillA: Harness | null = null;
  let server: StoreServerHandle | null = null;
  let sandbox: SandboxHandle | null = null;
  const dataDir = mkdtempSync(join(tmpdir(), 'store-refund-e2e-'));
  // Closed after the counter, newest first: the till, the server, the sandbox, the server's data.
  session.own(() => rmSync(dataDir, { recursive: true, force: true }));
  session.own(() => sandbox?.close());
  session.own(() => server?.close());
  session.own(() => tillA?.close());

  it('the manager of till B finds a sale of till A through the store server and refunds it', async () => {
    sandbox = await startSandbox({ timeScale: 0.02, refundStepMs: 200 });
    const merchant = sandbox.merchants[0]!;
    const env = {
      OMIPAY_BASE_URL: sandbox.url,
      OMIPAY_M_NUMBER: merchant.mNumber,
      OMIPAY_SECRET_KEY: merchant.secretKey,
    };
    server = await startServer({ dataDir });
    const store = await createStore(server.db, { name: 'Harbour St' }, server.context.sealer, Date.now());
    const enrol = async (h: Harness, name: string) => {
      const { code } = await createEnrolCode(
        server!.db,
        { storeId: store.id, tillName: name, createdBy: 'test' },
        Date.now(),
      );
      unwrap(await h.runtime.api.setManagerPin({ newPin: PIN, setupCode: h.runtime.setupCode() ?? '' }));
      unwrap(await h.runtime.api.enrolStoreServer({ url: server!.url, code, pin: PIN }));
    };

    tillA = await startHarness({ env, storeLink: { timing: FAST_LINK } });
    await enrol(tillA, 'Counter 1');
    const started = unwrap(await tillA.runtime.api.startSale({ amount: '18.40' }));
    unwrap(await tillA.runtime.api.submitCode({ saleId: started.id, code: scenario('wechat', '0000') }));
    const sale = await tillA.waitForSale(started.id, (s) => s.phase === 'paid');
    await waitDrained(tillA, server, tillIdOf(tillA));

    const c = await session.open({ env, storeLink: { timing: FAST_LINK } });
    await enrol(c.harness, 'Counter 2');
    const { page } = c;
    await page.getByRole('button', { name: /^Manager/ }).click();
    await page.getByLabel('PIN', { exact: true }).fill(PIN);
    await page.getByRole('button', { name: 'Open manager screens' }).click();
    await page.getByRole('tab', { name: 'Refunds' }).click();
    await page.getByLabel('Omipay order no. or merchant order no.').fill(sale.outOrderNo ?? '');
    await page.getByRole('button', { name: 'Find', exact: true }).click();

    // Not a sale of this till, but the store server has it, named with its till.
    const card = page.getByTestId('m-store-sales');
    const row = card.getByTestId('m-store-sale-row');
    await row.getByText('Taken at Counter 1').waitFor();
    await row.getByText('A$ 18.40 left to refund').waitFor();
    await c.shot('sr-01-found');
    // Not this till's sale, but found elsewhere: no "not found" error beside it.
    expect(await page.getByTestId('m-refund-problem').count()).toBe(0);
    await row.click();
    const form = page.getByTestId('m-store-refund');
    await form.getByLabel('Amount to refund').fill('5.40');
    await form.getByRole('button', { name: 'Review refund' }).click();
    await page.getByTestId('m-store-refund-confirm').getByText('Counter 1').waitFor();
    await page.getByRole('button', { name: 'Refund now' }).click();
    const result = page.getByTestId('m-store-refund-result');
    await result.and(page.locator('[data-status="CLOSED"]')).waitFor({ timeout: 20_000 });
    await c.shot('sr-02-refunded');
    await card
      .getByTestId('m-store-sale-row')
      .getByText('A$ 13.00 left to refund')
      .waitFor({ timeout: 20_000 });

    const refunds = sandbox.control.listRefunds();
    expect(refunds).toHaveLength(1);
    expect(refunds[0]).toMatchObject({ amount: 540, orderNo: sale.orderNo });
    expect(refunds[0]!.outRefundNo).toMatch(/^SV/);
  });
});
