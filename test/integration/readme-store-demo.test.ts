/**
 * The README's store demo, run as written: its command block is read from README.md (so the test breaks when the
 * README drifts) and each line runs through `sh -c` from the repository — the store server with its shared
 * sandbox, the admin commands, two hub-mode tills. What the README asks of the browser is done over each till's
 * own socket with the same calls its screens make: set the PIN with the printed setup code, enrol with the printed
 * code, sell at A, refund at B, then reconcile on the server's pages. Only two things are changed, so runs never
 * collide: `./demo` is a temp dir, and the ports are free ones.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect, it, vi } from 'vitest';
import type { PosEvent, PosResult, RemoteRefundView, SaleView, StoreSaleSearchView } from '../../preload/api';
import type { StoreLinkStatus } from '../../preload/api';
import { freePort } from '../helpers/child-process';
import { runShell, startShell, type ShellProcess } from '../helpers/shell-command';
import { waitFor } from '../helpers/wait-for';
import { connectRaw, hubOrigin, makeStaticDir, socketUrl, type RawClient } from '../helpers/hub-client';
import { WebClient } from '../helpers/store-server';

// Seven npm commands, each compiling its TypeScript on start, on a machine other test runs share.
vi.setConfig({ testTimeout: 300_000, hookTimeout: 60_000 });

const REPO = resolve(import.meta.dirname, '../..');
const PIN = '4827';
const SCENARIO_PAID = '130000000000000000';

/** The fenced block after the `store-demo` marker, one command a line, comments dropped. */
function demoCommands(readme: string): string[] {
  const at = readme.indexOf('<!-- store-demo');
  if (at < 0) throw new Error('README.md has no store-demo block');
  const block = /```sh\n([\s\S]*?)```/.exec(readme.slice(at));
  if (!block) throw new Error('the store-demo marker is not followed by a sh block');
  return block[1]!
    .split('\n')
    .map((l) => l.replace(/\s+#\s.*$/, '').trim())
    .filter((l) => l.length > 0);
}

const processes: ShellProcess[] = [];
const clients: RawClient[] = [];
const dirs: string[] = [];
afterAll(async () => {
  for (const c of clients) c.close();
  // Tills first: they hold links to the server.
  for (const p of processes.reverse()) await p.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function ok<T>(r: PosResult<unknown>, what: string): T {
  if (!r.ok) throw new Error(`${what}: ${JSON.stringify(r.error)}`);
  return r.value as T;
}

it('runs the README demo: two tills and a server, a sale at A refunded at B, reconciled without differences', async () => {
  const lines = demoCommands(readFileSync(join(REPO, 'README.md'), 'utf8'));
  const work = mkdtempSync(join(tmpdir(), 'readme-demo-'));
  dirs.push(work);
  const staticDir = makeStaticDir();
  dirs.push(staticDir);
  const env: NodeJS.ProcessEnv = { ...process.env, OMIPAY_POS_STATIC_DIR: staticDir, LOG_LEVEL: 'warn' };
  // The tills must be what a fresh machine has: no live credentials, no database server.
  for (const k of [
    'OMIPAY_M_NUMBER',
    'OMIPAY_SECRET_KEY',
    'OMIPAY_BASE_URL',
    'OMIPAY_REGION',
    'DATABASE_URL',
  ])
    delete env[k];
  const serverPort = await freePort();
  const ports = new Map<string, string>();
  const localise = async (line: string): Promise<string> => {
    let out = line.replaceAll('./demo/', `${work}/demo/`);
    for (const m of out.matchAll(/--port (\d+)/g)) {
      if (!ports.has(m[1]!)) ports.set(m[1]!, String(await freePort()));
      out = out.replace(m[0], `--port ${ports.get(m[1]!)}`);
    }
    return out;
  };

  let serverUrl = '';
  let storeId = '';
  let password = '';
  const codes = new Map<string, string>();
  const tills: Array<{ url: string; setupCode: string }> = [];
  for (const line of lines) {
    let cmd = await localise(line);
    if (storeId) cmd = cmd.replaceAll('st_…', storeId);
    const serving = /^npm run store-server -- --data-dir \S+( --[a-z-]+)*$/.test(line);
    if (serving) {
      expect(line, 'the demo server runs the shared sandbox').toContain('--sandbox');
      const p = startShell(`${cmd} --port ${serverPort}`, { cwd: REPO, env });
      processes.push(p);
      serverUrl = (await p.waitFor(/Store server listening on (http:\S+)/, 'the store server to listen'))[1]!;
      await p.waitFor(/Omipay sandbox\s+http:/, 'the server to announce its sandbox');
    } else if (line.startsWith('npm run hub')) {
      const p = startShell(cmd, { cwd: REPO, env });
      processes.push(p);
      const url = (await p.waitFor(/POS hub ready \(sandbox mode[^)]*\): open (\S+)/, 'a till to start'))[1]!;
      const code = (await p.waitFor(/setup code is (\d{4} \d{4})/, 'the PIN setup code'))[1]!;
      tills.push({ url, setupCode: code.replace(' ', '') });
    } else {
      const out = await runShell(cmd, { cwd: REPO, env });
      const store = /Store added: (st_\S+)/.exec(out);
      if (store) storeId = store[1]!;
      const code = /Enrolment code for "([^"]+)": (\S+)/.exec(out);
      if (code) codes.set(code[1]!, code[2]!);
      const typed = /^printf '([^'\\]+)\\n' \| .* user add/.exec(line);
      if (typed) password = typed[1]!;
    }
  }
  expect(storeId).toMatch(/^st_/);
  expect([...codes.keys()]).toEqual(['Counter 1', 'Counter 2']);
  expect(password.length).toBeGreaterThanOrEqual(10);
  expect(tills).toHaveLength(2);

  // Step 1 of the README: a PIN from the printed setup code, then Settings → Store server on each till.
  const [a, b] = await Promise.all(
    tills.map(async (t, i) => {
      const c = await connectRaw(socketUrl(t.url), hubOrigin(t.url));
      clients.push(c);
      ok(await c.request('hub.subscribe'), 'subscribe to events, as the screens do');
      ok(await c.request('setManagerPin', { newPin: PIN, setupCode: t.setupCode }), 'set the PIN');
      const status = ok<StoreLinkStatus>(
        await c.request('enrolStoreServer', {
          url: serverUrl,
          code: codes.get(`Counter ${i + 1}`)!,
          pin: PIN,
        }),
        'enrol',
      );
      expect(status.tillName).toBe(`Counter ${i + 1}`);
      return c;
    }),
  );

  // Step 2: a sale at till A with the sandbox's paying WeChat Pay code.
  const sale = ok<SaleView>(await a!.request('startSale', { amount: '12.50' }), 'start the sale');
  ok(await a!.request('submitCode', { saleId: sale.id, code: SCENARIO_PAID }), 'submit the code');
  await a!.waitForEvent(
    (e: PosEvent) => e.type === 'sale' && e.sale.id === sale.id && e.sale.phase === 'paid',
    60_000,
  );

  // Step 3: till B finds it through the server (once A's records arrive) and refunds 5.00 of it.
  const found = await waitFor(
    async () => {
      const r = ok<StoreSaleSearchView>(
        await b!.request('searchStoreSales', { query: '12.50', pin: PIN }),
        'search',
      );
      return r.sales.find((s) => s.tillName === 'Counter 1' && s.refundableCents === 1250);
    },
    { what: "till A's sale on the store server, seen from till B", timeoutMs: 60_000, everyMs: 500 },
  );
  const refund = ok<RemoteRefundView>(
    await b!.request('refundStoreSale', {
      tillId: found.tillId,
      saleId: found.saleId,
      outOrderNo: found.outOrderNo,
      amount: '5.00',
      reason: 'README demo',
      pin: PIN,
    }),
    'refund at B',
  );
  const closed = await waitFor(
    async () => {
      const r = ok<RemoteRefundView>(await b!.request('getRemoteRefund', { refundId: refund.id }), 'refund');
      return r.final ? r : null;
    },
    { what: 'the refund made at B to end', timeoutMs: 60_000, everyMs: 250 },
  );
  // The gateway knew the order: one shared sandbox, not B's own.
  expect(closed).toMatchObject({ succeeded: true, status: 'CLOSED' });
  // Till A is told, in words, at each step; the last says refunded (earlier ones: requested, waiting).
  const told = await a!.waitForEvent(
    (e: PosEvent) =>
      e.type === 'notice' && e.notice.kind === 'refunded_elsewhere' && e.notice.id.endsWith(':refunded'),
    60_000,
  );
  expect(told.type === 'notice' && told.notice.message.en).toContain(
    "A$ 5.00 of one of this till's sales was refunded at Counter 2",
  );

  // Step 4: reconciliation on the server's pages, as the head-office account the README made.
  const head = new WebClient(serverUrl);
  expect((await head.signIn('head', password)).status).toBe(303);
  const started = await head.post('/web/reconcile', {
    csrf: await head.csrf(),
    store: storeId,
    date: found.businessDate,
  });
  expect(started.status).toBe(303);
  const location = started.headers.get('location')!;
  const jobId = new URL(location, serverUrl).searchParams.get('job')!;
  type Job = { finished: boolean; done: number; total: number; differences: Array<Record<string, unknown>> };
  const job = await waitFor(
    async () => {
      const j = (await head.json(`/web/api/reconcile/${jobId}`)).body as Job;
      return j.finished ? j : null;
    },
    { what: 'the reconciliation to finish', timeoutMs: 60_000, everyMs: 250 },
  );
  expect(job.total).toBe(1);
  expect(job.done).toBe(1);
  // Matched: neither "could not check" nor "order unknown" — the server asked the gateway the tills paid through.
  expect(job.differences).toEqual([]);
  // The Refunds page's data: the refund made at Counter 2 of Counter 1's sale, refunded.
  type Line = { state: string };
  const refunds = await waitFor(
    async () => {
      const rows = (await head.json(`/web/api/refunds?date=${found.businessDate}`)).body.refunds as Line[];
      // B sends the refund's final state a moment after it ended.
      return rows.length > 0 && rows.every((r) => r.state !== 'pending') ? rows : null;
    },
    { what: 'the refund made at B to reach the server final', timeoutMs: 60_000, everyMs: 250 },
  );
  expect(refunds).toEqual([
    expect.objectContaining({
      tillName: 'Counter 2',
      saleTillName: 'Counter 1',
      remote: true,
      amountCents: 500,
      state: 'refunded',
    }),
  ]);
  const page = await (await head.get(location)).text();
  expect(page).toContain('No differences: every order agrees with the gateway.');
  expect(page).not.toContain('Could not check');
});
