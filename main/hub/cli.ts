#!/usr/bin/env tsx
// `npm run hub -- [--data-dir DIR] [--host ADDR] [--port N]`: the POS for a browser at the counter.
import { parseCommandLine } from '../shared/cli';
import { HUB_USAGE, HubUsageError, parseHubArgs } from './cli-args';
import { startHubMode, startupLines, stopOnSignals } from './run';

async function main(): Promise<void> {
  const config = parseCommandLine(() => parseHubArgs(process.argv.slice(2), process.env), {
    text: HUB_USAGE,
    error: HubUsageError,
  });
  if (!config) return;
  const mode = await startHubMode(config);
  stopOnSignals(mode);
  for (const line of startupLines(mode)) console.log(line);
}

main().catch((err: unknown) => {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE') console.error('POS hub could not start: that port is in use; pass --port <n>.');
  else console.error('POS hub could not start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
