/**
 * The screens are React code run on preact/compat (vite.config.ts). Here, in Debian Chromium against the real hub
 * and core, the React 19 behaviours the screens rely on that the runtime does not give by itself
 * (renderer/src/react-semantics.ts), and useId's labels:
 *
 * - a `ref` handed to a function component reaches its <input>: the PIN field has focus when the gate opens;
 * - a controlled field shows its state after each keystroke, also when the handler drops the key: a letter in the
 *   PIN field, a space in the typed payment code;
 * - `spellCheck={false}` writes spellcheck="false" (the typed payment code);
 * - a click's effects have run before the next task (the gate's PIN field focused before a key can arrive);
 * - every id on the sale, PIN, settings and people screens is unique, and every <label for> names a field.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chargeByKeyboard, chromiumMissing, setPin, useCounter } from './counter';
import { PIN } from './manager-steps';

if (chromiumMissing !== null) console.log(`react semantics e2e skipped: ${chromiumMissing}`);

/** Ids used twice, and `for`s that name no labelable element, on the page as it is. */
async function idProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const seen = new Set<string>();
    for (const el of document.querySelectorAll('[id]')) {
      if (seen.has(el.id)) problems.push(`id used twice: ${el.id}`);
      seen.add(el.id);
    }
    for (const label of document.querySelectorAll('label[for]')) {
      const target = document.getElementById(label.getAttribute('for') ?? '');
      const labelable = target?.matches('input, select, textarea, button, meter, output, progress');
      if (!labelable)
        problems.push(`label "${label.textContent}" names no field (${label.getAttribute('for')})`);
    }
    return problems;
  });
}

async function countLabels(page: Page): Promise<number> {
  return page.locator('label[for]').count();
}

describe.skipIf(chromiumMissing !== null)('React behaviours on the build runtime', () => {
  const session = useCounter('semantics-failed-');

  it('focuses the PIN field through a ref, puts back dropped keys, and links every label to its own field', async () => {
    const c = await session.open();
    const { page } = c;
    await setPin(c, PIN);

    // A payment code typed by hand: spaces are dropped as typed.
    await chargeByKeyboard(page, '3.5');
    const code = page.getByLabel('Or type the payment code');
    expect(await code.getAttribute('spellcheck')).toBe('false');
    await code.focus();
    await page.keyboard.type('13 5', { delay: 120 });
    await expect.poll(() => code.inputValue()).toBe('135');
    await page.keyboard.type(' ', { delay: 120 });
    await expect.poll(() => code.inputValue()).toBe('135');
    expect(await idProblems(page)).toEqual([]);
    await code.fill('');
    await page.getByRole('button', { name: 'Cancel sale' }).click();
    await page.getByTestId('amount-display').waitFor();

    // The gate's PIN field has focus (PinInput hands its ref on to the <input>) and takes digits only.
    await page.getByRole('button', { name: /^Manager/ }).click();
    const pin = page.getByLabel('PIN', { exact: true });
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('type')))
      .toBe('password');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(await pin.getAttribute('id'));
    await page.keyboard.type('24a', { delay: 60 });
    await expect.poll(() => pin.inputValue()).toBe('24');
    await page.keyboard.type('x6', { delay: 60 });
    await expect.poll(() => pin.inputValue()).toBe('246');
    await page.keyboard.type('8', { delay: 60 });
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Manager', exact: true }).waitFor();

    // Settings and People: many fields, each labelled by useId; every id unique, every label on its field.
    await page.getByRole('tab', { name: 'Settings' }).click();
    await expect.poll(() => countLabels(page)).toBeGreaterThan(5);
    expect(await idProblems(page)).toEqual([]);
    await page.getByRole('tab', { name: 'People' }).click();
    await expect.poll(() => countLabels(page)).toBeGreaterThan(0);
    expect(await idProblems(page)).toEqual([]);

    // A click's effects have run before the page's next task: the gate's focus effect has put the cursor in the
    // PIN field by the time a key could arrive (a frame later, the first digits would go nowhere).
    await page.getByRole('button', { name: 'Lock and leave' }).click();
    await page.getByTestId('amount-display').waitFor();
    const focusedInTime = await page.evaluate(async () => {
      const open = [...document.querySelectorAll('button')].find((b) => /^Manager/.test(b.textContent ?? ''));
      open?.click();
      await new Promise((next) => setTimeout(next, 0));
      return document.activeElement?.getAttribute('type') ?? null;
    });
    expect(focusedInTime).toBe('password');
  });
});
