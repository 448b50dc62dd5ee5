/**
 * The manager's screens in Debian Chromium, against the real hub and the real core on the embedded sandbox:
 * first PIN, refunds found by scanning a receipt on a serial (pty) scanner, partial then full, refused over
 * the limit, a refund whose answer is lost never sent twice, settings validation, the live scanner test, test
 * connection with a wrong secret, and the PIN lockout. The reports are in manager-reports.e2e.test.ts. Screens
 * are saved as test-results/screenshots/m-*.png.
 */
import { describe, expect, it } from 'vitest';
import { scenario } from '../helpers/runtime-harness';
import {
  chargeByKeyboard,
  chromiumMissing,
  setPin,
  textOf,
  type Counter,
  useCounter,
  type CounterOverrides,
} from './counter';
import { PIN, sandboxRefunds, sell, unlock } from './manager-steps';

if (chromiumMissing !== null) console.log(`manager e2e skipped: ${chromiumMissing}`);

describe.skipIf(chromiumMissing !== null)('manager screens', () => {
  const session = useCounter('m-failed-');
  const open = (overrides: CounterOverrides = {}): Promise<Counter> => session.open(overrides);

  it('sets the first PIN, finds a sale by scanning its receipt (pty), refunds part, refuses too much, then the rest', async () => {
    const pty = await session.pty();
    const c = await open({ scanner: { kind: 'serial', port: { path: pty.a }, framing: { mode: 'cr' } } });
    const { page } = c;
    await page.getByTestId('scanner-status').getByText('Scanner ready').waitFor();
    await chargeByKeyboard(page, '10');
    await pty.write(`${scenario('wechat', '0000')}\r`);
    await page.getByRole('heading', { name: 'Paid' }).waitFor();
    const sale = await c.activeSale();
    await page.keyboard.press('Enter');

    // First run: no PIN yet, so the manager must choose one.
    await page.getByRole('button', { name: 'Manager' }).click();
    await page.getByRole('heading', { name: 'Set a manager PIN' }).waitFor();
    await page.getByLabel('New PIN (4–8 digits)').fill(PIN);
    await page.getByLabel('Repeat the new PIN').fill('2469');
    await page.getByRole('button', { name: 'Save PIN and continue' }).click();
    await page.getByTestId('pin-problem').getByText('The two PINs are not the same.').waitFor();
    // In a browser the first PIN needs the setup code the POS printed at start; a common PIN is refused.
    await page.getByLabel('Repeat the new PIN').fill(PIN);
    await page.getByRole('button', { name: 'Save PIN and continue' }).click();
    await page.getByTestId('pin-problem').getByText('Enter the setup code the POS showed').waitFor();
    const code = c.harness.runtime.setupCode() ?? '';
    await page.getByLabel('Setup code').fill(`${code.slice(0, 4)} ${code.slice(4)}`);
    await page.getByLabel('New PIN (4–8 digits)').fill('1234');
    await page.getByLabel('Repeat the new PIN').fill('1234');
    await page.getByRole('button', { name: 'Save PIN and continue' }).click();
    await page.getByTestId('pin-problem').getByText('That PIN is too easy to guess').waitFor();
    await c.shot('m-01-set-pin');
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByLabel('设置码').waitFor();
    await c.shot('m-01-set-pin-zh');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByLabel('New PIN (4–8 digits)').fill(PIN);
    await page.getByLabel('Repeat the new PIN').fill(PIN);
    await page.getByRole('button', { name: 'Save PIN and continue' }).click();
    await page.getByRole('heading', { name: 'Find the sale' }).waitFor();

    // The receipt's QR read on the serial scanner opens the sale on the refund screen.
    await pty.write(`${sale.orderNo}\r`);
    await page.getByTestId('m-refund-sale').waitFor();
    expect(await textOf(page, 'm-order-no')).toBe(sale.orderNo);
    expect(await textOf(page, 'm-paid')).toBe('A$ 10.00');
    expect(await textOf(page, 'm-refundable')).toBe('A$ 10.00');

    await page.getByLabel('Amount to refund (A$)').fill('3.3');
    await page.getByLabel('Reason (printed on the refund receipt)').fill('One dish returned');
    await page.getByRole('button', { name: 'Review refund' }).click();
    expect(await textOf(page, 'm-confirm-text')).toBe(
      `Refund A$ 3.30 of the A$ 10.00 paid with WeChat Pay, order ${sale.orderNo}.`,
    );
    await page.getByText('Left to refund afterwards: A$ 6.70.').waitFor();
    await c.shot('m-02-refund-confirm');
    await page.getByRole('button', { name: 'Refund A$ 3.30 now' }).click();
    await expect.poll(() => textOf(page, 'm-refundable')).toBe('A$ 6.70');
    await page.getByTestId('m-refund-receipt').waitFor();
    expect(await textOf(page, 'm-refund-receipt')).toContain('3.30');

    // More than is left is refused before anything is sent.
    await page.getByLabel('Amount to refund (A$)').fill('6.71');
    await page.getByRole('button', { name: 'Review refund' }).click();
    await page.getByTestId('m-refund-problem').getByText('That is more than is left to refund').waitFor();
    expect(await page.getByTestId('m-refund-confirm').count()).toBe(0);

    await page.getByRole('button', { name: 'Full: A$ 6.70' }).click();
    await page.getByRole('button', { name: 'Review refund' }).click();
    await page.getByRole('button', { name: 'Refund A$ 6.70 now' }).click();
    await expect.poll(() => textOf(page, 'm-refundable')).toBe('A$ 0.00');
    await page.getByTestId('m-refund-blocked').getByText('refunded in full').waitFor();
    // Nothing is left: no "Full: A$ 0.00" or Review refund under "refunded in full".
    expect(await page.getByTestId('m-refund-form').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Review refund' }).count()).toBe(0);
    expect(await page.getByLabel('Amount to refund (A$)').count()).toBe(0);
    await expect
      .poll(
        async () =>
          await page
            .getByTestId('m-refund-row')
            .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status'))),
      )
      .toEqual(['CLOSED', 'CLOSED']);
    await c.shot('m-03-refunds-done');

    // The refund receipt goes to the print dialog (no printer configured).
    await page.getByRole('button', { name: 'Print', exact: true }).first().click();
    await expect.poll(() => c.printed()).toHaveLength(1);
    expect((await c.printed())[0]).toContain(sale.orderNo);

    const refunds = await sandboxRefunds(c);
    expect(
      refunds
        .filter((r) => r.orderNo === sale.orderNo)
        .map((r) => r.amount)
        .sort(),
    ).toEqual([330, 670]);
    expect(await c.cspViolations()).toEqual([]);
  });

  it('a refund whose answer is lost says "do not refund again" and is never sent twice', async () => {
    const c = await open();
    const { page } = c;
    await setPin(c, PIN);
    const sale = await sell(c, '8');
    await unlock(page);
    await page.getByLabel('Omipay order no. or merchant order no.').fill(sale.outOrderNo ?? '');
    await page.getByRole('button', { name: 'Find', exact: true }).click();
    await page.getByTestId('m-refund-sale').waitFor();

    // The gateway takes the refund but the connection drops before its answer arrives.
    await c.sandbox('faults', 'POST', { fault: { kind: 'reset' }, api: 'Refund', times: 1 });
    await page.getByLabel('Amount to refund (A$)').fill('3');
    await page.getByRole('button', { name: 'Review refund' }).click();
    await page.getByRole('button', { name: 'Refund A$ 3.00 now' }).click();
    await page.getByTestId('m-refund-result').waitFor();
    await expect
      .poll(async () => page.getByTestId('m-refund-row').first().getAttribute('data-status'), {
        timeout: 15_000,
      })
      .toBe('CLOSED');
    expect((await sandboxRefunds(c)).filter((r) => r.orderNo === sale.orderNo)).toHaveLength(1);

    // Now every answer about refunds is lost for a while: the outcome stays unknown on screen.
    await c.sandbox('faults', 'POST', { fault: { kind: 'drop' }, api: 'Refund', times: 10_000 });
    await c.sandbox('faults', 'POST', { fault: { kind: 'drop' }, api: 'QueryRefund', times: 10_000 });
    await page.getByRole('button', { name: 'Full: A$ 5.00' }).click();
    await page.getByRole('button', { name: 'Review refund' }).click();
    await page.getByRole('button', { name: 'Refund A$ 5.00 now' }).click();
    const result = page.getByTestId('m-refund-result');
    await result.getByText('Refund of A$ 5.00: Checking.').waitFor({ timeout: 15_000 });
    await result
      .getByText('Omipay has not answered yet. The till keeps checking. Do not refund again.')
      .waitFor();
    // No second refund can be started while this one's outcome is unknown.
    await page.getByTestId('m-refund-blocked').getByText('Do not refund again').waitFor();
    // The outstanding A$ 5.00 is all in this refund: nothing is left to offer, so the form is gone.
    expect(await page.getByRole('button', { name: 'Review refund' }).count()).toBe(0);
    await c.shot('m-04-refund-unknown');

    await c.sandbox('faults', 'DELETE');
    await expect
      .poll(
        async () =>
          page
            .getByTestId('m-refund-row')
            .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status'))),
        { timeout: 20_000 },
      )
      .toEqual(['CLOSED', 'CLOSED']);
    const refunds = (await sandboxRefunds(c)).filter((r) => r.orderNo === sale.orderNo);
    expect(refunds.map((r) => r.amount).sort()).toEqual([300, 500]);
    expect(new Set(refunds.map((r) => r.outRefundNo)).size).toBe(2);
    const detail = await c.harness.runtime.api.findSale({ reference: sale.orderNo ?? '' });
    expect(detail.ok && detail.value.refundableCents).toBe(0);
  });

  it('settings: refuses invalid values with the reason, tests the scanner live, explains a wrong secret', async () => {
    const pty = await session.pty();
    const c = await open({ scanner: { kind: 'serial', port: { path: pty.a }, framing: { mode: 'cr' } } });
    const { page } = c;
    await setPin(c, PIN);
    await page.getByTestId('scanner-status').getByText('Scanner ready').waitFor();
    await unlock(page);
    await page.getByRole('tab', { name: 'Settings' }).click();
    await page.getByTestId('m-settings-panel').waitFor();

    // A bound checked on the screen…
    await page.getByLabel('Gateway call timeout (seconds)').fill('2');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByTestId('error-callTimeoutSeconds').getByText('Between 3 and 60 seconds.').waitFor();
    await page.getByLabel('Gateway call timeout (seconds)').fill('20');
    // …and one only the core knows: its INVALID_SETTINGS reason is shown.
    await page.getByLabel('Terminal number (pos_no)').fill('T 07!');
    await page.getByRole('button', { name: 'Save settings' }).click();
    // The reason sits beside its field; the save bar only points there.
    await page.getByTestId('error-posNo').getByText('Not accepted: 1–16 letters, digits, _ or -').waitFor();
    await page.getByTestId('m-settings-problem').getByText('see the marked fields').waitFor();
    await c.shot('m-10-settings-invalid');
    await page.getByLabel('Terminal number (pos_no)').fill('T08');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByTestId('m-settings-saved').waitFor();
    await page.getByTestId('m-secret-state').waitFor();

    await page.getByRole('button', { name: 'Test the scanner' }).click();
    await page.getByText('Scan any code: it is shown here').waitFor();
    await pty.write('ABC-123456\r');
    await page.getByTestId('m-scan-decoded').getByText('ABC-123456').waitFor();
    await c.shot('m-11-scanner-test');
    await page.getByRole('button', { name: 'Stop the test' }).click();

    await page.getByLabel('Secret key').fill('definitely-not-the-secret');
    await page.getByRole('button', { name: 'Test connection' }).click();
    const result = page.getByTestId('m-connection-result');
    await result.getByText('Connection failed.').waitFor();
    expect(await result.textContent()).toMatch(/SIGN_ERROR|sign/i);
    await c.shot('m-12-test-connection');
    expect(await c.cspViolations()).toEqual([]);
  });

  it('settings with a sale unresolved: the name saves at once, the merchant number waits and says why; typed scanner path; test page in the dialog', async () => {
    const pty = await session.pty();
    const c = await open();
    const { page } = c;
    await setPin(c, PIN);
    await chargeByKeyboard(page, '4.4');
    await c.sandbox('faults', 'POST', { fault: { kind: 'drop' }, times: 10_000 });
    await c.wedgeScan(scenario('wechat', '0000'));
    await page.getByRole('heading', { name: 'Result not known yet' }).waitFor({ timeout: 15_000 });
    const stuck = await c.activeSale();
    await page.getByRole('button', { name: /New sale/ }).click();

    await unlock(page);
    await page.getByRole('tab', { name: 'Settings' }).click();
    await page.getByTestId('m-settings-panel').waitFor();
    await page.getByLabel('Merchant name (on receipts)').fill('Harbour Noodles');
    await page.getByLabel('Merchant number').fill('200002');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByTestId('m-settings-saved').waitFor();
    const held = page.getByTestId('m-gateway-held-back');
    await held.getByText('Saved, except the merchant number and gateway').waitFor();
    expect(await held.textContent()).toContain(stuck.outOrderNo ?? '?');
    await page.getByText('Harbour Noodles').first().waitFor();
    await c.shot('m-14-settings-held-back');
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByTestId('m-gateway-held-back').getByText('已保存，但商户号和支付网关未更改').waitFor();
    await c.shot('m-14-settings-held-back-zh');
    await page.getByRole('button', { name: 'English' }).click();

    // A device the list does not offer, typed: the scanner opens it.
    await page.getByLabel('Scanner type').selectOption('serial');
    await page.getByLabel('Device', { exact: true }).fill(pty.a);
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByTestId('m-settings-saved').waitFor();
    await page.getByTestId('scanner-status').getByText('Scanner ready').waitFor();

    // No printer set up: the test page goes to the print dialog.
    await page.getByRole('button', { name: 'Print a test page' }).click();
    await expect.poll(() => c.printed()).toHaveLength(1);
    expect((await c.printed())[0]).toContain('PRINTER TEST');
    expect(await page.getByTestId('m-print-problem').count()).toBe(0);
    await c.sandbox('faults', 'DELETE');
  });

  it('a flood of idle local sockets does not keep the cashier’s page out', async () => {
    const c = await open();
    const ws = `ws://${new URL(c.hub.url).host}/pos`;
    const origin = new URL(c.hub.url).origin;
    const { default: WebSocket } = await import('ws');
    const idle = await Promise.all(
      Array.from(
        { length: 40 },
        () =>
          new Promise<InstanceType<typeof WebSocket>>((resolve, reject) => {
            const s = new WebSocket(ws, { origin });
            s.once('open', () => resolve(s));
            s.once('error', reject);
          }),
      ),
    );
    try {
      await c.page.reload();
      await c.page.locator('.app[data-ready="true"]').waitFor();
      await chargeByKeyboard(c.page, '2.5');
      await c.page.getByLabel('Or type the payment code').fill(scenario('wechat', '0000'));
      await c.page.getByRole('button', { name: 'Submit code' }).click();
      await c.page.getByRole('heading', { name: 'Paid' }).waitFor();
    } finally {
      for (const s of idle) s.terminate();
    }
  });

  it('locks the manager PIN after 5 wrong tries and says until when', async () => {
    const c = await open();
    const { page } = c;
    await setPin(c, PIN);
    await page.getByRole('button', { name: 'Manager' }).click();
    await page.getByRole('heading', { name: 'Manager PIN' }).waitFor();
    for (let i = 0; i < 5; i++) {
      // The on-screen pad, as a manager at the counter would use it.
      for (const d of '1111') await page.getByRole('button', { name: d, exact: true }).click();
      await page.getByRole('button', { name: 'Open manager screens' }).click();
      await page.getByTestId('pin-problem').waitFor();
      if (i < 4) await expect.poll(() => page.getByTestId('pin-dots').textContent()).toBe('Type the PIN');
    }
    await page
      .getByTestId('pin-locked')
      .getByText(/Too many wrong PINs: locked until \d{2}:\d{2}:\d{2}\./)
      .waitFor();
    // The right PIN is refused too while locked.
    await page.getByLabel('PIN', { exact: true }).fill(PIN);
    await page.getByRole('button', { name: 'Open manager screens' }).click();
    await page.getByTestId('pin-locked').waitFor();
    expect(await page.getByRole('heading', { name: 'Find the sale' }).count()).toBe(0);
    await c.shot('m-13-pin-locked');
  });
});
