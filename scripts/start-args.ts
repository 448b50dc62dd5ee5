/**
 * `npm start`'s command line: its own two flags plus every option of `npm run hub`, parsed by the hub's own
 * parser so the two can never disagree about what an option means.
 */
import { parseHubArgs, type HubCliConfig } from '../main/hub/cli-args';

export const START_USAGE = `Usage: npm start -- [--hub] [--build-only] [hub options]

  --hub                 Hub mode even when Electron is available
  --build-only          Build dist/ for electron-builder and exit
  The hub options below are accepted too; Electron uses --data-dir and ignores the rest.`;

export interface StartOptions {
  hub: boolean;
  buildOnly: boolean;
  /** True when --data-dir (or OMIPAY_POS_DATA_DIR) chose the directory, not the development default. */
  dataDirGiven: boolean;
  config: HubCliConfig;
}

const OWN_FLAGS = { '--hub': 'hub', '--build-only': 'buildOnly' } as const;

export function parseStartArgs(argv: readonly string[], env: NodeJS.ProcessEnv): StartOptions | 'help' {
  const own = { hub: false, buildOnly: false };
  const rest: string[] = [];
  for (const arg of argv) {
    const flag = OWN_FLAGS[arg as keyof typeof OWN_FLAGS];
    if (flag !== undefined) own[flag] = true;
    else rest.push(arg);
  }
  const config = parseHubArgs(rest, env);
  if (config === 'help') return 'help';
  const dataDirGiven =
    rest.some((a) => a === '--data-dir' || a.startsWith('--data-dir=')) || Boolean(env.OMIPAY_POS_DATA_DIR);
  return { ...own, dataDirGiven, config };
}
