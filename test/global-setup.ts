/**
 * Both vitest configs start here: one run directory owns every temp dir, process and PostgreSQL cluster of the
 * run (test/helpers/test-run.ts). TMPDIR points into it before the workers start, so they and every child they
 * spawn inherit it; the teardown reaps whatever is left, even after a timed-out test, and names it. A run
 * stopped from outside (SIGINT, SIGTERM, SIGHUP) is reaped on the way out too.
 */
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RUN_DIR_ENV, childrenOf, reapRun, type Reaped } from './helpers/test-run';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export default function setup(): () => void {
  const before = { TMPDIR: process.env.TMPDIR, mark: process.env[RUN_DIR_ENV] };
  const runDir = mkdtempSync(join(tmpdir(), 'pos-test-run-'));
  // The PostgreSQL clusters run as the `postgres` user, which must be able to reach their dirs inside.
  chmodSync(runDir, 0o755);
  process.env.TMPDIR = runDir;
  process.env[RUN_DIR_ENV] = runDir;

  let reaped = false;
  const reap = (spare: ReadonlySet<number>): void => {
    if (reaped) return;
    reaped = true;
    report(reapRun(runDir, spare));
  };
  // Stopped from outside: the workers go too, then the signal takes its usual course.
  const onSignal = (signal: NodeJS.Signals): void => {
    reap(new Set([process.pid]));
    for (const s of SIGNALS) process.off(s, onSignal);
    process.kill(process.pid, signal);
  };
  const onExit = (): void => reap(new Set([process.pid]));
  for (const s of SIGNALS) process.on(s, onSignal);
  process.on('exit', onExit);

  return () => {
    // The workers may still be closing around the teardown: they are spared, what they started is not.
    reap(new Set([process.pid, ...childrenOf(process.pid)]));
    for (const s of SIGNALS) process.off(s, onSignal);
    process.off('exit', onExit);
    restore('TMPDIR', before.TMPDIR);
    restore(RUN_DIR_ENV, before.mark);
  };
}

function report(reaped: Reaped): void {
  const left = [
    ...reaped.clusters.map((c) => `cluster ${c}`),
    ...reaped.processes.map((p) => `process ${p}`),
    ...reaped.files.map((f) => `temp ${f}`),
  ];
  if (left.length > 0) console.warn(`test run cleaned up what tests left behind:\n  ${left.join('\n  ')}`);
}

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
