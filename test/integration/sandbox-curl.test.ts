/**
 * The curl examples of docs/sandbox.md, run as written (bash, curl, md5sum) against a sandbox on a free port:
 * the contract's examples must keep working.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_NAMES, startSandbox, SWITCH_NAMES, type SandboxHandle } from '../../main/sandbox';

const run = promisify(execFile);
let sb: SandboxHandle;

function docExample(): string {
  const doc = readFileSync('docs/sandbox.md', 'utf8');
  const section = doc.slice(doc.indexOf('## curl, one example per API'));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error('docs/sandbox.md has no curl example block');
  return block;
}

beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(async () => {
  await sb.close();
});

describe('docs/sandbox.md curl examples', () => {
  it('every API answers as the page says', async () => {
    const script = docExample().replace('B=http://127.0.0.1:8787', `B=${sb.url}`);
    expect(script).toContain(`B=${sb.url}`);
    const { stdout } = await run('bash', ['-euo', 'pipefail', '-c', script], { timeout: 30_000 });
    const lines = stdout.trim().split('\n');
    const json = lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
    const successes = json.filter((j) => j.return_code === 'SUCCESS');
    // GetExchangeRate, MakeQROrder, MakeJSAPIOrder, MakeScanOrder, QueryOrder, Refund, QueryRefund.
    expect(successes).toHaveLength(7);
    expect(json.some((j) => (j.order as { status?: string } | undefined)?.status === 'PAID')).toBe(true);
    expect(stdout).toMatch(/^302 https:\/\/shop\.example\/me\?openid=/m);
    expect(sb.control.getSwitches().orderNoFormat).toBe('hex32');
    expect(sb.control.listRefunds()).toHaveLength(1);
  });
});

describe('docs/sandbox.md lists', () => {
  const doc = readFileSync('docs/sandbox.md', 'utf8');
  it('every switch, with its default, in the Switches table', () => {
    const table = doc.slice(doc.indexOf('## Switches'), doc.indexOf('## Protocol'));
    for (const name of SWITCH_NAMES) expect(table, name).toMatch(new RegExp(`^\\| \`${name}\``, 'm'));
  });

  it('a curl example for every API', () => {
    const block = docExample();
    for (const api of API_NAMES) expect(block, api).toContain(`/${api}?`);
  });
});
