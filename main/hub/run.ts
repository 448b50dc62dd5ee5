/**
 * Hub mode as a process: the POS core from a data directory plus the hub in front of it. Used by
 * `npm run hub` (./cli) and by `npm start` when there is no Electron.
 */
import pino, { type Logger } from 'pino';
import { startPosRuntime, type PosRuntime, type PosRuntimeOptions } from '../runtime';
import { buildRenderer, isRendererBuilt } from './build-renderer';
import { DEFAULT_NOTIFICATION_PATH } from './protocol';
import { DEFAULT_STATIC_DIR, startHub, type HubHandle } from './server';
import { isLoopbackHost } from './security';

export interface HubModeOptions {
  dataDir: string;
  host: string;
  port: number;
  /** When false, a busy port falls back to any free port instead of failing. */
  portExplicit: boolean;
  publicUrl?: string | undefined;
  allowedHosts?: readonly string[];
  rebuild?: boolean;
  staticDir?: string;
  env?: NodeJS.ProcessEnv;
  log?: Logger;
  /** Where the Terminal API listens, over config.json (a test's free port). */
  terminalApi?: PosRuntimeOptions['terminalApi'];
}

export interface HubMode {
  hub: HubHandle;
  runtime: PosRuntime;
  /** "sandbox mode, this computer only" etc. */
  describe: string;
  stop(): Promise<void>;
}

/** Core logs go to stderr (warnings and worse unless LOG_LEVEL says otherwise) so stdout stays the one URL line. */
export function defaultHubLogger(env: NodeJS.ProcessEnv = process.env): Logger {
  return pino(
    { level: env.LOG_LEVEL ?? 'warn', redact: ['secretKey', '*.secretKey', 'pin', '*.pin'] },
    pino.destination(2),
  );
}

/** POS_IDLE_MINUTE_MS: a test knob that shortens the idle sign-out's minute (ignored unless a whole number ≥ 1). */
function idleMinuteFromEnv(env: NodeJS.ProcessEnv): { idleMinuteMs?: number } {
  const ms = Number(env.POS_IDLE_MINUTE_MS);
  return Number.isSafeInteger(ms) && ms >= 1 ? { idleMinuteMs: ms } : {};
}

export async function startHubMode(options: HubModeOptions): Promise<HubMode> {
  const env = options.env ?? process.env;
  const log = options.log ?? defaultHubLogger(env);
  const staticDir = options.staticDir ?? DEFAULT_STATIC_DIR;
  if (options.rebuild || !isRendererBuilt(staticDir)) {
    await buildRenderer(options.staticDir !== undefined ? { outDir: staticDir } : {});
  }

  const notifyUrl = options.publicUrl
    ? new URL(
        DEFAULT_NOTIFICATION_PATH,
        options.publicUrl.endsWith('/') ? options.publicUrl : `${options.publicUrl}/`,
      ).href
    : undefined;
  const runtime = await startPosRuntime({
    dataDir: options.dataDir,
    env,
    log,
    ...(notifyUrl !== undefined ? { notifyUrl } : {}),
    ...(options.terminalApi !== undefined ? { terminalApi: options.terminalApi } : {}),
    ...idleMinuteFromEnv(env),
  });

  let hub: HubHandle;
  try {
    const hubOptions = {
      runtime,
      host: options.host,
      staticDir,
      allowedHosts: options.allowedHosts ?? [],
      log: log.child({ module: 'hub' }),
    };
    try {
      hub = await startHub({ ...hubOptions, port: options.port });
    } catch (err) {
      if (options.portExplicit || (err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
      hub = await startHub({ ...hubOptions, port: 0 });
    }
  } catch (err) {
    await runtime.close();
    throw err;
  }

  const reach = isLoopbackHost(options.host) ? 'this computer only' : 'shop network, pairing link required';
  let stopping: Promise<void> | null = null;
  return {
    hub,
    runtime,
    describe: `${runtime.mode} mode, ${reach}${runtime.terminalApi ? `; Terminal API at ${runtime.terminalApi.url}` : ''}`,
    stop() {
      stopping ??= hub.close().finally(() => runtime.close());
      return stopping;
    },
  };
}

/**
 * Printed at start while no manager PIN exists: whoever sets the first PIN must be at this computer (or be told
 * the code by whoever is), not merely on the shop's network.
 */
export function firstPinSetupLine(code: string): string {
  return `${code.slice(0, 4)} ${code.slice(4)}`;
}

/** What the hub prints when it is up: where to open it and, until a manager PIN exists, the setup code. */
export function startupLines(mode: HubMode): string[] {
  const lines = [`POS hub ready (${mode.describe}): open ${mode.hub.url} in a browser`];
  const setupCode = mode.runtime.setupCode();
  if (setupCode !== null) lines.push(firstPinNotice(setupCode));
  return lines;
}

export function firstPinNotice(code: string): string {
  return `First start: the manager PIN setup code is ${firstPinSetupLine(code)} (needed once, to set the first manager PIN / 首次设置经理 PIN 的设置码)`;
}

/** Stops cleanly on SIGINT/SIGTERM; a second signal, or a stop that hangs, exits at once. */
export function stopOnSignals(mode: HubMode, graceMs = 10_000): void {
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (signalled) process.exit(130);
    signalled = true;
    console.error(`${signal}: stopping the POS hub`);
    const force = setTimeout(() => process.exit(1), graceMs);
    force.unref();
    mode.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('POS hub did not stop cleanly:', err instanceof Error ? err.message : err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
