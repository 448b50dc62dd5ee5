/**
 * A fixture script in its own Node process (so a test can SIGKILL it), read line by line from its stdout, and a
 * free loopback port to start it on again after the kill.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createServer } from 'node:net';

export interface ChildFixture {
  child: ChildProcessWithoutNullStreams;
  lines: string[];
  /** The first stdout line starting with `prefix` (already printed or still to come), within 30 s. */
  waitLine(prefix: string): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** What it wrote to stderr so far. */
  stderr(): string;
}

/**
 * Runs `node --import tsx <script>` with `env` added to this process's environment; `onLine` sees each stdout
 * line as it comes.
 */
export function spawnFixture(
  script: string,
  env: Record<string, string>,
  onLine?: (line: string) => void,
): ChildFixture {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiters: Array<{ prefix: string; resolve: (l: string) => void }> = [];
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    let cut: number;
    while ((cut = out.indexOf('\n')) >= 0) {
      const line = out.slice(0, cut);
      out = out.slice(cut + 1);
      lines.push(line);
      onLine?.(line);
      for (const w of waiters.splice(0)) {
        if (line.startsWith(w.prefix)) w.resolve(line);
        else waiters.push(w);
      }
    }
  });
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const waitLine = (prefix: string) =>
    new Promise<string>((resolve, reject) => {
      const found = lines.find((l) => l.startsWith(prefix));
      if (found) return resolve(found);
      const timer = setTimeout(() => reject(new Error(`no ${prefix} line; stderr: ${err}`)), 30_000);
      waiters.push({
        prefix,
        resolve: (l) => {
          clearTimeout(timer);
          resolve(l);
        },
      });
    });
  return { child, lines, waitLine, exited, stderr: () => err };
}

/** A loopback port that was free a moment ago (whatever is started on it next takes it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      s.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}
