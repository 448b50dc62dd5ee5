/**
 * A token bucket per source address, for the one path the public internet may call (Omipay's notifications).
 * Bounded in memory: past `maxSources` the least recently seen source is forgotten (it starts full again,
 * which only ever lets a forgotten source through, never blocks a fresh one).
 */
export interface RateLimiterOptions {
  /** Requests a source may make at once. */
  burst: number;
  /** Tokens a source regains per second. */
  perSecond: number;
  maxSources?: number;
  now?: () => number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly now: () => number;
  private readonly maxSources: number;

  constructor(private readonly o: RateLimiterOptions) {
    this.now = o.now ?? Date.now;
    this.maxSources = o.maxSources ?? 1024;
  }

  /** True when `source` may go ahead now (and spends one token). */
  take(source: string): boolean {
    const now = this.now();
    const b = this.buckets.get(source) ?? { tokens: this.o.burst, at: now };
    this.buckets.delete(source);
    const tokens = Math.min(this.o.burst, b.tokens + ((now - b.at) / 1000) * this.o.perSecond);
    const allowed = tokens >= 1;
    this.buckets.set(source, { tokens: allowed ? tokens - 1 : tokens, at: now });
    if (this.buckets.size > this.maxSources) {
      const oldest = this.buckets.keys().next();
      if (!oldest.done) this.buckets.delete(oldest.value);
    }
    return allowed;
  }
}
