/**
 * A flood of concurrent requests against a token bucket, and what the bucket may let through meanwhile. On a
 * loaded machine a flood takes a while to be served and the bucket refills as it goes, so a fixed count of
 * refusals measures the machine; this bound follows the time the flood actually took.
 */
export async function flood(count: number, send: () => Promise<{ status: number }>) {
  const started = performance.now();
  const replies = await Promise.all(Array.from({ length: count }, send));
  return { statuses: replies.map((r) => r.status), elapsedMs: performance.now() - started };
}

/** The most a bucket of `burst` tokens regaining `perSecond` can allow over `elapsedMs`. */
export function bucketAllows(limit: { burst: number; perSecond: number }, elapsedMs: number): number {
  return limit.burst + Math.ceil((elapsedMs / 1000) * limit.perSecond);
}
