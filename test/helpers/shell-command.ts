/**
 * Commands as a reader types them: `sh -c LINE` from the repository, in its own process group so that stopping
 * it stops everything under it (npm, sh, tsx, node). For tests that run documented commands (the README demo).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { waitFor } from './wait-for';

export interface ShellProcess {
  readonly child: ChildProcess;
  /** stdout and stderr so far, as one text. */
  output(): string;
  /** The first match of `pattern` in the output (already printed or still to come). */
  waitFor(pattern: RegExp, what: string, timeoutMs?: number): Promise<RegExpExecArray>;
  readonly exited: Promise<number | null>;
  /** SIGTERM to the whole group, SIGKILL if it is not gone within the grace; resolves when nothing is left. */
  stop(graceMs?: number): Promise<void>;
}

export function startShell(line: string, o: { cwd: string; env: NodeJS.ProcessEnv }): ShellProcess {
  const child = spawn('sh', ['-c', line], { cwd: o.cwd, env: o.env, detached: true, stdio: 'pipe' });
  let text = '';
  child.stdout.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr.on('data', (d: Buffer) => (text += d.toString()));
  child.stdin.end();
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const groupAlive = (): boolean => {
    try {
      process.kill(-child.pid!, 0);
      return true;
    } catch {
      return false;
    }
  };
  const signal = (s: NodeJS.Signals): void => {
    try {
      process.kill(-child.pid!, s);
    } catch {
      // already gone
    }
  };
  return {
    child,
    output: () => text,
    exited,
    waitFor(pattern, what, timeoutMs = 60_000) {
      return waitFor(() => pattern.exec(text), {
        what,
        timeoutMs,
        everyMs: 50,
        describe: () => ({ line, output: text.slice(-2000) }),
      });
    },
    async stop(graceMs = 15_000) {
      if (!groupAlive()) return;
      signal('SIGTERM');
      try {
        await waitFor(() => !groupAlive(), { what: `${line} to stop`, timeoutMs: graceMs, everyMs: 50 });
      } catch {
        signal('SIGKILL');
        await waitFor(() => !groupAlive(), { what: `${line} to be killed`, timeoutMs: 5_000, everyMs: 50 });
      }
    },
  };
}

/** Runs a command to its end; its output, or an error naming the line and what it printed. */
export async function runShell(
  line: string,
  o: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<string> {
  const p = startShell(line, o);
  const timer = setTimeout(() => void p.stop(), o.timeoutMs ?? 90_000);
  const code = await p.exited;
  clearTimeout(timer);
  if (code !== 0) throw new Error(`\`${line}\` exited with ${code}:\n${p.output()}`);
  return p.output();
}
