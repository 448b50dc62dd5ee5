/** A network (ESC/POS over TCP) printer played by a listener on loopback: every job's bytes, in order. */
import { createServer } from 'node:net';

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
