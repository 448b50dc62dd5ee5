#!/usr/bin/env tsx
// `npm run hub -- [--data-dir DIR] [--host ADDR] [--port N]`: the POS for a browser at the counter.
import { HUB_USAGE, HubUsageError, parseHubArgs, type HubCliConfig } from './cli-args';
import { startHubMode, startupLines, stopOnSignals } from './run';

async function main(): Promise<void> {
  let config: HubCliConfig | 'help';
  try {
    config = parseHubArgs(process.argv.slice(2), process.env);
  } catch (err) {
    if (err instanceof HubUsageError) {
      console.error(`${err.message}\n\n${HUB_USAGE}`);
      process.exit(2);
    }
    throw err;
  }
  if (config === 'help') {
    console.log(HUB_USAGE);
    return;
  }
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
