/**
 * Small truths on the screens, in Debian Chromium at 1024×768 through the real hub and core: a keyboard-wedge
 * scanner that works is said to work (never "No scanner set up"), in the status bar and in Settings; "Print receipt" with a PDF printer prints through
 * the print dialog instead of telling the cashier to press Print; the test page says where it went; Settings
 * shows the poll schedule with its source and tells the truth about the customer display on a loopback hub. In
 * English and 中文. Screens are saved as test-results/screenshots/truths-*.png.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { configPath } from '../../main/config/config';
import { scenario, unwrap } from '../helpers/runtime-harness';
import { waitFor } from '../helpers/wait-for';
import { TERMINAL_CONFIG, chromiumMissing, textOf, useCounter, type Counter } from './counter';

if (chromiumMissing !== null) console.log(`small truths e2e skipped: ${chromiumMissing}`);

const PIN = '4826';

/** A counter with `config`, its manager PIN set, on a 1024×768 page. */
async function openAt1024(
  session: ReturnType<typeof useCounter>,
  config: Record<string, unknown>,
): Promise<Counter> {
  const c = await session.open({}, { config });
  await c.page.setViewportSize({ width: 1024, height: 768 });
  unwrap(
    await c.harness.runtime.api.setManagerPin({
      newPin: PIN,
      setupCode: c.harness.runtime.setupCode() ?? '',
    }),
  );
  return c;
}

async function unlock(page: Page): Promise<void> {
  await page.getByRole('button', { name: /^Manager/ }).click();
  await page.getByLabel('PIN', { exact: true }).fill(PIN);
  await page.getByRole('button', { name: 'Open manager screens' }).click();
  await page.getByRole('heading', { name: 'Manager', exact: true }).waitFor();
}

describe.skipIf(chromiumMissing !== null)('small truths', () => {
  const session = useCounter('truths-failed-');

  it('a working wedge scanner, Print receipt with a PDF printer, the test page, the poll schedule, the display', async () => {
    const c = await openAt1024(session, { ...TERMINAL_CONFIG, printer: { kind: 'pdf', widthMm: 80 } });
    const { page } = c;
    expect(await textOf(page, 'scanner-status')).toContain('No scanner set up');

    // A sale paid with a wedge scan: from then on the status says the keyboard scanner works.
    await page.keyboard.type('7.25', { delay: 40 });
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Scan the customer’s payment code' }).waitFor();
    await c.wedgeScan(scenario('wechat', '0000'));
    await page.getByRole('heading', { name: 'Paid' }).waitFor();
    await page.getByTestId('scanner-status').getByText('Keyboard scanner working').waitFor();
    const sale = await c.activeSale();

    // Print receipt prints (the print dialog serves a PDF printer): no "use Print" notice.
    const before = (await c.printed()).length;
    await page.getByRole('button', { name: 'Print receipt' }).click();
    const printed = await waitFor(async () => ((await c.printed()).length > before ? c.printed() : null), {
      what: 'the receipt sent to the print dialog',
    });
    expect(printed.at(-1)).toContain(sale.orderNo ?? 'no order number');
    expect(await page.getByText('Use Print on the receipt screen').count()).toBe(0);
    expect(await page.getByText('prints through the print dialog').count()).toBe(0);
    await c.shot('truths-01-paid-printed');

    await unlock(page);
    await page.getByRole('tab', { name: 'Settings' }).click();
    await page.getByTestId('m-settings-panel').waitFor();

    // Settings agrees with the status bar: the saved type is the keyboard scanner's "no setup", and it works.
    const scannerKind = page.getByTestId('m-scanner-settings').getByLabel('Scanner type');
    expect(await scannerKind.locator('option:checked').textContent()).toBe(
      'Keyboard scanner (no setup needed) / none',
    );
    expect(await textOf(page, 'm-scanner-wedge-working')).toBe(
      'A keyboard scanner is working: it needs no setup.',
    );

    // The poll schedule, read-only, with its source.
    const poll = page.getByTestId('m-poll-schedule');
    await poll.getByRole('heading', { name: 'How the till checks a payment with Omipay' }).waitFor();
    expect(await textOf(page, 'm-poll-polling')).toContain(
      'While the customer confirms (in use): at most 25 checks — every 1.5 s until 30 s, then every 6 s until 60 s',
    );
    expect(await textOf(page, 'm-poll-withNotifications')).toContain('at most 12 checks');
    expect(await textOf(page, 'm-poll-background')).toContain(
      'first check after 5 s, every 10 s for 5 minutes, then less and less often up to every 10 minutes',
    );
    const source = await textOf(page, 'm-poll-source');
    expect(source).toContain('Built-in defaults');
    expect(source).toContain(configPath(c.harness.dataDir));

    // The customer display on a loopback hub: no token, this computer only.
    const hint = await textOf(page, 'm-customer-display-hint');
    expect(hint).toContain(`${new URL(c.hub.url).origin}/customer`);
    expect(hint).toContain('No token is needed');
    expect(hint).not.toContain('pairing link’s token');

    // The test page says where it went: the print dialog, where a PDF is saved wherever the manager picks.
    const pages = (await c.printed()).length;
    await page.getByRole('button', { name: 'Print a test page' }).click();
    await page.getByTestId('m-test-printed').getByText('choose “Save as PDF” there').waitFor();
    // The dialog opens on the frame after the words show.
    await expect.poll(async () => (await c.printed()).length).toBe(pages + 1);
    await c.shot('truths-02-settings-en');

    // The same words in 中文.
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByTestId('scanner-status').getByText('键盘式扫码枪工作正常').waitFor();
    await page.getByTestId('m-scanner-wedge-working').getByText('键盘式扫码枪工作正常：无需设置。').waitFor();
    const scannerKindZh = page.getByTestId('m-scanner-settings').getByLabel('扫码枪类型');
    expect(await scannerKindZh.locator('option:checked').textContent()).toBe('键盘式扫码枪（无需设置）/ 无');
    await poll.getByRole('heading', { name: '收银机如何向 Omipay 查询付款结果' }).waitFor();
    // Chinese brackets and colon, not the English " (…): ".
    expect(await textOf(page, 'm-poll-polling')).toContain('顾客确认付款期间（当前使用）：最多查询 25 次');
    expect(await textOf(page, 'm-poll-background')).toContain('等待结束后（后台跟进）：5 秒后首次查询');
    expect(await textOf(page, 'm-poll-source')).toContain('使用内置默认值');
    expect(await textOf(page, 'm-customer-display-hint')).toContain('无需令牌');
    expect(await textOf(page, 'm-test-printed')).toContain('另存为 PDF');
    await c.shot('truths-03-settings-zh');
  });

  it('a thermal printer’s test page names where it was sent', async () => {
    const c = await openAt1024(session, {
      ...TERMINAL_CONFIG,
      printer: { kind: 'escpos-device', path: '/dev/null', widthMm: 80 },
      gateway: {
        pollSchedule: { polling: { maxQueries: 9, phases: [{ untilMs: 60_000, everyMs: 5_000 }] } },
      },
    });
    const { page } = c;
    await unlock(page);
    await page.getByRole('tab', { name: 'Settings' }).click();
    // No keyboard scan has reached this till: Settings claims no working scanner.
    await page.getByTestId('m-scanner-settings').waitFor();
    expect(await page.getByTestId('m-scanner-wedge-working').count()).toBe(0);
    await page.getByRole('button', { name: 'Print a test page' }).click();
    expect(await textOf(page, 'm-test-printed')).toBe('Test page sent to /dev/null.');
    // A schedule set in config.json is shown as such, with the file it comes from.
    expect(await textOf(page, 'm-poll-polling')).toContain('at most 9 checks — every 5 s until 60 s');
    expect(await textOf(page, 'm-poll-source')).toContain(`Set in ${configPath(c.harness.dataDir)}`);
  });

  it('Settings says when the zone shown is only the computer’s, until one is chosen and saved', async () => {
    const { posNo, merchantName, amountEntry } = TERMINAL_CONFIG;
    const c = await openAt1024(session, { posNo, merchantName, amountEntry });
    const { page } = c;
    await unlock(page);
    await page.getByRole('tab', { name: 'Settings' }).click();
    await page.getByText('Not chosen yet: this is the computer’s own zone.').waitFor();
    await page.getByLabel('Terminal time zone').fill('Australia/Hobart');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('For example Australia/Sydney').waitFor();
    expect(await page.getByText('Not chosen yet').count()).toBe(0);
    expect(c.harness.runtime.config.timeZone).toBe('Australia/Hobart');
  });
});
