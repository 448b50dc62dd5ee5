/**
 * The store server's Staff pages in Debian Chromium, found by their accessible names: head office adds a person
 * at two stores and makes their one-time "set PIN" code; a store manager sees that person with their own store
 * only (English and 简体中文), adds and disables a person of their own, and is refused, in words, disabling the
 * shared one; the person sets their PIN on the public /staff/pin page — a common PIN refused in words (English,
 * then 中文), then a good one — and the server keeps a hash the till's checker takes. No CSP violation may be
 * reported. Screens go to test-results/screenshots; with DOC_IMAGES=1, /web/staff to docs/images too.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterEach, expect, it, vi } from 'vitest';
import { checkPin } from '../../main/people/pin-hash';
import { chromiumMissing } from '../helpers/chromium';
import { describeOnBothDatabases, PASSWORD, startWorld, type WebWorld } from '../helpers/store-server';
import { storeShot, useStoreBrowser } from './store-browser';

// Each test starts its own server (migrations, scrypt hashes): slow on a busy machine.
vi.setConfig({ testTimeout: 300_000, hookTimeout: 120_000 });

const squash = (s: string | null) => (s ?? '').replace(/\s+/g, ' ').trim();
if (chromiumMissing !== null) console.log(`store staff e2e skipped: ${chromiumMissing}`);
const browser = useStoreBrowser();

/** A fresh browser context (its own cookies) on a page, watching for CSP violations. */
async function open(contexts: BrowserContext[], csp: string[]): Promise<Page> {
  const context = await browser().newContext({ viewport: { width: 1280, height: 800 } });
  contexts.push(context);
  const p = await context.newPage();
  p.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) csp.push(m.text());
  });
  return p;
}

async function signIn(p: Page, world: WebWorld, username: string): Promise<void> {
  await p.goto(`${world.server.url}/web/sign-in`);
  await p.fill('#username', username);
  await p.fill('#password', PASSWORD);
  await p.click('#sign-in');
  await p.waitForURL('**/web/live');
}

async function notice(p: Page): Promise<string> {
  return squash(await p.getByRole('status').first().textContent());
}

describeOnBothDatabases('Staff pages in Chromium', (target) => {
  let world: WebWorld | null = null;
  const contexts: BrowserContext[] = [];
  afterEach(async () => {
    for (const c of contexts.splice(0)) await c.close();
    await world?.server.close();
    world = null;
  });

  it.skipIf(chromiumMissing !== null)(
    'head office adds and assigns; a store manager sees their store only; the person sets a PIN with the code',
    async () => {
      world = await startWorld(target);
      const csp: string[] = [];

      // Head office: Staff from the nav, a person added at both stores.
      const ho = await open(contexts, csp);
      await signIn(ho, world, 'ho');
      await ho.getByRole('link', { name: 'Staff', exact: true }).click();
      await ho.waitForURL('**/web/staff');
      expect(await ho.getByRole('heading', { level: 1 }).textContent()).toBe('Staff at the counters');
      const add = ho.locator('#new-staff');
      await add.getByLabel('Name').fill('Ada Park');
      await add.getByLabel('Role at the till').selectOption({ label: 'Supervisor' });
      await add.getByRole('checkbox', { name: 'Main St' }).check();
      await add.getByRole('checkbox', { name: 'Harbour' }).check();
      await add.getByRole('button', { name: 'Add', exact: true }).click();
      await ho.getByRole('heading', { level: 1, name: 'Ada Park' }).waitFor();
      expect(await notice(ho)).toBe(
        'Ada Park added. Make them a “set PIN” code on their page, so they can sign in at the till.',
      );
      expect(squash(await ho.locator('#staff-state').textContent())).toBe(
        'Supervisor · Harbour, Main St · PIN: not set yet · active',
      );

      // The one-time code, shown once with the address of the public page.
      await ho.getByRole('button', { name: 'Make a “set PIN” code' }).click();
      const code = squash(await ho.locator('#pin-code-once').textContent());
      expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
      expect(await notice(ho)).toContain(`/staff/pin. It works once, for 24 hours`);
      await ho.getByRole('link', { name: 'Back to Staff' }).click();
      const row = ho.getByRole('row').filter({ hasText: 'Ada Park' });
      expect(squash(await row.textContent())).toContain('Supervisor Harbour, Main St not set yet (a code');
      await storeShot(ho, 'store-server-staff', { doc: true });

      // A store manager: the shared person with their own store only, in English and 中文.
      const mgr = await open(contexts, csp);
      await signIn(mgr, world, 'mgr-b');
      await mgr.getByRole('link', { name: 'Staff', exact: true }).click();
      await mgr.waitForURL('**/web/staff');
      const shared = mgr.getByRole('row').filter({ hasText: 'Ada Park' });
      expect(squash(await shared.textContent())).toContain('Supervisor Harbour not set yet');
      expect(await mgr.locator('main').textContent()).not.toContain('Main St');
      await shared.getByRole('link', { name: 'Ada Park' }).click();
      await mgr.getByRole('heading', { level: 1, name: 'Ada Park' }).waitFor();
      expect(await mgr.getByRole('checkbox').count()).toBe(1);
      expect(await mgr.getByRole('checkbox', { name: 'Harbour' }).isChecked()).toBe(true);
      expect(squash(await mgr.locator('#staff-other-stores').textContent())).toBe(
        'Also works at other stores. Only head office sees and changes those; saving here keeps them.',
      );
      expect(await mgr.locator('main').textContent()).not.toContain('Main St');
      // Disabling a person who works elsewhere too is head office's: refused in words.
      await mgr.getByRole('button', { name: 'Disable' }).click();
      expect(await mgr.getByRole('alert').first().textContent()).toContain(
        'This person also works at other stores: only head office can disable or enable them.',
      );
      await mgr.getByRole('button', { name: '中文' }).click();
      await mgr.waitForSelector('html[lang="zh-CN"]');
      expect(squash(await mgr.locator('#staff-other-stores').textContent())).toBe(
        '也在其他门店工作。只有总部能查看和更改这些门店；在此保存不会影响它们。',
      );
      expect(await mgr.locator('main').textContent()).not.toContain('Main St');
      await mgr.getByRole('link', { name: '店员', exact: true }).click();
      await mgr.waitForURL('**/web/staff');
      expect(await mgr.getByRole('heading', { level: 1 }).textContent()).toBe('收银店员');
      expect(squash(await mgr.getByRole('row').filter({ hasText: 'Ada Park' }).textContent())).toContain(
        '主管 Harbour 尚未设置',
      );
      await storeShot(mgr, 'store-server-staff-manager-zh');

      // Their own person: added at their store (the only box), then disabled, in 中文.
      const own = mgr.locator('#new-staff');
      await own.getByLabel('姓名').fill('Bo Chen');
      expect(await own.getByRole('checkbox', { name: 'Harbour' }).isChecked()).toBe(true);
      await own.getByRole('button', { name: '添加', exact: true }).click();
      await mgr.getByRole('heading', { level: 1, name: 'Bo Chen' }).waitFor();
      await mgr.getByRole('button', { name: '停用' }).click();
      expect(await notice(mgr)).toBe('Bo Chen 已停用：所有已连接的收银机将在一分钟内拒绝其登录。');
      expect(squash(await mgr.locator('#staff-state').textContent())).toContain(
        '已停用：所有收银机均拒绝其登录',
      );
      expect(await mgr.getByRole('button', { name: '启用' }).isVisible()).toBe(true);

      // The person, on the public page: a common PIN refused in words, the code not spent, then a good one.
      const person = await open(contexts, csp);
      await person.goto(`${world.server.url}/staff/pin`);
      expect(await person.getByRole('heading', { level: 1 }).textContent()).toBe('Set your PIN');
      const typePins = async (codeLabel: string, pinLabel: string, againLabel: string, pin: string) => {
        await person.getByLabel(codeLabel).fill(code);
        await person.getByLabel(pinLabel, { exact: true }).fill(pin);
        await person.getByLabel(againLabel).fill(pin);
      };
      await typePins('Code', 'New PIN', 'New PIN again', '1234');
      await person.getByRole('button', { name: 'Set my PIN' }).click();
      expect(squash(await person.getByRole('alert').first().textContent())).toBe(
        'That PIN is too easy to guess (such as 0000, 1234 or 1111). Choose another.',
      );
      await person.getByRole('button', { name: '中文' }).click();
      await person.waitForSelector('html[lang="zh-CN"]');
      await typePins('设置码', '新 PIN', '再次输入新 PIN', '0000');
      await person.getByRole('button', { name: '设置 PIN' }).click();
      expect(squash(await person.getByRole('alert').first().textContent())).toBe(
        '该 PIN 太容易被猜到（如 0000、1234、1111），请换一个。',
      );
      await typePins('设置码', '新 PIN', '再次输入新 PIN', '5829');
      await person.getByRole('button', { name: '设置 PIN' }).click();
      expect(await notice(person)).toBe('Ada Park，您的 PIN 已设置。您所在门店的收银机将在一分钟内收到。');
      await storeShot(person, 'store-server-staff-pin-zh');

      const hash = await world.server.db.query<{ pin_hash: string }>(
        `SELECT pin_hash FROM staff WHERE name = 'Ada Park'`,
      );
      expect(checkPin('5829', hash.rows[0]!.pin_hash)).toBe(true);
      await ho.reload();
      expect(squash(await ho.getByRole('row').filter({ hasText: 'Ada Park' }).textContent())).toContain(
        'Supervisor Harbour, Main St set active',
      );
      expect(csp).toEqual([]);
    },
  );
});
