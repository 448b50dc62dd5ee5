/** out_order_no sequences stay unique when two processes (and two connections in one) draw from one journal. */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openJournal } from '../../main/journal/journal';
import { localTime, tempDir } from '../unit/journal/fixtures';

const root = tempDir();
afterAll(() => rmSync(root, { recursive: true, force: true }));
const CHILD = join(__dirname, '..', 'unit', 'journal', 'children', 'seq-writer.ts');
const AT = localTime('2024-03-15', '10:00');

function writer(dir: string, count: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir, String(count), String(AT)], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const done = new Promise<string[]>((resolve, reject) =>
    child.on('exit', (code) => (code === 0 ? resolve(out.trim().split('\n')) : reject(new Error(err)))),
  );
  return { go: () => child.stdin.end('go\n'), done };
}

describe('sequences under concurrency', () => {
  it('two processes never get the same out_order_no', async () => {
    const dir = join(root, 'procs');
    openJournal({ dir }).close(); // migrate first, so neither child races the schema
    const a = writer(dir, 300);
    const b = writer(dir, 300);
    // Both children have opened the journal once the first byte of stdin can be read; give the go together.
    a.go();
    b.go();
    const all = [...(await a.done), ...(await b.done)];
    expect(all).toHaveLength(600);
    expect(new Set(all).size).toBe(600);
    expect(new Set(all.map((no) => no.slice(11, 15))).size).toBe(1);
    const seqs = all.map((no) => Number(no.slice(-5))).sort((x, y) => x - y);
    expect(seqs).toEqual(Array.from({ length: 600 }, (_, i) => i + 1));
  }, 60_000);

  it('two connections in one process interleave without reuse', () => {
    const dir = join(root, 'conns');
    const j1 = openJournal({ dir, timeZone: 'Australia/Sydney' });
    const j2 = openJournal({ dir, timeZone: 'Australia/Sydney' });
    const got: string[] = [];
    for (let i = 0; i < 100; i++) got.push(j1.nextOutOrderNo('POS01', AT), j2.nextOutOrderNo('POS01', AT));
    expect(new Set(got).size).toBe(200);
    expect(got.at(-1)).toMatch(/^POS01240315[0-9A-Z]{4}00200$/);
    // Both connections agreed on one install id.
    expect(new Set(got.map((no) => no.slice(11, 15))).size).toBe(1);
    j1.close();
    j2.close();
  });
});
