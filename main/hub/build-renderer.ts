import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const VITE_CONFIG_FILE = fileURLToPath(new URL('../../vite.config.ts', import.meta.url));

export function isRendererBuilt(staticDir: string): boolean {
  return existsSync(join(staticDir, 'index.html'));
}

/**
 * Production build of the cashier screens with the repository's vite.config.ts. Vite is imported only here, on
 * demand, so a hub that finds the screens already built never loads it.
 */
export async function buildRenderer(options: { outDir?: string } = {}): Promise<void> {
  const { build } = await import('vite');
  // Vite bundles React's development build whenever NODE_ENV says anything but production (Vitest sets
  // "test", shells may say "development"): build exactly what ships, whoever calls.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: VITE_CONFIG_FILE,
      mode: 'production',
      logLevel: 'error',
      ...(options.outDir !== undefined ? { build: { outDir: options.outDir, emptyOutDir: true } } : {}),
    });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
}
