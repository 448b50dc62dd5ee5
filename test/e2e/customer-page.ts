/** The customer display's page beside the cashier's, for the e2e tests that watch both sides of the counter. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { CustomerScreen } from '../../preload/customer-display';
import { keepScreenshots } from '../helpers/chromium';

/** Waits until the customer page shows `name` (its data-screen attribute). */
export async function customerScreen(customer: Page, name: CustomerScreen, timeout = 15_000): Promise<void> {
  await customer.locator(`[data-testid="customer-display"][data-screen="${name}"]`).waitFor({ timeout });
}

/** A 10″ 16:10 tablet in landscape, as the customer sees it. */
export const CUSTOMER_VIEWPORT = { width: 1280, height: 800 };

export interface CustomerSetup {
  viewport?: { width: number; height: number };
  /** Runs in the page before its own scripts (a recorder of what it showed, say). */
  initScript?: () => void;
}

/** The customer page of the counter on screen, opened beside the cashier's page. */
export interface CustomerSide {
  readonly page: Page;
  /** Waits until it shows `name`. */
  screen(name: CustomerScreen, timeout?: number): Promise<void>;
  /** Everything the customer is told right now. */
  says(): Promise<string>;
  /** Screenshots of both sides at this moment, in `dir`: `customerFile` and `cashierFile` (.png added). */
  shoot(dir: string, customerFile: string, cashierFile: string): Promise<void>;
  /** Points it at a counter's hub (its /customer page). */
  show(hubUrl: string): Promise<void>;
  /** Leaves the hub, so its socket does not outlive the counter. */
  leave(): Promise<void>;
}

export async function openCustomerSide(
  context: BrowserContext,
  cashier: () => Page,
  setup: CustomerSetup = {},
): Promise<CustomerSide> {
  const page = await context.newPage();
  await page.setViewportSize(setup.viewport ?? CUSTOMER_VIEWPORT);
  if (setup.initScript) await page.addInitScript(setup.initScript);
  return {
    page,
    screen: (name, timeout) => customerScreen(page, name, timeout),
    says: async () => (await page.getByTestId('customer-display').textContent()) ?? '',
    async shoot(dir, customerFile, cashierFile) {
      if (!keepScreenshots) return;
      mkdirSync(dir, { recursive: true });
      await page.screenshot({ path: join(dir, `${customerFile}.png`), animations: 'disabled' });
      await cashier().screenshot({ path: join(dir, `${cashierFile}.png`), animations: 'disabled' });
    },
    async show(hubUrl) {
      await page.goto(new URL('/customer', hubUrl).href);
    },
    async leave() {
      await page.goto('about:blank');
    },
  };
}
