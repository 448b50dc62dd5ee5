/**
 * Scan latency over real ptys (socat): from the moment the terminator byte is written to the scanner
 * side of the pty to the 'scan' event of SerialScanSource, beside a bare serialport 'data' read of the
 * same bytes on a second pty pair in the same run (the baseline: what any serial reader pays).
 *
 *   npx tsx bench/scanner-latency.ts [rounds]
 */
import { open } from 'node:fs/promises';
import { SerialPort } from 'serialport';
import { FrameDecoder } from '../main/scanner/frame-decoder';
import { SerialScanSource } from '../main/scanner/serial-source';
import type { ScanEvent, StatusEvent } from '../main/scanner/types';
import { createPtyPair } from '../test/helpers/pty-pair';

const ROUNDS = Number(process.argv[2] ?? 1000);
const CODE = ']Q1134567890123456789';
const TERMINATOR = Buffer.from('\r');

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? NaN;
}

async function main(): Promise<void> {
  const barePair = await createPtyPair();
  const sourcePair = await createPtyPair();
  const bareWriter = await open(barePair.b, 'r+');
  const sourceWriter = await open(sourcePair.b, 'r+');

  const bare = new SerialPort({ path: barePair.a, baudRate: 9600, autoOpen: false });
  await new Promise<void>((resolve, reject) => bare.open((err) => (err ? reject(err) : resolve())));
  let bareWaiter: ((t: number) => void) | null = null;
  bare.on('data', (chunk: Buffer) => {
    if (chunk.includes(0x0d) && bareWaiter) bareWaiter(performance.now());
  });

  const source = new SerialScanSource({ port: { path: sourcePair.a } });
  const connected = new Promise<void>((resolve) =>
    source.on('status', (s: StatusEvent) => s.state === 'connected' && resolve()),
  );
  await source.start();
  await connected;
  let scanWaiter: ((t: number) => void) | null = null;
  source.on('scan', (_e: ScanEvent) => scanWaiter?.(performance.now()));

  async function measure(
    writer: Awaited<ReturnType<typeof open>>,
    arm: (resolve: (t: number) => void) => void,
  ): Promise<number> {
    await writer.write(Buffer.from(CODE, 'latin1'));
    // Let the code's bytes arrive first: the figure is the terminator's path only.
    await pause(2);
    const done = new Promise<number>((resolve) => arm(resolve));
    const t0 = performance.now();
    await writer.write(TERMINATOR);
    return (await done) - t0;
  }

  const bareTimes: number[] = [];
  const sourceTimes: number[] = [];
  for (let i = 0; i < ROUNDS + 50; i++) {
    // Alternate which path goes first so neither gets a systematically warmer cache or quieter CPU.
    const order = i % 2 === 0 ? (['bare', 'source'] as const) : (['source', 'bare'] as const);
    for (const which of order) {
      const ms =
        which === 'bare'
          ? await measure(bareWriter, (r) => (bareWaiter = r))
          : await measure(sourceWriter, (r) => (scanWaiter = r));
      if (i >= 50) (which === 'bare' ? bareTimes : sourceTimes).push(ms); // first 50 rounds warm up
    }
  }

  await source.stop();
  await new Promise<void>((r) => bare.close(() => r()));
  await bareWriter.close();
  await sourceWriter.close();
  await barePair.close();
  await sourcePair.close();

  // Same-round differences: both paths of a round saw the same machine load.
  const paired = sourceTimes.map((t, i) => t - (bareTimes[i] ?? 0)).sort((a, b) => a - b);
  bareTimes.sort((a, b) => a - b);
  sourceTimes.sort((a, b) => a - b);
  const row = (name: string, t: number[]): string =>
    `${name.padEnd(34)} p50 ${percentile(t, 50).toFixed(3)} ms   p99 ${percentile(t, 99).toFixed(3)} ms`;
  console.log(`scanner latency, terminator written → event, ${ROUNDS} rounds each (node ${process.version})`);
  console.log(row('bare serialport "data" (baseline)', bareTimes));
  console.log(row('SerialScanSource "scan"', sourceTimes));
  const added50 = percentile(sourceTimes, 50) - percentile(bareTimes, 50);
  const added99 = percentile(sourceTimes, 99) - percentile(bareTimes, 99);
  console.log(
    `added (difference of percentiles)  p50 ${added50.toFixed(3)} ms   p99 ${added99.toFixed(3)} ms   (goal ≤ 1 ms)`,
  );
  console.log(
    `added (same-round difference)      p50 ${percentile(paired, 50).toFixed(3)} ms   p99 ${percentile(paired, 99).toFixed(3)} ms`,
  );
  inProcessCost();
}

/**
 * The CPU cost alone, free of pty noise: framing one code vs a bare indexOf + toString. Best of 7 batches,
 * since on a shared machine the slower batches measure the neighbours, not the code.
 */
function inProcessCost(): void {
  const frame = Buffer.from(`${CODE}\r`, 'latin1');
  const n = 100_000;
  let sink = 0;
  const decoder = new FrameDecoder();
  const bareOnce = (): void => {
    const end = frame.indexOf(0x0d);
    sink += frame.toString('latin1', 0, end).length;
  };
  const best = (fn: () => void): number => {
    let min = Infinity;
    for (let batch = 0; batch < 7; batch++) {
      const t0 = performance.now();
      for (let i = 0; i < n; i++) fn();
      min = Math.min(min, ((performance.now() - t0) / n) * 1e6);
    }
    return min;
  };
  const framed = best(() => {
    sink += decoder.push(frame).length;
  });
  const bareNs = best(bareOnce);
  console.log(
    `in-process per code (best of 7): FrameDecoder ${framed.toFixed(0)} ns   bare indexOf+toString ${bareNs.toFixed(0)} ns${sink > 0 ? '' : ' '}`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
