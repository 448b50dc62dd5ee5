/**
 * Shared by the store-server benchmarks: a real PostgreSQL 15 (a private cluster, or the server STORE_BENCH_URL
 * names), percentiles, and the load average every figure is quoted beside.
 */
import { cpus, loadavg } from 'node:os';
import { startPgCluster, type PgCluster } from '../test/helpers/pg-cluster';

export interface BenchPg {
  url: string;
  cluster: PgCluster | null;
  close(): void;
}

/** A fresh database on a private cluster (removed at close). */
export async function freshPostgres(name: string): Promise<BenchPg> {
  const cluster = await startPgCluster();
  const url = cluster.createDatabase(name);
  return { url, cluster, close: () => cluster.close() };
}

export function percentile(sorted: readonly number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? Number.NaN;
}

export interface Percentiles {
  n: number;
  p50: number;
  p95: number;
  max: number;
}

export function summarise(xs: readonly number[]): Percentiles {
  const s = [...xs].sort((a, b) => a - b);
  return { n: s.length, p50: percentile(s, 50), p95: percentile(s, 95), max: s.at(-1) ?? Number.NaN };
}

export function load(): string {
  return `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} on ${cpus().length} CPUs`;
}

export function ms(x: number): string {
  return `${x.toFixed(1).padStart(7)} ms`;
}

/** Deterministic PRNG (mulberry32): every run of a bench sees the same arguments. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
