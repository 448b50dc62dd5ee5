/**
 * Keyboard-wedge scanner detection. Pure and DOM-free: the renderer feeds it keydown events and acts on
 * its answers; tests feed it timed sequences.
 *
 * A wedge scanner "types" its code, 1–20 ms per key, then usually Enter or Tab. People type 80 ms per key
 * or slower. The detector must never take typing (an amount, a PIN) for a scan, and a scan must never
 * land in the focused field. It gets both by holding keys back instead of removing them afterwards:
 *
 *   1. Every printable key (no Ctrl/Alt/Meta, not an auto-repeat, not IME composition) is held: the
 *      caller calls preventDefault() when keydown() returns 'hold'. Space is held only inside a burst,
 *      so Space on a focused button still presses it.
 *   2. Keys that follow each other within maxInterKeyMs form a burst. While the burst is shorter than
 *      minLength it is only a candidate: as soon as it breaks (a gap longer than maxInterKeyMs, any other
 *      key, or a terminator) its keys are handed back through onType() in order, and the caller inserts
 *      them where they would have gone. A person's key therefore reaches the field at most
 *      maxInterKeyMs + releaseSlackMs after it was pressed (35 ms by default): not noticeable.
 *   3. A burst that reaches minLength keys is committed: no person types 8 keys each within 30 ms. From
 *      then on gaps of up to scanIdleTimeoutMs are tolerated (scanners and USB hubs hiccup). Enter or
 *      Tab ends the scan and is swallowed too (it must not submit the amount form); silence for
 *      scanIdleTimeoutMs ends a scan from a scanner configured without a terminator, and an Enter/Tab
 *      arriving within scanIdleTimeoutMs after that is still swallowed.
 *   4. Paste is not a scan: it arrives as one input event, not as keydowns (the Ctrl+V keydown itself is
 *      passed through and breaks any burst).
 *   5. Slow scanners. Some wedge scanners type 40–60 ms per key, slower than maxInterKeyMs, so their keys are
 *      handed back as typing. Every run of character keys is still followed with its timestamps: a run of at
 *      least minLength keys, each within typedCodeMaxInterKeyMs (60 ms: faster than any person keeps up for
 *      eight keys) and ended by Enter/Tab, is offered to onTypedCode() before the terminator goes anywhere.
 *      The caller may take it back (the keypad: a payment code is never an amount) and swallow the terminator.
 *      Settings learns a scanner's pace from such runs (onRun) and raises maxInterKeyMs to fit it.
 *
 * Event timeStamps, not processing times, decide: a busy renderer that delivers keydowns late still sees
 * the scanner's real spacing. Timers only release held keys when no further key arrives.
 */

export interface WedgeKeyEvent {
  key: string;
  /** KeyboardEvent.timeStamp: milliseconds on the same clock as the scheduler's now(). */
  timeStamp: number;
  ctrlKey?: boolean;
  altKey?: boolean;
  metaKey?: boolean;
  repeat?: boolean;
  isComposing?: boolean;
}

export type WedgeTerminator = 'Enter' | 'Tab';

export interface WedgeDetectorOptions {
  /** A key within this many ms of the previous one continues a burst. Scanners: 1–20 ms; people: ≥ 80 ms. */
  maxInterKeyMs: number;
  /** Keys a burst needs before it counts as a scan (EAN-8 is the shortest code worth reading). */
  minLength: number;
  /** Inside a committed scan: longest tolerated gap, and the silence that ends a scan with no terminator. */
  scanIdleTimeoutMs: number;
  /** Added to maxInterKeyMs before held keys are released, so a keydown already queued can still join. */
  releaseSlackMs: number;
  terminators: readonly WedgeTerminator[];
  /** A run typed this fast or faster, ended by a terminator, is offered to onTypedCode (rule 5). */
  typedCodeMaxInterKeyMs: number;
}

export const DEFAULT_WEDGE_OPTIONS: WedgeDetectorOptions = {
  maxInterKeyMs: 30,
  minLength: 8,
  scanIdleTimeoutMs: 100,
  releaseSlackMs: 5,
  terminators: ['Enter', 'Tab'],
  typedCodeMaxInterKeyMs: 60,
};

/** Most a learned pace may raise maxInterKeyMs to (the scanner config's bound). */
export const MAX_LEARNED_INTER_KEY_MS = 80;

export interface WedgeScan {
  code: string;
  /** timeStamp of the first and last key of the scan. */
  startedAt: number;
  endedAt: number;
  /** Number of character keys that made up the code (all were held, none reached the field). */
  keys: number;
  terminator: WedgeTerminator | 'idle';
}

/** Every run of character keys ended by Enter/Tab, however fast: what Settings measures a scanner's pace from. */
export interface WedgeRun {
  code: string;
  /** Milliseconds between consecutive keys (keys − 1 of them). */
  gaps: number[];
  terminator: WedgeTerminator;
}

export interface WedgeCallbacks {
  onScan(scan: WedgeScan): void;
  /** Held keys that turned out to be typing: insert them, in order, into the focused field. */
  onType(text: string): void;
  /**
   * Keys already handed back through onType that, ended by a terminator, came at scanner pace (rule 5). Return
   * true to take them back as a scan: the terminator is then swallowed.
   */
  onTypedCode?(scan: WedgeScan): boolean;
  onRun?(run: WedgeRun): void;
}

export interface WedgeScheduler {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export type WedgeDecision = 'hold' | 'pass';

/** A pause this long ends a run whatever its pace: a person thinking, not a scanner typing. */
const RUN_BREAK_MS = 1000;

function checked(o: WedgeDetectorOptions): WedgeDetectorOptions {
  if (o.minLength < 2) throw new Error('minLength must be at least 2');
  if (o.scanIdleTimeoutMs < o.maxInterKeyMs) {
    throw new Error('scanIdleTimeoutMs must not be shorter than maxInterKeyMs');
  }
  return o;
}

const defaultScheduler: WedgeScheduler = {
  now: () => globalThis.performance.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};

/** Keys that only modify the next key: a scanner presses Shift for capitals, so they neither count nor break. */
const MODIFIER_KEYS = new Set(['Shift', 'CapsLock', 'NumLock']);

interface HeldKey {
  key: string;
  t: number;
}

export class WedgeDetector {
  private options: WedgeDetectorOptions;
  private readonly callbacks: WedgeCallbacks;
  private readonly scheduler: WedgeScheduler;
  private held: HeldKey[] = [];
  /** Character keys since the last other key, held or handed back (rule 5). */
  private run: HeldKey[] = [];
  private committed = false;
  private timer: unknown = null;
  /** End of the last scan that ended by silence: its late Enter/Tab still belongs to it. */
  private idleScanEndedAt: number | null = null;

  constructor(
    callbacks: WedgeCallbacks,
    options: Partial<WedgeDetectorOptions> = {},
    scheduler = defaultScheduler,
  ) {
    this.callbacks = callbacks;
    this.options = checked({ ...DEFAULT_WEDGE_OPTIONS, ...options });
    this.scheduler = scheduler;
  }

  /** New timings (a learned scanner pace): take effect from the next key; what is held keeps its timer. */
  configure(options: Partial<WedgeDetectorOptions>): void {
    this.options = checked({ ...this.options, ...options });
  }

  /** Number of keys currently held back. */
  get pending(): number {
    return this.held.length;
  }

  keydown(ev: WedgeKeyEvent): WedgeDecision {
    if (MODIFIER_KEYS.has(ev.key)) return 'pass';
    this.expire(ev.timeStamp);

    const humanOnly = ev.ctrlKey || ev.altKey || ev.metaKey || ev.repeat || ev.isComposing;
    if (humanOnly || ev.key === 'Process' || ev.key === 'Unidentified') {
      this.run = [];
      this.finish('idle');
      this.idleScanEndedAt = null;
      return 'pass';
    }

    // Space alone activates a focused button: it may join a burst but never starts one.
    if (ev.key === ' ' && this.held.length === 0) {
      this.idleScanEndedAt = null;
      return 'pass';
    }

    if (ev.key.length === 1) {
      this.idleScanEndedAt = null;
      this.follow(ev);
      this.held.push({ key: ev.key, t: ev.timeStamp });
      if (this.held.length >= this.options.minLength) this.committed = true;
      this.arm(ev.timeStamp);
      return 'hold';
    }

    if ((this.options.terminators as readonly string[]).includes(ev.key)) {
      const terminator = ev.key as WedgeTerminator;
      const run = this.endRun(terminator);
      if (this.committed) {
        this.finish(terminator);
        return 'hold';
      }
      if (this.held.length === 0 && this.idleScanEndedAt !== null) {
        this.idleScanEndedAt = null;
        return 'hold';
      }
      this.finish(terminator);
      return run && this.callbacks.onTypedCode?.(run) ? 'hold' : 'pass';
    }

    // Backspace, arrows, Escape…: whatever was held is typing (or a finished scan) and goes first.
    this.run = [];
    this.finish('idle');
    this.idleScanEndedAt = null;
    return 'pass';
  }

  /** Ends whatever is held now (e.g. the field lost focus): typing is released, a committed scan delivered. */
  flush(): void {
    this.finish('idle');
  }

  dispose(): void {
    this.clearTimer();
    this.held = [];
    this.run = [];
    this.committed = false;
  }

  /** Rule 5: a character key joins the run when it follows the previous one at scanner pace, else starts one. */
  private follow(ev: WedgeKeyEvent): void {
    const last = this.run[this.run.length - 1];
    // Runs are reported to onRun at any pace (Settings measures them), so only an absurd gap starts a new one.
    if (last && ev.timeStamp - last.t > RUN_BREAK_MS) this.run = [];
    this.run.push({ key: ev.key, t: ev.timeStamp });
  }

  /**
   * The run a terminator ends: reported to onRun, and returned as a scan when it came at scanner pace and none
   * of it is still held as a committed scan (that one is delivered through onScan).
   */
  private endRun(terminator: WedgeTerminator): WedgeScan | null {
    const run = this.run;
    this.run = [];
    if (run.length < this.options.minLength) return null;
    const gaps = run.slice(1).map((k, i) => k.t - (run[i] as HeldKey).t);
    this.callbacks.onRun?.({ code: run.map((k) => k.key).join(''), gaps, terminator });
    if (this.committed) return null;
    // The keys at scanner pace just before the terminator: a cashier may have keyed an amount a moment earlier.
    let first = run.length - 1;
    while (first > 0 && (gaps[first - 1] ?? Infinity) <= this.options.typedCodeMaxInterKeyMs) first -= 1;
    const code = run.slice(first);
    if (code.length < this.options.minLength) return null;
    return {
      code: code.map((k) => k.key).join(''),
      startedAt: code[0]?.t ?? 0,
      endedAt: code[code.length - 1]?.t ?? 0,
      keys: code.length,
      terminator,
    };
  }

  /** A burst whose last key is older than the allowed gap ended before this moment. */
  private expire(now: number): void {
    const last = this.held[this.held.length - 1];
    if (last) {
      const limit = this.committed ? this.options.scanIdleTimeoutMs : this.options.maxInterKeyMs;
      if (now - last.t > limit) {
        const wasCommitted = this.committed;
        this.finish('idle');
        if (wasCommitted) this.idleScanEndedAt = last.t + limit;
      }
    }
    if (
      this.held.length === 0 &&
      this.idleScanEndedAt !== null &&
      now - this.idleScanEndedAt > this.options.scanIdleTimeoutMs
    ) {
      this.idleScanEndedAt = null;
    }
  }

  private finish(terminator: WedgeTerminator | 'idle'): void {
    this.clearTimer();
    const held = this.held;
    const committed = this.committed;
    this.held = [];
    this.committed = false;
    if (held.length === 0) return;
    const text = held.map((k) => k.key).join('');
    if (!committed) {
      this.callbacks.onType(text);
      return;
    }
    this.callbacks.onScan({
      code: text,
      startedAt: held[0]?.t ?? 0,
      endedAt: held[held.length - 1]?.t ?? 0,
      keys: held.length,
      terminator,
    });
  }

  private arm(lastKeyAt: number): void {
    this.clearTimer();
    const limit = this.committed ? this.options.scanIdleTimeoutMs : this.options.maxInterKeyMs;
    const due = lastKeyAt + limit + this.options.releaseSlackMs;
    const delay = Math.max(0, due - this.scheduler.now());
    this.timer = this.scheduler.setTimeout(() => {
      this.timer = null;
      const wasCommitted = this.committed;
      const last = this.held[this.held.length - 1];
      this.finish('idle');
      if (wasCommitted && last) this.idleScanEndedAt = last.t + limit;
    }, delay);
  }

  private clearTimer(): void {
    if (this.timer !== null) {
      this.scheduler.clearTimeout(this.timer);
      this.timer = null;
    }
  }
}
