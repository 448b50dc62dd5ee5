/**
 * Tax invoices in Debian Chromium against the real hub and core on the embedded sandbox: the Receipts card of
 * Settings refuses a bad ABN in words (English and 简体中文) and the core keeps nothing of it; a good one turns a
 * paid sale's receipt into a tax invoice with the ABN and the GST included, in both languages. The card is
 * measured at 1024×768 in both languages (test-results/layout/receipt-settings-*.png).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chargeByKeyboard, chromiumMissing, setPin, textOf, useCounter } from './counter';
import { checkLayout } from './layout-check';
import { PIN, unlock } from './manager-steps';
import { scenario } from '../helpers/runtime-harness';

if (chromiumMissing !== null) console.log(`tax invoice e2e skipped: ${chromiumMissing}`);

const SHOT_DIR = join(process.cwd(), 'test-results', 'layout');

describe.skipIf(chromiumMissing !== null)('tax invoices (hub mode)', () => {
  const session = useCounter('tax-failed-');

  it('Settings refuses a bad ABN in words; a good one makes the sale receipt a tax invoice with ABN and GST', async () => {
    const c = await session.open();
    const { page } = c;
    const api = c.harness.runtime.api;
    await setPin(c, PIN);
    await page.setViewportSize({ width: 1024, height: 768 });
    await unlock(page);
    await page.getByRole('tab', { name: 'Settings' }).click();
    const card = page.getByTestId('m-receipt-settings');
    await card.waitFor();

    await card
      .getByLabel('Business name (legal or trading name, as it should print)')
      .fill('Harbour Tea Pty Ltd');
    const abn = card.getByLabel('ABN', { exact: true });
    await abn.fill('51 824 753 557');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page
      .getByTestId('error-abn')
      .getByText('This is not a valid ABN: its check digits do not match.')
      .waitFor();
    await abn.fill('51 824 753');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByTestId('error-abn').getByText('An ABN has 11 digits.').waitFor();
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByTestId('error-abn').getByText('ABN 应为 11 位数字').waitFor();
    await c.shot('tax-01-bad-abn-zh');
    await page.getByRole('button', { name: 'English' }).click();
    // Nothing of the refused form reached the core.
    const before = await api.getSettings();
    expect(before.ok && before.value.receipt).toMatchObject({
      abn: null,
      businessName: '',
      taxInvoice: false,
    });

    // Tax invoices without an ABN are refused beside the box.
    await abn.fill('');
    await card.getByLabel('Print receipts as tax invoices').check();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByTestId('error-taxInvoice').getByText('Enter the business name and ABN first.').waitFor();

    await abn.fill('51 824 753 556');
    await card.getByLabel('Print receipts as tax invoices').check();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByTestId('m-settings-saved').waitFor();
    const saved = await api.getSettings();
    expect(saved.ok && saved.value.receipt).toMatchObject({
      abn: '51824753556',
      businessName: 'Harbour Tea Pty Ltd',
      taxInvoice: true,
      pricesIncludeGst: true,
    });

    // The card at 1024×768, in both languages.
    const problems: string[] = [];
    await card.scrollIntoViewIfNeeded();
    problems.push(...(await checkLayout(page, SHOT_DIR, 'receipt-settings-1024-en')));
    await page.getByRole('button', { name: '中文' }).click();
    await card.getByText('收据与税务发票').waitFor();
    await card.scrollIntoViewIfNeeded();
    problems.push(...(await checkLayout(page, SHOT_DIR, 'receipt-settings-1024-zh')));
    await page.getByRole('button', { name: 'English' }).click();
    expect(problems, `layout problems:\n${problems.join('\n')}`).toEqual([]);

    // A sale: its receipt on screen is a tax invoice.
    await page.getByRole('button', { name: 'Sale', exact: true }).click();
    await page.getByTestId('amount-display').waitFor();
    await chargeByKeyboard(page, '12.5');
    await page.getByLabel('Or type the payment code').fill(scenario('wechat', '0000'));
    await page.getByRole('button', { name: 'Submit code' }).click();
    await page.getByRole('heading', { name: 'Paid' }).waitFor();
    await page.getByTestId('receipt').waitFor();
    expect(await textOf(page, 'receipt-title')).toBe('TAX INVOICE');
    expect(await textOf(page, 'receipt-merchant')).toBe('Harbour Tea Pty Ltd');
    expect(await textOf(page, 'receipt-abn')).toBe('ABN 51 824 753 556');
    expect(await textOf(page, 'receipt-gst')).toBe('A$1.14');
    await page.getByTestId('receipt').getByText('Total includes GST').waitFor();
    await c.shot('tax-02-receipt-en');
    // The longer receipt keeps the paid screen within 1024×768, as every sale screen.
    const paid = await checkLayout(page, SHOT_DIR, 'tax-invoice-paid-1024-en', { noScroll: true });
    await page.getByRole('button', { name: '中文' }).click();
    await expect.poll(() => textOf(page, 'receipt-title')).toBe('税务发票');
    await page.getByTestId('receipt').getByText('总额含 GST').waitFor();
    expect(await textOf(page, 'receipt-abn')).toBe('ABN 51 824 753 556');
    await c.shot('tax-03-receipt-zh');
    paid.push(...(await checkLayout(page, SHOT_DIR, 'tax-invoice-paid-1024-zh', { noScroll: true })));
    expect(paid, `layout problems:\n${paid.join('\n')}`).toEqual([]);
    await page.getByRole('button', { name: 'English' }).click();
    expect(await c.cspViolations()).toEqual([]);
  });
});
