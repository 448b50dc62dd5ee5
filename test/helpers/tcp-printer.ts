/** A network (ESC/POS over TCP) printer played by a listener on loopback: every job's bytes, in order. */
import { createServer } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import type { SaleView } from '../../preload/api';
import { scenario, startHarnessWithPin, type Harness } from './runtime-harness';

export interface TcpPrinter {
  port: number;
  /** One entry per connection, once the sender closed it. */
  received: Buffer[];
  close(): Promise<void>;
}

export async function startTcpPrinter(): Promise<TcpPrinter> {
  const received: Buffer[] = [];
  const server = createServer((socket) => {
    const chunks: Buffer[] = [];
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('end', () => received.push(Buffer.concat(chunks)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * The printing tests' setup: the real core with its manager PIN set and a TCP printer beside it, opened before the
 * block's tests and closed after them, and a paid sale on demand (sandbox scenario 0000).
 */
export function usePrintingCore(pin: string) {
  let harness: Harness | null = null;
  let tcp: TcpPrinter | null = null;
  beforeAll(async () => {
    harness = await startHarnessWithPin(pin);
    tcp = await startTcpPrinter();
  });
  afterAll(async () => {
    await harness?.close();
    await tcp?.close();
  });
  const must = <T>(v: T | null): T => {
    if (v === null) throw new Error('usePrintingCore: used outside its tests');
    return v;
  };
  return {
    get h(): Harness {
      return must(harness);
    },
    get printer(): TcpPrinter {
      return must(tcp);
    },
    paidSale(amount: string): Promise<SaleView> {
      return must(harness).sell(amount, scenario('alipay', '0000'));
    },
  };
}
