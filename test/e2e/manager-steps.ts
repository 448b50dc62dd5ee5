/**
 * Steps the manager e2e files share: the PIN, the sandbox's own ledger as the truth a report is checked against,
 * unlocking the manager screens, and the sales a test starts from.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { scenario } from '../helpers/runtime-harness';
import { chargeByKeyboard, payWithTypedCode, setPin, type Counter } from './counter';

export const PIN = '2468';

export interface SandboxOrder {
  orderNo: string;
  amount: number;
  status: string;
}
export interface SandboxRefund {
  refundNo: string;
  outRefundNo: string;
  orderNo: string;
  amount: number;
  status: string;
}
export const FAILED_REFUND = new Set([
  'MerchantRejected',
  'TimeoutClosed',
  'OrganizationFailed',
  'CustomerCancelled',
]);

export async function sandboxTruth(
  c: Counter,
): Promise<{ salesCents: number; refundsCents: number; netCents: number }> {
  const { orders } = (await c.sandbox('orders', 'GET')) as { orders: SandboxOrder[] };
  const { refunds } = (await c.sandbox('refunds', 'GET')) as { refunds: SandboxRefund[] };
  const salesCents = orders.filter((o) => o.status === 'PAID').reduce((a, o) => a + o.amount, 0);
  const refundsCents = refunds.filter((r) => !FAILED_REFUND.has(r.status)).reduce((a, r) => a + r.amount, 0);
  return { salesCents, refundsCents, netCents: salesCents - refundsCents };
}

export async function sandboxRefunds(c: Counter): Promise<SandboxRefund[]> {
  return ((await c.sandbox('refunds', 'GET')) as { refunds: SandboxRefund[] }).refunds;
}

/** Opens the manager area with the PIN (already set in the core). */
export async function unlock(page: Page, pin = PIN): Promise<void> {
  await page.getByRole('button', { name: /^Manager/ }).click();
  await page.getByLabel('PIN', { exact: true }).fill(pin);
  await page.getByRole('button', { name: 'Open manager screens' }).click();
  await page.getByRole('heading', { name: 'Manager', exact: true }).waitFor();
}

/** Sells `amount` with scenario 0000 typed in the manual field; returns the paid sale. */
export async function sell(c: Counter, amount: string) {
  await chargeByKeyboard(c.page, amount);
  return payWithTypedCode(c);
}

/** With the PIN set: A$ 12.50 and A$ 7.25 sold, A$ 2.50 of the first refunded and settled (net A$ 17.25). */
export async function twoSalesOneRefunded(c: Counter): Promise<Counter> {
  const api = c.harness.runtime.api;
  await setPin(c, PIN);
  const first = await sell(c, '12.5');
  await sell(c, '7.25');
  expect((await api.refund({ saleId: first.id, amount: '2.50', reason: 'part', pin: PIN })).ok).toBe(true);
  await expect
    .poll(async () => {
      const d = await api.getSaleDetail({ saleId: first.id });
      return d.ok && d.value.refunds.every((r) => r.final);
    })
    .toBe(true);
  return c;
}

/** A A$ 5.00 sale whose answers are all lost: it stays unresolved until the faults are cleared. */
export async function leaveOneUnresolved(c: Counter): Promise<void> {
  await chargeByKeyboard(c.page, '5');
  await c.sandbox('faults', 'POST', { fault: { kind: 'drop' }, times: 10_000 });
  await c.wedgeScan(scenario('wechat', '0000'));
  await c.page.getByRole('heading', { name: 'Result not known yet' }).waitFor({ timeout: 15_000 });
  await c.page.getByRole('button', { name: /New sale/ }).click();
  await c.page.getByTestId('nav-unresolved-badge').getByText('1').waitFor();
}
