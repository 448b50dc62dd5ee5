/**
 * The store's staff on real tills (docs/store-server.md, "Staff"), on PGlite and PostgreSQL 15: a person added
 * on the server at store S sets their PIN on /staff/pin and reaches the till linked to S (not the till of another
 * store) with a hash the till's own checker takes; disabled on the server, the till has them disabled well
 * within a minute; with the server gone the till keeps its list and the list's time stays where it was.
 */
import Database from 'better-sqlite3';
import { afterEach, expect, it, vi } from 'vitest';
import { checkPin } from '../../main/payments/manager-auth';
import { createStaff, setStaffDisabled } from '../../main/store-server/staff';
import { tellTillsPeopleChanged } from '../../main/store-server/staff-list';
import { issuePinCode } from '../../main/store-server/staff-pin';
import type { Harness } from '../helpers/runtime-harness';
import {
  WebClient,
  describeOnBothDatabases,
  enrolledTill,
  newStore,
  startWithStore,
  waitForLink,
  type Started,
} from '../helpers/store-server';
import { until } from '../helpers/wait-for';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 120_000 });

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface TillPerson {
  id: string;
  name: string;
  role: string;
  pin_hash: string | null;
  disabled_at: number | null;
  source: string;
}

/** What the till's journal holds (read from its file, as an auditor would). */
function tillPeople(h: Harness): { people: TillPerson[]; syncedAt: number | null } {
  const db = new Database(`${h.dataDir}/journal.sqlite`, { readonly: true });
  try {
    const people = db
      .prepare(
        "SELECT id, name, role, pin_hash, disabled_at, source FROM people WHERE source = 'server' ORDER BY id",
      )
      .all() as TillPerson[];
    const row = db.prepare("SELECT value FROM settings WHERE key = 'people.serverSyncedAt'").get() as
      { value: string } | undefined;
    return { people, syncedAt: row ? (JSON.parse(row.value) as number) : null };
  } finally {
    db.close();
  }
}

const HO = { by: 'web:ho', source: '127.0.0.1', storeId: null };

async function addWithPin(s: Started, name: string, pin: string): Promise<string> {
  const { id, storeIds } = await createStaff(
    s.server.db,
    { name, role: 'cashier', storeIds: [s.storeId] },
    HO,
    s.clock.now,
  );
  await tellTillsPeopleChanged(s.server.context, storeIds);
  const { code } = await issuePinCode(s.server.db, id, HO, s.clock.now);
  const res = await new WebClient(s.server.url).post('/staff/pin', { code, pin, pin2: pin });
  expect(res.status).toBe(200);
  return id;
}

describeOnBothDatabases('store staff on the tills', (target) => {
  it('reaches the tills of its store with its PIN, is refused within a minute once disabled, and stays offline', async () => {
    const s = await startWithStore(target);
    let serverOpen = true;
    cleanups.push(() => (serverOpen ? s.server.close() : undefined));
    const elsewhere = await newStore(s.server, 'Harbour', s.clock.now);
    // A slow timer: what arrives quickly arrives because the server said so over the link.
    const a = await enrolledTill(s.server, s.storeId, 'Counter A', {
      posNo: 'PA',
      timing: { peoplePullMs: 1_000 },
    });
    cleanups.push(() => a.close());
    const b = await enrolledTill(s.server, elsewhere, 'Counter B', {
      posNo: 'PB',
      timing: { peoplePullMs: 1_000 },
    });
    cleanups.push(() => b.close());
    await waitForLink(a, (x) => x.state === 'online', 'online');

    const mia = await addWithPin(s, 'Mia Chen', '4719');
    const joe = await addWithPin(s, 'Joe Park', '5820');
    const listed = await until('till A to have both with their PINs', () => {
      const p = tillPeople(a).people;
      return p.length === 2 && p.every((x) => x.pin_hash !== null) ? p : null;
    });
    expect(listed.map((p) => [p.id, p.name, p.role, p.disabled_at])).toEqual(
      [
        [mia, 'Mia Chen', 'cashier', null],
        [joe, 'Joe Park', 'cashier', null],
      ].sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
    );
    // The till's own PIN checker takes the PIN each set on the server, and no other.
    const hashOf = (id: string) => listed.find((p) => p.id === id)!.pin_hash!;
    expect(checkPin('4719', hashOf(mia))).toBe(true);
    expect(checkPin('5820', hashOf(joe))).toBe(true);
    expect(checkPin('5820', hashOf(mia))).toBe(false);

    // Till B (another store) pulled since, and has neither.
    const after = Date.now();
    await until('till B to have pulled its list since', () => (tillPeople(b).syncedAt ?? 0) >= after || null);
    expect(tillPeople(b).people).toEqual([]);

    // Disabled on the server: disabled at the till, its hash gone, well within a minute.
    const disabledAt = Date.now();
    const change = await setStaffDisabled(s.server.db, mia, true, HO, s.clock.now);
    await tellTillsPeopleChanged(s.server.context, change.storeIds);
    await until(
      'till A to have Mia disabled',
      () => {
        const p = tillPeople(a).people.find((x) => x.id === mia);
        return p?.disabled_at != null && p.pin_hash === null ? p : null;
      },
      60_000,
    );
    expect(Date.now() - disabledAt).toBeLessThan(60_000);

    // A change whose link message is lost (none sent here) still arrives, on the till's own timer.
    const ken = await createStaff(
      s.server.db,
      { name: 'Ken', role: 'manager', storeIds: [s.storeId] },
      HO,
      s.clock.now,
    );
    await until(
      'till A to have Ken, from its timer',
      () => tillPeople(a).people.some((p) => p.id === ken.id) || null,
    );
    await setStaffDisabled(s.server.db, ken.id, true, HO, s.clock.now);
    await until(
      'till A to have Ken disabled, from its timer',
      () => tillPeople(a).people.find((p) => p.id === ken.id)?.disabled_at != null || null,
      60_000,
    );

    // The server goes away: the till keeps its list and the list's time, through failed pulls. (Pulls run one
    // at a time, so once one has failed, every later one meets the closed server.)
    const failed = () => a.runtime.storeLink.peopleSyncCounts()!.failed;
    const before = failed();
    serverOpen = false;
    await s.server.close();
    await until('a pull to fail', () => failed() > before || null, 30_000);
    const kept = tillPeople(a);
    await until('two more pulls to fail', () => failed() >= before + 3 || null, 30_000);
    expect(tillPeople(a)).toEqual(kept);
    expect(kept.syncedAt).not.toBeNull();
    expect(kept.people.find((p) => p.id === joe)).toMatchObject({ disabled_at: null, pin_hash: hashOf(joe) });
    expect(kept.people.find((p) => p.id === mia)).toMatchObject({ pin_hash: null });
  });
});
