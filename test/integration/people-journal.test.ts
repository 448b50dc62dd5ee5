/**
 * Journal migration 11 (people) in real journal files: a new journal has only the built-in cashier; an upgraded
 * one with a manager PIN has `manager-1` with the same hash and lock; attribution columns replicate; people
 * replicate without their PIN or badge hash; the store server's list is applied whole.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openJournal } from '../../main/journal/journal';
import { MIGRATIONS, migrate } from '../../main/journal/migrations';
import type { Journal, OutboxRecord } from '../../main/journal/types';
import { checkPin, hashPin } from '../../main/payments/manager-auth';
import { localTime, openSale, sessionAndSaleSql, tempDir } from '../unit/journal/fixtures';

const FAST = { N: 1 << 10, r: 8, p: 1 };
let root: string;
let j: Journal | null = null;
beforeEach(() => {
  root = tempDir();
});
afterEach(() => {
  j?.close();
  j = null;
  rmSync(root, { recursive: true, force: true });
});

const at = (time: string) => localTime('2024-05-01', time);

function open(dir: string): Journal {
  j = openJournal({ dir, timeZone: 'Australia/Sydney' });
  return j;
}

/** A journal file at migration 10, as the app before people left it, with SQL run on it at that version. */
function journalAtV10(sql: string): string {
  const dir = join(root, 'old');
  mkdirSync(dir, { recursive: true });
  const db = new Database(join(dir, 'journal.sqlite'));
  migrate(db, MIGRATIONS.slice(0, 10));
  db.exec(sql);
  db.close();
  return dir;
}

function personRecords(journal: Journal): OutboxRecord[] {
  return journal.outboxAfter(0, 10_000).filter((r) => r.entity === 'person');
}

describe('a new journal', () => {
  it('knows only the built-in cashier, who has no PIN, and replicates it', () => {
    const journal = open(join(root, 'new'));
    const people = journal.people.list();
    expect(people.map((p) => [p.id, p.name, p.role, p.pinHash, p.source])).toEqual([
      ['counter', 'Cashier', 'cashier', null, 'till'],
    ]);
    expect(personRecords(journal).map((r) => r.data)).toEqual([
      { id: 'counter', name: 'Cashier', role: 'cashier', disabled_at: null, source: 'till' },
    ]);
  });
});

describe('upgrading a journal with a manager PIN', () => {
  it('makes the PIN person manager-1 with the same hash, tries and lock step', () => {
    const hash = hashPin('4826', FAST);
    const dir = journalAtV10(`
      UPDATE manager_auth SET pin_hash = '${hash}', failed_attempts = 3, locked_until = NULL WHERE id = 1;
      INSERT INTO settings (key, value, updated_at) VALUES ('manager.lockStep', '2', 0);
    `);
    const journal = open(dir);
    const m = journal.people.get('manager-1')!;
    expect(m).toMatchObject({
      name: 'Manager',
      role: 'manager',
      source: 'till',
      pinHash: hash,
      failedAttempts: 3,
      lockedUntil: null,
      lockStep: 2,
      disabledAt: null,
      badgeHash: null,
    });
    expect(checkPin('4826', m.pinHash!)).toBe(true);
    expect(checkPin('4827', m.pinHash!)).toBe(false);
    // The record the store server gets names the manager, never the hash.
    const recs = personRecords(journal);
    expect(recs.map((r) => r.entityId)).toEqual(['counter', 'manager-1']);
    expect(JSON.stringify(recs)).not.toContain(hash.split('$')[5]!);
    expect(JSON.stringify(recs)).not.toContain('pin_hash');
  });

  it('keeps a lock in force', () => {
    const until = Date.now() + 60 * 60_000;
    const dir = journalAtV10(`
      UPDATE manager_auth SET pin_hash = '${hashPin('4826', FAST)}', failed_attempts = 5, locked_until = ${until};
    `);
    expect(open(dir).people.get('manager-1')).toMatchObject({
      failedAttempts: 5,
      lockedUntil: until,
      lockStep: 0,
    });
  });

  it('makes no manager from a till that never set a PIN', () => {
    const dir = journalAtV10('');
    expect(
      open(dir)
        .people.list()
        .map((p) => p.id),
    ).toEqual(['counter']);
  });

  it('leaves old rows unattributed and replicates the new columns from then on', () => {
    const dir = journalAtV10(sessionAndSaleSql('open'));
    const journal = open(dir);
    const db = new Database(journal.path, { readonly: true });
    try {
      expect(db.prepare('SELECT person_id, voided_by FROM sales').get()).toEqual({
        person_id: null,
        voided_by: null,
      });
      const cols = (t: string) =>
        (db.prepare(`PRAGMA table_info(${t})`).all() as { name: string }[]).map((c) => c.name);
      expect(cols('attempts')).toContain('person_id');
      expect(cols('refunds')).toEqual(expect.arrayContaining(['requested_by', 'approved_by']));
      expect(cols('sessions')).toContain('closed_by');
      expect(cols('day_closes')).toContain('closed_by');
      expect(cols('events')).toContain('person_id');
    } finally {
      db.close();
    }
    const before = journal.outboxLastSeq();
    openSale(journal, { at: at('10:00'), id: 'S2' });
    const sale = journal.outboxAfter(before, 100).find((r) => r.entity === 'sale');
    expect(sale?.data).toMatchObject({ id: 'S2', person_id: null, voided_by: null });
  });

  it('refuses a person that does not exist in an attribution column', () => {
    const journal = open(join(root, 'fk'));
    openSale(journal, { at: at('10:00'), id: 'S1' });
    const db = new Database(journal.path);
    try {
      db.pragma('foreign_keys = ON');
      expect(() => db.prepare("UPDATE sales SET person_id = 'nobody' WHERE id = 'S1'").run()).toThrow(
        /FOREIGN KEY/,
      );
      db.prepare("UPDATE sales SET person_id = 'counter' WHERE id = 'S1'").run();
    } finally {
      db.close();
    }
  });
});

describe('people in the journal', () => {
  it('never deletes a person, and a wrong PIN (lockout only) replicates nothing', () => {
    const journal = open(join(root, 'p'));
    const mei = journal.people.create({
      name: 'Mei',
      role: 'supervisor',
      pinHash: hashPin('5831', FAST),
      at: 1,
    });
    const before = journal.outboxLastSeq();
    journal.people.setLockout(mei.id, { failedAttempts: 1, lockedUntil: null, lockStep: 0 });
    expect(journal.outboxLastSeq()).toBe(before);
    journal.people.update(mei.id, { disabledAt: 5 }, 5);
    const recs = journal.outboxAfter(before, 10);
    expect(recs.map((r) => r.data)).toEqual([
      { id: mei.id, name: 'Mei', role: 'supervisor', disabled_at: 5, source: 'till' },
    ]);
    const db = new Database(journal.path);
    try {
      expect(() => db.prepare('DELETE FROM people WHERE id = ?').run(mei.id)).toThrow(/never deleted/);
    } finally {
      db.close();
    }
  });

  it('refuses to change the built-in cashier or a server person at the till', () => {
    const journal = open(join(root, 'ro'));
    expect(() => journal.people.update('counter', { name: 'Boss' }, 1)).toThrow();
    journal.people.applyServerPeople(
      [{ id: 'srv-1', name: 'Ana', role: 'cashier', pinHash: null, disabledAt: null, rev: 1 }],
      100,
    );
    expect(() => journal.people.update('srv-1', { role: 'manager' }, 101)).toThrow(/store server/);
    expect(journal.people.get('srv-1')?.role).toBe('cashier');
  });

  it('applies the store server list whole: adds, updates, disables the missing, skips a till id', () => {
    const journal = open(join(root, 's'));
    const local = journal.people.create({ id: 'local-1', name: 'Li', role: 'cashier', pinHash: null, at: 1 });
    const h1 = hashPin('5831', FAST);
    const first = journal.people.applyServerPeople(
      [
        { id: 'srv-1', name: 'Ana', role: 'cashier', pinHash: h1, disabledAt: null, rev: 1 },
        { id: 'srv-2', name: 'Bo', role: 'manager', pinHash: null, disabledAt: null, rev: 2 },
        { id: local.id, name: 'Impostor', role: 'manager', pinHash: null, disabledAt: null, rev: 3 },
      ],
      1000,
    );
    expect(first).toEqual({ added: ['srv-1', 'srv-2'], updated: [], disabled: [], skipped: ['local-1'] });
    expect(journal.people.get('local-1')).toMatchObject({ name: 'Li', role: 'cashier', source: 'till' });
    expect(journal.people.serverSyncedAt()).toBe(1000);
    journal.people.setLockout('srv-1', { failedAttempts: 4, lockedUntil: null, lockStep: 1 });

    const h2 = hashPin('7302', FAST);
    const second = journal.people.applyServerPeople(
      [{ id: 'srv-1', name: 'Ana Lee', role: 'supervisor', pinHash: h2, disabledAt: null, rev: 5 }],
      2000,
    );
    expect(second).toEqual({ added: [], updated: ['srv-1'], disabled: ['srv-2'], skipped: [] });
    // A new PIN from the server clears the lockout of the old one.
    expect(journal.people.get('srv-1')).toMatchObject({
      name: 'Ana Lee',
      role: 'supervisor',
      pinHash: h2,
      serverRev: 5,
      failedAttempts: 0,
      lockStep: 0,
      source: 'server',
    });
    expect(journal.people.get('srv-2')?.disabledAt).toBe(2000);
    expect(journal.people.serverSyncedAt()).toBe(2000);
    // The same list again changes nothing but the time.
    const seq = journal.outboxLastSeq();
    expect(
      journal.people.applyServerPeople(
        [{ id: 'srv-1', name: 'Ana Lee', role: 'supervisor', pinHash: h2, disabledAt: null, rev: 5 }],
        3000,
      ),
    ).toEqual({ added: [], updated: [], disabled: [], skipped: [] });
    expect(journal.outboxLastSeq()).toBe(seq);
    expect(journal.people.serverSyncedAt()).toBe(3000);
  });

  it('refuses a malformed server list and changes nothing', () => {
    const journal = open(join(root, 'bad'));
    const seq = journal.outboxLastSeq();
    expect(() =>
      journal.people.applyServerPeople(
        [
          { id: 'srv-1', name: 'Ana', role: 'cashier', pinHash: null, disabledAt: null, rev: 1 },
          { id: 'srv 2', name: 'Bo', role: 'owner' as never, pinHash: null, disabledAt: null, rev: 1 },
        ],
        1000,
      ),
    ).toThrow();
    expect(journal.people.list().map((p) => p.id)).toEqual(['counter']);
    expect(journal.people.serverSyncedAt()).toBeNull();
    expect(journal.outboxLastSeq()).toBe(seq);
  });
});
