import { describe, expect, it } from 'vitest';
import { chooseCustomerScreen } from '../../../main/customer-display/choose-screen';

const cashier = { id: 1, primary: true };
const tablet = { id: 7, primary: false };
const other = { id: 9, primary: false };
const on = { enabled: true, displayId: null };

describe('which screen shows the customer display', () => {
  it('the first screen that is not the cashier’s, or none while only the cashier’s is connected', () => {
    expect(chooseCustomerScreen([cashier, tablet, other], on)).toBe(tablet);
    expect(chooseCustomerScreen([cashier], on)).toBeNull();
    expect(chooseCustomerScreen([], on)).toBeNull();
  });

  it('the chosen screen when it is plugged in; back to the first other one when it is unplugged', () => {
    const chosen = { enabled: true, displayId: 9 };
    expect(chooseCustomerScreen([cashier, tablet, other], chosen)).toBe(other);
    expect(chooseCustomerScreen([cashier, tablet], chosen)).toBe(tablet);
    expect(chooseCustomerScreen([cashier], chosen)).toBeNull();
  });

  it('never the cashier’s own screen, even when chosen, unless asked to (demo, e2e)', () => {
    expect(chooseCustomerScreen([cashier], { enabled: true, displayId: 1 })).toBeNull();
    expect(chooseCustomerScreen([cashier], on, true)).toBe(cashier);
    expect(chooseCustomerScreen([cashier, tablet], { enabled: true, displayId: 1 }, true)).toBe(cashier);
  });

  it('none when the setting is off', () => {
    expect(chooseCustomerScreen([cashier, tablet], { enabled: false, displayId: 7 })).toBeNull();
  });
});
