/**
 * A keyboard-wedge scanner typing 45 ms a key, slower than the detector's default 30 ms bound: on the scan prompt
 * its code pays, on the keypad it is held as a payment code (never an 18-digit amount), and a person keying an
 * amount is untouched. Settings' "scan a test code" learns the pace, after which the same scanner's codes never
 * reach the page as typing at all.
 */
import { describe, expect, it } from 'vitest';
import { scenario } from '../helpers/runtime-harness';
import {
  chargeByKeyboard,
  chromiumMissing,
  pacedWedgeScan,
  textOf,
  useCounter,
  type Counter,
} from './counter';

if (chromiumMissing !== null) console.log(`slow scanner e2e skipped: ${chromiumMissing}`);

describe.skipIf(chromiumMissing !== null)('a slow keyboard-wedge scanner (45 ms a key)', () => {
  const session = useCounter('slow-scanner-');

  async function finish(c: Counter): Promise<void> {
    expect(await c.cspViolations()).toEqual([]);
  }

  it('pays on the scan prompt', async () => {
    const c = await session.open();
    const { page } = c;
    await chargeByKeyboard(page, '9.9');
    await pacedWedgeScan(page, scenario('alipay', '0000'), 45);
    await page.getByRole('heading', { name: 'Paid' }).waitFor();
    expect(await textOf(page, 'sale-amount')).toBe('A$ 9.90');
    expect((await c.activeSale()).attempts).toBe(1);
    await finish(c);
  });

  it('on the keypad is held as a payment code, the amount keyed before it kept, never an amount', async () => {
    const c = await session.open();
    const { page } = c;
    // A person keys 18.80 (no Enter), then the customer's code is scanned.
    await page.keyboard.type('18.80', { delay: 120 });
    expect(await textOf(page, 'amount-display')).toContain('18.80');
    await pacedWedgeScan(page, scenario('wechat', '0000'), 45);
    const held = page.getByTestId('held-scan');
    await held.waitFor();
    expect(await held.textContent()).toContain('ending 0000');
    expect(await held.textContent()).toContain('A$ 18.80');
    expect(await textOf(page, 'amount-display')).toContain('18.80');
    expect(await page.getByText(/Large amount/).count()).toBe(0);
    // Nothing was charged until the cashier says so.
    const snap = await c.harness.runtime.api.getSnapshot();
    expect(snap.ok && snap.value.activeSale).toBeFalsy();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Paid' }).waitFor();
    expect(await textOf(page, 'sale-amount')).toBe('A$ 18.80');
    await finish(c);
  });

  it('leaves a person keying 1880 and Enter on the keypad alone: that is an amount', async () => {
    const c = await session.open();
    const { page } = c;
    await page.keyboard.type('1880', { delay: 90 });
    await page.keyboard.press('Enter');
    // A$ 1,880.00 in decimal entry: above the large-amount line, so the usual second Enter is asked for.
    await page.getByText('Large amount: A$ 1,880.00').waitFor();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Scan the customer’s payment code' }).waitFor();
    expect((await c.activeSale()).amountCents).toBe(188_000);
    await finish(c);
  });

  it('is learned in Settings, then read as a scan with nothing typed anywhere', async () => {
    const c = await session.open();
    const { page } = c;
    const pin = '2468';
    const setup = c.harness.runtime.setupCode() ?? '';
    expect((await c.harness.runtime.api.setManagerPin({ newPin: pin, setupCode: setup })).ok).toBe(true);
    await page.getByRole('button', { name: /^Manager/ }).click();
    await page.getByLabel('PIN', { exact: true }).fill(pin);
    await page.getByRole('button', { name: 'Open manager screens' }).click();
    await page.getByRole('tab', { name: 'Settings' }).click();
    await page.getByLabel('Scanner type').selectOption('wedge');
    const pace = page.getByTestId('m-scanner-pace');
    await pace.waitFor();
    expect(await textOf(page, 'm-scanner-pace-now')).toContain('up to 30 ms');
    await pace.getByRole('button', { name: 'Scan a test code' }).click();
    await page.getByText('Scan any code now').waitFor();
    await pacedWedgeScan(page, scenario('wechat', '0000'), 45);
    expect(await textOf(page, 'm-scanner-pace-result')).toContain('Measured 45 ms a key');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect
      .poll(async () => {
        const s = await c.harness.runtime.api.getSettings();
        return s.ok ? s.value.scanner.maxInterKeyMs : null;
      })
      .toBe(57);
    await page.getByRole('button', { name: 'Sale', exact: true }).click();
    await chargeByKeyboard(page, '7.5');
    const field = page.getByLabel('Or type the payment code');
    await field.focus();
    // Every value the page's fields take from now on: a scan must leave them all untouched.
    await page.evaluate(() => {
      const w = window as unknown as { __inputs: string[] };
      w.__inputs = [];
      document.addEventListener('input', (e) => w.__inputs.push((e.target as HTMLInputElement).value), true);
    });
    await pacedWedgeScan(page, scenario('wechat', '0000'), 45);
    await page.getByRole('heading', { name: 'Paid' }).waitFor();
    // Read as a scan, not typed into the focused field and submitted from there.
    expect(await page.evaluate(() => (window as unknown as { __inputs: string[] }).__inputs)).toEqual([]);
    await finish(c);
  });
});
