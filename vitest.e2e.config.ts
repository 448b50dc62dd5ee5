import { defineConfig } from 'vitest/config';

/**
 * Browser end-to-end suite: Debian Chromium against the real hub and the real core on the embedded sandbox.
 * Separate from vitest.config.ts because it builds the renderer once (globalSetup) and must run alone: one
 * worker, one browser, files in sequence.
 */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts', 'test/e2e/electron.test.ts'],
    environment: 'node',
    // The run directory first (docs/testing.md), so the renderer build lands in it too.
    globalSetup: ['test/global-setup.ts', 'test/e2e/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    maxWorkers: 1,
    fileParallelism: false,
  },
});
