/**
 * A fake clock for the real core: vitest's fake timers and Date stand in for the core's and the sandbox's
 * time, while HTTP, sockets and SQLite stay real. The clock moves in small steps, and before each step waits
 * for the core's quiet point (`PosRuntime.idle()`: no check, refund step or remote refund running), so a reply
 * on the wire is never overtaken by a timeout the fake time would fire, and a test that measures a schedule
 * reads the schedule, not the machine's load.
 */
import { vi } from 'vitest';

/** Small against every call timeout the core runs with (≥ 600 ms): a step never outlasts a call. */
const STEP_MS = 50;

export interface Quiet {
  idle(): Promise<void>;
}

export interface FakeClock {
  now(): number;
  /** Moves the clock on by `ms`, the core reaching its quiet point at every step. */
  advance(ms: number): Promise<void>;
  /**
   * Moves the clock on until `condition` holds, and fails naming `what` once more than `limitMs` of fake time
   * has passed without it.
   */
  advanceUntil(what: string, condition: () => boolean | Promise<boolean>, limitMs: number): Promise<void>;
  /** From now on the clock waits for this core's quiet point at every step. */
  follow(core: Quiet): void;
  uninstall(): void;
}

/** Fakes timers and Date from now on; call before starting the core so its every timer is on this clock. */
export function installFakeClock(): FakeClock {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  let core: Quiet | null = null;
  const quiet = async (): Promise<void> => {
    await core?.idle();
  };
  return {
    now: () => Date.now(),
    follow(q) {
      core = q;
    },
    async advance(ms) {
      const end = Date.now() + ms;
      while (Date.now() < end) {
        await quiet();
        await vi.advanceTimersByTimeAsync(Math.min(STEP_MS, end - Date.now()));
      }
      await quiet();
    },
    async advanceUntil(what, condition, limitMs) {
      const end = Date.now() + limitMs;
      for (;;) {
        await quiet();
        if (await condition()) return;
        if (Date.now() >= end) throw new Error(`${what}: not within ${limitMs} ms of the fake clock`);
        await vi.advanceTimersByTimeAsync(STEP_MS);
      }
    },
    uninstall() {
      core = null;
      vi.useRealTimers();
    },
  };
}
