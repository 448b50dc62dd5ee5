/**
 * Slow keyboard-wedge scanners (40–60 ms a key): their keys reach the page as typing, and a run at scanner pace
 * ended by Enter is offered back as a code; Settings learns the pace and widens the detector to fit it. Timed
 * key sequences on a virtual clock (the detector's scheduler), so every gap is exact.
 */
import { describe, expect, it } from 'vitest';
import { learnPace } from '../../../renderer/src/scanner/pace';
import {
  WedgeDetector,
  type WedgeRun,
  type WedgeScan,
  type WedgeScheduler,
} from '../../../renderer/src/scanner/wedge-detector';

class Clock implements WedgeScheduler {
  t = 0;
  private timers = new Map<number, { at: number; fn: () => void }>();
  private id = 1;
  now(): number {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    this.timers.set(this.id, { at: this.t + ms, fn });
    return this.id++;
  }
  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }
  advance(ms: number): void {
    const target = this.t + ms;
    for (;;) {
      const due = [...this.timers].filter(([, v]) => v.at <= target).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.t = due[1].at;
      due[1].fn();
    }
    this.t = target;
  }
}

const WECHAT = '134567890123456789';

function rig(opts: { takeBack?: boolean; maxInterKeyMs?: number } = {}) {
  const clock = new Clock();
  const typed: string[] = [];
  const scans: WedgeScan[] = [];
  const offered: WedgeScan[] = [];
  const runs: WedgeRun[] = [];
  const passed: string[] = [];
  const d = new WedgeDetector(
    {
      onScan: (s) => scans.push(s),
      onType: (t) => typed.push(t),
      onTypedCode: (s) => {
        offered.push(s);
        return opts.takeBack ?? true;
      },
      onRun: (r) => runs.push(r),
    },
    opts.maxInterKeyMs === undefined ? {} : { maxInterKeyMs: opts.maxInterKeyMs },
    clock,
  );
  /** Types `text` then Enter, `gap` ms apart (a list of gaps cycles), advancing the virtual clock between keys. */
  function type(text: string, gap: number | number[]): void {
    const gaps = Array.isArray(gap) ? gap : [gap];
    [...text, 'Enter'].forEach((key, i) => {
      if (i > 0) clock.advance(gaps[(i - 1) % gaps.length] ?? 0);
      if (d.keydown({ key, timeStamp: clock.t }) === 'pass') passed.push(key);
    });
    clock.advance(500);
  }
  return { d, clock, typed, scans, offered, runs, passed, type };
}

describe('a slow scanner at 45 ms a key', () => {
  it('is handed back as typing (default 30 ms bound) and then offered as a code, its Enter swallowed', () => {
    const r = rig();
    r.type(WECHAT, 45);
    expect(r.typed.join('')).toBe(WECHAT);
    expect(r.scans).toEqual([]);
    expect(r.offered.map((s) => s.code)).toEqual([WECHAT]);
    expect(r.offered[0]?.keys).toBe(18);
    expect(r.passed).toEqual([]);
  });

  it('lets Enter through when the caller does not take the code back (a text field had it)', () => {
    const r = rig({ takeBack: false });
    r.type(WECHAT, 45);
    expect(r.offered).toHaveLength(1);
    expect(r.passed).toEqual(['Enter']);
  });

  it('is read as a scan outright, nothing typed, once the learned pace widens the bound', () => {
    const r = rig({ maxInterKeyMs: 57 });
    r.type(WECHAT, 45);
    expect(r.scans.map((s) => s.code)).toEqual([WECHAT]);
    expect(r.typed).toEqual([]);
    expect(r.offered).toEqual([]);
  });

  it('takes effect from configure() without a new detector', () => {
    const r = rig();
    r.d.configure({ maxInterKeyMs: 75 });
    r.type(WECHAT, [58, 60, 45]);
    expect(r.scans.map((s) => s.code)).toEqual([WECHAT]);
  });

  it('offers only the keys at scanner pace: an amount keyed just before stays typing', () => {
    const r = rig();
    // "12" keyed by a person 300 ms apart, 400 ms before the scan starts.
    r.d.keydown({ key: '1', timeStamp: 0 });
    r.clock.advance(300);
    r.d.keydown({ key: '2', timeStamp: r.clock.t });
    r.clock.advance(400);
    r.type(WECHAT, 45);
    expect(r.offered.map((s) => s.code)).toEqual([WECHAT]);
    expect(r.typed.join('')).toBe(`12${WECHAT}`);
  });
});

describe('people typing are never offered as a code', () => {
  it('1880 Enter, however fast, is four keys', () => {
    const r = rig();
    r.type('1880', 40);
    expect(r.offered).toEqual([]);
    expect(r.typed.join('')).toBe('1880');
    expect(r.passed).toEqual(['Enter']);
  });

  it('eighteen digits at a person’s 90–150 ms', () => {
    const r = rig();
    r.type(WECHAT, [90, 150, 120]);
    expect(r.offered).toEqual([]);
    expect(r.passed).toEqual(['Enter']);
  });

  it('one slow gap (a person’s pause) inside the code breaks it', () => {
    const r = rig();
    r.type(WECHAT, [45, 45, 45, 45, 45, 45, 45, 45, 45, 45, 45, 45, 200, 45, 45, 45, 45]);
    expect(r.offered).toEqual([]);
  });

  it('Backspace inside the run ends it', () => {
    const r = rig();
    for (const [i, key] of [...'1345678901', 'Backspace', ...'234567', 'Enter'].entries()) {
      r.d.keydown({ key, timeStamp: i * 45 });
      r.clock.advance(45);
    }
    expect(r.offered).toEqual([]);
  });
});

describe('the runs Settings learns a pace from', () => {
  it('reports every run ended by Enter with its gaps, fast scans included', () => {
    const r = rig();
    r.type(WECHAT, 8);
    r.type(WECHAT, 45);
    expect(r.runs.map((x) => [x.code, Math.max(...x.gaps)])).toEqual([
      [WECHAT, 8],
      [WECHAT, 45],
    ]);
  });

  it('learns a bound above the slowest gap, never below 30 ms, never above 80 ms', () => {
    expect(learnPace({ gaps: Array(17).fill(45) })).toEqual({
      ok: true,
      paceMs: 45,
      slowestMs: 45,
      maxInterKeyMs: 57,
      keys: 18,
    });
    expect(learnPace({ gaps: Array(17).fill(6) })).toMatchObject({ ok: true, maxInterKeyMs: 30 });
    expect(learnPace({ gaps: [...Array(16).fill(60), 64] })).toMatchObject({ ok: true, maxInterKeyMs: 80 });
  });

  it('refuses a pace a person could keep up, and a run too short to measure', () => {
    expect(learnPace({ gaps: Array(17).fill(75) })).toEqual({
      ok: false,
      reason: 'too_slow',
      paceMs: 75,
      keys: 18,
    });
    expect(learnPace({ gaps: [...Array(16).fill(45), 120] })).toMatchObject({
      ok: false,
      reason: 'too_slow',
    });
    expect(learnPace({ gaps: [45, 45, 45] })).toEqual({ ok: false, reason: 'too_short', keys: 4 });
  });
});
