/** Builds the cashier screens once per e2e run (production mode) into a temp dir the hub serves. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildRenderer } from '../../main/hub/build-renderer';

declare module 'vitest' {
  export interface ProvidedContext {
    rendererDir: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const outDir = mkdtempSync(join(tmpdir(), 'pos-e2e-renderer-'));
  // Vitest runs with NODE_ENV=test, and Vite bundles React's development build whenever NODE_ENV is set to
  // anything but production: build exactly what ships.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await buildRenderer({ outDir });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  project.provide('rendererDir', outDir);
  return () => rmSync(outDir, { recursive: true, force: true });
}
