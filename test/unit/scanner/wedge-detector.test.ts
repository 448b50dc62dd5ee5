import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_WEDGE_OPTIONS,
  WedgeDetector,
  type WedgeDetectorOptions,
  type WedgeKeyEvent,
  type WedgeScan,
  type WedgeScheduler,
} from '../../../renderer/src/scanner/wedge-detector';

/** A virtual clock: timers fire in order as time is advanced, so timing sequences are exact and instant. */
class VirtualClock implements WedgeScheduler {
  private t = 0;
  private nextId = 1;
  private timers = new Map<number, { at: number; fn: () => void }>();
  now(): number {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.set(id, { at: this.t + ms, fn });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }
  advanceTo(target: number): void {
    for (;;) {
      let due: [number, { at: number; fn: () => void }] | undefined;
      for (const entry of this.timers)
        if (entry[1].at <= target && (!due || entry[1].at < due[1].at)) due = entry;
      if (!due) break;
      this.timers.delete(due[0]);
      this.t = Math.max(this.t, due[1].at);
      due[1].fn();
    }
    this.t = Math.max(this.t, target);
  }
}

interface Step extends Partial<WedgeKeyEvent> {
  key: string;
  /** Milliseconds after the previous step. */
  dt: number;
}

interface Outcome {
  /** What the focused field contains at the end. */
  field: string;
  /** When each character reached the field, in field order. */
  inserted: Array<{ ch: string; at: number }>;
  scans: WedgeScan[];
  /** Enter/Tab keys that reached the page (would submit or move focus). */
  passedTerminators: number;
  /** The time each step was pressed. */
  pressedAt: number[];
}

/**
 * Plays key steps into a detector the way the renderer uses it: 'hold' → preventDefault, 'pass' → the
 * browser's default action (insert the character, delete on Backspace), onType → insert released keys.
 */
function play(steps: Step[], options: Partial<WedgeDetectorOptions> = {}): Outcome {
  const clock = new VirtualClock();
  const out: Outcome = { field: '', inserted: [], scans: [], passedTerminators: 0, pressedAt: [] };
  const insert = (text: string): void => {
    for (const ch of text) out.inserted.push({ ch, at: clock.now() });
    out.field += text;
  };
  const detector = new WedgeDetector({ onScan: (s) => out.scans.push(s), onType: insert }, options, clock);
  let t = 1000;
  for (const step of steps) {
    t += step.dt;
    clock.advanceTo(t);
    out.pressedAt.push(t);
    const { dt: _dt, ...ev } = step;
    const decision = detector.keydown({ ...ev, timeStamp: t });
    if (decision === 'hold') continue;
    if (step.key.length === 1 && !step.ctrlKey && !step.metaKey && !step.altKey) insert(step.key);
    else if (step.key === 'Backspace') out.field = out.field.slice(0, -1);
    else if (step.key === 'Enter' || step.key === 'Tab') out.passedTerminators++;
  }
  clock.advanceTo(t + 10_000);
  return out;
}

const keys = (text: string, dt: number | (() => number)): Step[] =>
  [...text].map((key) => ({ key, dt: typeof dt === 'number' ? dt : dt() }));

/** Deterministic jitter for hand-written sequences. */
function jitter(seed: number, min: number, max: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return min + (x % (max - min + 1));
  };
}

const WECHAT = '134567890123456789';
const ALIPAY = '281234567890123456';
const RELEASE_BOUND = DEFAULT_WEDGE_OPTIONS.maxInterKeyMs + DEFAULT_WEDGE_OPTIONS.releaseSlackMs;

describe('WedgeDetector timing sequences', () => {
  it('takes a fast scanner (2–5 ms per key) + Enter as one scan; nothing reaches the field', () => {
    const out = play([
      { key: WECHAT[0] ?? '', dt: 0 },
      ...keys(WECHAT.slice(1), jitter(1, 2, 5)),
      { key: 'Enter', dt: 3 },
    ]);
    expect(out.scans.map((s) => [s.code, s.terminator, s.keys])).toEqual([[WECHAT, 'Enter', 18]]);
    expect(out.field).toBe('');
    expect(out.passedTerminators).toBe(0);
  });

  it('takes a slow scanner (20 ms per key) + Tab as a scan', () => {
    const out = play([...keys(ALIPAY, 20), { key: 'Tab', dt: 20 }]);
    expect(out.scans.map((s) => s.code)).toEqual([ALIPAY]);
    expect(out.field).toBe('');
    expect(out.passedTerminators).toBe(0);
  });

  it('ends a scan from a scanner without terminator after the idle timeout, and swallows a late Enter', () => {
    const out = play([...keys(WECHAT, 5), { key: 'Enter', dt: 150 }]);
    expect(out.scans.map((s) => [s.code, s.terminator])).toEqual([[WECHAT, 'idle']]);
    expect(out.passedTerminators).toBe(0);
    const later = play([...keys(WECHAT, 5), { key: 'Enter', dt: 2000 }]);
    expect(later.passedTerminators).toBe(1);
  });

  it('tolerates a hiccup inside a committed scan', () => {
    const out = play([
      ...keys(WECHAT.slice(0, 10), 4),
      ...keys(WECHAT.slice(10, 11), 70),
      ...keys(WECHAT.slice(11), 4),
      { key: 'Enter', dt: 4 },
    ]);
    expect(out.scans.map((s) => s.code)).toEqual([WECHAT]);
    expect(out.field).toBe('');
  });

  it('reads capitals a scanner types with Shift', () => {
    const steps: Step[] = [];
    for (const ch of 'ABcd1234EF') {
      if (ch !== ch.toLowerCase()) steps.push({ key: 'Shift', dt: 2 });
      steps.push({ key: ch, dt: 3 });
    }
    const out = play([...steps, { key: 'Enter', dt: 3 }]);
    expect(out.scans.map((s) => s.code)).toEqual(['ABcd1234EF']);
  });

  it('lets a person type an amount (80–200 ms per key) and press Enter: no scan, nothing lost', () => {
    const out = play([...keys('12.50', jitter(7, 80, 200)), { key: 'Enter', dt: 150 }]);
    expect(out.scans).toEqual([]);
    expect(out.field).toBe('12.50');
    expect(out.passedTerminators).toBe(1);
    for (let i = 0; i < 5; i++) {
      expect((out.inserted[i]?.at ?? Infinity) - (out.pressedAt[i] ?? 0)).toBeLessThanOrEqual(RELEASE_BOUND);
    }
  });

  it('never takes a PIN typed quickly (80 ms per key) for a scan', () => {
    const out = play([...keys('90817263', 80), { key: 'Enter', dt: 80 }]);
    expect(out.scans).toEqual([]);
    expect(out.field).toBe('90817263');
  });

  it('keeps what a person typed and keeps the scan out of the field when a scan comes mid-field', () => {
    const out = play([
      ...keys('12', 150),
      { key: WECHAT[0] ?? '', dt: 900 },
      ...keys(WECHAT.slice(1), 4),
      { key: 'Enter', dt: 4 },
      { key: '3', dt: 700 },
    ]);
    expect(out.scans.map((s) => s.code)).toEqual([WECHAT]);
    expect(out.field).toBe('123');
    expect(out.passedTerminators).toBe(0);
  });

  it('gives back a short fast burst (rollover) as typing, before the Enter that follows', () => {
    const out = play([...keys('1', 0), ...keys('00', 15), { key: 'Enter', dt: 10 }]);
    expect(out.scans).toEqual([]);
    expect(out.field).toBe('100');
    expect(out.passedTerminators).toBe(1);
  });

  it('does not treat paste (Ctrl+V, then one input event) as a scan', () => {
    const out = play([
      { key: 'Control', dt: 0 },
      { key: 'v', dt: 40, ctrlKey: true },
    ]);
    expect(out.scans).toEqual([]);
    expect(out.field).toBe('');
  });

  it('keeps order when Backspace follows a held key', () => {
    const out = play([
      { key: '5', dt: 0 },
      { key: 'Backspace', dt: 10 },
      { key: '6', dt: 120 },
    ]);
    expect(out.field).toBe('6');
  });

  it('never takes auto-repeat of a held key for a scan', () => {
    const out = play([
      { key: '0', dt: 0 },
      ...Array.from({ length: 20 }, () => ({ key: '0', dt: 20, repeat: true })),
      { key: 'Enter', dt: 20 },
    ]);
    expect(out.scans).toEqual([]);
    expect(out.field).toBe('0'.repeat(21));
    expect(out.passedTerminators).toBe(1);
  });

  it('passes a lone Space straight through (a focused button) but keeps spaces inside a scan', () => {
    const lone = play([{ key: ' ', dt: 0 }]);
    expect(lone.inserted[0]?.at).toBe(lone.pressedAt[0]);
    const scan = play([...keys('CODE 39 VALUE', 3), { key: 'Enter', dt: 3 }]);
    expect(scan.scans.map((s) => s.code)).toEqual(['CODE 39 VALUE']);
  });

  it('releases a lone key by timer within the bound', () => {
    const out = play([{ key: '7', dt: 0 }]);
    expect(out.field).toBe('7');
    expect((out.inserted[0]?.at ?? Infinity) - (out.pressedAt[0] ?? 0)).toBeLessThanOrEqual(RELEASE_BOUND);
  });

  it('rejects inconsistent thresholds', () => {
    const cb = { onScan: () => undefined, onType: () => undefined };
    expect(() => new WedgeDetector(cb, { minLength: 1 })).toThrow();
    expect(() => new WedgeDetector(cb, { maxInterKeyMs: 50, scanIdleTimeoutMs: 20 })).toThrow();
  });
});

const printable = fc.constantFrom(...'0123456789.abcdefghijklmnopqrstuvwxyzABCDEF-'.split(''));

describe('WedgeDetector properties', () => {
  it('never takes human-speed typing (≥ 80 ms per key, jittered) for a scan, nor delays it beyond the bound', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            key: fc.oneof(
              { weight: 10, arbitrary: printable },
              { weight: 1, arbitrary: fc.constantFrom('Backspace', 'Enter', 'Tab') },
            ),
            dt: fc.integer({ min: 80, max: 900 }),
          }),
          { minLength: 1, maxLength: 60 },
        ),
        (steps) => {
          const out = play(steps);
          expect(out.scans).toEqual([]);
          let expected = '';
          for (const s of steps) {
            if (s.key === 'Backspace') expected = expected.slice(0, -1);
            else if (s.key.length === 1) expected += s.key;
          }
          expect(out.field).toBe(expected);
          const pressedChars = steps.flatMap((s, i) => (s.key.length === 1 ? [out.pressedAt[i] ?? 0] : []));
          expect(out.inserted).toHaveLength(pressedChars.length);
          out.inserted.forEach((ins, i) => {
            expect(ins.at - (pressedChars[i] ?? 0)).toBeLessThanOrEqual(RELEASE_BOUND);
          });
          expect(out.passedTerminators).toBe(
            steps.filter((s) => s.key === 'Enter' || s.key === 'Tab').length,
          );
        },
      ),
      { numRuns: 500 },
    );
  });

  it('never takes typing with occasional rollover pairs (two keys 0–30 ms apart) for a scan', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            printable,
            fc.integer({ min: 80, max: 600 }),
            fc.boolean(),
            printable,
            fc.integer({ min: 0, max: 30 }),
          ),
          {
            minLength: 1,
            maxLength: 30,
          },
        ),
        (groups) => {
          const steps: Step[] = [];
          let expected = '';
          for (const [a, gap, pair, b, fast] of groups) {
            steps.push({ key: a, dt: gap });
            expected += a;
            if (pair) {
              steps.push({ key: b, dt: fast });
              expected += b;
            }
          }
          steps.push({ key: 'Enter', dt: 200 });
          const out = play(steps);
          expect(out.scans).toEqual([]);
          expect(out.field).toBe(expected);
          // A key of a fast pair waits for the pair to end: 30 ms plus the release bound at most.
          const pressed = steps.flatMap((s, i) => (s.key.length === 1 ? [out.pressedAt[i] ?? 0] : []));
          out.inserted.forEach((ins, i) => {
            expect(ins.at - (pressed[i] ?? 0)).toBeLessThanOrEqual(30 + RELEASE_BOUND);
          });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('delivers any scan at 1–20 ms per key exactly, whatever was typed before it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(printable, fc.integer({ min: 80, max: 600 })), { maxLength: 6 }),
        fc.array(printable, { minLength: 8, maxLength: 40 }),
        fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 41, maxLength: 41 }),
        fc.constantFrom('Enter', 'Tab'),
        (typed, codeChars, gaps, terminator) => {
          const code = codeChars.join('');
          const steps: Step[] = typed.map(([key, dt]) => ({ key, dt }));
          steps.push(...codeChars.map((key, i) => ({ key, dt: i === 0 ? 500 : (gaps[i] ?? 5) })));
          steps.push({ key: terminator, dt: gaps[40] ?? 5 });
          const out = play(steps);
          expect(out.scans.map((s) => s.code)).toEqual([code]);
          expect(out.field).toBe(typed.map(([k]) => k).join(''));
          expect(out.passedTerminators).toBe(0);
        },
      ),
      { numRuns: 500 },
    );
  });
});
