export type Cancel = () => void;

/** Owns every timer the sandbox starts so close()/reset() can stop them all at once. */
export class Scheduler {
  private readonly timers = new Set<NodeJS.Timeout>();

  after(ms: number, fn: () => void): Cancel {
    const t = setTimeout(
      () => {
        this.timers.delete(t);
        fn();
      },
      Math.max(0, Math.round(ms)),
    );
    // The listening server keeps the process alive; a pending timer alone should not.
    t.unref();
    this.timers.add(t);
    return () => {
      clearTimeout(t);
      this.timers.delete(t);
    };
  }

  /** Resolves after ms unless cancelled by cancelAll (then it never resolves; callers must not depend on it). */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.after(ms, resolve));
  }

  cancelAll(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  get pending(): number {
    return this.timers.size;
  }
}
