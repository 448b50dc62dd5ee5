import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { freePort } from '../helpers/child-process';
import { afterEach, describe, expect, it } from 'vitest';
import { callApi } from './sandbox-helpers';

const children = new Set<ChildProcessWithoutNullStreams>();

/**
 * `npx tsx main/sandbox/cli.ts …` exactly as a person runs it, in its own process group so a test can signal the
 * whole group the way a terminal's Ctrl+C does (npm does not forward a signal sent to npx alone).
 */
function runViaNpx(args: string[], env: Record<string, string> = {}): ChildProcessWithoutNullStreams {
  return track(
    spawn('npx', ['tsx', 'main/sandbox/cli.ts', ...args], {
      cwd: process.cwd(),
      env: cliEnv(env),
      detached: true,
    }),
  );
}

/** The CLI as one node process (tsx as a loader), so its own exit code is observable. */
function runDirect(args: string[], env: Record<string, string> = {}): ChildProcessWithoutNullStreams {
  return track(
    spawn(process.execPath, ['--import', 'tsx', 'main/sandbox/cli.ts', ...args], {
      cwd: process.cwd(),
      env: cliEnv(env),
      detached: true,
    }),
  );
}

/** Runs the CLI directly with `args` until it exits: its exit code and what it wrote to stderr. */
async function runToExit(args: string[]): Promise<{ code: number | null; err: string }> {
  const child = runDirect(args);
  let err = '';
  child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, err };
}

function cliEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, OMIPAY_SANDBOX_PORT: '', OMIPAY_M_NUMBER: '', OMIPAY_SECRET_KEY: '', ...env };
}

function track(child: ChildProcessWithoutNullStreams): ChildProcessWithoutNullStreams {
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

function signalGroup(child: ChildProcessWithoutNullStreams, signal: NodeJS.Signals): void {
  if (child.pid !== undefined) process.kill(-child.pid, signal);
}

/** Collects stdout until the banner's URL line appears. */
async function startedUrl(
  child: ChildProcessWithoutNullStreams,
): Promise<{ url: string; output: () => string }> {
  let out = '';
  let err = '';
  child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m?.[1] && out.includes('Press Ctrl+C')) resolve({ url: m[1], output: () => out });
    });
    child.on('exit', (code) => reject(new Error(`CLI exited early (${code}): ${err}`)));
  });
}

afterEach(() => {
  for (const child of children) {
    try {
      signalGroup(child, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
});

// Child processes compile TypeScript on start; on a busy two-core machine that alone can take seconds.
describe('sandbox CLI', { timeout: 60_000 }, () => {
  it('`npx tsx main/sandbox/cli.ts --port 0` prints its URL, serves, and stops on Ctrl+C', async () => {
    const child = runViaNpx(['--port', '0', '--time-scale', '0.5'], {
      OMIPAY_M_NUMBER: '777001',
      OMIPAY_SECRET_KEY: 'cli-secret-from-env',
    });
    const { url, output } = await startedUrl(child);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(output()).toContain('777001 (from environment)');
    expect(output()).not.toContain('cli-secret-from-env');
    expect(output()).toContain('time scale  0.5');

    const merchant = { mNumber: '777001', secretKey: 'cli-secret-from-env' };
    const r = await callApi(url, 'GetExchangeRate', {}, { merchant });
    expect(r.json.return_code).toBe('SUCCESS');
    const wrong = await callApi(
      url,
      'GetExchangeRate',
      {},
      { merchant: { mNumber: '100001', secretKey: 'x' } },
    );
    expect(wrong.json.error_code).toBe('MERCHANTNO_INVALID');

    const exited = once(child, 'exit');
    signalGroup(child, 'SIGINT');
    await exited;
    expect(output()).toContain('GET GetExchangeRate → SUCCESS');
    expect(output()).toContain('SIGINT: stopping the sandbox');
    await expect(fetch(`${url}/_sandbox/orders`)).rejects.toThrow();
  });

  it('takes the port from OMIPAY_SANDBOX_PORT, prints the documented defaults, exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const child = runDirect([], { OMIPAY_SANDBOX_PORT: String(port) });
    const { url, output } = await startedUrl(child);
    expect(url).toBe(`http://127.0.0.1:${port}`);
    expect(output()).toContain(`port        ${port} (from environment)`);
    expect(output()).toContain('100001 (default)');
    expect(output()).toContain('sandboxsecret0000000000000000000 (default)');
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const [code] = (await exited) as [number | null];
    expect(code).toBe(0);
    await expect(fetch(`${url}/_sandbox/orders`)).rejects.toThrow();
  });

  it('prints where the contract page and the activity page are, and applies --switch', async () => {
    const child = runDirect([
      '--port',
      '0',
      '--switch',
      'orderNoFormat=hex32',
      '--switch',
      'unpaidExpiryMs=60000',
    ]);
    const { url, output } = await startedUrl(child);
    const contract = /contract +(\S+)/.exec(output())?.[1] ?? '';
    expect(contract).toMatch(/docs\/sandbox\.md$/);
    expect(existsSync(contract)).toBe(true);
    expect(output()).toContain(`activity    ${url}/`);
    expect(output()).toContain('switches    orderNoFormat=hex32, unpaidExpiryMs=60000');
    const switches = (await (await fetch(`${url}/_sandbox/switches`)).json()) as { switches: object };
    expect(switches.switches).toMatchObject({ orderNoFormat: 'hex32', unpaidExpiryMs: 60000 });
    expect((await fetch(`${url}/`)).headers.get('content-type')).toMatch(/^text\/html/);
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    await exited;
  });

  it('refuses an unknown --switch with exit code 2', async () => {
    const { code, err } = await runToExit(['--switch', 'colour=blue']);
    expect(code).toBe(2);
    expect(err).toContain('colour');
  });

  it('refuses bad flags with exit code 2 and the usage text', async () => {
    const { code, err } = await runToExit(['--port', 'eighty']);
    expect(code).toBe(2);
    expect(err).toContain('--port must be an integer');
    expect(err).toContain('Usage:');
  });
});
