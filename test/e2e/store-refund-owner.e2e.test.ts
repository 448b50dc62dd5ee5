/**
 * The till that took a sale, on its screen, when another till refunds it (Debian Chromium through the real hub):
 * till A (this page) and till B (another real core) enrolled with a real store server (PGlite), charging one
 * sandbox. B refunds A$ 10.00 of A's A$ 30.00 sale: A's screen says so in words that follow the refund (never
 * "refunded" before it is), and the sale's detail in History shows Refunded A$ 10.00 · Left to refund A$ 20.00
 * with where and when — in English and in 简体中文. Screens: test-results/screenshots/so-*.png.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../main/sandbox';
import { createEnrolCode, createStore } from '../../main/store-server/admin';
import type { StoreServerHandle } from '../../main/store-server/server';
import { scenario, startHarness, unwrap, type Harness } from '../helpers/runtime-harness';
import { FAST_LINK, startServer, tillIdOf, waitDrained } from '../integration/store-link-helpers';
import { chromiumMissing, textOf, useCounter } from './counter';

if (chromiumMissing !== null) console.log(`store refund owner e2e skipped: ${chromiumMissing}`);

const PIN = '2468';

describe.skipIf(chromiumMissing !== null)("a refund made at another till, on the owning till's screen", () => {
  const session = useCounter('so-failed-');
  let tillB: Harness | null = null;
  let server: StoreServerHandle | null = null;
  let sandbox: SandboxHandle | null = null;
  const dataDir = mkdtempSync(join(tmpdir(), 'store-owner-e2e-'));
  session.own(() => rmSync(dataDir, { recursive: true, force: true }));
  session.own(() => sandbox?.close());
  session.own(() => server?.close());
  session.own(() => tillB?.close());

  it('A is told in words as B refunds its sale, and its detail shows the refund and one balance, EN + 中文', async () => {
    sandbox = await startSandbox({ timeScale: 0.02, refundStepMs: 200 });
    const merchant = sandbox.merchants[0]!;
    const env = {
      OMIPAY_BASE_URL: sandbox.url,
      OMIPAY_M_NUMBER: merchant.mNumber,
      OMIPAY_SECRET_KEY: merchant.secretKey,
    };
    server = await startServer({ dataDir });
    const store = await createStore(server.db, { name: 'Harbour St' }, server.context.sealer, Date.now());
    const enrol = async (h: Harness, name: string, posNo: string) => {
      const { code } = await createEnrolCode(
        server!.db,
        { storeId: store.id, tillName: name, createdBy: 'test' },
        Date.now(),
      );
      unwrap(await h.runtime.api.setManagerPin({ newPin: PIN, setupCode: h.runtime.setupCode() ?? '' }));
      unwrap(await h.runtime.api.updateSettings({ pin: PIN, patch: { posNo } }));
      unwrap(await h.runtime.api.enrolStoreServer({ url: server!.url, code, pin: PIN }));
    };

    const c = await session.open({ env, storeLink: { timing: FAST_LINK } });
    const a = c.harness;
    await enrol(a, 'Counter 1', 'POSA');
    tillB = await startHarness({ env, storeLink: { timing: FAST_LINK } });
    await enrol(tillB, 'Counter 2', 'POSB');

    const started = unwrap(await a.runtime.api.startSale({ amount: '30.00' }));
    unwrap(await a.runtime.api.submitCode({ saleId: started.id, code: scenario('wechat', '0000') }));
    const sale = await a.waitForSale(started.id, (s) => s.phase === 'paid');
    await waitDrained(a, server, tillIdOf(a));
    const { page } = c;
    await page.keyboard.press('Enter'); // the next sale: the paid one leaves the screen
    await page.getByText('A$ 0.00').first().waitFor();

    unwrap(
      await tillB.runtime.api.refundStoreSale({
        tillId: tillIdOf(a),
        saleId: sale.id,
        amount: '10.00',
        reason: 'returned at counter 2',
        pin: PIN,
      }),
    );

    // Till A's screen: the refund as it is now, ending "was refunded at Counter 2" once Omipay closed it.
    const notices = page.getByTestId('sale-notice').and(page.locator('[data-kind="refunded_elsewhere"]'));
    await notices.filter({ hasText: 'was refunded at Counter 2' }).waitFor({ timeout: 30_000 });
    const said = await notices.allTextContents();
    expect(said.some((t) => t.includes('Counter 2 is refunding A$ 10.00'))).toBe(true);
    expect(said.filter((t) => t.includes('was refunded')).length).toBe(1);
    expect(sandbox.control.listRefunds()).toEqual([expect.objectContaining({ amount: 1000 })]);
    await c.shot('so-01-notice');

    await page.getByRole('button', { name: 'History' }).click();
    await page.locator(`[data-sale-id="${sale.id}"]`).click();
    await page.getByTestId('sale-detail').waitFor();
    expect(await textOf(page, 'detail-refunded')).toBe('A$ 10.00');
    expect(await textOf(page, 'detail-refundable')).toBe('A$ 20.00');
    const row = page.getByTestId('detail-refunds-elsewhere').locator('tbody tr');
    expect(await row.count()).toBe(1);
    const cells = await row.locator('td').allTextContents();
    expect(cells[1]).toBe('Counter 2');
    expect(cells[2]).toBe('A$ 10.00');
    expect(cells[3]).toContain('Refunded');
    await c.shot('so-02-detail-en');

    unwrap(await a.runtime.api.setLanguage({ language: 'zh' }));
    await page.locator('html[lang="zh-CN"]').waitFor();
    await page.getByText('在其他收银机的退款').waitFor();
    expect(await textOf(page, 'detail-refundable')).toBe('A$ 20.00');
    expect((await row.locator('td').allTextContents())[3]).toContain('已退款');
    expect((await notices.allTextContents()).some((t) => t.includes('已在 Counter 2 退款 A$ 10.00'))).toBe(true);
    await c.shot('so-03-detail-zh');
  });
});
