import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    environment: 'node',
    // One run directory owns the run's temp dirs, processes and PostgreSQL clusters (docs/testing.md).
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Two cores: tests that spawn servers, ptys and child processes contend; keep parallelism modest.
    maxWorkers: 2,
  },
});
