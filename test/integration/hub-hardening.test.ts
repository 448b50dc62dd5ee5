/**
 * The hub against a real core: a fresh terminal's first manager PIN needs the setup code the POS shows (a
 * socket on the shop's network cannot claim it), and a flood of idle sockets never keeps a page out.
 */
import { describe, expect, it } from 'vitest';
import { MAX_SOCKETS, MAX_SOCKETS_PER_CLIENT, EVICTED_CLOSE_CODE } from '../../main/hub/server';
import { firstPinNotice, startHubMode, startupLines } from '../../main/hub/run';
import { withSetupCode } from '../../main/app/first-pin';
import { dispatchPosCall } from '../../contract/edge';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { startHarness } from '../helpers/runtime-harness';
import { useHub } from '../helpers/hub-harness';
import { withDeadline } from '../helpers/wait-for';
import { connectRaw, hubOrigin, makeStaticDir, socketUrl, type RawClient } from '../helpers/hub-client';

const world = useHub();

describe('first manager PIN over the hub', () => {
  it('needs the setup code the POS printed; without it, or with a wrong one, nothing is set', async () => {
    const code = world.h.runtime.setupCode();
    expect(code).toMatch(/^\d{8}$/);
    expect(firstPinNotice(code ?? '')).toContain(`${code?.slice(0, 4)} ${code?.slice(4)}`);
    const c = await connectRaw(world.wsUrl, world.origin);
    try {
      const bare = await c.request('setManagerPin', { newPin: '5827' });
      expect(bare.ok || bare.error.code).toBe('SETUP_CODE_REQUIRED');
      const wrong = String((Number(code) + 1) % 1e8).padStart(8, '0');
      const guessed = await c.request('setManagerPin', { newPin: '5827', setupCode: wrong });
      expect(guessed.ok || guessed.error.code).toBe('WRONG_SETUP_CODE');
      const weak = await c.request('setManagerPin', { newPin: '1234', setupCode: code });
      expect(weak.ok || weak.error.code).toBe('WEAK_PIN');
      const snap = await c.request('getSnapshot');
      expect(snap.ok && (snap.value as { terminal: { hasManagerPin: boolean } }).terminal.hasManagerPin).toBe(
        false,
      );
      const right = await c.request('setManagerPin', { newPin: '5827', setupCode: code });
      expect(right.ok).toBe(true);
      expect(world.h.runtime.setupCode()).toBeNull();
      // The code is spent: a later "first PIN" is a change and needs the current PIN.
      const again = await c.request('setManagerPin', { newPin: '6941', setupCode: code });
      expect(again.ok || again.error.code).toBe('CURRENT_PIN_REQUIRED');
    } finally {
      c.close();
    }
  });
});

describe('first start', () => {
  it('hub mode prints the setup code under its address; the printed code sets the first PIN', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pos-first-start-'));
    const mode = await startHubMode({
      dataDir,
      host: '127.0.0.1',
      port: 0,
      portExplicit: false,
      staticDir: makeStaticDir(),
      env: {},
      log: pino({ level: 'silent' }),
    });
    try {
      const lines = startupLines(mode);
      expect(lines[0]).toMatch(
        /^POS hub ready \(sandbox mode, this computer only\): open http:\/\/127\.0\.0\.1:/,
      );
      const printed = /setup code is (\d{4} \d{4})/.exec(lines[1] ?? '')?.[1];
      expect(printed).toBeDefined();
      const c = await connectRaw(socketUrl(mode.hub.url), hubOrigin(mode.hub.url));
      try {
        const set = await c.request('setManagerPin', { newPin: '5827', setupCode: printed });
        expect(set.ok).toBe(true);
      } finally {
        c.close();
      }
      // Once a PIN exists nothing more is printed.
      expect(startupLines(mode)).toHaveLength(1);
    } finally {
      await mode.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('the Electron window needs no code: its IPC path adds the one the core drew (stand-in for the window)', async () => {
    const local = await startHarness();
    try {
      const code = () => local.runtime.setupCode();
      // What main/app/ipc.ts does with a call from our own window, without an Electron binary.
      const viaWindow = (args: unknown) =>
        dispatchPosCall(local.runtime.api, 'setManagerPin', withSetupCode('setManagerPin', args, code));
      expect(withSetupCode('refund', { pin: '1' }, code)).toEqual({ pin: '1' });
      const r = await viaWindow({ newPin: '5827' });
      expect(r.ok).toBe(true);
      // Once set, the window's later calls carry nothing (the code is spent) and a change needs the PIN.
      expect(withSetupCode('setManagerPin', { newPin: '6941' }, code)).toEqual({ newPin: '6941' });
      const change = await viaWindow({ newPin: '6941', currentPin: '5827' });
      expect(change.ok).toBe(true);
    } finally {
      await local.close();
    }
  });
});

describe('idle sockets', () => {
  it('a flood of idle local sockets never keeps the page out: the idlest make room', async () => {
    // The page that is in use: it has asked for something.
    const page = await connectRaw(world.wsUrl, world.origin);
    expect((await page.request('hub.subscribe')).ok).toBe(true);
    const idle: RawClient[] = [];
    try {
      for (let i = 0; i < MAX_SOCKETS + 8; i++) idle.push(await connectRaw(world.wsUrl, world.origin));
      // A new page (a reload) gets in and is served.
      const reload = await connectRaw(world.wsUrl, world.origin);
      const snap = await reload.request('getSnapshot');
      expect(snap.ok).toBe(true);
      // The socket in use was never the one to go; idle ones were dropped with "try again later".
      expect((await page.request('getSnapshot')).ok).toBe(true);
      const dropped = await withDeadline(idle[0]!.closed, { what: 'the oldest idle socket to be dropped' });
      expect(dropped.code).toBe(EVICTED_CLOSE_CODE);
      const open = idle.filter((c) => c.ws.readyState === c.ws.OPEN).length;
      // One address (loopback) is one client: it holds at most its own cap, the page and the reload among them.
      expect(open + 2).toBeLessThanOrEqual(MAX_SOCKETS_PER_CLIENT);
      reload.close();
    } finally {
      for (const c of idle) c.close();
      page.close();
    }
  });
});
