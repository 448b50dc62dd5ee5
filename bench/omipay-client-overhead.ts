/**
 * Per-call overhead of the Omipay client over a bare request to the same sandbox endpoint.
 *
 *   npx tsx bench/omipay-client-overhead.ts [--n 2000] [--warmup 300] [--in-process]
 *
 * The sandbox runs in a child process by default (its work then does not share our event loop); --in-process
 * runs it here instead. Each round times, in rotating order:
 *   client  – client.getExchangeRate(): sign, encode, request, parse, validate, exact rate
 *   fetch   – fetch(signedUrl) + res.json(), the URL signed beforehand (outside the timing)
 *   http    – node:http GET with a keep-alive agent + JSON.parse, signed beforehand
 * and prints p50/p99 for each and the ratio of p50s. The goal is client/fetch ≤ 1.1.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { createInterface } from 'node:readline';
import { makeNonce, omipaySign, OmipayClient, type OmipayCredentials } from '../main/omipay';
import { startSandbox } from '../main/sandbox';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i === -1 ? undefined : Number(process.argv[i + 1]);
  return v !== undefined && Number.isInteger(v) && v > 0 ? v : fallback;
}
const N = arg('n', 2000);
const WARMUP = arg('warmup', 300);
const IN_PROCESS = process.argv.includes('--in-process');

interface Target {
  url: string;
  merchant: OmipayCredentials;
  stop: () => Promise<void>;
}

async function startTarget(): Promise<Target> {
  if (IN_PROCESS) {
    const sb = await startSandbox({ port: 0 });
    return { url: sb.url, merchant: sb.merchants[0]!, stop: () => sb.close() };
  }
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', new URL('./omipay-sandbox-process.ts', import.meta.url).pathname],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const line = await new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`sandbox process exited (${code})`)));
    createInterface({ input: child.stdout! }).once('line', resolve);
  });
  const { url, merchant } = JSON.parse(line) as { url: string; merchant: OmipayCredentials };
  return {
    url,
    merchant,
    stop: () =>
      new Promise<void>((resolve) => {
        child.removeAllListeners('exit');
        child.once('exit', () => resolve());
        child.stdin?.end();
      }),
  };
}

function signedPath(m: OmipayCredentials): string {
  const timestamp = Date.now();
  const nonce = makeNonce();
  const sign = omipaySign(m.mNumber, timestamp, nonce, m.secretKey);
  return `/omipay/api/v2/GetExchangeRate?m_number=${encodeURIComponent(m.mNumber)}&timestamp=${timestamp}&nonce_str=${nonce}&sign=${sign}&currency=AUD&base_currency=CNY&language=EN`;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function main(): Promise<void> {
  const target = await startTarget();
  const client = new OmipayClient({ baseUrl: target.url, credentials: target.merchant });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const base = new URL(target.url);

  const viaClient = async (): Promise<void> => {
    const r = await client.getExchangeRate();
    if (r.rate.scaled <= 0n) throw new Error('bad rate');
  };
  const viaFetch = async (path: string): Promise<void> => {
    const res = await fetch(`${target.url}${path}`, { headers: { accept: 'application/json' } });
    const body = (await res.json()) as { return_code?: string };
    if (body.return_code !== 'SUCCESS') throw new Error(`fetch: ${JSON.stringify(body)}`);
  };
  const viaHttp = (path: string): Promise<void> =>
    new Promise((resolve, reject) => {
      const req = http.request(
        { hostname: base.hostname, port: base.port, path, agent, headers: { accept: 'application/json' } },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('end', () => {
            const body = JSON.parse(text) as { return_code?: string };
            if (body.return_code === 'SUCCESS') resolve();
            else reject(new Error(`http: ${text}`));
          });
        },
      );
      req.on('error', reject);
      req.end();
    });

  type Kind = 'client' | 'fetch' | 'http';
  const kinds: Kind[] = ['client', 'fetch', 'http'];
  const times: Record<Kind, number[]> = { client: [], fetch: [], http: [] };
  const once = async (kind: Kind, record: boolean): Promise<void> => {
    const path = kind === 'client' ? '' : signedPath(target.merchant);
    const t0 = performance.now();
    if (kind === 'client') await viaClient();
    else if (kind === 'fetch') await viaFetch(path);
    else await viaHttp(path);
    const dt = performance.now() - t0;
    if (record) times[kind].push(dt);
  };

  for (let i = 0; i < WARMUP; i++) for (const k of kinds) await once(k, false);
  for (let i = 0; i < N; i++) {
    // Rotate the order each round so no kind always runs first (or right after another).
    for (let j = 0; j < kinds.length; j++) await once(kinds[(i + j) % kinds.length]!, true);
  }

  const stats = Object.fromEntries(
    kinds.map((k) => {
      const s = [...times[k]].sort((x, y) => x - y);
      return [
        k,
        { p50: percentile(s, 50), p99: percentile(s, 99), mean: s.reduce((x, y) => x + y, 0) / s.length },
      ];
    }),
  ) as Record<Kind, { p50: number; p99: number; mean: number }>;

  const us = (ms: number) => `${(ms * 1000).toFixed(0).padStart(6)} µs`;
  console.log(
    `Omipay client overhead — GetExchangeRate, ${N} calls each, interleaved, after ${WARMUP} warm-up rounds`,
  );
  console.log(
    `sandbox: ${IN_PROCESS ? 'in-process' : 'separate process'} at ${target.url}; node ${process.version}`,
  );
  console.log('');
  console.log('                                   p50        p99       mean');
  const label: Record<Kind, string> = {
    client: 'client.getExchangeRate()      ',
    fetch: 'bare fetch + res.json()       ',
    http: 'bare node:http + JSON.parse   ',
  };
  for (const k of kinds)
    console.log(`${label[k]} ${us(stats[k].p50)} ${us(stats[k].p99)} ${us(stats[k].mean)}`);
  console.log('');
  const ratio = stats.client.p50 / stats.fetch.p50;
  console.log(
    `ratio p50 client / bare fetch     ${ratio.toFixed(3)}  (goal ≤ 1.1: ${ratio <= 1.1 ? 'met' : 'NOT met'})`,
  );
  console.log(`ratio p99 client / bare fetch     ${(stats.client.p99 / stats.fetch.p99).toFixed(3)}`);
  console.log(
    `ratio p50 client / bare node:http ${(stats.client.p50 / stats.http.p50).toFixed(3)}  (the client's own work on top of its transport)`,
  );

  client.close();
  agent.destroy();
  await target.stop();
}

await main();
