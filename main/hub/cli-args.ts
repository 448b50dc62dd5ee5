import { resolve } from 'node:path';
import { parseOptions } from '../shared/cli';

export const DEFAULT_HUB_PORT = 8765;
export const DEFAULT_DEV_DATA_DIR = './.data';

export interface HubCliConfig {
  dataDir: string;
  host: string;
  port: number;
  /** False when the port is the default: a busy default port falls back to any free port. */
  portExplicit: boolean;
  /** Public base URL Omipay can reach (reverse proxy / tunnel); enables notify_url. */
  publicUrl: string | undefined;
  allowedHosts: string[];
  rebuild: boolean;
  /** Where the built screens are (env OMIPAY_POS_STATIC_DIR; default dist/renderer, built there when missing). */
  staticDir?: string;
}

export const HUB_USAGE = `Usage: npm run hub -- [options]

  --data-dir <dir>      Journal, config.json and secret-key live here
                        (env OMIPAY_POS_DATA_DIR; default ${DEFAULT_DEV_DATA_DIR}, meant for development)
  --host <addr>         Listen address (env OMIPAY_POS_HUB_HOST; default 127.0.0.1). Any other address,
                        e.g. 0.0.0.0 for the shop's LAN, turns on pairing: the printed link carries the token.
  --port <n>            TCP port (env OMIPAY_POS_HUB_PORT; default ${DEFAULT_HUB_PORT}; 0 = any free port)
  --public-url <url>    Public base URL that forwards to this hub, so Omipay can send payment notifications
                        (env OMIPAY_POS_PUBLIC_URL)
  --allow-host <name>   Extra host name browsers use to reach the hub (repeatable), e.g. pos.local
  --rebuild             Build the cashier screens even when dist/renderer exists
                        (env OMIPAY_POS_STATIC_DIR: serve the screens from that directory instead)
  --help                Show this help`;

export class HubUsageError extends Error {
  override name = 'HubUsageError';
}

export function parseHubArgs(argv: string[], env: NodeJS.ProcessEnv): HubCliConfig | 'help' {
  const values = parseOptions(
    argv,
    {
      'data-dir': { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
      'public-url': { type: 'string' },
      'allow-host': { type: 'string', multiple: true },
      rebuild: { type: 'boolean' },
      help: { type: 'boolean' },
    },
    HubUsageError,
  );
  if (values.help) return 'help';

  const portText = values.port ?? env.OMIPAY_POS_HUB_PORT;
  let port = DEFAULT_HUB_PORT;
  if (portText !== undefined && portText !== '') {
    if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535) {
      throw new HubUsageError(`--port must be 0–65535, got ${JSON.stringify(portText)}`);
    }
    port = Number(portText);
  }
  const host = (values.host ?? env.OMIPAY_POS_HUB_HOST ?? '127.0.0.1').trim();
  if (!/^[A-Za-z0-9.:-]{1,253}$/.test(host))
    throw new HubUsageError(`--host is not an address: ${JSON.stringify(host)}`);

  const publicUrl = values['public-url'] ?? env.OMIPAY_POS_PUBLIC_URL;
  if (publicUrl !== undefined && publicUrl !== '') {
    let parsed: URL;
    try {
      parsed = new URL(publicUrl);
    } catch {
      throw new HubUsageError(`--public-url is not a URL: ${JSON.stringify(publicUrl)}`);
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
      throw new HubUsageError('--public-url must be an http(s) URL');
    }
  }
  const allowedHosts = values['allow-host'] ?? [];
  for (const name of allowedHosts) {
    if (!/^[A-Za-z0-9.-]{1,253}$/.test(name))
      throw new HubUsageError(`--allow-host is not a host name: ${name}`);
  }

  return {
    dataDir: resolve(values['data-dir'] ?? env.OMIPAY_POS_DATA_DIR ?? DEFAULT_DEV_DATA_DIR),
    host,
    port,
    portExplicit: portText !== undefined && portText !== '',
    publicUrl: publicUrl === '' ? undefined : publicUrl,
    allowedHosts,
    rebuild: values.rebuild ?? false,
    ...(env.OMIPAY_POS_STATIC_DIR ? { staticDir: resolve(env.OMIPAY_POS_STATIC_DIR) } : {}),
  };
}
