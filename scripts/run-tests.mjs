#!/usr/bin/env node
// `npm test`: system packages, lint, typecheck, then every test suite; ends with one summary line
// ("Tests: N passed, N failed, N skipped") so any CI can read the result.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync, rmSync } from 'node:fs';

const steps = [
  ['system packages', 'node', ['scripts/ensure-system-deps.mjs']],
  ['lint', 'npx', ['eslint', '.', '--max-warnings=0']],
  ['format', 'npx', ['prettier', '--check', '.', '--log-level=warn']],
  ['typecheck', 'npx', ['tsc', '-p', 'tsconfig.json']],
];

for (const [name, cmd, args] of steps) {
  console.log(`\n▶ ${name}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`✖ ${name} failed`);
    console.log('Tests: 0 passed, 1 failed');
    process.exit(r.status ?? 1);
  }
}

mkdirSync('test-results', { recursive: true });
const vitest = (config, report) => [
  'npx',
  [
    'vitest',
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

let passed = 0;
let failed = 0;
let skipped = 0;
let exitCode = 0;
for (const [name, cmd, args, report] of suites) {
  console.log(`\n▶ ${name}`);
  rmSync(report, { force: true });
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) exitCode = r.status ?? 1;
  if (existsSync(report)) {
    const json = JSON.parse(readFileSync(report, 'utf8'));
    passed += json.numPassedTests ?? 0;
    failed += json.numFailedTests ?? 0;
    skipped += (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
  } else if (r.status !== 0) {
    failed += 1;
  }
}
console.log(`\nTests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(exitCode || (failed > 0 ? 1 : 0));
