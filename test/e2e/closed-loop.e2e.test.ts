/**
 * The closed loop in Debian Chromium, against the real hub, core and embedded sandbox: the cashier voids a sale
 * while the customer is still confirming (V), serves the next customer, the first customer's phone then pays
 * anyway; the POS refunds it automatically — exactly one refund in the sandbox's ledger — the cashier is told,
 * and the manager sees it in the list of payments after a void. Screens: test-results/screenshots/loop-*.png.
 */
import { describe, expect, it } from 'vitest';
import { scenario, unwrap } from '../helpers/runtime-harness';
import { chargeByKeyboard, chromiumMissing, useCounter } from './counter';

if (chromiumMissing !== null) console.log(`closed-loop e2e skipped: ${chromiumMissing}`);

const PIN = '5193';

describe.skipIf(chromiumMissing !== null)('void, then the customer pays anyway', () => {
  const session = useCounter('loop-failed-');

  it('is refunded automatically once; the cashier gets a notice and the manager sees it', async () => {
    const c = await session.open();
    const { page } = c;
    unwrap(
      await c.harness.runtime.api.setManagerPin({
        newPin: PIN,
        setupCode: c.harness.runtime.setupCode() ?? '',
      }),
    );

    await chargeByKeyboard(page, '12.50');
    await page.getByLabel('Or type the payment code').fill(scenario('alipay', '0007'));
    await page.getByRole('button', { name: 'Submit code' }).click();
    await page.getByRole('heading', { name: 'Customer is entering their password' }).waitFor();
    const sale = await c.activeSale();
    await page.getByTestId('void-sale').waitFor();
    await c.shot('loop-01-waiting-with-void');

    // One key asks, the second voids: a void may end in a refund.
    await page.keyboard.press('v');
    await page.getByTestId('void-confirm').waitFor();
    await page.keyboard.press('v');
    await page.getByRole('heading', { name: 'Sale voided' }).waitFor();
    await page.getByText('If the customer’s phone still pays this sale').waitFor();
    await c.shot('loop-02-voided');

    // The next customer is served at once.
    await page.keyboard.press('Enter');
    await page.getByTestId('amount-display').waitFor();

    // The first customer's phone pays after all.
    await c.sandbox(`orders/${sale.orderNo}/pay`);
    await c.harness.waitForSale(sale.id, (s) => s.phase === 'late_refunded', 15_000);
    const { refunds } = (await c.sandbox('refunds', 'GET')) as {
      refunds: Array<{ orderNo: string; amount: number; status: string; outRefundNo: string }>;
    };
    const mine = refunds.filter((r) => r.orderNo === sale.orderNo);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.amount).toBe(1250);
    expect(mine[0]!.outRefundNo).toBe(`${sale.outOrderNo}L`);

    // The cashier is told which sale and what happened.
    const notice = page.getByTestId('sale-notice').filter({ hasText: 'refunded to them in full' });
    await notice.waitFor();
    expect(await notice.textContent()).toContain('The A$ 12.50 sale from');
    await c.shot('loop-03-cashier-notice');

    // The manager sees it among the payments after a void.
    await page.getByRole('button', { name: /^Manager/ }).click();
    await page.getByLabel('PIN', { exact: true }).fill(PIN);
    await page.getByRole('button', { name: 'Open manager screens' }).click();
    await page.getByRole('tab', { name: /Unresolved/ }).click();
    const late = page.getByTestId('m-late-list').getByTestId('m-unresolved-row');
    await late.first().waitFor();
    expect(await late.first().textContent()).toContain('Paid after void: refunded');
    await late.first().click();
    await page.getByTestId('m-unresolved-detail').getByText('has been refunded to them').waitFor();
    await c.shot('loop-04-manager-late-payments');

    await page.getByRole('button', { name: '中文' }).click();
    await page.getByTestId('m-late-list').getByText('作废后付款：已退款').waitFor();
    await c.shot('loop-05-manager-late-payments-zh');
  });
});
