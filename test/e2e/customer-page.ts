/** The customer display's page beside the cashier's, for the e2e tests that watch both sides of the counter. */
import type { Page } from 'playwright-core';
import type { CustomerScreen } from '../../preload/customer-display';

/** Waits until the customer page shows `name` (its data-screen attribute). */
export async function customerScreen(customer: Page, name: CustomerScreen, timeout = 15_000): Promise<void> {
  await customer.locator(`[data-testid="customer-display"][data-screen="${name}"]`).waitFor({ timeout });
}
