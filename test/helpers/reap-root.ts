/**
 * `npm test`'s last step (scripts/run-tests.mjs): reaps the root dir that held every suite's run, and says what
 * was still there — temp entries, processes carrying the root's mark, PostgreSQL clusters. Exit code 0 when
 * nothing was left, 1 when something leaked (it is removed either way).
 */
import { ROOT_DIR_ENV, reapRun } from './test-run';

const root = process.argv[2];
if (!root) {
  console.error('usage: reap-root <dir>');
  process.exit(2);
}
const reaped = reapRun(root, new Set([process.pid, process.ppid]), ROOT_DIR_ENV);
const left = [
  ...reaped.clusters.map((c) => `cluster ${c}`),
  ...reaped.processes.map((p) => `process ${p}`),
  ...reaped.files.map((f) => `temp ${f}`),
];
if (left.length > 0) {
  console.log(`✖ left behind by the run (now removed):\n  ${left.join('\n  ')}`);
  process.exit(1);
}
console.log('✔ nothing left behind: no temp entry, no process, no PostgreSQL cluster');
