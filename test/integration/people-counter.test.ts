/**
 * People at the counter on the real core (embedded sandbox over HTTP, the journal on disk): who may do what,
 * who is journalled with each action, a lockout per person that survives a restart, the upgrade of a journal
 * with a manager PIN, the idle sign-out, staff badges scanned on a socat pty scanner, the terminal's "a manager PIN
 * exists" following the people without a restart, and which sale actions need someone signed in.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { PeopleState, PosEvent, PosResult } from '../../preload/api';
import { MIGRATIONS, migrate } from '../../main/journal/migrations';
import { openJournal } from '../../main/journal/journal';
import { hashPin } from '../../main/people/pin-hash';
import { COUNTER_SALE_ACTIONS, NEEDS_SIGNED_IN } from '../../main/people/sign-in-rules';
import { createPtyPair, type PtyPair } from '../helpers/pty-pair';
import {
  HARNESS_TUNING,
  scenario,
  startHarness,
  startHarnessWithPin,
  unwrap,
  type Harness,
} from '../helpers/runtime-harness';
import { waitFor } from '../helpers/wait-for';

const MANAGER_PIN = '7391';
const MEI_PIN = '5830';
const LI_PIN = '4826';
const ANN_PIN = '6142';
const BO_PIN = '9274';
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function tempData(): string {
  const dir = mkdtempSync(join(tmpdir(), 'people-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function harness(pin: string | null, overrides: Parameters<typeof startHarness>[0] = {}) {
  const h = pin ? await startHarnessWithPin(pin, overrides) : await startHarness(overrides);
  cleanups.push(() => h.close());
  return h;
}

function refused<T>(r: PosResult<T>): { code: string; en: string; zh: string } {
  if (r.ok) throw new Error('expected a refusal');
  return { code: r.error.code, en: r.error.message.en, zh: r.error.message.zh };
}

/** Mei (supervisor) and Li (cashier) added by the manager, in sign-in mode unless told otherwise. */
async function shop(h: Harness, mode: 'sign_in' | 'no_sign_in' = 'sign_in') {
  const api = h.runtime.api;
  const mei = unwrap(
    await api.savePerson({ pin: MANAGER_PIN, person: { name: 'Mei', role: 'supervisor', newPin: MEI_PIN } }),
  );
  const li = unwrap(
    await api.savePerson({ pin: MANAGER_PIN, person: { name: 'Li', role: 'cashier', newPin: LI_PIN } }),
  );
  unwrap(await api.setPeopleMode({ pin: MANAGER_PIN, mode, idleSignOutMinutes: null }));
  return { mei, li };
}

/** The journal's rows, read straight from the file. */
function rows<T>(h: Harness, sql: string, ...params: unknown[]): T[] {
  const db = new Database(join(h.dataDir, 'journal.sqlite'), { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

async function paidSale(h: Harness, amount: string): Promise<string> {
  const sale = unwrap(await h.runtime.api.startSale({ amount }));
  unwrap(await h.runtime.api.submitCode({ saleId: sale.id, code: scenario('wechat', '0000') }));
  await h.waitForSale(sale.id, (s) => s.phase === 'paid');
  return sale.id;
}

function peopleEvent(h: Harness, match: (p: PeopleState) => boolean): Promise<PeopleState> {
  return waitFor(
    () => {
      const e = h.events.findLast((x): x is Extract<PosEvent, { type: 'people' }> => x.type === 'people');
      return e && match(e.people) ? e.people : null;
    },
    { what: 'the people event', describe: () => h.events.filter((e) => e.type === 'people').at(-1) },
  );
}

describe('who may do what, and who is journalled', () => {
  it('a cashier sells; a refund needs someone who may; a supervisor has a limit; every row names its person', async () => {
    const h = await harness(MANAGER_PIN);
    const api = h.runtime.api;
    const { mei, li } = await shop(h);

    // Signed-in mode with nobody signed in: no sale starts.
    expect(refused(await api.startSale({ amount: '1.00' })).code).toBe('SIGN_IN_REQUIRED');
    expect(unwrap(await api.signIn({ personId: li.id, pin: LI_PIN })).current?.name).toBe('Li');
    const saleId = await paidSale(h, '150.00');
    const big = await paidSale(h, '20.00');

    // Li's own PIN: a cashier may not refund, in words naming the permission.
    const notAllowed = refused(await api.refund({ saleId, amount: '5.00', reason: 'x', pin: LI_PIN }));
    expect(notAllowed).toMatchObject({ code: 'NOT_ALLOWED' });
    expect(notAllowed.en).toMatch(/Li may not make refunds/);
    expect(notAllowed.zh).toMatch(/Li 无权退款/);
    // Mei may refund up to A$100.00.
    const over = refused(
      await api.refund({ saleId, amount: '120.00', reason: 'x', pin: MEI_PIN, personId: mei.id }),
    );
    expect(over.code).toBe('REFUND_OVER_LIMIT');
    expect(over.en).toMatch(/A\$100\.00/);
    const refund = unwrap(
      await api.refund({ saleId, amount: '5.00', reason: 'wrong item', pin: MEI_PIN, personId: mei.id }),
    );
    expect(refund).toMatchObject({ requestedByName: 'Li', approvedByName: 'Mei' });
    // The manager, named or not, has no limit.
    unwrap(
      await api.refund({ saleId, amount: '120.00', reason: 'x', pin: MANAGER_PIN, personId: 'manager-1' }),
    );

    const detail = unwrap(await api.getSaleDetail({ saleId }));
    expect(detail.sale.personName).toBe('Li');
    expect(detail.refunds.map((r) => [r.requestedByName, r.approvedByName])).toEqual([
      ['Li', 'Mei'],
      ['Li', 'Manager'],
    ]);
    expect(rows(h, 'SELECT person_id FROM sales WHERE id IN (?, ?)', saleId, big)).toEqual([
      { person_id: li.id },
      { person_id: li.id },
    ]);
    expect(rows(h, 'SELECT DISTINCT person_id FROM attempts')).toEqual([{ person_id: li.id }]);
    expect(
      rows(h, 'SELECT requested_by, approved_by FROM refunds WHERE sale_id = ? ORDER BY created_at', saleId),
    ).toEqual([
      { requested_by: li.id, approved_by: mei.id },
      { requested_by: li.id, approved_by: 'manager-1' },
    ]);
    // The refused tries changed nothing.
    expect(rows(h, 'SELECT count(*) AS n FROM refunds')).toEqual([{ n: 2 }]);

    // The X report per person: Li took both sales and asked for both refunds; the rows add up to the totals.
    const x = unwrap(await api.report({ kind: 'X' }));
    const byPerson = x.byPerson ?? [];
    expect(byPerson.map((p) => [p.name, p.salesCount, p.salesCents, p.refundsCount, p.refundsCents])).toEqual(
      [['Li', 2, 17_000, 2, 12_500]],
    );
    for (const k of ['salesCents', 'refundsCents', 'netCents', 'salesCount'] as const) {
      expect(
        byPerson.reduce((sum, p) => sum + p[k], 0),
        k,
      ).toBe(x.totals[k]);
    }
    // The CSV names them too.
    const csv = unwrap(
      await api.exportCsv({ from: 0, to: Date.now() + 1000, pin: MANAGER_PIN, personId: 'manager-1' }),
    );
    expect(csv.salesCsv.split('\r\n')[0]).toMatch(/,served_by$/);
    expect(csv.salesCsv.split('\r\n').filter((l) => l.endsWith(',Li'))).toHaveLength(2);
    expect(csv.refundsCsv.split('\r\n')[0]).toMatch(/,requested_by,approved_by$/);
    expect(csv.refundsCsv).toContain(',Li,Mei\r\n');
    expect(csv.refundsCsv).toContain(',Li,Manager\r\n');
  });

  it('voiding is a permission when signed in; the void, the Z and a settings change name their person', async () => {
    const h = await harness(MANAGER_PIN);
    const api = h.runtime.api;
    const { mei, li } = await shop(h);
    unwrap(await api.signIn({ personId: li.id, pin: LI_PIN }));
    const sale = unwrap(await api.startSale({ amount: '3.00' }));
    expect(refused(await api.voidSale({ saleId: sale.id })).code).toBe('NOT_ALLOWED');
    expect(refused(await api.voidSale({ saleId: sale.id, pin: LI_PIN, personId: li.id })).code).toBe(
      'NOT_ALLOWED',
    );
    expect(unwrap(await api.getSaleDetail({ saleId: sale.id })).sale.phase).toBe('awaiting_code');
    unwrap(await api.voidSale({ saleId: sale.id, pin: MEI_PIN, personId: mei.id }));
    expect(rows(h, 'SELECT person_id, voided_by FROM sales WHERE id = ?', sale.id)).toEqual([
      { person_id: li.id, voided_by: mei.id },
    ]);

    // A supervisor closes the Z; a cashier may not.
    expect(refused(await api.closeDay({ pin: LI_PIN, personId: li.id, confirmUnresolved: true })).code).toBe(
      'NOT_ALLOWED',
    );
    unwrap(await api.closeDay({ pin: MEI_PIN, personId: mei.id, confirmUnresolved: true }));
    expect(rows(h, 'SELECT closed_by FROM sessions WHERE closed_at IS NOT NULL')).toEqual([
      { closed_by: mei.id },
    ]);
    // Settings are the manager's.
    expect(
      refused(await api.updateSettings({ pin: MEI_PIN, personId: mei.id, patch: { soundOn: false } })).code,
    ).toBe('NOT_ALLOWED');
    unwrap(await api.updateSettings({ pin: MANAGER_PIN, personId: 'manager-1', patch: { soundOn: false } }));
    expect(rows(h, "SELECT person_id FROM events WHERE type = 'settings.changed'")).toEqual([
      { person_id: 'manager-1' },
    ]);
    // The person records the store server gets carry no hash.
    const people = rows<{ data: string }>(h, "SELECT data FROM replication_outbox WHERE entity = 'person'");
    expect(people.length).toBeGreaterThanOrEqual(4);
    expect(people.map((p) => p.data).join()).not.toMatch(/scrypt|pin_hash|badge/);
  });

  it('no-sign-in mode changes nothing for a single-person shop: the counter sells, the manager PIN approves', async () => {
    const h = await harness(MANAGER_PIN);
    const api = h.runtime.api;
    const snap = unwrap(await api.getSnapshot()).people;
    expect(snap).toMatchObject({ mode: 'no_sign_in', current: { id: 'counter', name: 'Cashier' } });
    const saleId = await paidSale(h, '12.00');
    unwrap(await api.refund({ saleId, amount: '1.00', reason: 'x', pin: MANAGER_PIN }));
    const voided = unwrap(await api.startSale({ amount: '2.00' }));
    unwrap(await api.voidSale({ saleId: voided.id }));
    expect(rows(h, 'SELECT person_id, voided_by FROM sales ORDER BY created_at')).toEqual([
      { person_id: 'counter', voided_by: null },
      { person_id: 'counter', voided_by: 'counter' },
    ]);
    expect(rows(h, 'SELECT requested_by, approved_by FROM refunds')).toEqual([
      { requested_by: 'manager-1', approved_by: 'manager-1' },
    ]);
  });
});

describe('the lockout is per person and survives a restart', () => {
  it('five wrong PINs lock Mei only, and reopening the journal keeps her locked', async () => {
    const dataDir = tempData();
    const first = await startHarnessWithPin(MANAGER_PIN, { dataDir });
    const { mei, li } = await shop(first);
    for (let i = 0; i < 4; i += 1) {
      expect(refused(await first.runtime.api.signIn({ personId: mei.id, pin: '1357' })).code).toBe(
        'WRONG_PIN',
      );
    }
    const locked = refused(await first.runtime.api.signIn({ personId: mei.id, pin: '1357' }));
    expect(locked.code).toBe('PIN_LOCKED');
    expect(locked.zh).toMatch(/分钟后再试/);
    // Li is not affected.
    expect(unwrap(await first.runtime.api.signIn({ personId: li.id, pin: LI_PIN })).current?.id).toBe(li.id);
    await first.close();

    const again = await harness(null, { dataDir });
    expect(refused(await again.runtime.api.signIn({ personId: mei.id, pin: MEI_PIN })).code).toBe(
      'PIN_LOCKED',
    );
    expect(unwrap(await again.runtime.api.signIn({ personId: li.id, pin: LI_PIN })).current?.id).toBe(li.id);
    const detail = unwrap(await again.runtime.api.listPeople({ pin: MANAGER_PIN, personId: 'manager-1' }));
    expect(detail.find((p) => p.id === mei.id)?.lockedUntil).toBeGreaterThan(Date.now());
    expect(detail.find((p) => p.id === li.id)?.lockedUntil).toBeNull();
  });
});

describe('upgrading a journal with a manager PIN', () => {
  it('signs in as manager-1 with the old PIN, which still approves what the manager PIN did', async () => {
    const dataDir = tempData();
    mkdirSync(dataDir, { recursive: true });
    const db = new Database(join(dataDir, 'journal.sqlite'));
    migrate(db, MIGRATIONS.slice(0, 10));
    db.prepare('UPDATE manager_auth SET pin_hash = ? WHERE id = 1').run(hashPin(MANAGER_PIN));
    db.close();

    const h = await harness(null, { dataDir });
    const api = h.runtime.api;
    expect(unwrap(await api.getSnapshot()).terminal.hasManagerPin).toBe(true);
    expect(h.runtime.setupCode()).toBeNull();
    unwrap(await api.verifyManagerPin({ pin: MANAGER_PIN }));
    expect(unwrap(await api.signIn({ personId: 'manager-1', pin: MANAGER_PIN })).current).toMatchObject({
      id: 'manager-1',
      name: 'Manager',
      role: 'manager',
    });
    expect(refused(await api.signIn({ personId: 'manager-1', pin: '1357' })).code).toBe('WRONG_PIN');
  });
});

describe('the customer display', () => {
  it('shows the serving person’s first name only when the shop turns it on', async () => {
    const h = await harness(MANAGER_PIN);
    const api = h.runtime.api;
    const wen = unwrap(
      await api.savePerson({
        pin: MANAGER_PIN,
        person: { name: 'Wen  Li', role: 'cashier', newPin: LI_PIN },
      }),
    );
    unwrap(await api.setPeopleMode({ pin: MANAGER_PIN, mode: 'sign_in', idleSignOutMinutes: null }));
    unwrap(await api.signIn({ personId: wen.id, pin: LI_PIN }));
    expect(unwrap(await api.getSnapshot()).people.customerDisplayName).toBeNull();
    expect(h.runtime.customerDisplay.state().servedBy).toBeUndefined();
    unwrap(
      await api.setPeopleMode({
        pin: MANAGER_PIN,
        personId: 'manager-1',
        mode: 'sign_in',
        idleSignOutMinutes: null,
        showNameOnCustomerDisplay: true,
      }),
    );
    unwrap(await api.signIn({ personId: wen.id, pin: LI_PIN }));
    expect(unwrap(await api.getSnapshot()).people.customerDisplayName).toBe('Wen');
    await waitFor(() => h.runtime.customerDisplay.state().servedBy === 'Wen', {
      what: 'the customer display to show the first name',
      describe: () => h.runtime.customerDisplay.state(),
    });
  });
});

describe('idle sign-out', () => {
  it('signs the person out after the idle minutes, and activity puts it off', async () => {
    const h = await harness(MANAGER_PIN, { idleMinuteMs: 300 });
    const api = h.runtime.api;
    const { li } = await shop(h);
    unwrap(await api.setPeopleMode({ pin: MANAGER_PIN, mode: 'sign_in', idleSignOutMinutes: 1 }));
    unwrap(await api.signIn({ personId: li.id, pin: LI_PIN }));
    unwrap(await api.noteActivity());
    expect(unwrap(await api.getSnapshot()).people.idleSignOutMinutes).toBe(1);
    const out = await peopleEvent(h, (p) => p.current === null);
    expect(out.mode).toBe('sign_in');
    expect(refused(await api.startSale({ amount: '1.00' })).code).toBe('SIGN_IN_REQUIRED');
  });
});

describe('staff badges on a pty scanner', () => {
  let pty: PtyPair;

  async function scannerHarness(): Promise<Harness> {
    pty = await createPtyPair();
    cleanups.push(() => pty.close());
    const h = await harness(MANAGER_PIN, {
      scanner: { kind: 'serial', port: { path: pty.a }, framing: { mode: 'cr' } },
      // The same badge is scanned twice on purpose, many calls apart: no duplicate window between them.
      tuning: { ...HARNESS_TUNING, scanDedupeMs: 1 },
    });
    await waitFor(async () => unwrap(await h.runtime.api.getSnapshot()).scanner.state === 'connected', {
      what: 'the scanner to connect',
    });
    return h;
  }

  it('a badge signs its owner in and never touches the sale waiting for a code; a revoked one is refused', async () => {
    const h = await scannerHarness();
    const api = h.runtime.api;
    const { li, mei } = await shop(h);
    const { code } = unwrap(await api.issueBadge({ pin: MANAGER_PIN, forPersonId: li.id }));
    expect(code).toMatch(/^OMIPOS-STAFF1\./);
    unwrap(await api.signIn({ personId: mei.id, pin: MEI_PIN }));
    const sale = unwrap(await api.startSale({ amount: '9.00' }));
    const ordersBefore = h.runtime.sandbox!.control.listOrders().length;

    await pty.write(`${code}\r`);
    await peopleEvent(h, (p) => p.current?.id === li.id);
    const after = unwrap(await api.getSaleDetail({ saleId: sale.id }));
    expect(after.sale.phase).toBe('awaiting_code');
    expect(after.attempts).toHaveLength(0);
    expect(h.runtime.sandbox!.control.listOrders()).toHaveLength(ordersBefore);
    expect(rows(h, 'SELECT count(*) AS n FROM attempts')).toEqual([{ n: 0 }]);

    // Revoked: the same code (a copy on a screenshot) is refused in words, and still touches nothing.
    // Mei is signed in: the manager names themself to approve.
    unwrap(await api.revokeBadge({ pin: MANAGER_PIN, personId: 'manager-1', forPersonId: li.id }));
    unwrap(await api.signIn({ personId: mei.id, pin: MEI_PIN }));
    await pty.write(`${code}\r`);
    const rejected = await waitFor(
      () => h.events.find((e) => e.type === 'scan-rejected' && e.code === 'BADGE_REFUSED'),
      { what: 'the badge to be refused' },
    );
    if (rejected.type !== 'scan-rejected') throw new Error('not a rejection');
    expect(rejected.message.en).toMatch(/not valid/);
    expect(rejected.message.zh).toMatch(/员工卡/);
    expect(unwrap(await api.getSnapshot()).people.current?.id).toBe(mei.id);
    expect(unwrap(await api.getSaleDetail({ saleId: sale.id })).attempts).toHaveLength(0);
    // Typed into the code field, a badge is not a payment code either.
    expect(refused(await api.submitCode({ saleId: sale.id, code })).code).toBe('CODE_REJECTED');
    // The sale still takes the customer's real code.
    await pty.write(`${scenario('alipay', '0000')}\r`);
    await h.waitForSale(sale.id, (s) => s.phase === 'paid');
    expect(rows(h, 'SELECT person_id FROM sales WHERE id = ?', sale.id)).toEqual([{ person_id: mei.id }]);
  });
});

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

describe('the first manager PIN', () => {
  it('tells the screens at once: the manager is on the roster (who approves) and a PIN exists', async () => {
    const h = await harness(null);
    const api = h.runtime.api;
    expect(unwrap(await api.getSnapshot()).people.roster).toEqual([]);
    unwrap(await api.setManagerPin({ newPin: MANAGER_PIN, setupCode: h.runtime.setupCode() ?? '' }));
    await peopleEvent(h, (p) => p.roster.some((r) => r.id === 'manager-1' && r.role === 'manager'));
    await managerPinShown(h, true);
  });
});

describe('which sale actions need someone signed in', () => {
  it('is the table: what starts or feeds a sale does, what ends one does not', () => {
    expect(Object.keys(NEEDS_SIGNED_IN).sort()).toEqual([...COUNTER_SALE_ACTIONS].sort());
    expect(COUNTER_SALE_ACTIONS.filter((a) => NEEDS_SIGNED_IN[a])).toEqual([
      'startSale',
      'startQrSale',
      'submitCode',
      'voidSale',
    ]);
  });

  async function signedInShop(): Promise<{ h: Harness; liId: string }> {
    const h = await harness(MANAGER_PIN);
    const { li } = await shop(h);
    unwrap(await h.runtime.api.signIn({ personId: li.id, pin: LI_PIN }));
    return { h, liId: li.id };
  }

  it('a code for a sale whose person signed out is refused, typed or scanned, until someone signs in', async () => {
    const { h, liId } = await signedInShop();
    const api = h.runtime.api;
    const sale = unwrap(await api.startSale({ amount: '3.40' }));
    unwrap(await api.signOut());

    const code = scenario('wechat', '0000');
    expect(refused(await api.submitCode({ saleId: sale.id, code })).code).toBe('SIGN_IN_REQUIRED');
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
    expect(refused(await api.startSale({ amount: '1.00' })).code).toBe('SIGN_IN_REQUIRED');
    expect(refused(await api.voidSale({ saleId: sale.id })).code).toBe('SIGN_IN_REQUIRED');
  });
});
