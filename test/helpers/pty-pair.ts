import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, open, type FileHandle } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A pair of real pseudo-terminals joined by socat: whatever is written to `b` is read from `a` and back.
 * `a` plays the serial port the code under test opens; `b` plays the scanner.
 * `unplug()` kills socat, which removes both links and makes reads on `a` fail exactly as a pulled
 * USB-serial adapter does; `replug()` starts socat again on the same link paths.
 */
export interface PtyPair {
  readonly dir: string;
  /** Link to the pty the code under test opens. */
  readonly a: string;
  /** Link to the pty the test writes scanner bytes into. */
  readonly b: string;
  /** Writes bytes to `b` as the scanner would (opens `b` on first use, reopened after a replug). */
  write(bytes: Uint8Array | string): Promise<void>;
  unplug(): Promise<void>;
  replug(): Promise<void>;
  readonly plugged: boolean;
  close(): Promise<void>;
}

const START_TIMEOUT_MS = 5_000;

/** socat processes still running: killed if the test process exits without closing its pairs. */
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const proc of live) proc.kill('SIGKILL');
});

export async function createPtyPair(): Promise<PtyPair> {
  const dir = await mkdtemp(join(tmpdir(), 'pty-pair-'));
  const a = join(dir, 'A');
  const b = join(dir, 'B');
  let child: ChildProcess | null = null;
  let writer: FileHandle | null = null;

  async function start(): Promise<void> {
    const proc = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child = proc;
    live.add(proc);
    proc.once('exit', () => live.delete(proc));
    await new Promise<void>((resolve, reject) => {
      let stderr = '';
      const timer = setTimeout(
        () => fail(new Error(`socat did not start in time: ${stderr}`)),
        START_TIMEOUT_MS,
      );
      const fail = (err: Error): void => {
        clearTimeout(timer);
        proc.stderr?.off('data', onData);
        reject(err);
      };
      // socat prints this once both ptys exist and their links are in place.
      const onData = (chunk: Buffer): void => {
        stderr += chunk.toString('utf8');
        if (stderr.includes('starting data transfer loop')) {
          clearTimeout(timer);
          proc.stderr?.off('data', onData);
          if (!existsSync(a) || !existsSync(b)) {
            reject(new Error('socat started but the pty links are missing'));
            return;
          }
          resolve();
        }
      };
      proc.stderr?.on('data', onData);
      proc.once('error', (err) => fail(err));
      proc.once('exit', (code) => fail(new Error(`socat exited early (${code}): ${stderr}`)));
    });
    // Keep draining stderr so socat never blocks on a full pipe.
    proc.stderr?.resume();
  }

  async function stop(): Promise<void> {
    if (writer) {
      await writer.close().catch(() => undefined);
      writer = null;
    }
    const proc = child;
    child = null;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill('SIGTERM');
    });
  }

  await start();

  return {
    dir,
    a,
    b,
    get plugged() {
      return child !== null;
    },
    async write(bytes) {
      if (!child) throw new Error('pty pair is unplugged');
      if (!writer) writer = await open(b, 'r+');
      const buf = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Buffer.from(bytes);
      await writer.write(buf);
    },
    unplug: stop,
    async replug() {
      if (child) return;
      await start();
    },
    async close() {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
