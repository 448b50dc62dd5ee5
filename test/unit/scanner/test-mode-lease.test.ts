// The scanner test's loan: who holds it, what ends it. Real timers shortened; sessions as the shells make them.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { PageSessions } from '../../../main/app/page-sessions';
import { CallerSession } from '../../../main/shared/caller';
import { ScannerTestLease, SCANNER_TEST_MAX_MS } from '../../../main/scanner/test-mode-lease';

function lease(maxMs?: number) {
  const modes: boolean[] = [];
  const ends: string[] = [];
  const l = new ScannerTestLease({
    setTestMode: (on) => modes.push(on),
    changed: (endsAt, why) => ends.push(endsAt === null ? why : 'on'),
    ...(maxMs ? { maxMs } : {}),
  });
  return { l, modes, ends };
}

describe('scanner test lease', () => {
  it('lasts two minutes at most by default and ends when its caller goes', () => {
    const { l, modes, ends } = lease();
    const page = new CallerSession('hub');
    const endsAt = l.start(page);
    expect(endsAt! - Date.now()).toBeGreaterThan(SCANNER_TEST_MAX_MS - 1_000);
    expect(SCANNER_TEST_MAX_MS).toBe(120_000);
    page.end();
    expect(l.endsAt).toBeNull();
    expect(modes).toEqual([true, false]);
    expect(ends).toEqual(['on', 'caller_left']);
  });

  it('a caller that is already gone cannot hold it', () => {
    const { l } = lease();
    const page = new CallerSession('hub');
    page.end();
    l.start(page);
    expect(l.endsAt).toBeNull();
  });

  it('times out by itself', async () => {
    const { l, ends } = lease(50);
    l.start(null);
    const deadline = Date.now() + 2_000;
    while (l.endsAt !== null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(ends).toEqual(['on', 'timed_out']);
  });

  it('only its holder (or the core) stops it; a later start takes it over', () => {
    const { l, ends } = lease();
    const a = new CallerSession('hub');
    const b = new CallerSession('hub');
    l.start(a);
    expect(l.stop(b)).toBe(false);
    l.start(b);
    a.end();
    expect(l.endsAt).not.toBeNull();
    expect(l.stop(null)).toBe(true);
    expect(ends).toEqual(['on', 'on', 'stopped']);
  });

  it('an Electron page reload ends the page’s session', () => {
    const sessions = new PageSessions();
    const sender = Object.assign(new EventEmitter(), { id: 7 });
    const first = sessions.of(sender);
    expect(sessions.of(sender)).toBe(first);
    sender.emit('did-navigate');
    expect(first.gone).toBe(true);
    expect(sessions.of(sender)).not.toBe(first);
  });
});
