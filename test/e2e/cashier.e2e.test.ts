/**
 * The cashier's day in Debian Chromium, against the real hub and the real core on the embedded sandbox: a
 * hardware (pty) scan, a keyboard-wedge scan, the customer typing their password, a decline and its retry, a
 * lost reply left unresolved, the merchant QR, the receipt, history search and the language switch. Every
 * screen is saved under test-results/screenshots/.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../main/sandbox';
import { scenario } from '../helpers/runtime-harness';
import {
  chargeByKeyboard,
  chromiumMissing,
  TERMINAL_CONFIG,
  textOf,
  type Counter,
  useCounter,
  type CounterOverrides,
} from './counter';

if (chromiumMissing !== null) console.log(`cashier e2e skipped: ${chromiumMissing}`);

/** The page as Chromium prints it (print media, 80 mm wide), as text via poppler's pdftotext. */
async function printedPdfText(page: Page): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'pos-print-'));
  try {
    const file = join(dir, 'receipt.pdf');
    writeFileSync(file, await page.pdf({ width: '80mm', height: '200mm' }));
    return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** hh:mm on the terminal's clock (Perth), which is not the browser's (UTC). */
function terminalHourMinute(at: number): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: TERMINAL_CONFIG.timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(at));
}

describe.skipIf(chromiumMissing !== null)('cashier screens', () => {
  const session = useCounter('failed-');
  const open = (overrides: CounterOverrides = {}): Promise<Counter> => session.open(overrides);

  async function finish(c: Counter): Promise<void> {
    expect(await c.cspViolations()).toEqual([]);
  }

  it('sells through a serial scanner (pty) and shows the receipt', async () => {
    const pty = await session.pty();
    const c = await open({ scanner: { kind: 'serial', port: { path: pty.a }, framing: { mode: 'cr' } } });
    const { page } = c;
    await page.getByTestId('scanner-status').getByText('Scanner ready').waitFor();
    await page.getByTestId('sandbox-banner').waitFor();

    // A scan before any amount is explained, not lost silently.
    await pty.write(`${scenario('alipay', '0000')}\r`);
    await page.getByTestId('scan-notice').getByText('type the amount first').waitFor();
    await page.keyboard.type('12.5', { delay: 60 });
    expect(await textOf(page, 'amount-display')).toBe('A$ 12.50');
    expect(await page.getByTestId('scan-notice').count()).toBe(0);
    // The wallet is not known before the scan: each estimate names whose rate it is.
    expect(await textOf(page, 'cny-estimate')).toBe(
      'About ¥ 58.90 at WeChat Pay’s rate 4.7123 · About ¥ 58.87 at Alipay’s rate 4.7098',
    );
    await c.shot('01-sale-entry');

    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Scan the customer’s payment code' }).waitFor();
    await c.shot('02-scan-prompt');

    await pty.write(`${scenario('wechat', '0000')}\r`);
    await page.getByRole('heading', { name: 'Paid' }).waitFor();
    await page.getByTestId('receipt').waitFor();
    const sale = await c.activeSale();
    expect(sale.phase).toBe('paid');
    expect(await textOf(page, 'paid-platform')).toBe('Paid with WeChat Pay');

    // Receipt: merchant, terminal, the terminal's local time, AUD, platform, both order numbers, QR of order_no.
    expect(await textOf(page, 'receipt-merchant')).toBe(TERMINAL_CONFIG.merchantName);
    expect(await textOf(page, 'receipt-terminal')).toBe(TERMINAL_CONFIG.posNo);
    // The receipt's formats are the printed receipt's (main/receipts/format.ts).
    expect(await textOf(page, 'receipt-amount')).toBe('A$12.50');
    expect(await textOf(page, 'receipt-platform')).toBe('WeChat Pay');
    expect(await textOf(page, 'receipt-order-no')).toBe(sale.orderNo);
    expect(await textOf(page, 'receipt-out-order-no')).toBe(sale.outOrderNo);
    expect(await textOf(page, 'receipt-date')).toContain(terminalHourMinute(sale.paidAt ?? sale.createdAt));
    const qr = page.getByRole('img', { name: `QR code of order ${sale.orderNo}` });
    expect(await qr.getAttribute('data-qr-text')).toBe(sale.orderNo);
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    await c.shot('03-paid-receipt');

    await page.getByRole('button', { name: 'Print receipt' }).click();
    await expect.poll(() => c.printed()).toHaveLength(1);
    const [printed] = await c.printed();
    expect(printed).toContain(sale.orderNo);
    expect(printed).toContain('A$12.50');
    // What the printer gets: the print stylesheet leaves the receipt alone on an 80 mm page.
    const pdfText = await printedPdfText(page);
    expect(pdfText).toContain(TERMINAL_CONFIG.merchantName);
    expect(pdfText).toContain(sale.orderNo);
    expect(pdfText).not.toContain('New sale');
    expect(pdfText).not.toContain('SANDBOX');

    await page.keyboard.press('Enter');
    expect(await textOf(page, 'amount-display')).toBe('A$ 0.00');

    // Later, a manager scans the receipt's QR: the sale opens in history, ready for a refund.
    await pty.write(`${sale.orderNo}\r`);
    await page.getByTestId('sale-detail').waitFor();
    expect(await textOf(page, 'detail-order-no')).toBe(sale.orderNo);
    await finish(c);
  });

  it('takes a keyboard-wedge scan typed at scanner speed without it landing in any field', async () => {
    const c = await open();
    const { page } = c;
    await chargeByKeyboard(page, '9.9');
    const field = page.getByLabel('Or type the payment code');
    await field.focus();
    // A person typing into the field is left alone…
    await page.keyboard.type('12', { delay: 120 });
    await expect.poll(() => field.inputValue()).toBe('12');
    await field.fill('');
    // …while a scanner's burst goes to the core as a scan, Enter included.
    await c.wedgeScan(scenario('alipay', '0000'));
    await page.getByRole('heading', { name: 'Paid' }).waitFor();
    expect(await textOf(page, 'sale-amount')).toBe('A$ 9.90');
    expect(await textOf(page, 'paid-platform')).toBe('Paid with Alipay');
    expect((await c.activeSale()).attempts).toBe(1);
    await finish(c);
  });

  it('counts down while the customer enters their password, then shows paid (0001)', async () => {
    const c = await open({
      sandbox: { timeScale: 0.5 },
      tuning: { maxWaitMs: 20_000, pollScale: 0.1, backgroundFirstMs: 100, callTimeoutMs: 5_000 },
    });
    const { page } = c;
    await chargeByKeyboard(page, '20');
    await page.getByLabel('Or type the payment code').fill(scenario('wechat', '0001'));
    await page.getByRole('button', { name: 'Submit code' }).click();
    await page.getByRole('heading', { name: 'Customer is entering their password' }).waitFor();
    const first = await textOf(page, 'countdown');
    expect(first).toMatch(/^0:(1\d|20)/);
    await page.getByRole('button', { name: /Stop waiting/ }).waitFor();
    await c.shot('04-waiting-customer');
    await page.getByRole('heading', { name: 'Paid' }).waitFor({ timeout: 15_000 });
    await finish(c);
  });

  it('declines, then the next code retries the same sale and pays (0003 then 0000)', async () => {
    const c = await open();
    const { page } = c;
    await chargeByKeyboard(page, '3.2');
    await c.wedgeScan(scenario('wechat', '0003'));
    await page.getByRole('heading', { name: 'Payment declined' }).waitFor();
    const reason = await textOf(page, 'result-reason');
    expect(reason.length).toBeGreaterThan(5);
    await page.getByText('the next scan retries this same sale').waitFor();
    await c.shot('05-declined');

    await c.wedgeScan(scenario('wechat', '0000'));
    await page.getByRole('heading', { name: 'Paid' }).waitFor();
    const sale = await c.activeSale();
    expect(sale.attempts).toBe(2);

    // History: the sale with both attempts, found by order no, by amount and by time.
    await page.getByRole('button', { name: 'History' }).click();
    const search = page.getByLabel(
      'Search by any part of an order or receipt no., an amount (18.80 or 1880) or a time (HH:MM)',
    );
    await search.fill(sale.orderNo ?? '');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect.poll(() => page.getByTestId('history-row').count()).toBe(1);
    await search.fill('3.20');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect.poll(() => page.getByTestId('history-row').count()).toBe(1);
    await search.fill(terminalHourMinute(sale.createdAt));
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.locator(`[data-sale-id="${sale.id}"]`).click();
    await page.getByTestId('sale-detail').waitFor();
    await expect.poll(() => page.getByTestId('detail-attempts').locator('li').count()).toBe(2);
    expect(await textOf(page, 'detail-order-no')).toBe(sale.orderNo);
    await c.shot('06-history-detail');

    await page.getByRole('button', { name: 'Reprint receipt' }).click();
    await expect.poll(() => c.printed()).toHaveLength(1);
    expect((await c.printed())[0]).toContain(sale.outOrderNo);
    await finish(c);
  });

  it('a lost reply ends unresolved on screen, highlighted in history, and check now settles it', async () => {
    // Intervals ×100, the first follow-up check 100 ms after the wait: the wait's deadline check and that one
    // are lost with everything else, and the next would come 1000 s later. Once the gateway is back only
    // "Check now" asks it, so the paid sale is the button's doing (with the usual fast follow-up, a check of
    // its own landed between clearing the fault and the click).
    const c = await open({
      tuning: { maxWaitMs: 3_000, pollScale: 100, backgroundFirstMs: 1, callTimeoutMs: 600 },
    });
    const { page } = c;
    await chargeByKeyboard(page, '5');
    // Every gateway call from now on vanishes: the sale's outcome cannot be known.
    await c.sandbox('faults', 'POST', { fault: { kind: 'drop' }, times: 10_000 });
    await c.wedgeScan(scenario('wechat', '0000'));
    await page.getByRole('heading', { name: 'Result not known yet' }).waitFor({ timeout: 15_000 });
    await page.getByText('Do not take this payment again').waitFor();
    await page.getByTestId('unresolved-badge').getByText('Unresolved: 1').waitFor();
    await page.getByTestId('gateway-status').getByText('Omipay unreachable').waitFor();
    await c.shot('07-unresolved');

    await page.getByRole('button', { name: /New sale/ }).click();
    await page.getByTestId('unresolved-badge').click();
    const row = page.locator('.row-unresolved');
    await expect.poll(() => row.count()).toBe(1);
    await row.click();
    await page.getByTestId('sale-detail').waitFor();
    await c.shot('08-history-unresolved');
    await c.sandbox('faults', 'DELETE');
    await page.getByRole('button', { name: 'Check now' }).click();
    await page.getByTestId('sale-detail').locator('.badge-paid').waitFor({ timeout: 15_000 });
    await expect.poll(() => page.getByTestId('unresolved-badge').count()).toBe(0);
    await finish(c);
  });

  it('shows a merchant QR and follows it to paid when the customer pays (sandbox control)', async () => {
    const c = await open();
    const { page } = c;
    await page.keyboard.type('15', { delay: 60 });
    await page.getByRole('button', { name: 'Show QR to customer' }).click();
    await page.getByRole('button', { name: 'QR for WeChat Pay' }).click();
    const img = page.getByRole('img', { name: 'Payment QR code for A$ 15.00' });
    await img.waitFor();
    const sale = await c.activeSale();
    expect(sale.kind).toBe('qr');
    expect(await img.getAttribute('data-qr-text')).toBe(sale.qrcode ?? sale.payUrl);
    await page.getByTestId('qr-status').getByText('Waiting for the customer to pay').waitFor();
    await c.shot('09-merchant-qr');

    await c.sandbox(`orders/${encodeURIComponent(sale.orderNo ?? '')}/pay`);
    await page.getByRole('heading', { name: 'Paid' }).waitFor();
    expect(await textOf(page, 'receipt-order-no')).toBe(sale.orderNo);
    expect(await textOf(page, 'receipt-cny')).toMatch(/^CNY \d+\.\d{2}$/);
    expect(await textOf(page, 'receipt-rate')).toBe('1 AUD = 4.7123 CNY');
    await c.shot('10-qr-paid');
    await finish(c);
  });

  it('in live mode shows no sandbox banner, and tells the cashier when the terminal clock is wrong', async () => {
    // A "live" gateway that is really a second sandbox whose clock runs 10 minutes behind the terminal's.
    const gateway = await startSandbox({ timeScale: 0.02, clockOffsetMs: -10 * 60_000 });
    try {
      const merchant = gateway.merchants[0]!;
      const c = await open({
        env: {
          OMIPAY_M_NUMBER: merchant.mNumber,
          OMIPAY_SECRET_KEY: merchant.secretKey,
          OMIPAY_BASE_URL: gateway.url,
        },
      });
      const { page } = c;
      expect(c.harness.runtime.mode).toBe('live');
      // OMIPAY_BASE_URL names the gateway's address: the chip says it is a custom one, not the real gateway.
      await page.getByTestId('gateway-status').getByText('Custom address').waitFor();
      expect(await page.getByTestId('gateway-status').getByText('Live').count()).toBe(0);
      expect(await page.getByTestId('sandbox-banner').count()).toBe(0);

      await chargeByKeyboard(page, '5');
      await c.wedgeScan(scenario('wechat', '0000'));
      await page.getByRole('heading', { name: 'Payment declined' }).waitFor();
      await page.getByTestId('network-problem').waitFor();
      // The manager's connection test measures the skew from the gateway's clock; the bar then says it plainly.
      expect(
        (
          await c.harness.runtime.api.setManagerPin({
            newPin: '2468',
            setupCode: c.harness.runtime.setupCode() ?? '',
          })
        ).ok,
      ).toBe(true);
      const test = await c.harness.runtime.api.testConnection({
        pin: '2468',
        region: 'custom',
        baseUrl: gateway.url,
        mNumber: merchant.mNumber,
        secretKey: merchant.secretKey,
      });
      expect(test.ok && test.value.clockSkewMs).toBeGreaterThan(9 * 60_000);
      await page.getByTestId('clock-skew').getByText('Terminal clock is 10 min fast: fix the time').waitFor();
      expect(await page.getByTestId('sandbox-banner').count()).toBe(0);
      await c.shot('12-live-clock-skew');
      await finish(c);
    } finally {
      await session.closeCounter();
      await gateway.close();
    }
  });

  it('switches to 简体中文 at runtime, keeps it after a reload, and back', async () => {
    const c = await open();
    const { page } = c;
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('button', { name: '收款', exact: true }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await page.keyboard.type('8.8', { delay: 60 });
    expect(await textOf(page, 'amount-display')).toBe('A$ 8.80');
    await page.getByText('用数字键输入金额，然后按回车。').waitFor();
    await c.shot('11-chinese-entry');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: '请扫描顾客的付款码' }).waitFor();

    await page.reload();
    await page.getByRole('heading', { name: '请扫描顾客的付款码' }).waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Scan the customer’s payment code' }).waitFor();
    // Cancelling brings the sale's amount back for correction, even in a window opened after it was typed.
    await page.keyboard.press('Escape');
    expect(await textOf(page, 'amount-display')).toBe('A$ 8.80');

    // Keyboard-only use: Tab to a button, Space presses it.
    await page.getByRole('button', { name: 'History' }).focus();
    await page.keyboard.press('Space');
    await page.getByRole('heading', { name: 'Today’s sales' }).waitFor();
    await finish(c);
  });
});
