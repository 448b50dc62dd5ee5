/**
 * What a test makes and must close, closed after it in reverse order (the last thing started stops first),
 * even when the test failed.
 */
import { afterEach } from 'vitest';

export type Cleanup = () => unknown;

/** Registers the file's afterEach; push a cleanup onto the returned list as soon as its thing exists. */
export function useCleanups(): Cleanup[] {
  const cleanups: Cleanup[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  return cleanups;
}
