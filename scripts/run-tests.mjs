#!/usr/bin/env node
// `npm test`: system packages, lint, format and typecheck (two at once), then every test suite; ends with one
// summary line ("Tests: N passed, N failed, N skipped") so any CI can read the result. The suites run with
// TMPDIR in one root dir (marked in their environment); afterwards anything still in it, or still running with
// its mark, is named and removed (test/helpers/reap-root.ts), and new entries in the system temp dir are listed.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The whole run's wall time, printed before the summary: the suite's budget is 10 minutes on two cores.
const runStarted = Date.now();

// System packages first (the checks need none of them, the suites all). Then the static checks in two lanes at
// once, one a core: lint alone (the longest), format then typecheck. Each step's output is printed whole when it
// ends, so two lanes never interleave their lines.
const systemPackages = spawnSync('node', ['scripts/ensure-system-deps.mjs'], { stdio: 'inherit' });
if (systemPackages.status !== 0) stop('system packages', systemPackages.status);

const lanes = [
  [['lint', 'npx', ['eslint', '.', '--max-warnings=0']]],
  [
    ['format', 'npx', ['prettier', '--check', '.', '--log-level=warn']],
    ['typecheck', 'npx', ['tsc', '-p', 'tsconfig.json']],
  ],
];
const laneResults = await Promise.all(lanes.map(runLane));
const failedStep = laneResults.find((r) => r !== null);
if (failedStep) stop(failedStep.name, failedStep.status);

/** Runs a lane's steps in order; the first that fails ends the lane. */
async function runLane(steps) {
  for (const [name, cmd, args] of steps) {
    const started = Date.now();
    const { status, output } = await runCaptured(cmd, args);
    console.log(`\n▶ ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    if (output) process.stdout.write(output);
    if (status !== 0) return { name, status };
  }
  return null;
}

function runCaptured(cmd, args, env = process.env) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
    let output = '';
    for (const stream of [child.stdout, child.stderr]) {
      stream.setEncoding('utf8');
      stream.on('data', (text) => (output += text));
    }
    child.on('error', (err) => resolve({ status: 1, output: `${err.message}\n` }));
    child.on('close', (code) => resolve({ status: code ?? 1, output }));
  });
}

function stop(name, status) {
  console.error(`✖ ${name} failed`);
  console.log('Tests: 0 passed, 1 failed');
  process.exit(status ?? 1);
}

mkdirSync('test-results', { recursive: true });
const systemTmpBefore = new Set(readdirSync(tmpdir()));
const root = mkdtempSync(join(tmpdir(), 'pos-npm-test-'));
// PostgreSQL clusters run as the `postgres` user inside it.
chmodSync(root, 0o755);
const suiteEnv = { ...process.env, TMPDIR: root, POS_TEST_ROOT: root };
// vitest itself, not through npx: a signal to this run reaches vitest, whose global teardown reaps its run.
const vitest = (config, report) => [
  process.execPath,
  [
    'node_modules/vitest/vitest.mjs',
    'run',
    '--config',
    config,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
  ],
];
const suites = [
  [
    'unit and integration',
    ...vitest('vitest.config.ts', 'test-results/vitest.json'),
    'test-results/vitest.json',
  ],
  [
    'browser and Electron end to end',
    ...vitest('vitest.e2e.config.ts', 'test-results/e2e.json'),
    'test-results/e2e.json',
  ],
];

// The two suites at once: the unit and integration suite on its two workers, the browser suite on its one.
// The unit suite leaves part of the two cores idle and the browser suite mostly waits, so side by side they
// fill those cores rather than adding the browser suite's minutes (docs/testing.md). The first prints as it
// goes; the second, captured, is printed whole when both have ended, so their lines never interleave.
const started = Date.now();
const [first, ...others] = suites;
const runs = [runSuite(first, { live: true }), ...others.map((suite) => runSuite(suite, { live: false }))];
const results = await Promise.all(runs);

let passed = 0;
let failed = 0;
let skipped = 0;
let exitCode = 0;
for (const r of results) {
  if (!r.live) {
    console.log(`\n▶ ${r.name} (${r.seconds} s)`);
    if (r.output) process.stdout.write(r.output);
  }
  if (r.status !== 0) exitCode = r.status;
  passed += r.passed;
  failed += r.failed;
  skipped += r.skipped;
}
console.log(`\n▶ both suites (${((Date.now() - started) / 1000).toFixed(1)} s)`);

/** Runs one suite (live: its output straight through) and reads its counts from its JSON report. */
async function runSuite([name, cmd, args, report], { live }) {
  if (live) console.log(`\n▶ ${name}`);
  rmSync(report, { force: true });
  const suiteStarted = Date.now();
  const { status, output } = live
    ? await new Promise((resolve) => {
        const child = spawn(cmd, args, { stdio: 'inherit', env: suiteEnv });
        child.on('error', (err) => resolve({ status: 1, output: `${err.message}\n` }));
        child.on('close', (code) => resolve({ status: code ?? 1, output: '' }));
      })
    : await runCaptured(cmd, args, suiteEnv);
  const seconds = ((Date.now() - suiteStarted) / 1000).toFixed(1);
  if (live) console.log(`\n▶ ${name} ended (${seconds} s)`);
  const counts = { passed: 0, failed: 0, skipped: 0 };
  if (existsSync(report)) {
    const json = JSON.parse(readFileSync(report, 'utf8'));
    counts.passed = json.numPassedTests ?? 0;
    counts.failed = json.numFailedTests ?? 0;
    counts.skipped = (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
  } else if (status !== 0) {
    counts.failed = 1;
  }
  return { name, live, status, output, seconds, ...counts };
}

console.log('\n▶ clean-up check');
const reap = spawnSync(process.execPath, ['--import', 'tsx', 'test/helpers/reap-root.ts', root], {
  stdio: 'inherit',
});
const systemTmpNew = readdirSync(tmpdir()).filter((f) => !systemTmpBefore.has(f));
if (systemTmpNew.length > 0) {
  console.log(
    `new in ${tmpdir()} during the run (ours or another program's):\n  ${systemTmpNew.join('\n  ')}`,
  );
}
if (reap.status !== 0) {
  exitCode = exitCode || 1;
  console.log('✖ the run left something behind (listed above): a test that does not clean up is a failure');
}
const runSeconds = Math.round((Date.now() - runStarted) / 1000);
console.log(`\n▶ npm test took ${Math.floor(runSeconds / 60)} min ${runSeconds % 60} s`);
console.log(`\nTests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(exitCode || (failed > 0 ? 1 : 0));
