/**
 * `npm run bench`: every benchmark in turn, each printing its figure beside the baseline it measures in the
 * same run. Pass names to run a subset: `npm run bench -- paid-detection journal-write`.
 */
import { spawnSync } from 'node:child_process';

const ALL = [
  'omipay-client-overhead',
  'scanner-latency',
  'journal-write',
  'journal-scale',
  'paid-detection',
  'background-detection',
  'hub-idle-rss',
  'renderer',
  'customer-display-latency',
  'receipts-encode',
  'terminal-api-latency',
  'store-link-latency',
  'store-server-ingest',
  'store-server-lag',
  'store-server-scale',
  'store-server-till-latency',
  'soak-crash',
];

const chosen = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ALL;
let failed = 0;
for (const name of chosen) {
  console.log(`\n=== ${name} ===`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', `bench/${name}.ts`], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
