/**
 * What the cashier and the customer are told, side by side in Debian Chromium (cashier at 1024×768, the
 * customer page beside it), against the real hub and core on the embedded sandbox: the two named ways to leave a
 * sale the customer may still pay, the confirmed void, and each sale's words ending when the next one starts.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { scenario } from '../helpers/runtime-harness';
import { chargeByKeyboard, chromiumMissing, useCounter } from './counter';
import type { CustomerSide } from './customer-page';

if (chromiumMissing !== null) console.log(`counter words e2e skipped: ${chromiumMissing}`);

const SHOT_DIR = join(process.cwd(), 'test-results', 'counter-words');

describe.skipIf(chromiumMissing !== null)('counter and customer words', () => {
  const session = useCounter('failed-words-');
  let customer: CustomerSide;

  beforeAll(async () => {
    await session.tab.page.setViewportSize({ width: 1024, height: 768 });
    await session.open({
      sandbox: { timeScale: 0.5, refundStepMs: 300 },
      tuning: { maxWaitMs: 20_000, pollScale: 0.1, backgroundFirstMs: 100, callTimeoutMs: 5_000 },
    });
    customer = await session.openCustomer();
  }, 120_000);

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await shoot('failed').catch(() => undefined);
  });

  function customerSays(): Promise<string> {
    return customer.says();
  }

  function shoot(name: string): Promise<void> {
    return customer.shoot(SHOT_DIR, `${name}-customer`, `${name}-cashier`);
  }

  /** Every button of the sale screen is on screen at 1024×768, without scrolling. */
  async function allButtonsVisible(page: Page): Promise<void> {
    const below = await page.evaluate(() =>
      [...document.querySelectorAll('.screen button')]
        .filter((b) => b.getBoundingClientRect().bottom > window.innerHeight + 1)
        .map((b) => b.textContent),
    );
    expect(below).toEqual([]);
  }

  it('merchant QR: two named actions; V asks first; a void tells the customer not to pay', async () => {
    const { page, harness } = session.current();
    await page.keyboard.type('15', { delay: 60 });
    await page.getByRole('button', { name: 'Show QR to customer' }).click();
    await page.getByRole('button', { name: 'QR for WeChat Pay' }).click();
    await customer.screen('qr');
    await page.getByRole('button', { name: 'Stop waiting, keep following' }).waitFor();
    await page.getByRole('button', { name: 'Customer pays another way' }).waitFor();
    expect(await page.content()).not.toContain('Closing does not cancel');
    await allButtonsVisible(page);
    const sale = await session.current().activeSale();

    await page.keyboard.press('v');
    const confirm = page.getByTestId('void-confirm');
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain(
      'If the customer’s phone still pays it, the money is refunded to them automatically.',
    );
    // Nothing is voided until the cashier confirms: the customer still sees the QR.
    expect((await session.current().activeSale()).phase).toBe('waiting_customer');
    expect(await customer.page.locator('[data-screen="qr"]').count()).toBe(1);
    await allButtonsVisible(page);
    await shoot('01-qr-void-confirm');

    await page.keyboard.press('v');
    await page.getByTestId('amount-display').waitFor();
    await customer.screen('voided');
    const words = await customerSays();
    expect(words).toContain('Cancelled at the counter');
    expect(words).toContain('If your phone still asks you to pay, don’t.');
    expect(words).toContain('it will be refunded automatically');
    expect(words).toContain('已在柜台取消');
    expect(words).not.toContain('not been charged');
    expect(words).not.toContain('未被扣款');
    await shoot('02-qr-voided');

    // (A payment that lands after this void is refunded in full: test/integration/closed-loop.test.ts.)
    expect(
      (
        await session
          .current()
          .activeSale()
          .catch(() => null)
      )?.id ?? null,
    ).not.toBe(sale.id);
    expect((await harness.runtime.api.getSaleDetail({ saleId: sale.id })).ok).toBe(true);

    // The next customer's amount ends that message.
    await page.keyboard.type('5', { delay: 60 });
    await customer.screen('idle');
    await page.keyboard.press('Escape');
  });

  it('"Stop waiting" sale: its words stay for its customer, and end when the next amount is keyed', async () => {
    const { page, harness } = session.current();
    await chargeByKeyboard(page, '9.99');
    await page.getByLabel('Or type the payment code').fill(scenario('wechat', '0007'));
    await page.getByRole('button', { name: 'Submit code' }).click();
    await page.getByRole('heading', { name: 'Customer is entering their password' }).waitFor();
    await customer.screen('waiting');
    await allButtonsVisible(page);
    const sale = await session.current().activeSale();
    await page.keyboard.press('Escape');
    await page.getByRole('heading', { name: 'Result not known yet' }).waitFor();
    await customer.screen('checking');
    expect(await customerSays()).toContain('Please do not pay again');

    await page.keyboard.press('Enter');
    await page.getByTestId('amount-display').waitFor();
    // The customer who was paying is still told not to pay again while they are at the counter.
    await customer.screen('checking');
    await page.keyboard.type('12', { delay: 60 });
    await customer.screen('idle');
    expect(await customerSays()).not.toContain('9.99');
    await shoot('03-next-customer-welcome');

    // The stopped sale settles in the background: the next customer's display is not taken over.
    await session.current().sandbox(`orders/${encodeURIComponent(sale.orderNo ?? '')}/pay`);
    await harness.waitForSale(sale.id, (s) => s.phase === 'paid', 20_000);
    await page.getByTestId('sale-notice').waitFor({ timeout: 15_000 });
    expect(await customer.page.locator('[data-screen="idle"]').count()).toBe(1);
    await page.keyboard.press('Escape');
  });

  it('scan and wait in 中文: V asks what will happen, Esc keeps the sale, V V voids', async () => {
    const { page } = session.current();
    await chargeByKeyboard(page, '4.2');
    await page.getByLabel('Or type the payment code').fill(scenario('alipay', '0007'));
    await page.getByRole('button', { name: 'Submit code' }).click();
    await page.getByRole('heading', { name: 'Customer is entering their password' }).waitFor();
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('button', { name: '停止等待，继续跟进' }).waitFor();
    await page.keyboard.press('v');
    await page.getByTestId('void-confirm').getByText('作废这笔交易？').waitFor();
    expect(await page.getByTestId('void-confirm').textContent()).toContain('款项会自动退回给顾客');
    await allButtonsVisible(page);
    await shoot('04-void-confirm-zh');
    await page.keyboard.press('Escape');
    expect(await page.getByTestId('void-confirm').count()).toBe(0);
    expect((await session.current().activeSale()).phase).toBe('waiting_customer');

    await page.keyboard.press('v');
    await page.getByTestId('void-confirm-yes').click();
    await page.getByRole('heading', { name: '交易已作废' }).waitFor();
    await customer.screen('voided');
    expect(await customerSays()).toContain('如果手机仍提示付款，请不要支付');
    await shoot('05-voided-zh');
    await page.getByRole('button', { name: 'English' }).click();
    await page.keyboard.press('Enter');
    await page.getByTestId('amount-display').waitFor();
  });
});
