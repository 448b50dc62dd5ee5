/**
 * The idle sign-out and the counter's sale, on the real core (embedded sandbox over HTTP, the journal on disk):
 * a sale started and not ended holds the sign-out (main/people/sign-in-rules.ts HOLDS_IDLE_SIGN_OUT), the
 * customer's code is still taken after the idle time, and the sign-out happens once the sale ends. The idle
 * timer firing is seen in the journal (`person.idle_sign_out_waits`), so no assertion rests on time passing.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { PosEvent } from '../../preload/api';
import { openJournal } from '../../main/journal/journal';
import { IDLE_SETTING } from '../../main/people/state';
import { HOLDS_IDLE_SIGN_OUT, holdsIdleSignOut } from '../../main/people/sign-in-rules';
import { scenario, startHarnessWithPin, unwrap, type Harness } from '../helpers/runtime-harness';
import { waitFor } from '../helpers/wait-for';

const MANAGER_PIN = '7391';
const LI_PIN = '4826';
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A till in sign-in mode with Li (cashier) signed in; the idle sign-out is off until `idleRunsOut`. */
async function counter(): Promise<{
  h: Harness;
  api: Harness['runtime']['api'];
  liId: string;
  idleRunsOut: () => Promise<void>;
}> {
  const h = await startHarnessWithPin(MANAGER_PIN, { idleMinuteMs: 200 });
  cleanups.push(() => h.close());
  const api = h.runtime.api;
  const li = unwrap(
    await api.savePerson({ pin: MANAGER_PIN, person: { name: 'Li', role: 'cashier', newPin: LI_PIN } }),
  );
  unwrap(await api.setPeopleMode({ pin: MANAGER_PIN, mode: 'sign_in', idleSignOutMinutes: null }));
  unwrap(await api.signIn({ personId: li.id, pin: LI_PIN }));
  // Armed only once the sale is on the counter, so a slow start can never sign Li out before it. A new mode
  // signs everyone out, so Li signs in again (and her idle clock starts) with the sale already there.
  const armIdle = async () => {
    unwrap(
      await api.setPeopleMode({
        pin: MANAGER_PIN,
        personId: 'manager-1',
        mode: 'sign_in',
        idleSignOutMinutes: 1,
      }),
    );
    unwrap(await api.signIn({ personId: li.id, pin: LI_PIN }));
  };
  /** The idle minutes start with the sale on the counter and run out; the sale holds the sign-out. */
  const idleRunsOut = async () => {
    const before = waitsCount(h);
    await armIdle();
    await waitFor(() => waitsCount(h) > before, {
      what: 'the idle sign-out to fire and wait for the sale',
      describe: () => idleEvents(h),
    });
    expect(await signedIn(h)).toBe(li.id);
  };
  return { h, api, liId: li.id, idleRunsOut };
}

function waitsCount(h: Harness): number {
  return idleEvents(h).filter((e) => e.type === 'person.idle_sign_out_waits').length;
}

function idleEvents(h: Harness): Array<{ type: string; data: string }> {
  const db = new Database(join(h.dataDir, 'journal.sqlite'), { readonly: true });
  try {
    return db
      .prepare(`SELECT type, data FROM events WHERE type LIKE 'person.idle%' ORDER BY id`)
      .all() as Array<{ type: string; data: string }>;
  } finally {
    db.close();
  }
}

async function signedIn(h: Harness): Promise<string | null> {
  return unwrap(await h.runtime.api.getSnapshot()).people.current?.id ?? null;
}

async function signedOutAfterSale(h: Harness): Promise<void> {
  await waitFor(
    () => {
      const e = h.events.findLast((x): x is Extract<PosEvent, { type: 'people' }> => x.type === 'people');
      return e?.people.current === null;
    },
    { what: 'the idle sign-out once the sale ended', describe: () => idleEvents(h) },
  );
  expect(await signedIn(h)).toBeNull();
  expect(idleEvents(h).at(-1)).toEqual({
    type: 'person.idle_signed_out',
    data: JSON.stringify({ waitedForSale: true }),
  });
}

describe('the idle sign-out waits for the counter’s sale', () => {
  it('a sale waiting for its code: the code is taken after the idle time, the sign-out follows the payment', async () => {
    const { h, api, liId, idleRunsOut } = await counter();
    const sale = unwrap(await api.startSale({ amount: '3.10' }));
    await idleRunsOut();
    expect(unwrap(await api.getSaleDetail({ saleId: sale.id })).sale.phase).toBe('awaiting_code');

    const sent = unwrap(await api.submitCode({ saleId: sale.id, code: scenario('wechat', '0000') }));
    expect(sent.id).toBe(sale.id);
    await h.waitForSale(sale.id, (s) => s.phase === 'paid');
    await signedOutAfterSale(h);
    const db = new Database(join(h.dataDir, 'journal.sqlite'), { readonly: true });
    cleanups.push(() => void db.close());
    expect(db.prepare('SELECT person_id FROM sales WHERE id = ?').get(sale.id)).toEqual({ person_id: liId });
  });

  it('a merchant QR shown to the customer holds it until the customer pays', async () => {
    const { h, api, idleRunsOut } = await counter();
    const qr = unwrap(await api.startQrSale({ amount: '6.60', platform: 'WECHATPAY', kind: 'qr' }));
    const shown = await h.waitForSale(qr.id, (s) => s.phase === 'waiting_customer' && s.orderNo !== null);
    await idleRunsOut();
    h.runtime.sandbox!.control.payOrder(shown.orderNo!);
    await h.waitForSale(qr.id, (s) => s.phase === 'paid');
    await signedOutAfterSale(h);
  });

  it('a declined code holds it while the prompt asks for another; clearing the sale ends it', async () => {
    const { h, api, idleRunsOut } = await counter();
    const sale = await h.sell('4.20', scenario('alipay', '0003'), (s) => s.phase === 'declined');
    await idleRunsOut();
    unwrap(await api.clearSale({ saleId: sale.id }));
    await signedOutAfterSale(h);
  });

  it('an outcome still being checked holds it past the wait, until the cashier leaves the sale', async () => {
    const { h, api, liId, idleRunsOut } = await counter();
    // 0007: the customer confirms forever; the foreground wait (3 s here) runs out into unresolved.
    const sale = await h.sell('5.55', scenario('alipay', '0007'), (s) => s.phase === 'waiting_customer');
    await idleRunsOut();
    await h.waitForSale(sale.id, (s) => s.phase === 'unresolved', 10_000);
    expect(await signedIn(h)).toBe(liId);
    // The cashier leaves it (New sale): the core is told by clearSale, which sends no sale event.
    unwrap(await api.clearSale({ saleId: sale.id }));
    await signedOutAfterSale(h);
  });

  it('stopping the wait lets it happen at once; a touch while it waited calls it off', async () => {
    const { h, api, liId, idleRunsOut } = await counter();
    const first = await h.sell('7.00', scenario('alipay', '0007'), (s) => s.phase === 'waiting_customer');
    await idleRunsOut();
    // Someone touches the screen after the idle time: the sale ending does not sign them out. (The idle
    // minutes go off first, straight in the journal as a second connection writes them, so no new timer races
    // the void and Li stays signed in.)
    const journal = openJournal({ dir: h.dataDir, timeZone: 'Australia/Sydney' });
    journal.setSetting(IDLE_SETTING, null);
    journal.close();
    unwrap(await api.noteActivity());
    unwrap(await api.voidSale({ saleId: first.id, pin: MANAGER_PIN, personId: 'manager-1' }));
    expect(await signedIn(h)).toBe(liId);
    expect(idleEvents(h).map((e) => e.type)).toEqual(['person.idle_sign_out_waits']);

    const second = await h.sell('8.00', scenario('alipay', '0007'), (s) => s.phase === 'waiting_customer');
    await idleRunsOut();
    unwrap(await api.stopWaiting({ saleId: second.id }));
    await signedOutAfterSale(h);
  });
});

describe('the rule as a table', () => {
  it('holds for a sale started and not ended, and not for a result or a sale left to the background', () => {
    const held = Object.entries(HOLDS_IDLE_SIGN_OUT).filter(([, holds]) => holds);
    expect(held.map(([status]) => status).sort()).toEqual(['declined', 'in_progress', 'open', 'unresolved']);
    expect(holdsIdleSignOut(null)).toBe(false);
    expect(holdsIdleSignOut({ status: 'unresolved', statusReason: 'WAIT_EXPIRED' })).toBe(true);
    expect(holdsIdleSignOut({ status: 'unresolved', statusReason: 'STOPPED_WAITING' })).toBe(false);
    expect(holdsIdleSignOut({ status: 'paid', statusReason: null })).toBe(false);
  });
});
