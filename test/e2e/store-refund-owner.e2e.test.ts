/**
 * The till that took a sale, on its screen, when another till refunds it (Debian Chromium through the real hub):
 * till A (this page) and till B (another real core) enrolled with a real store server (PGlite), charging one
 * sandbox. B refunds A$ 10.00 of A's A$ 30.00 sale: A's screen says so in words that follow the refund (never
 * "refunded" before it is), and the sale's detail in History shows Refunded A$ 10.00 · Left to refund A$ 20.00
 * with where and when — in English and in 简体中文. Screens: test-results/screenshots/so-*.png.
 */
import { describe, expect, it } from 'vitest';
import { scenario, startHarness, unwrap, type Harness } from '../helpers/runtime-harness';
import { FAST_LINK, tillIdOf, waitDrained } from '../helpers/store-server';
import { chromiumMissing, textOf, useCounter } from './counter';
import { STORE_PIN as PIN, startStoreShop } from './store-shop';

if (chromiumMissing !== null) console.log(`store refund owner e2e skipped: ${chromiumMissing}`);

describe.skipIf(chromiumMissing !== null)(
  "a refund made at another till, on the owning till's screen",
  () => {
    const session = useCounter('so-failed-');
    // Room for a store server, a sandbox and two cores to start on a loaded machine; each wait inside is for a
    // condition on the screen or in the cores.
    it(
      'A is told in words as B refunds its sale, and its detail shows the refund and one balance, EN + 中文',
      { timeout: 180_000 },
      async () => {
        const { sandbox, server, env, enrol } = await startStoreShop(session, 'Harbour St');
        const tillB: Harness = await startHarness({ env, storeLink: { timing: FAST_LINK } });
        session.own(() => tillB.close());
        const c = await session.open({ env, storeLink: { timing: FAST_LINK } });
        const a = c.harness;
        await enrol(a, 'Counter 1', 'POSA');
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
        expect(
          (await notices.allTextContents()).some((t) => t.includes('已在 Counter 2 退款 A$ 10.00')),
        ).toBe(true);
        await c.shot('so-03-detail-zh');
      },
    );
  },
);
