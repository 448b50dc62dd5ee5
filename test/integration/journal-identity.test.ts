/** The journal's own identity (migration 8): made with the journal, back-filled on upgrade, never changed. */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openJournal } from '../../main/journal/journal';
import { MIGRATIONS, migrate } from '../../main/journal/migrations';
import { JOURNAL_ID_PATTERN } from '../../main/shared/store-link-protocol';
import { localTime, paidSale, tempDir } from '../unit/journal/fixtures';

let dir: string;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('journal identity', () => {
  it('a new journal gets a UUID v4 that survives reopening; two journals get two', () => {
    const a = openJournal({ dir: join(dir, 'a') });
    const b = openJournal({ dir: join(dir, 'b') });
    const id = a.journalId();
    expect(id).toMatch(JOURNAL_ID_PATTERN);
    expect(b.journalId()).toMatch(JOURNAL_ID_PATTERN);
    expect(b.journalId()).not.toBe(id);
    a.close();
    b.close();
    const again = openJournal({ dir: join(dir, 'a') });
    expect(again.journalId()).toBe(id);
    again.close();
  });

  it('a version-7 journal with sales gets one identity at upgrade, its rows kept', () => {
    const path = join(dir, 'journal.sqlite');
    const old = new Database(path);
    migrate(
      old,
      MIGRATIONS.filter((m) => m.version <= 7),
    );
    old.close();
    // A sale written by the version-7 schema's app, then the upgrade.
    const db = new Database(path);
    expect(
      db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'journal_identity'").get(),
    ).toEqual({
      n: 0,
    });
    db.close();
    const j = openJournal({ dir });
    paidSale(j, { at: localTime('2024-03-15', '10:00') });
    const id = j.journalId();
    expect(id).toMatch(JOURNAL_ID_PATTERN);
    j.close();
    const reopened = openJournal({ dir });
    expect(reopened.journalId()).toBe(id);
    reopened.close();
  });

  it('cannot be changed or deleted through a raw connection', () => {
    const j = openJournal({ dir });
    const id = j.journalId();
    j.close();
    const db = new Database(join(dir, 'journal.sqlite'));
    expect(() => db.prepare("UPDATE journal_identity SET id = 'x'").run()).toThrow(/never changes/);
    expect(() => db.prepare('DELETE FROM journal_identity').run()).toThrow(/never changes/);
    expect(() =>
      db.prepare('INSERT INTO journal_identity (only, id, created_at) VALUES (2, ?, 0)').run(id),
    ).toThrow(/CHECK/);
    db.close();
  });
});
