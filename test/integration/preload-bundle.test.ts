/**
 * The sandboxed preload as it ships: built by the same function as `npm start` (scripts/electron-app.ts) into
 * a temp dir, then run in a bare V8 context whose `require` offers only `electron` — as in a sandboxed renderer,
 * where nothing else can be loaded. Electron itself is a stand-in here (its binary cannot run on this machine):
 * a contextBridge that records what is exposed and an ipcRenderer that records invokes.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { POS_EVENT_CHANNEL, POS_METHODS, type PosApi } from '../../contract';
import { buildPreload } from '../../scripts/electron-app';

let code = '';
beforeAll(async () => {
  const outDir = mkdtempSync(join(tmpdir(), 'pos-preload-'));
  try {
    await buildPreload(outDir);
    code = readFileSync(join(outDir, 'index.cjs'), 'utf8');
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}, 60_000);

function loadPreload() {
  const exposed = new Map<string, unknown>();
  const invokes: Array<{ channel: string; args: unknown }> = [];
  const listeners = new Map<string, (...a: unknown[]) => void>();
  const required: string[] = [];
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value) },
    ipcRenderer: {
      invoke: (channel: string, args: unknown) => {
        invokes.push({ channel, args });
        return channel.endsWith(':getSnapshot')
          ? Promise.reject(new Error('main process gone'))
          : Promise.resolve({ ok: true, value: channel });
      },
      on: (channel: string, fn: (...a: unknown[]) => void) => listeners.set(channel, fn),
      removeListener: (channel: string) => listeners.delete(channel),
    },
  };
  const module = { exports: {} };
  runInNewContext(code, {
    module,
    exports: module.exports,
    require: (name: string) => {
      required.push(name);
      if (name === 'electron') return electron;
      throw new Error(`a sandboxed preload cannot require ${name}`);
    },
  });
  return { exposed, invokes, listeners, required };
}

describe('the preload bundle', () => {
  it('is one file that needs nothing but electron, and exposes exactly window.pos', () => {
    const { exposed, required } = loadPreload();
    expect(required).toEqual(['electron']);
    expect([...exposed.keys()]).toEqual(['pos']);
    const pos = exposed.get('pos') as Record<string, unknown>;
    expect(Object.keys(pos).sort()).toEqual([...POS_METHODS, 'onEvent'].sort());
  });

  it('sends each method on its own channel and settles a failed invoke as IPC_FAILED', async () => {
    const { exposed, invokes } = loadPreload();
    const pos = exposed.get('pos') as PosApi;
    expect(await pos.startSale({ amount: '1.00' })).toEqual({ ok: true, value: 'pos:call:startSale' });
    expect(invokes).toEqual([{ channel: 'pos:call:startSale', args: { amount: '1.00' } }]);
    const failed = await pos.getSnapshot();
    expect(failed).toMatchObject({ ok: false, error: { code: 'IPC_FAILED' } });
  });

  it('hands the page the event alone, never the IPC event object', () => {
    const { exposed, listeners } = loadPreload();
    const pos = exposed.get('pos') as PosApi;
    const seen: unknown[] = [];
    const off = pos.onEvent((e) => seen.push(e));
    listeners.get(POS_EVENT_CHANNEL)?.({ sender: 'secret' }, { type: 'unresolved-count', count: 2 });
    expect(seen).toEqual([{ type: 'unresolved-count', count: 2 }]);
    off();
    expect(listeners.has(POS_EVENT_CHANNEL)).toBe(false);
  });
});
