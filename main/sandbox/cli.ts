#!/usr/bin/env tsx
// `npm run sandbox -- --port 8787`: the Omipay sandbox as a standalone server for merchants and testers.
import { CLI_USAGE, CliUsageError, parseCliArgs, type CliConfig } from './cli-args';
import { parseCommandLine } from '../shared/cli';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSandbox } from './sandbox';

/** The contract page: every scenario, switch and deviation from the document, with curl examples. */
const CONTRACT_PAGE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/sandbox.md');

function banner(config: CliConfig, url: string): string {
  const from = (s: string): string =>
    s === 'default' ? '(default)' : s === 'env' ? '(from environment)' : '(from flag)';
  // The default key is public (it is in the docs); a key someone configured is theirs and stays off the screen.
  const key =
    config.sources.secretKey === 'default'
      ? `${config.secretKey} (default)`
      : `set ${from(config.sources.secretKey)}, not shown`;
  return [
    `Omipay sandbox listening on ${url}`,
    `  API base    ${url}/omipay/api/v2/`,
    `  m_number    ${config.mNumber} ${from(config.sources.mNumber)}`,
    `  secret_key  ${key}`,
    `  port        ${url.split(':').pop() ?? ''} ${from(config.sources.port)}`,
    `  time scale  ${config.timeScale}`,
    `  activity    ${url}/  (recent orders, refunds, notifications and their delivery attempts)`,
    `  control     ${url}/_sandbox/  (orders, refunds, faults, clock, switches, reset)`,
    `  switches    ${
      Object.keys(config.switches).length === 0
        ? 'defaults'
        : Object.entries(config.switches)
            .map(([k, v]) => `${k}=${String(v)}`)
            .join(', ')
    }`,
    `  contract    ${CONTRACT_PAGE}`,
    `  scenarios   pay with 13000000000000SSSS (WeChat) or 28000000000000SSSS (Alipay); see docs/sandbox.md`,
    'Press Ctrl+C to stop.',
  ].join('\n');
}

async function main(): Promise<void> {
  const config = parseCommandLine(() => parseCliArgs(process.argv.slice(2), process.env), {
    text: CLI_USAGE,
    error: CliUsageError,
  });
  if (!config) return;
  const starting = startSandbox({
    host: config.host,
    port: config.port,
    merchants: [{ mNumber: config.mNumber, secretKey: config.secretKey }],
    timeScale: config.timeScale,
    publicUrl: config.publicUrl,
    switches: config.switches,
    logger: (line) => console.log(`${new Date().toISOString()} ${line}`),
  });
  // Handlers before the banner: whoever reads it may signal at once, and an unhandled SIGINT kills the process.
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping the sandbox`);
    starting
      .then((sandbox) => sandbox.close())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  const sandbox = await starting;
  if (!stopping) console.log(banner(config, sandbox.url));
}

main().catch((err: unknown) => {
  const code = (err as { code?: unknown }).code;
  console.error(`Sandbox failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(code === 'EADDRINUSE' ? 3 : 1);
});
