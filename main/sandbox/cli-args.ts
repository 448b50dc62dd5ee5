import { parseOptions } from '../shared/cli';
import { DEFAULT_CLI_PORT, DEFAULT_HOST, DEFAULT_MERCHANT } from './options';
import { parseSwitchArgument, SWITCH_NAMES, type SandboxSwitches } from './switches';

export interface CliConfig {
  host: string;
  port: number;
  mNumber: string;
  secretKey: string;
  timeScale: number;
  publicUrl: string | undefined;
  switches: Partial<SandboxSwitches>;
  /** Where each value came from, for the start banner. */
  sources: { port: Source; mNumber: Source; secretKey: Source };
}
type Source = 'flag' | 'env' | 'default';

export const CLI_USAGE = `Usage: npm run sandbox -- [options]

  --port <n>          TCP port (env OMIPAY_SANDBOX_PORT, default ${DEFAULT_CLI_PORT}; 0 = any free port)
  --host <addr>       Listen address (default ${DEFAULT_HOST})
  --m-number <id>     Merchant number (env OMIPAY_M_NUMBER, default ${DEFAULT_MERCHANT.mNumber})
  --secret-key <key>  Secret key (env OMIPAY_SECRET_KEY, default ${DEFAULT_MERCHANT.secretKey})
  --time-scale <x>    Multiplies scenario, refund and retry delays (default 1)
  --public-url <url>  Base URL written into qrcode/pay_url (e.g. http://192.168.1.20:8787)
  --switch <n=v>      Set a behaviour switch, repeatable (e.g. --switch orderNoFormat=hex32); one of:
                      ${SWITCH_NAMES.join(', ')}
  --help              Show this help`;

export class CliUsageError extends Error {
  override name = 'CliUsageError';
}

export function parseCliArgs(argv: string[], env: NodeJS.ProcessEnv): CliConfig | 'help' {
  const values = parseOptions(
    argv,
    {
      port: { type: 'string' },
      host: { type: 'string' },
      'm-number': { type: 'string' },
      'secret-key': { type: 'string' },
      'time-scale': { type: 'string' },
      'public-url': { type: 'string' },
      switch: { type: 'string', multiple: true },
      help: { type: 'boolean' },
    },
    CliUsageError,
  );
  if (values.help) return 'help';

  const pick = (
    flag: string | undefined,
    envValue: string | undefined,
    fallback: string,
  ): [string, Source] => {
    if (flag !== undefined) return [flag, 'flag'];
    if (envValue !== undefined && envValue !== '') return [envValue, 'env'];
    return [fallback, 'default'];
  };
  const [portText, portSource] = pick(values.port, env.OMIPAY_SANDBOX_PORT, String(DEFAULT_CLI_PORT));
  const [mNumber, mSource] = pick(values['m-number'], env.OMIPAY_M_NUMBER, DEFAULT_MERCHANT.mNumber);
  const [secretKey, keySource] = pick(
    values['secret-key'],
    env.OMIPAY_SECRET_KEY,
    DEFAULT_MERCHANT.secretKey,
  );

  if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535) {
    throw new CliUsageError('--port must be an integer 0–65535');
  }
  if (!/^[A-Za-z0-9_-]{1,32}$/.test(mNumber))
    throw new CliUsageError('--m-number must be 1–32 of [A-Za-z0-9_-]');
  if (secretKey.length === 0 || secretKey.length > 256)
    throw new CliUsageError('--secret-key must be 1–256 characters');
  const scaleText = values['time-scale'] ?? '1';
  const timeScale = Number(scaleText);
  if (scaleText.trim() === '' || !Number.isFinite(timeScale) || timeScale < 0) {
    throw new CliUsageError('--time-scale must be a number ≥ 0');
  }
  let switches: Partial<SandboxSwitches> = {};
  for (const text of values.switch ?? []) {
    try {
      switches = { ...switches, ...parseSwitchArgument(text) };
    } catch (err) {
      throw new CliUsageError(err instanceof Error ? err.message : 'bad --switch');
    }
  }
  return {
    switches,
    host: values.host ?? DEFAULT_HOST,
    port: Number(portText),
    mNumber,
    secretKey,
    timeScale,
    publicUrl: values['public-url'],
    sources: { port: portSource, mNumber: mSource, secretKey: keySource },
  };
}
