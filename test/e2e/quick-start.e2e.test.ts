/**
 * docs/terminal-api.md's "Quick start with curl", run as written: its shell blocks are read from the doc (so the
 * test breaks when the doc drifts) and run by the shell and curl against a real till in hub mode (the core on the
 * embedded sandbox, the hub, the Terminal API over HTTP), with the cashier page open in Debian Chromium where the
 * doc says to scan or type the code and to set the manager PIN.
 *
 * Two things differ from a person at a shop, each checked instead of run: the renderer is the one the e2e
 * setup built (the doc's `npm run build`), and hub mode is started in-process with the data directory the
 * doc's first command made, on free ports (a fixed port cannot be held on a shared test machine): the
 * `API=` line gets the Terminal API address hub mode printed.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { parseHubArgs } from '../../main/hub/cli-args';
import { startHubMode, startupLines, type HubMode } from '../../main/hub/run';
import { runShell } from '../helpers/shell-command';
import { chromiumMissing, openTab, SCREENSHOT_DIR, type Tab } from './counter';

if (chromiumMissing !== null) console.log(`quick start e2e skipped: ${chromiumMissing}`);

const DOC = readFileSync(join(process.cwd(), 'docs', 'terminal-api.md'), 'utf8');

/** The quick start section's ```sh blocks, in order. */
function quickStartBlocks(): string[] {
  const start = DOC.indexOf('## Quick start with curl');
  expect(start, 'docs/terminal-api.md has its quick start').toBeGreaterThan(-1);
  const end = DOC.indexOf('\n## ', start + 3);
  const section = DOC.slice(start, end === -1 ? undefined : end);
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
}

function quickStartProse(): string {
  const start = DOC.indexOf('## Quick start with curl');
  return DOC.slice(start, DOC.indexOf('\n## ', start + 3));
}

interface Ran {
  stdout: string;
  vars: Record<string, string>;
}

const VARS_MARK = '__quick_start_vars__';

/**
 * One doc block as a reader's shell runs it (test/helpers/shell-command.ts; errexit), in `cwd`, with the
 * variables earlier blocks set; returns its output and the variables it leaves (API, ID, PIN) for the next block,
 * as one shell session would keep them.
 */
async function runBlock(block: string, cwd: string, vars: Record<string, string>): Promise<Ran> {
  const script = `set -e\n${block}\nprintf '\\n${VARS_MARK} %s %s %s\\n' "\${API:-}" "\${ID:-}" "\${PIN:-}"\n`;
  const out = await runShell(script, { cwd, env: { ...process.env, ...vars }, timeoutMs: 60_000 });
  const at = out.lastIndexOf(VARS_MARK);
  const [api = '', id = '', pin = ''] = out
    .slice(at + VARS_MARK.length)
    .trim()
    .split(' ');
  return { stdout: out.slice(0, at), vars: { API: api, ID: id, PIN: pin } };
}

/** The JSON objects a block printed, one per curl call (curl -s prints each body on its own). */
function jsonObjects(text: string): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed.startsWith('{') && trimmed.endsWith('}'))
      out.push(JSON.parse(trimmed) as Record<string, unknown>);
  }
  return out;
}

describe.skipIf(chromiumMissing !== null)('docs/terminal-api.md quick start, run verbatim', () => {
  it('setup, payment, scan on the till, long-poll, SSE, text receipt, refund with the PIN (wrong PIN first)', async () => {
    const blocks = quickStartBlocks();
    expect(blocks).toHaveLength(4);
    const [setup = '', pay = '', watch = '', refund = ''] = blocks;
    const work = mkdtempSync(join(tmpdir(), 'pos-quick-start-'));
    let mode: HubMode | null = null;
    let tab: Tab | null = null;
    try {
      // Block 1: the config line runs as written; the build and hub commands are checked against package.json.
      const setupLines = setup.split('\n').filter((l) => l.trim() !== '' && !l.trim().startsWith('#'));
      const configLine = setupLines.find((l) => l.startsWith('mkdir -p ./.data'));
      expect(configLine, 'the first command makes the data dir and its config.json').toBeDefined();
      await runBlock(configLine ?? '', work, {});
      const configPath = join(work, '.data', 'config.json');
      const config = JSON.parse(readFileSync(configPath, 'utf8')) as { terminalApi: Record<string, unknown> };
      expect(config.terminalApi.enabled).toBe(true);
      const scripts = (
        JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }
      ).scripts;
      expect(setupLines.some((l) => /^npm run build(\s|$)/.test(l))).toBe(true);
      expect(scripts.build).toBe('vite build');
      const hubLine = setupLines.find((l) => l.startsWith('npm run hub -- '));
      expect(scripts.hub).toBe('tsx main/hub/cli.ts');
      const hubArgs = (hubLine ?? '').replace(/#.*$/, '').trim().split(/\s+/).slice(4);
      const parsed = parseHubArgs(hubArgs, {});
      expect(parsed === 'help' ? null : parsed.dataDir).toBe(resolve('./.data'));

      // config.json as the doc wrote it; free ports instead of 8765/8788.
      mode = await startHubMode({
        dataDir: join(work, '.data'),
        host: '127.0.0.1',
        port: 0,
        portExplicit: true,
        staticDir: inject('rendererDir'),
        env: { ...process.env, LOG_LEVEL: 'silent' },
        terminalApi: { port: 0 },
      });
      const printed = startupLines(mode).join('\n');
      const apiUrl = /Terminal API at (http:\/\/[^\s)]+)/.exec(printed)?.[1];
      expect(apiUrl, printed).toBeDefined();
      expect(printed).toContain(mode.hub.url);
      expect(printed).toContain('sandbox mode');

      // "Open the cashier page in a browser."
      tab = await openTab();
      const page = tab.page;
      await page.setViewportSize({ width: 1024, height: 768 });
      await page.goto(mode.hub.url);
      await page.locator('.app[data-ready="true"]').waitFor();

      // Block 2: the doc's API address is the default port's; the till's real one replaces it.
      const docApi = /^API=(\S+)/m.exec(pay)?.[1];
      expect(docApi).toBe('http://127.0.0.1:8788/api/v1');
      const created = await runBlock(pay.replace(`API=${docApi}`, `API=${apiUrl}`), work, {});
      const [payment] = jsonObjects(created.stdout);
      expect(payment).toMatchObject({ id: created.vars.ID, state: 'awaiting_code', final: false });
      expect(String(payment?.saleId)).toMatch(/^S/);

      const banner = /The cashier page shows "([^"]+)"/.exec(quickStartProse())?.[1] ?? '';
      expect(banner).toMatch(/^Payment requested by /);
      await page.getByText(banner).waitFor();
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'quick-start-01-request.png') });

      // Block 3 starts waiting before the code is typed, as "Meanwhile" says; it ends when the payment is final.
      const watching = runBlock(watch, work, created.vars);
      const code = /Scan \(or type, in the sandbox\)\s+`(\d+)`/.exec(quickStartProse())?.[1] ?? '';
      expect(code).toMatch(/^\d{18}$/);
      await page.getByLabel('Or type the payment code').fill(code);
      await page.getByRole('button', { name: 'Submit code' }).click();
      await page.getByRole('heading', { name: 'Paid' }).waitFor({ timeout: 30_000 });
      const watched = await watching;
      const states = jsonObjects(watched.stdout.replace(/^data: /gm, '')).map((o) => o.state);
      expect(states.at(-1)).toBe('paid');
      const receiptLines = watched.stdout
        .split('\n')
        .filter((l) => l.trim() !== '' && !l.startsWith('{') && !/^(event|data|id|retry):/.test(l));
      expect(receiptLines.join('\n')).toContain('12.50');
      for (const line of receiptLines) expect([...line].length).toBeLessThanOrEqual(42);

      // "Manager → set a PIN first on a new till": on the cashier page, with the setup code hub mode printed.
      const pin = /^PIN=(\d+)/m.exec(refund)?.[1] ?? '';
      // Whatever PIN the doc uses: the till refuses an easy one, and the doc must not.
      expect(pin).toMatch(/^\d{4,8}$/);
      await page.getByRole('button', { name: 'New sale' }).click();
      await page.getByRole('button', { name: /^Manager/ }).click();
      await page.getByRole('heading', { name: 'Set a manager PIN' }).waitFor();
      await page.getByLabel('Setup code').fill(mode.runtime.setupCode() ?? '');
      await page.getByLabel('New PIN (4–8 digits)').fill(pin);
      await page.getByLabel('Repeat the new PIN').fill(pin);
      await page.getByRole('button', { name: 'Save PIN and continue' }).click();
      await page.getByRole('heading', { name: 'Find the sale' }).waitFor();

      // Block 4 with a wrong PIN first: the reply the doc's comment shows, then as written.
      const wrong = await runBlock(refund.replace(`PIN=${pin}`, 'PIN=1357'), work, created.vars);
      expect(jsonObjects(wrong.stdout)[0]).toMatchObject({ error: { code: 'WRONG_PIN', attemptsLeft: 4 } });
      expect(refund).toContain('"attemptsLeft":4');
      const refunded = await runBlock(refund, work, created.vars);
      const [reply] = jsonObjects(refunded.stdout);
      expect(reply).toMatchObject({ paymentId: created.vars.ID, amountCents: 250 });
      expect(['pending', 'succeeded']).toContain(reply?.state);
      expect(refunded.vars.PIN).toBe(pin);
    } finally {
      await tab?.page.goto('about:blank').catch(() => undefined);
      await mode?.stop();
      await tab?.close();
      rmSync(work, { recursive: true, force: true });
    }
  }, 180_000);
});
