/**
 * The customer display in Debian Chromium, beside the cashier's page, against the real hub and the real core
 * on the embedded sandbox: a hardware (pty) scan sale, a customer confirming on the phone (USERPAYING), a
 * decline, a merchant-QR sale whose QR is decoded from a screenshot of the customer page and then paid in the
 * sandbox, and a refund. Each customer screen is saved under test-results/customer-display/, with the cashier's
 * page in English and in 中文 (the customer page always shows both languages, Chinese first).
 */
import { join } from 'node:path';
import jsQR from 'jsqr';
import type { Page } from 'playwright-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type PtyPair } from '../helpers/pty-pair';
import { scenario } from '../helpers/runtime-harness';
import { chargeByKeyboard, chromiumMissing, TERMINAL_CONFIG, useCounter } from './counter';
import { CUSTOMER_VIEWPORT, type CustomerSide } from './customer-page';

if (chromiumMissing !== null) console.log(`customer display e2e skipped: ${chromiumMissing}`);

const SHOT_DIR = join(process.cwd(), 'test-results', 'customer-display');
const PIN = '2468';

describe.skipIf(chromiumMissing !== null)('customer display', () => {
  const session = useCounter('failed-cd-');
  let side: CustomerSide;
  let customer: Page;
  let pty: PtyPair | null = null;

  beforeAll(async () => {
    pty = await session.pty();
    await session.open({
      scanner: { kind: 'serial', port: { path: pty.a }, framing: { mode: 'cr' } },
      sandbox: { timeScale: 0.5, refundStepMs: 300 },
      tuning: { maxWaitMs: 20_000, pollScale: 0.1, backgroundFirstMs: 100, callTimeoutMs: 5_000 },
    });
    side = await session.openCustomer({
      initScript: () => {
        const w = window as unknown as { __csp: string[]; __screens: string[] };
        w.__csp = [];
        // Every screen the page showed, in order, however briefly.
        w.__screens = [];
        new MutationObserver(() => {
          const shown = document.querySelector('[data-screen]')?.getAttribute('data-screen');
          if (shown && w.__screens[w.__screens.length - 1] !== shown) w.__screens.push(shown);
        }).observe(document, {
          subtree: true,
          childList: true,
          attributes: true,
          attributeFilter: ['data-screen'],
        });
        document.addEventListener('securitypolicyviolation', (e) =>
          w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`),
        );
      },
    });
    customer = side.page;
  }, 120_000);

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await shoot('failed-customer').catch(() => undefined);
  });

  async function shownScreens(): Promise<string[]> {
    return customer.evaluate(() => (window as unknown as { __screens: string[] }).__screens);
  }

  async function customerText(testId: string): Promise<string> {
    return (await customer.getByTestId(testId).textContent()) ?? '';
  }

  /** The customer's screen and the cashier's page at the same moment, for comparing the two sides. */
  function shoot(name: string): Promise<void> {
    return side.shoot(SHOT_DIR, name, `${name}-cashier`);
  }

  /** Nothing scrolls and nothing spills over the edges of the customer's screen. */
  async function fitsTheScreen(): Promise<void> {
    const overflow = await customer.evaluate(() => {
      const root = document.documentElement;
      const spilled = [...document.querySelectorAll('.cd *')].filter((el) => {
        const r = el.getBoundingClientRect();
        return (
          r.right > window.innerWidth + 1 || r.bottom > window.innerHeight + 1 || r.left < -1 || r.top < -1
        );
      });
      return {
        scroll: root.scrollHeight > window.innerHeight || root.scrollWidth > window.innerWidth,
        spilled: spilled
          .map((el) => {
            const r = el.getBoundingClientRect();
            return `${el.className || el.tagName} ${Math.round(r.left)},${Math.round(r.top)} ${Math.round(r.width)}×${Math.round(r.height)}`;
          })
          .slice(0, 5),
        buttons: document.querySelectorAll('button, a, input, select, textarea').length,
      };
    });
    expect(overflow).toEqual({ scroll: false, spilled: [], buttons: 0 });
  }

  /** Both languages on screen, Chinese first. */
  async function bilingual(testId: string, zh: string, en: string): Promise<void> {
    const block = customer.getByTestId(testId);
    expect(await block.locator('[lang="zh-CN"]').first().textContent()).toContain(zh);
    expect(await block.locator('[lang="en"]').first().textContent()).toContain(en);
    const order = await block.evaluate((el) => {
      const zhEl = el.querySelector('[lang="zh-CN"]');
      const enEl = el.querySelector('[lang="en"]');
      return zhEl && enEl ? zhEl.compareDocumentPosition(enEl) & Node.DOCUMENT_POSITION_FOLLOWING : 0;
    });
    expect(order).toBeTruthy();
  }

  it('greets with the store and the wallets, and the cashier sees the display connected', async () => {
    await bilingual('cd-title', '欢迎光临', 'Welcome');
    expect(await customerText('cd-store')).toBe(TERMINAL_CONFIG.merchantName);
    expect(await customerText('cd-wallets')).toContain('WeChat Pay');
    await session
      .current()
      .page.getByTestId('customer-display-status')
      .getByText('Customer display on')
      .waitFor();
    await fitsTheScreen();
    await shoot('01-idle');
  });

  it('scan sale (0000, serial scanner): amount with a CNY estimate, where the code is, then thank you', async () => {
    const { page } = session.current();
    await chargeByKeyboard(page, '12.5');
    await side.screen('scan');
    expect(await customerText('cd-amount')).toBe('A$ 12.50');
    await customer.getByTestId('cd-estimate').waitFor();
    expect(await customerText('cd-estimate')).toContain('约 ¥58.90');
    expect(await customerText('cd-estimate')).toContain('estimate');
    // The wallet is not known before the scan: the estimate says whose rate it is.
    expect(await customerText('cd-estimate')).toContain('微信支付参考汇率 4.7123');
    expect(await customerText('cd-estimate')).toContain("at WeChat Pay's rate 4.7123");
    await bilingual('cd-title', '请出示付款码', 'Please show your payment code');
    await customer.getByTestId('cd-hint-WECHATPAY').waitFor();
    await customer.getByTestId('cd-hint-ALIPAY').waitFor();
    await fitsTheScreen();
    await shoot('02-scan');

    await pty!.write(`${scenario('wechat', '0000')}\r`);
    await side.screen('paid');
    await page.getByRole('heading', { name: 'Paid' }).waitFor();
    await bilingual('cd-title', '谢谢', 'Thank you');
    expect(await customerText('cd-amount')).toBe('A$ 12.50');
    await fitsTheScreen();
    await shoot('03-paid');
    // The payment code and the order numbers never reach the customer's page.
    const sale = await session.current().activeSale();
    const html = await customer.content();
    for (const secret of [scenario('wechat', '0000'), sale.orderNo ?? '-', sale.outOrderNo ?? '-', sale.id]) {
      expect(html).not.toContain(secret);
    }
    await page.keyboard.press('Enter');
  });

  it('USERPAYING (0001): asks the customer to confirm on the phone with the time left, then paid', async () => {
    const { page } = session.current();
    await chargeByKeyboard(page, '20');
    await page.getByLabel('Or type the payment code').fill(scenario('wechat', '0001'));
    await page.getByRole('button', { name: 'Submit code' }).click();
    await side.screen('waiting');
    await bilingual('cd-title', '请在手机上确认付款', 'Please confirm the payment on your phone');
    expect(await customerText('cd-countdown')).toMatch(/剩余 0:(1\d|20)/);
    await fitsTheScreen();
    await shoot('04-waiting');
    await side.screen('paid', 20_000);
    await page.getByRole('heading', { name: 'Paid' }).waitFor();
    await page.keyboard.press('Enter');
  });

  it('declined (0003): in words a customer understands, with what to do — cashier in 中文', async () => {
    const { page } = session.current();
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('button', { name: '收款', exact: true }).waitFor();
    await page.keyboard.type('3.2', { delay: 60 });
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: '请扫描顾客的付款码' }).waitFor();
    await side.screen('scan');
    await shoot('05-scan-cashier-zh');
    await pty!.write(`${scenario('wechat', '0003')}\r`);
    await side.screen('declined');
    await bilingual('cd-title', '付款未成功', 'The payment did not go through');
    await bilingual('cd-detail', '余额不足', 'Not enough balance; you have not been charged');
    await fitsTheScreen();
    await shoot('06-declined');
    // The cashier's page stays in Chinese; the customer's does not follow it.
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Payment declined' }).waitFor();
    // Cancelling the declined sale gives the counter back: the customer sees the welcome again.
    await page.keyboard.press('Escape');
    await side.screen('idle');
    await expect.poll(() => page.getByTestId('amount-display').textContent()).toBe('A$ 3.20');
    await page.keyboard.press('Delete');
    await expect.poll(() => page.getByTestId('amount-display').textContent()).toBe('A$ 0.00');
  });

  it('merchant QR: the QR decoded from a screenshot of the customer page pays in the sandbox', async () => {
    const { page } = session.current();
    await page.keyboard.type('15', { delay: 60 });
    await page.getByRole('button', { name: 'Show QR to customer' }).click();
    await page.getByRole('button', { name: 'QR for WeChat Pay' }).click();
    await side.screen('qr');
    const img = customer.locator('img.cd-qr');
    await img.waitFor();
    const sale = await session.current().activeSale();
    const qrText = sale.qrcode ?? sale.payUrl;
    expect(await img.getAttribute('data-qr-text')).toBe(qrText);
    const box = await img.boundingBox();
    // Scannable at arm's length: at least 60 % of the screen's height.
    expect(box?.height ?? 0).toBeGreaterThan(CUSTOMER_VIEWPORT.height * 0.6);
    expect(await img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0)).toBe(true);
    expect(await customerText('cd-qr-wallet')).toContain('微信支付');
    expect(await customerText('cd-countdown')).toMatch(/剩余 \d+:\d\d/);
    await shoot('07-qr');
    await fitsTheScreen();

    // Decode what the customer's phone would see: the screen's pixels around the QR, read back through the
    // browser's own PNG decoder (an <img>: the page's CSP allows data: images but no connections).
    const margin = 24;
    const clip = {
      x: Math.max(0, (box?.x ?? 0) - margin),
      y: Math.max(0, (box?.y ?? 0) - margin),
      width: (box?.width ?? 0) + 2 * margin,
      height: (box?.height ?? 0) + 2 * margin,
    };
    const png = await customer.screenshot({ clip, animations: 'disabled' });
    const pixels = await customer.evaluate(async (b64) => {
      const image = new Image();
      image.src = `data:image/png;base64,${b64}`;
      await image.decode();
      const canvas = new OffscreenCanvas(image.naturalWidth, image.naturalHeight);
      const ctx = canvas.getContext('2d');
      if (!ctx) throw new Error('no 2d context');
      ctx.drawImage(image, 0, 0);
      const { width, height, data } = ctx.getImageData(0, 0, image.naturalWidth, image.naturalHeight);
      let binary = '';
      for (let i = 0; i < data.length; i += 0x8000) {
        binary += String.fromCharCode(...data.subarray(i, i + 0x8000));
      }
      return { width, height, rgba: btoa(binary) };
    }, png.toString('base64'));
    const rgba = new Uint8ClampedArray(Buffer.from(pixels.rgba, 'base64'));
    const decoded = jsQR(rgba, pixels.width, pixels.height);
    expect(decoded?.data).toBe(qrText);

    // The sandbox's payment page is what the phone opens: pay the order it names.
    await session.current().sandbox(`orders/${encodeURIComponent(sale.orderNo ?? '')}/pay`);
    await side.screen('paid');
    await page.getByRole('heading', { name: 'Paid' }).waitFor();
    await shoot('08-qr-paid');
  });

  it('refund: in progress, then issued with the amount refunded', async () => {
    const { page, harness } = session.current();
    const sale = await session.current().activeSale();
    expect(
      (await harness.runtime.api.setManagerPin({ newPin: PIN, setupCode: harness.runtime.setupCode() ?? '' }))
        .ok,
    ).toBe(true);
    const screensBefore = await shownScreens();
    const refund = await harness.runtime.api.refund({
      saleId: sale.id,
      amount: '5.00',
      reason: 'wrong item',
      pin: PIN,
    });
    expect(refund.ok).toBe(true);
    await side.screen('refunded', 30_000);
    expect((await shownScreens()).slice(screensBefore.length)).toEqual(['refunding', 'refunded']);
    expect(await customerText('cd-amount')).toBe('A$ 5.00');
    await bilingual('cd-title', '退款：已退款', 'Refund: Refunded');
    expect(await customerText('cd-amount-label')).toBe('退款金额 Refund amount');
    expect(await customer.content()).not.toContain('wrong item');
    await fitsTheScreen();
    await shoot('09-refunded');
    await page.keyboard.press('Enter');
    expect(await customer.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).toEqual([]);
  });

  it('names the person serving (first name, both languages) only while the shop shows it', async () => {
    const { harness } = session.current();
    const api = harness.runtime.api;
    const wen = await api.savePerson({
      pin: PIN,
      person: { name: 'Wen Li', role: 'cashier', newPin: '4826' },
    });
    if (!wen.ok) throw new Error(wen.error.code);
    const mode = (show: boolean) =>
      api.setPeopleMode({
        pin: PIN,
        // Wen is signed in: the manager's PIN is checked as the manager's, not as Wen's.
        personId: 'manager-1',
        mode: 'sign_in',
        idleSignOutMinutes: null,
        showNameOnCustomerDisplay: show,
      });
    /** The page shows the core's current customer state (same seq). */
    const caughtUp = () =>
      expect
        .poll(async () => Number(await customer.getByTestId('customer-display').getAttribute('data-seq')))
        .toBe(harness.runtime.customerDisplay.state().seq);

    // Off (the default): Wen signed in, the page up to date, and no name on it.
    expect((await mode(false)).ok).toBe(true);
    expect((await api.signIn({ personId: wen.value.id, pin: '4826' })).ok).toBe(true);
    await caughtUp();
    expect(await customer.getByTestId('cd-served-by').count()).toBe(0);

    // On: the first name only, Chinese first.
    expect((await mode(true)).ok).toBe(true);
    expect((await api.signIn({ personId: wen.value.id, pin: '4826' })).ok).toBe(true);
    await customer.getByTestId('cd-served-by').waitFor();
    await bilingual('cd-served-by', '为您服务：Wen', 'Served by Wen');
    expect(await customerText('cd-served-by')).not.toContain('Li');
    await fitsTheScreen();
    await shoot('10-served-by');

    // Off again: the name goes at once; back to the till without sign-in for the next test.
    expect((await mode(false)).ok).toBe(true);
    expect((await api.signIn({ personId: wen.value.id, pin: '4826' })).ok).toBe(true);
    await customer.getByTestId('cd-served-by').waitFor({ state: 'detached' });
    await caughtUp();
    expect(await customer.getByTestId('cd-served-by').count()).toBe(0);
    const back = await api.setPeopleMode({
      pin: PIN,
      personId: 'manager-1',
      mode: 'no_sign_in',
      idleSignOutMinutes: null,
    });
    expect(back.ok).toBe(true);
  });

  it('turning the display off in settings shows only the welcome, and the cashier sees it off', async () => {
    const { page, harness } = session.current();
    const off = await harness.runtime.api.updateSettings({
      pin: PIN,
      patch: { customerDisplay: { enabled: false } },
    });
    expect(off.ok).toBe(true);
    await page.getByTestId('customer-display-status').getByText('Customer display off').waitFor();
    await chargeByKeyboard(page, '9');
    await side.screen('idle');
    expect(await customer.getByTestId('cd-amount').count()).toBe(0);
    await harness.runtime.api.updateSettings({ pin: PIN, patch: { customerDisplay: { enabled: true } } });
    await side.screen('scan');
    await customer.goto('about:blank');
    await page.getByTestId('customer-display-status').getByText('No customer display').waitFor();
  });
});
