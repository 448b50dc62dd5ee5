/**
 * Remembers (merchant, nonce) pairs for the signature window so a captured request cannot be replayed.
 * Bounded: expired entries are pruned, and past `maxEntries` the oldest are evicted first.
 */
export class NonceCache {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
  ) {}

  /** Records the nonce; false when it was already seen and has not expired. */
  remember(key: string, now: number): boolean {
    this.pruneExpired(now);
    const expiry = this.seen.get(key);
    if (expiry !== undefined && expiry > now) return false;
    if (expiry !== undefined) this.seen.delete(key);
    while (this.seen.size >= this.maxEntries) {
      const oldest = this.seen.keys().next();
      if (oldest.done) break;
      this.seen.delete(oldest.value);
    }
    this.seen.set(key, now + this.ttlMs);
    return true;
  }

  /**
   * Entries are kept in insertion order with one TTL, so expiries ascend from the front: stop at the first live
   * one. Amortised O(1) per call, even under a flood of requests.
   */
  private pruneExpired(now: number): void {
    for (const [key, expiry] of this.seen) {
      if (expiry > now) break;
      this.seen.delete(key);
    }
  }

  clear(): void {
    this.seen.clear();
  }

  get size(): number {
    return this.seen.size;
  }
}
