/**
 * Crash safety: a child process journals sales in a loop and prints each id after its commit returned; it is
 * killed with SIGKILL mid-loop (twice, on the same file). On reopen the file is healthy and every acknowledged
 * write is there, whole: no sale without its attempt and event, no acknowledged update lost.
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openJournal } from '../../main/journal/journal';
import { tempDir } from '../unit/journal/fixtures';

const root = tempDir();
const dir = join(root, 'data');
afterAll(() => rmSync(root, { recursive: true, force: true }));

const CHILD = join(__dirname, '..', 'unit', 'journal', 'children', 'crash-writer.ts');

/** Runs the writer until it has acknowledged `acks` sales, then SIGKILLs it; returns the acknowledged ids. */
function runAndKill(acks: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const ids: string[] = [];
    let stderr = '';
    let killed = false;
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    createInterface({ input: child.stdout }).on('line', (line) => {
      ids.push(line);
      if (ids.length >= acks && !killed) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(ids);
      else reject(new Error(`writer exited ${code} ${signal}: ${stderr}`));
    });
  });
}

describe('journal after SIGKILL', () => {
  it('opens, passes integrity_check and holds every acknowledged write, twice over', async () => {
    const acked: string[] = [];
    for (const round of [1, 2]) {
      acked.push(...(await runAndKill(150 * round)));
      const j = openJournal({ dir, timeZone: 'Australia/Sydney' });
      try {
        expect(j.integrityCheck()).toEqual(['ok']);
        for (const id of acked) {
          const sale = j.getSale(id);
          expect(sale, id).toBeDefined();
          expect(
            j.listAttempts(id).map((a) => a.status),
            id,
          ).toEqual(['userpaying']);
          expect(j.listEvents({ entity: 'sale', entityId: id })).toHaveLength(1);
        }
      } finally {
        j.close();
      }
      // Whatever was in flight at the kill is all-or-nothing: every sale has its attempt and its event.
      const db = new Database(join(dir, 'journal.sqlite'), { readonly: true });
      const orphans = db
        .prepare(
          `SELECT count(*) AS n FROM sales s WHERE NOT EXISTS (SELECT 1 FROM attempts a WHERE a.sale_id = s.id)
             OR NOT EXISTS (SELECT 1 FROM events e WHERE e.entity_id = s.id)`,
        )
        .get() as { n: number };
      expect(orphans.n).toBe(0);
      const dupes = db.prepare('SELECT count(*) - count(DISTINCT out_order_no) AS n FROM attempts').get() as {
        n: number;
      };
      expect(dupes.n).toBe(0);
      db.close();
    }
    expect(new Set(acked).size).toBe(acked.length);
  }, 60_000);
});
