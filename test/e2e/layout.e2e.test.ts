/**
 * Every screen at 1024×768 and 1920×1080, in English and 简体中文, measured in Debian Chromium against the real
 * hub and core on the embedded sandbox (test/e2e/layout-check.ts): no text cut, no ellipsis or clamp in effect,
 * no drop-down or field narrower than its text, nothing outside the viewport or drawn over its neighbour, and
 * on the sale screens nothing to reach by scrolling. A failure lists each problem with the screen and element.
 * Screenshots: test-results/layout/<screen>-<width>-<language>.png.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { CustomerScreen } from '../../preload/customer-display';
import { businessDateOf } from '../../main/shared/business-date';
import { scenario, unwrap } from '../helpers/runtime-harness';
import {
  chargeByKeyboard,
  chromiumMissing,
  pacedWedgeScan,
  TERMINAL_CONFIG,
  UNZONED_AU_TILL,
  useCounter,
  type Counter,
} from './counter';
import { customerScreen } from './customer-page';
import { checkLayout, VIEWPORTS, type LayoutCheckOptions } from './layout-check';

if (chromiumMissing !== null) console.log(`layout e2e skipped: ${chromiumMissing}`);

const SHOT_DIR = join(process.cwd(), 'test-results', 'layout');
const PIN = '2468';
const DAY_MS = 86_400_000;
const LANGUAGES = [
  { code: 'en', button: 'English', lang: 'en' },
  { code: 'zh', button: '中文', lang: 'zh-CN' },
] as const;

/** The screen as it is, in both sizes and both languages, its problems added to `problems`; ends in English at 1024×768. */
async function measureEveryWay(
  page: Page,
  screen: string,
  problems: string[],
  opts: LayoutCheckOptions = {},
): Promise<void> {
  for (const language of LANGUAGES) {
    await setLanguage(page, language);
    for (const size of VIEWPORTS) {
      await page.setViewportSize(size);
      problems.push(...(await checkLayout(page, SHOT_DIR, `${screen}-${size.width}-${language.code}`, opts)));
    }
  }
  await setLanguage(page, LANGUAGES[0]);
  await page.setViewportSize(VIEWPORTS[0]);
}

async function setLanguage(page: Page, language: (typeof LANGUAGES)[number]): Promise<void> {
  if (page.url().includes('/customer')) return;
  await page
    .getByRole('group', { name: /Language|语言/ })
    .getByRole('button', { name: language.button })
    .click();
  await page.locator(`html[lang="${language.lang}"]`).waitFor();
}

describe.skipIf(chromiumMissing !== null)('layout at 1024×768 and 1920×1080, English and 简体中文', () => {
  const session = useCounter('layout-failed-');
  const problems: string[] = [];

  /** The screen as it is, in both sizes and both languages; ends in English at 1024×768. */
  const everyWay = (page: Page, screen: string, opts: LayoutCheckOptions = {}): Promise<void> =>
    measureEveryWay(page, screen, problems, opts);

  /** As everyWay, with `prepare` run in each language before it is measured (fields typed in its own order). */
  async function everyWayWith(
    page: Page,
    screen: string,
    prepare: (language: (typeof LANGUAGES)[number]['code']) => Promise<void>,
  ): Promise<void> {
    for (const language of LANGUAGES) {
      await setLanguage(page, language);
      await prepare(language.code);
      for (const size of VIEWPORTS) {
        await page.setViewportSize(size);
        problems.push(...(await checkLayout(page, SHOT_DIR, `${screen}-${size.width}-${language.code}`)));
      }
    }
    await setLanguage(page, LANGUAGES[0]);
    await page.setViewportSize(VIEWPORTS[0]);
  }

  /** Charges `amount` and types the sandbox scenario's code in the manual field. */
  async function chargeWithCode(page: Page, amount: string, suffix: string): Promise<void> {
    await chargeByKeyboard(page, amount);
    await page.getByLabel('Or type the payment code').fill(scenario('wechat', suffix));
    await page.getByRole('button', { name: 'Submit code' }).click();
  }

  /** The cashier's sale screen, then the customer's page once it shows `shown`, each every way. */
  async function bothSides(page: Page, customer: Page, screen: string, shown: CustomerScreen): Promise<void> {
    await everyWay(page, `sale-${screen}`, { noScroll: true });
    await customerScreen(customer, shown);
    await everyWay(customer, `customer-${shown}`);
  }

  /** V asks what a void will do, V again voids; the question measured in between when `screen` is named. */
  async function voidWithV(page: Page, screen?: string): Promise<void> {
    await page.keyboard.press('v');
    await page.getByTestId('void-confirm').waitFor();
    if (screen) await everyWay(page, screen, { noScroll: true });
    await page.keyboard.press('v');
  }

  function report(): void {
    expect(problems, `layout problems:\n${problems.join('\n')}`).toEqual([]);
  }

  it('sale screens fit without scrolling: keypad, scan prompt, customer entering password, void confirm, QR, paid with receipt, result not known', async () => {
    // A serial scanner on a pty: its chip on every screen, and real scans for the scanner test in Settings.
    const pty = await session.pty();
    const c: Counter = await session.open({
      scanner: { kind: 'serial', port: { path: pty.a }, framing: { mode: 'cr' } },
      sandbox: { timeScale: 0.5 },
      tuning: { maxWaitMs: 120_000, pollScale: 0.1, backgroundFirstMs: 100, callTimeoutMs: 5_000 },
    });
    const { page } = c;
    problems.length = 0;
    const customer = await session.tab.context.newPage();
    session.own(() => customer.close());
    await customer.goto(new URL('/customer', c.hub.url).href);
    await customerScreen(customer, 'idle');
    await everyWay(customer, 'customer-idle');
    await page.bringToFront();
    await page.setViewportSize(VIEWPORTS[0]);
    await everyWay(page, 'sale-idle', { noScroll: true });
    await page.keyboard.type('12.5', { delay: 60 });
    await everyWay(page, 'sale-amount', { noScroll: true });
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Scan the customer’s payment code' }).waitFor();
    await everyWay(page, 'sale-scan', { noScroll: true });

    // USERPAYING: the customer is entering their password; both ways out on screen.
    await page.getByLabel('Or type the payment code').fill(scenario('wechat', '0007'));
    await page.getByRole('button', { name: 'Submit code' }).click();
    await page.getByRole('heading', { name: 'Customer is entering their password' }).waitFor();
    await page.getByRole('button', { name: 'Customer pays another way' }).waitFor();
    await bothSides(page, customer, 'userpaying', 'waiting');
    await voidWithV(page, 'sale-void-confirm');
    await page.getByRole('heading', { name: 'Sale voided' }).waitFor();
    await bothSides(page, customer, 'voided', 'voided');
    await page.keyboard.press('Enter');
    await page.getByTestId('amount-display').waitFor();

    // The merchant QR, with the customer's page beside it.
    await page.keyboard.type('15', { delay: 60 });
    await page.getByRole('button', { name: 'Show QR to customer' }).click();
    await page.getByRole('button', { name: 'QR for WeChat Pay' }).click();
    await page.getByRole('button', { name: 'Customer pays another way' }).waitFor();
    await bothSides(page, customer, 'qr', 'qr');
    await voidWithV(page);
    await page.getByTestId('amount-display').waitFor();

    // Paid, with its receipt.
    await chargeWithCode(page, '18.80', '0000');
    await page.getByRole('heading', { name: 'Paid' }).waitFor();
    await bothSides(page, customer, 'paid', 'paid');
    await page.keyboard.press('Enter');
    await page.getByTestId('amount-display').waitFor();

    // Stop waiting: the result is not known yet.
    await chargeWithCode(page, '9.99', '0007');
    await page.getByRole('heading', { name: 'Customer is entering their password' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('heading', { name: 'Result not known yet' }).waitFor();
    await bothSides(page, customer, 'not-known', 'checking');
    report();
  });

  it('History, PIN setup (focus on the setup code), Refunds, Unresolved, Reports with the date, Settings with the scanner test', async () => {
    const c = session.counter;
    if (!c) throw new Error('the sale screens test opens the counter');
    await c.page.getByTestId('scanner-status').getByText('Scanner ready').waitFor();
    const { page } = c;
    problems.length = 0;
    await page.setViewportSize(VIEWPORTS[0]);
    await page.getByRole('button', { name: 'History', exact: true }).click();
    await page.getByTestId('history-row').first().waitFor();
    await everyWay(page, 'history');
    // A paid sale's detail: its attempts, order numbers and receipt actions.
    await page.getByTestId('history-row').filter({ hasText: '18.80' }).click();
    await page.getByTestId('sale-detail').waitFor();
    await everyWay(page, 'history-detail');

    await page.getByRole('button', { name: /^Manager/ }).click();
    await page.getByRole('heading', { name: 'Set a manager PIN' }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(
      await page.getByLabel('Setup code').getAttribute('id'),
    );
    await everyWay(page, 'pin-setup', { noScroll: true });
    await page.getByLabel('Setup code').fill(c.harness.runtime.setupCode() ?? '');
    await page.getByLabel('New PIN (4–8 digits)').fill(PIN);
    await page.getByLabel('Repeat the new PIN').fill(PIN);
    await page.getByRole('button', { name: 'Save PIN and continue' }).click();
    await page.getByRole('heading', { name: 'Find the sale' }).waitFor();
    await everyWay(page, 'manager-refunds');

    await page.getByRole('tab', { name: /^Unresolved/ }).click();
    await everyWay(page, 'manager-unresolved');
    await page.getByRole('tab', { name: /^Reports/ }).click();
    await page.getByTestId('m-report').waitFor();
    // The business date in the shop's order (en-AU day first), in the field and the report's heading alike.
    const dateField = page.getByTestId('m-report-date');
    const heading = page.getByTestId('m-report').locator('h3').first();
    const today = await dateField.inputValue();
    expect(today).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
    expect(await heading.textContent()).toContain(today);
    const before = await heading.textContent();
    await dateField.fill('31/02/2026');
    await dateField.press('Enter');
    await page.getByTestId('m-report-date-wrong').getByText('Type it as dd/mm/yyyy').waitFor();
    expect(await heading.textContent()).toBe(before);
    await everyWay(page, 'manager-reports-date-wrong');
    await dateField.fill(today);
    await dateField.press('Enter');
    await page.getByTestId('m-report-date-wrong').waitFor({ state: 'detached' });
    await setLanguage(page, LANGUAGES[1]);
    const [day, month, year] = today.split('/');
    await expect.poll(() => dateField.inputValue()).toBe(`${year}-${month}-${day}`);
    expect(await heading.textContent()).toContain(`${year}-${month}-${day}`);
    // Day-first text is not a date in Chinese order: refused, with the format to use, in Chinese.
    await dateField.fill(today);
    await dateField.press('Enter');
    await page.getByTestId('m-report-date-wrong').getByText('请按 年-月-日 输入').waitFor();
    problems.push(...(await checkLayout(page, SHOT_DIR, 'manager-reports-date-wrong-zh')));
    await dateField.fill(`${year}-${month}-${day}`);
    await dateField.press('Enter');
    await page.getByTestId('m-report-date-wrong').waitFor({ state: 'detached' });
    await setLanguage(page, LANGUAGES[0]);
    await everyWay(page, 'manager-reports');
    // The Sales view: today's chart and tables, then the last 7 days with the by-day chart too.
    await page.getByTestId('reports-view-sales').click();
    await page.getByTestId('sales-hour-table').waitFor();
    await everyWay(page, 'manager-sales');
    await page.getByRole('button', { name: 'Last 7 days' }).click();
    await page.getByTestId('sales-day-table').waitFor();
    await everyWay(page, 'manager-sales-week');
    await page.getByTestId('reports-view-reports').click();

    await page.getByRole('tab', { name: 'Settings' }).click();
    await page.getByTestId('m-scanner-settings').waitFor();
    await everyWay(page, 'manager-settings');
    await page.getByTestId('m-scanner-settings').getByLabel('Scanner type').selectOption('serial');
    await page.getByRole('button', { name: 'Test the scanner' }).click();
    await page.getByRole('button', { name: 'Stop the test' }).waitFor();
    // An 18-digit payment code alone (its bytes received are 19 hex pairs, wider than their column), then a
    // long QR payload: the scans table must wrap inside the Scanner card, never run past it.
    const pty = await session.pty();
    const paymentCode = scenario('wechat', '0000');
    expect(paymentCode).toMatch(/^\d{18}$/);
    await pty.write(`${paymentCode}\r`);
    await expect.poll(() => page.getByTestId('m-scan-decoded').count()).toBe(1);
    await everyWay(page, 'manager-settings-scanner-test-code');
    await pty.write(`https://qr.example.com/pay/${'A1b2C3d4'.repeat(12)}\r`);
    await expect.poll(() => page.getByTestId('m-scan-decoded').count()).toBe(2);
    await everyWay(page, 'manager-settings-scanner-test');
    await page.getByRole('button', { name: 'Stop the test' }).click();
    await page.getByRole('button', { name: 'Test the scanner' }).waitFor();

    // A keyboard-wedge scanner's pace step, with the measured pace shown.
    await page.getByTestId('m-scanner-settings').getByLabel('Scanner type').selectOption('wedge');
    await page.getByTestId('m-scanner-pace').getByRole('button', { name: 'Scan a test code' }).click();
    await page.getByText('Scan any code now').waitFor();
    await pacedWedgeScan(page, scenario('wechat', '0000'), 45);
    await page.getByTestId('m-scanner-pace-result').getByText('Measured 45 ms a key').waitFor();
    await everyWay(page, 'manager-settings-scanner-pace');
    await page.getByRole('button', { name: 'Stop the test' }).click();

    // Locked again: the PIN pad fits the screen too.
    await page.getByRole('button', { name: 'Lock and leave' }).click();
    await page.getByRole('button', { name: /^Manager/ }).click();
    await page.getByRole('button', { name: 'Open manager screens' }).waitFor();
    await everyWay(page, 'pin-enter', { noScroll: true });
    report();
  });

  it('History searched over From/To, its results from another day', async () => {
    const c = session.counter;
    if (!c) throw new Error('the sale screens test opens the counter');
    const { page } = c;
    problems.length = 0;
    // Two days on, the sales above are another day's: each row carries its date beside the time.
    const sale = unwrap(await c.harness.runtime.api.searchHistory({ text: '18.80' }))[0];
    if (!sale) throw new Error('the sale screens test sells A$ 18.80');
    await page.clock.install({ time: Date.now() + 2 * DAY_MS });
    await page.reload();
    await page.locator('.app[data-ready="true"]').waitFor();
    await page.setViewportSize(VIEWPORTS[0]);
    await page.getByRole('button', { name: 'History', exact: true }).click();
    const [year, month, day] = businessDateOf(sale.createdAt, TERMINAL_CONFIG.timeZone).split('-');
    await page.getByTestId('history-from').fill(`${day}/${month}/${year}`);
    await page.getByTestId('history-to').fill(`${day}/${month}/${year} 23:59`);
    await page.getByRole('searchbox').fill('18.80');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('heading', { name: 'Sales found' }).waitFor();
    await page.getByTestId('history-row-date').first().waitFor();
    expect(await page.getByTestId('history-row').count()).toBe(1);
    // In 中文 the fields hold the same range written y-m-d.
    await everyWayWith(page, 'history-search-range', async (language) => {
      const date = language === 'zh' ? `${year}-${month}-${day}` : `${day}/${month}/${year}`;
      await page.getByTestId('history-from').fill(date);
      await page.getByTestId('history-to').fill(`${date} 23:59`);
      await page.getByRole('button', { name: /^(Search|搜索)$/ }).click();
      await page.getByTestId('history-row-date').first().waitFor();
    });
    report();
  });
});

describe.skipIf(chromiumMissing !== null)('layout of the first-start time zone question', () => {
  const session = useCounter('layout-zone-failed-');

  it('the question, then another zone typed and refused, in both sizes and languages', async () => {
    const c = await session.open({ machineZone: 'Etc/UTC' }, { config: UNZONED_AU_TILL });
    const { page } = c;
    const problems: string[] = [];
    await page.setViewportSize(VIEWPORTS[0]);
    await page.getByTestId('shop-zone').waitFor();
    for (const language of LANGUAGES) {
      await page.getByRole('button', { name: language.button, exact: true }).click();
      await page.locator(`html[lang="${language.lang}"]`).waitFor();
      await page.getByRole('radio').first().check();
      for (const size of VIEWPORTS) {
        await page.setViewportSize(size);
        const name = `shop-zone-${size.width}-${language.code}`;
        problems.push(...(await checkLayout(page, SHOT_DIR, name, { noScroll: true })));
      }
      // Another zone, typed wrong: the field and its error on screen with everything else.
      await page.getByRole('radio').last().check();
      await page.getByTestId('shop-zone-other').fill('Mars/Olympus_Mons');
      await page.getByRole('button', { name: /Mars\/Olympus_Mons/ }).click();
      await page.getByTestId('shop-zone-problem').waitFor();
      for (const size of VIEWPORTS) {
        await page.setViewportSize(size);
        const name = `shop-zone-other-wrong-${size.width}-${language.code}`;
        problems.push(...(await checkLayout(page, SHOT_DIR, name, { noScroll: true })));
      }
      await page.setViewportSize(VIEWPORTS[0]);
    }
    expect(problems, `layout problems:\n${problems.join('\n')}`).toEqual([]);
  });
});

describe.skipIf(chromiumMissing !== null)('layout of the people screens', () => {
  const session = useCounter('layout-people-failed-');

  it('sign-in roster, a PIN locked, the quick switch, the gate with who approves, and Manager → People with a badge', async () => {
    const c = await session.open();
    const { page } = c;
    const api = c.harness.runtime.api;
    const problems: string[] = [];
    expect(
      (await api.setManagerPin({ newPin: PIN, setupCode: c.harness.runtime.setupCode() ?? '' })).ok,
    ).toBe(true);
    for (const [name, role, pin] of [
      ['Ann Lee', 'cashier', '1357'],
      ['Bartholomew Featherstonehaugh-Wong', 'supervisor', '4826'],
    ] as const) {
      unwrap(await api.savePerson({ pin: PIN, person: { name, role, newPin: pin } }));
    }
    unwrap(await api.setPeopleMode({ pin: PIN, mode: 'sign_in', idleSignOutMinutes: null }));
    await page.setViewportSize(VIEWPORTS[0]);
    await page.getByTestId('sign-in').waitFor();
    await measureEveryWay(page, 'people-sign-in', problems, { noScroll: true });

    // The long name's PIN, locked after five wrong tries: the lock's words beside the pad.
    await page.getByTestId('sign-in-tile').filter({ hasText: 'Bartholomew' }).click();
    const pinField = page.getByTestId('sign-in-pin').locator('input[type="password"]');
    for (let i = 0; i < 5; i++) {
      await pinField.fill('9753');
      await page.getByTestId('sign-in-pin').locator('button[type="submit"]').click();
      await page.getByTestId(i < 4 ? 'sign-in-problem' : 'sign-in-locked').waitFor();
    }
    await measureEveryWay(page, 'people-sign-in-locked', problems, { noScroll: true });

    await page.getByRole('button', { name: 'Someone else' }).click();
    await page.getByTestId('sign-in-tile').filter({ hasText: 'Ann Lee' }).click();
    await pinField.fill('1357');
    await page.getByTestId('sign-in-pin').locator('button[type="submit"]').click();
    await page.getByTestId('person-switch').waitFor();
    await measureEveryWay(page, 'people-counter', problems, { noScroll: true });
    await page.getByTestId('person-switch').click();
    await page.getByTestId('sign-in').waitFor();
    await measureEveryWay(page, 'people-switch', problems, { noScroll: true });
    await page.getByRole('button', { name: 'Back to the counter' }).click();

    await page.getByRole('button', { name: /^Manager/ }).click();
    await page.getByTestId('pin-gate').waitFor();
    await measureEveryWay(page, 'people-gate', problems, { noScroll: true });
    await page.getByTestId('approver').selectOption({ label: 'Manager · Manager' });
    await page.getByLabel('PIN', { exact: true }).fill(PIN);
    await page.getByRole('button', { name: 'Open manager screens' }).click();
    await page.getByRole('tab', { name: 'People' }).click();
    await page.getByTestId('m-people-table').waitFor();
    await page.getByRole('button', { name: 'Add a person' }).click();
    await measureEveryWay(page, 'people-panel-form', problems);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page
      .getByTestId('m-person')
      .filter({ hasText: 'Ann Lee' })
      .getByRole('button', { name: 'Issue a badge' })
      .click();
    await page.getByTestId('m-badge').locator('img[data-qr-text]').waitFor();
    await measureEveryWay(page, 'people-panel-badge', problems);
    expect(problems, `layout problems:\n${problems.join('\n')}`).toEqual([]);
  });
});
