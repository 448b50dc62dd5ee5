/**
 * Two rules of people at the counter on the real core (embedded sandbox over HTTP, the journal on disk): the
 * terminal's "a manager PIN exists" follows the people as they change (People panel, the store's staff list),
 * without a restart; and in sign-in mode, which sale actions need someone signed in (main/people/sign-in-rules).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { PosEvent, PosResult } from '../../preload/api';
import { openJournal } from '../../main/journal/journal';
import { hashPin } from '../../main/people/pin-hash';
import { COUNTER_SALE_ACTIONS, NEEDS_SIGNED_IN } from '../../main/people/sign-in-rules';
import {
  scenario,
  startHarness,
  startHarnessWithPin,
  unwrap,
  type Harness,
} from '../helpers/runtime-harness';
import { waitFor } from '../helpers/wait-for';

const MANAGER_PIN = '7391';
const ANN_PIN = '6142';
const MEI_PIN = '5830';
const BO_PIN = '9274';
const LI_PIN = '4826';
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function harness(pin: string | null): Promise<Harness> {
  const h = pin ? await startHarnessWithPin(pin) : await startHarness();
  cleanups.push(() => h.close());
  return h;
}

function refusedCode<T>(r: PosResult<T>): string {
  if (r.ok) throw new Error('expected a refusal');
  return r.error.code;
}

function terminalEvents(h: Harness): Array<Extract<PosEvent, { type: 'terminal' }>> {
  return h.events.filter((e): e is Extract<PosEvent, { type: 'terminal' }> => e.type === 'terminal');
}

/** The last terminal event says `has`, and the snapshot agrees. */
async function managerPinShown(h: Harness, has: boolean): Promise<void> {
  await waitFor(() => terminalEvents(h).at(-1)?.terminal.hasManagerPin === has, {
    what: `a terminal event with hasManagerPin ${has}`,
    describe: () => terminalEvents(h).map((e) => e.terminal.hasManagerPin),
  });
  expect(unwrap(await h.runtime.api.getSnapshot()).terminal.hasManagerPin).toBe(has);
}

describe('hasManagerPin follows the people', () => {
  it('turns on and off as managers with a PIN come and go, from the store list and the People panel', async () => {
    const h = await harness(null);
    const api = h.runtime.api;
    expect(unwrap(await api.getSnapshot()).terminal.hasManagerPin).toBe(false);

    // The store's staff list, as the link's people sync applies it: the journal takes the list, then the core
    // is told (the sync's onApplied). A second connection to the till's journal file, as the sync writes it.
    const journal = openJournal({ dir: h.dataDir, timeZone: 'Australia/Sydney' });
    cleanups.push(() => journal.close());
    const ann = { id: 'srv-ann', name: 'Ann', role: 'manager' as const, disabledAt: null, rev: 1 };
    journal.people.applyServerPeople([{ ...ann, pinHash: hashPin(ANN_PIN) }], Date.now());
    h.runtime.service.announcePeople();
    await managerPinShown(h, true);

    // Ann lets supervisors manage people and adds Mei, a supervisor; the server then drops Ann.
    unwrap(
      await api.setRolePermissions({
        pin: ANN_PIN,
        personId: ann.id,
        role: 'supervisor',
        permissions: { permissions: ['sell', 'manage_people'], refundLimitCents: null },
      }),
    );
    const mei = unwrap(
      await api.savePerson({
        pin: ANN_PIN,
        personId: ann.id,
        person: { name: 'Mei', role: 'supervisor', newPin: MEI_PIN },
      }),
    );
    journal.people.applyServerPeople([], Date.now());
    h.runtime.service.announcePeople();
    await managerPinShown(h, false);

    // Saving a person who is no manager changes nothing the terminal says: no terminal event.
    const before = terminalEvents(h).length;
    unwrap(
      await api.savePerson({
        pin: MEI_PIN,
        personId: mei.id,
        person: { name: 'Li', role: 'cashier', newPin: LI_PIN },
      }),
    );
    expect(terminalEvents(h)).toHaveLength(before);
    expect(unwrap(await api.getSnapshot()).terminal.hasManagerPin).toBe(false);

    // A manager added with a PIN through the People panel: on at once, no restart.
    unwrap(
      await api.savePerson({
        pin: MEI_PIN,
        personId: mei.id,
        person: { name: 'Bo', role: 'manager', newPin: BO_PIN },
      }),
    );
    await managerPinShown(h, true);
  });
});

describe('which sale actions need someone signed in', () => {
  it('is the table: what starts or feeds a sale does, what ends one does not', () => {
    expect(Object.keys(NEEDS_SIGNED_IN).sort()).toEqual([...COUNTER_SALE_ACTIONS].sort());
    expect(NEEDS_SIGNED_IN).toEqual({
      startSale: true,
      startQrSale: true,
      submitCode: true,
      voidSale: true,
      stopWaiting: false,
      clearSale: false,
    });
  });

  async function signedInShop(): Promise<{ h: Harness; liId: string }> {
    const h = await harness(MANAGER_PIN);
    const api = h.runtime.api;
    const li = unwrap(
      await api.savePerson({ pin: MANAGER_PIN, person: { name: 'Li', role: 'cashier', newPin: LI_PIN } }),
    );
    unwrap(await api.setPeopleMode({ pin: MANAGER_PIN, mode: 'sign_in', idleSignOutMinutes: null }));
    unwrap(await api.signIn({ personId: li.id, pin: LI_PIN }));
    return { h, liId: li.id };
  }

  it('a code for a sale whose person signed out is refused, typed or scanned, until someone signs in', async () => {
    const { h, liId } = await signedInShop();
    const api = h.runtime.api;
    const sale = unwrap(await api.startSale({ amount: '3.40' }));
    unwrap(await api.signOut());

    const code = scenario('wechat', '0000');
    expect(refusedCode(await api.submitCode({ saleId: sale.id, code }))).toBe('SIGN_IN_REQUIRED');
    unwrap(await api.submitWedgeScan({ code }));
    await waitFor(
      () => h.events.find((e) => e.type === 'scan-rejected' && e.code === 'SIGN_IN_REQUIRED') ?? null,
      { what: 'the scan refused for want of a person', describe: () => h.events.map((e) => e.type) },
    );
    // Nothing went to the gateway: the sale still waits for its code, with no attempt.
    const waiting = unwrap(await api.getSaleDetail({ saleId: sale.id })).sale;
    expect(waiting).toMatchObject({ phase: 'awaiting_code', attempts: 0 });

    unwrap(await api.signIn({ personId: liId, pin: LI_PIN }));
    unwrap(await api.submitCode({ saleId: sale.id, code }));
    await h.waitForSale(sale.id, (s) => s.phase === 'paid');
  });

  it('stopping the wait and clearing the counter work with nobody signed in; a new sale does not', async () => {
    const { h } = await signedInShop();
    const api = h.runtime.api;
    const sale = unwrap(await api.startSale({ amount: '7.70' }));
    unwrap(await api.submitCode({ saleId: sale.id, code: scenario('wechat', '0007') }));
    await h.waitForSale(sale.id, (s) => s.phase === 'waiting_customer');
    unwrap(await api.signOut());

    unwrap(await api.stopWaiting({ saleId: sale.id }));
    const stopped = await h.waitForSale(sale.id, (s) => s.phase === 'unresolved');
    unwrap(await api.clearSale({ saleId: stopped.id }));
    expect(unwrap(await api.getSnapshot()).activeSale).toBeNull();
    expect(refusedCode(await api.startSale({ amount: '1.00' }))).toBe('SIGN_IN_REQUIRED');
    expect(refusedCode(await api.voidSale({ saleId: sale.id }))).toBe('SIGN_IN_REQUIRED');
  });
});
