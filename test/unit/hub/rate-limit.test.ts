import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../../main/hub/rate-limit';

describe('RateLimiter', () => {
  it('lets a burst through, refuses the rest, and refills with time, per source', () => {
    let now = 0;
    const r = new RateLimiter({ burst: 3, perSecond: 2, now: () => now });
    expect([r.take('a'), r.take('a'), r.take('a'), r.take('a')]).toEqual([true, true, true, false]);
    expect(r.take('b')).toBe(true);
    now = 500;
    expect([r.take('a'), r.take('a')]).toEqual([true, false]);
  });

  it('remembers a bounded number of sources', () => {
    const r = new RateLimiter({ burst: 1, perSecond: 0, maxSources: 2, now: () => 0 });
    expect(r.take('a')).toBe(true);
    expect(r.take('a')).toBe(false);
    r.take('b');
    r.take('c'); // forgets 'a', the least recently seen
    expect(r.take('a')).toBe(true);
  });
});
