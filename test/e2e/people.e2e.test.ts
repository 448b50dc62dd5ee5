/**
 * People at the counter in Debian Chromium, against the real hub and the real core on the embedded sandbox: two
 * people added in the manager area, switching at the counter by PIN (two taps and a PIN) and by a staff badge on
 * a serial (pty) scanner, a cashier refused a refund in words and a manager approving it with History naming
 * both, a badge scan that never starts or pays a sale, the idle sign-out (held by a sale on the scan prompt until
 * it is paid), and five wrong PINs locking only
 * that person, in English and 中文. Screens: test-results/screenshots/p-*.png.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { scenario } from '../helpers/runtime-harness';
import { waitFor } from '../helpers/wait-for';
import { chargeByKeyboard, chromiumMissing, setPin, textOf, useCounter, type Counter } from './counter';
import { PIN, sell } from './manager-steps';

if (chromiumMissing !== null) console.log(`people e2e skipped: ${chromiumMissing}`);

const ANN = { name: 'Ann Lee', pin: '1357', role: 'Cashier' };
const BO = { name: 'Bo Chen', pin: '4826', role: 'Supervisor' };

/** Opens the manager area as the built-in PIN's manager (no-sign-in mode: the only person on the till). */
async function openAsManager(page: Page): Promise<void> {
  await page.getByRole('button', { name: /^Manager/ }).click();
  await page.getByLabel('PIN', { exact: true }).fill(PIN);
  await page.getByRole('button', { name: 'Open manager screens' }).click();
  await page.getByRole('heading', { name: 'Manager', exact: true }).waitFor();
}

async function addPerson(page: Page, who: { name: string; pin: string; role: string }): Promise<void> {
  await page.getByRole('button', { name: 'Add a person' }).click();
  const form = page.getByTestId('m-person-form');
  await form.getByLabel('Name').fill(who.name);
  await form.getByLabel('Role').selectOption({ label: who.role });
  await form.getByLabel('PIN (4–8 digits)').fill(who.pin);
  await form.getByLabel('Repeat the PIN').fill(who.pin);
  await form.getByRole('button', { name: 'Save person' }).click();
  await page.getByTestId('m-people-done').getByText(`${who.name} saved.`).waitFor();
}

/** The roster, a name, its PIN: two taps and a PIN. */
async function signInAs(page: Page, who: { name: string; pin: string }): Promise<void> {
  await page.getByTestId('sign-in-tile').filter({ hasText: who.name }).click();
  await page.getByTestId('sign-in-pin').locator('input[type="password"]').fill(who.pin);
  await page.getByTestId('sign-in-pin').locator('button[type="submit"]').click();
  await page.getByTestId('person-switch').getByText(who.name, { exact: true }).waitFor();
}

async function switchTo(page: Page, who: { name: string; pin: string }): Promise<void> {
  await page.getByTestId('person-switch').click();
  await signInAs(page, who);
}

async function currentPerson(c: Counter): Promise<string | null> {
  const snap = await c.harness.runtime.api.getSnapshot();
  if (!snap.ok) throw new Error('no snapshot');
  return snap.value.people.current?.name ?? null;
}

async function sandboxOrderCount(c: Counter): Promise<number> {
  return ((await c.sandbox('orders', 'GET')) as { orders: unknown[] }).orders.length;
}

/** Two people added in the Manager → People panel, and the till switched to signing in. */
async function twoPeopleSigningIn(c: Counter): Promise<void> {
  const { page } = c;
  await setPin(c, PIN);
  await openAsManager(page);
  await page.getByRole('tab', { name: 'People' }).click();
  await page.getByTestId('m-people-table').waitFor();
  await addPerson(page, ANN);
  await addPerson(page, BO);
  const rows = page.getByTestId('m-person');
  await expect.poll(() => rows.count()).toBe(3);
  await c.shot('p-01-people-panel');
  const mode = page.getByTestId('m-people-mode');
  await mode.getByLabel(/^Sign in: each person signs in/).check();
  await mode.getByRole('button', { name: 'Save signing in' }).click();
  // Nobody is signed in now: the sign-in screen covers the counter, the manager area included.
  await page.getByTestId('sign-in').waitFor();
  expect(await page.getByTestId('m-people').count()).toBe(0);
}

describe.skipIf(chromiumMissing !== null)('people at the counter', () => {
  const session = useCounter('p-failed-');

  it('adds two people, switches by PIN, refuses a cashier the refund in words, a manager approves it, History names both', async () => {
    const c = await session.open();
    const { page } = c;
    await twoPeopleSigningIn(c);
    await c.shot('p-02-sign-in');

    await signInAs(page, ANN);
    expect(await currentPerson(c)).toBe(ANN.name);
    const sale = await sell(c, '12.50');

    // Two taps and a PIN: the name in the status bar, then Bo's tile, then his PIN.
    await switchTo(page, BO);
    expect(await currentPerson(c)).toBe(BO.name);
    await switchTo(page, ANN);

    // Ann (a cashier) asks for the refund: the gate offers her first, and the core refuses her in words.
    await page.getByRole('button', { name: 'History' }).click();
    await page.locator(`[data-sale-id="${sale.id}"]`).click();
    await expect.poll(() => textOf(page, 'detail-served-by')).toBe(ANN.name);
    await page.getByRole('button', { name: 'Refund…' }).click();
    await page.getByTestId('pin-gate').waitFor();
    expect(await page.getByTestId('approver').inputValue()).toBe(await currentPersonId(c));
    await page.getByLabel('PIN', { exact: true }).fill(ANN.pin);
    await page.getByRole('button', { name: 'Open manager screens' }).click();
    await page.getByTestId('pin-problem').getByText(`${ANN.name} may not`).waitFor();
    await c.shot('p-03-not-allowed');
    // The same refusal in 中文.
    await page
      .getByRole('group', { name: /Language|语言/ })
      .getByRole('button', { name: '中文' })
      .click();
    await page.getByTestId('pin-problem').getByText(`${ANN.name} 无权`).waitFor();
    await page
      .getByRole('group', { name: /Language|语言/ })
      .getByRole('button', { name: 'English' })
      .click();

    // The manager approves with their own PIN.
    await page.getByTestId('approver').selectOption({ label: 'Manager · Manager' });
    await page.getByLabel('PIN', { exact: true }).fill(PIN);
    await page.getByRole('button', { name: 'Open manager screens' }).click();
    await page.getByTestId('m-opened-by').getByText('Opened by Manager (Manager)').waitFor();
    await page.getByTestId('m-refund-sale').waitFor();
    await page.getByLabel('Amount to refund (A$)').fill('12.50');
    await page.getByLabel('Reason (printed on the refund receipt)').fill('wrong dumplings');
    await page.getByRole('button', { name: 'Review refund' }).click();
    await page.getByRole('button', { name: 'Refund A$ 12.50 now' }).click();
    await page.getByTestId('m-refund-result').waitFor();

    // The X report's per-person section: Ann took the sale and asked for its refund; her row nets to zero.
    await page.getByRole('tab', { name: /^Reports/ }).click();
    const annRow = page
      .getByTestId('m-report-by-person')
      .getByTestId('m-report-person-row')
      .filter({ hasText: ANN.name });
    await annRow.waitFor();
    expect(await annRow.locator('[data-col="sales"]').getAttribute('data-cents')).toBe('1250');
    expect(await annRow.getAttribute('data-net')).toBe('0');
    await c.shot('p-04-report-by-person');

    // History says who asked for the refund (Ann, at the counter) and who approved it (the manager).
    await page.getByRole('button', { name: 'History' }).click();
    await page.locator(`[data-sale-id="${sale.id}"]`).click();
    await expect.poll(() => textOf(page, 'refund-requested-by')).toBe(ANN.name);
    expect(await textOf(page, 'refund-approved-by')).toBe('Manager');
    await c.shot('p-05-history-names');
  });

  it('a badge on a pty scanner switches person, never starts or pays a sale; five wrong PINs lock only that person', async () => {
    const pty = await session.pty();
    const c = await session.open({
      scanner: { kind: 'serial', port: { path: pty.a }, framing: { mode: 'cr' } },
    });
    const { page } = c;
    await twoPeopleSigningIn(c);
    await signInAs(page, ANN);

    // Bo's badge, issued in the People panel (the manager approves), read from its QR.
    await page.getByRole('button', { name: /^Manager/ }).click();
    await page.getByTestId('approver').selectOption({ label: 'Manager · Manager' });
    await page.getByLabel('PIN', { exact: true }).fill(PIN);
    await page.getByRole('button', { name: 'Open manager screens' }).click();
    await page.getByRole('tab', { name: 'People' }).click();
    const boRow = page.getByTestId('m-person').filter({ hasText: BO.name });
    await boRow.getByRole('button', { name: 'Issue a badge' }).click();
    const qr = page.getByTestId('m-badge').locator('img[data-qr-text]');
    await qr.waitFor();
    const badge = (await qr.getAttribute('data-qr-text')) ?? '';
    expect(badge).toMatch(/^OMIPOS-STAFF1\./);
    await c.shot('p-06-badge');
    await page.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => boRow.getByTestId('m-person-badge').textContent()).toBe('Yes');
    await page.getByRole('button', { name: 'Lock and leave' }).click();

    // An amount typed, then the badge scanned: Bo is at the counter, and no sale was started or paid.
    const ordersBefore = await sandboxOrderCount(c);
    await page.getByTestId('amount-display').waitFor();
    await page.keyboard.type('7.77', { delay: 60 });
    await pty.write(`${badge}\r`);
    await page.getByTestId('person-switch').getByText(BO.name, { exact: true }).waitFor();
    expect(await currentPerson(c)).toBe(BO.name);
    const snap = await c.harness.runtime.api.getSnapshot();
    expect(snap.ok && snap.value.activeSale).toBeNull();
    expect(await sandboxOrderCount(c)).toBe(ordersBefore);

    // On the scan prompt the badge is not a payment code either: the sale keeps waiting, and the customer's code
    // scanned after it (the scanner's order) pays it, under Bo's name, with one sandbox order in all.
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Scan the customer’s payment code' }).waitFor();
    await pty.write(`${badge}\r`);
    await pty.write(`${scenario('wechat', '0000')}\r`);
    await page.getByRole('heading', { name: 'Paid' }).waitFor();
    const paid = await c.activeSale();
    expect(paid.amountCents).toBe(777);
    expect(paid.personName).toBe(BO.name);
    expect(await sandboxOrderCount(c)).toBe(ordersBefore + 1);
    await page.keyboard.press('Enter');
    await page.getByTestId('amount-display').waitFor();

    // Five wrong PINs lock Bo only: the lock is said with its time, in English and 中文; Ann still signs in.
    await page.getByTestId('person-switch').click();
    await page.getByTestId('sign-in-tile').filter({ hasText: BO.name }).click();
    const pinField = page.getByTestId('sign-in-pin').locator('input[type="password"]');
    for (let i = 0; i < 5; i++) {
      await pinField.fill('9753');
      await page.getByTestId('sign-in-pin').locator('button[type="submit"]').click();
      await expect.poll(() => pinField.inputValue()).toBe('');
    }
    await page.getByTestId('sign-in-locked').getByText(`The PIN of ${BO.name} is locked until`).waitFor();
    await page
      .getByRole('group', { name: /Language|语言/ })
      .getByRole('button', { name: '中文' })
      .click();
    await page.getByTestId('sign-in-locked').getByText(`${BO.name} 的密码已锁定`).waitFor();
    await c.shot('p-07-locked-zh');
    await page
      .getByRole('group', { name: /Language|语言/ })
      .getByRole('button', { name: 'English' })
      .click();
    // Bo's right PIN is refused while he is locked.
    await pinField.fill(BO.pin);
    await page.getByTestId('sign-in-pin').locator('button[type="submit"]').click();
    await page.getByTestId('sign-in-locked').waitFor();
    await page.getByRole('button', { name: 'Someone else' }).click();
    await signInAs(page, ANN);
    expect(await currentPerson(c)).toBe(ANN.name);
  });

  it('signs the person out after the idle minutes the manager set', async () => {
    // A minute of the idle sign-out lasts 400 ms here (the test knob POS_IDLE_MINUTE_MS of the hub).
    const c = await session.open({ idleMinuteMs: 400 });
    const { page } = c;
    await twoPeopleSigningIn(c);
    const api = c.harness.runtime.api;
    const set = await api.setPeopleMode({
      pin: PIN,
      mode: 'sign_in',
      idleSignOutMinutes: 2,
      showNameOnCustomerDisplay: false,
    });
    expect(set.ok).toBe(true);
    await signInAs(page, ANN);
    // Nobody touches the counter: the core signs Ann out and the screen returns to the sign-in screen.
    await page.getByTestId('sign-in').waitFor({ timeout: 20_000 });
    expect(await currentPerson(c)).toBeNull();
    expect(await page.getByTestId('person-chip').count()).toBe(0);
  });

  it('keeps the scan prompt through the idle minutes, takes the code, and signs out once the sale is paid', async () => {
    const c = await session.open({ idleMinuteMs: 400 });
    const { page } = c;
    await twoPeopleSigningIn(c);
    await signInAs(page, ANN);
    await chargeByKeyboard(page, '6.4');
    // The idle minutes start only now, with the sale on the counter (a new mode signs everyone out).
    const set = await c.harness.runtime.api.setPeopleMode({
      pin: PIN,
      personId: 'manager-1',
      mode: 'sign_in',
      idleSignOutMinutes: 2,
    });
    expect(set.ok).toBe(true);
    await signInAs(page, ANN);
    await waitFor(() => idleRows(c).includes('person.idle_sign_out_waits'), {
      what: 'the idle sign-out to fire and wait for the sale',
      describe: () => idleRows(c),
    });
    expect(await currentPerson(c)).toBe(ANN.name);
    expect(await page.getByTestId('sign-in').count()).toBe(0);
    await page.getByRole('heading', { name: 'Scan the customer’s payment code' }).waitFor();
    await c.shot('p-08-idle-scan-prompt-kept');
    await page.getByLabel('Or type the payment code').fill(scenario('wechat', '0000'));
    await page.getByRole('button', { name: 'Submit code' }).click();
    // Paid, and then nobody touches the counter: the sign-in screen follows the sale's end.
    await page.getByTestId('sign-in').waitFor({ timeout: 20_000 });
    expect(await currentPerson(c)).toBeNull();
    expect(await c.activeSale()).toMatchObject({ phase: 'paid', amountCents: 640, personName: ANN.name });
  });
});

/** The journal's idle sign-out rows, read from the file. */
function idleRows(c: Counter): string[] {
  const db = new Database(join(c.harness.dataDir, 'journal.sqlite'), { readonly: true });
  try {
    const rows = db.prepare(`SELECT type FROM events WHERE type LIKE 'person.idle%' ORDER BY id`).all();
    return (rows as Array<{ type: string }>).map((r) => r.type);
  } finally {
    db.close();
  }
}

async function currentPersonId(c: Counter): Promise<string> {
  const snap = await c.harness.runtime.api.getSnapshot();
  if (!snap.ok || !snap.value.people.current) throw new Error('nobody signed in');
  return snap.value.people.current.id;
}
