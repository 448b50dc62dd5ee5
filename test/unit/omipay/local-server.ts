import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What a throwaway loopback server saw of one request. */
export interface SeenRequest {
  method: string;
  /** Raw request target: path and query exactly as the client wrote them. */
  target: string;
  path: string;
  query: URLSearchParams;
  rawQuery: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface LocalServer {
  url: string;
  port: number;
  requests: SeenRequest[];
  /** Connections accepted so far. */
  connections: () => number;
  /** Resolves once `n` connections have closed in total. */
  closedConnections: (n: number) => Promise<void>;
  close: () => Promise<void>;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, seen: SeenRequest) => void;

/** A real HTTP server on 127.0.0.1:0 whose replies the test scripts. */
export async function startLocalServer(handler: Handler): Promise<LocalServer> {
  const requests: SeenRequest[] = [];
  const sockets = new Set<Socket>();
  let connections = 0;
  let closed = 0;
  const closeWaiters: Array<{ n: number; resolve: () => void }> = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const target = req.url ?? '/';
      const q = target.indexOf('?');
      const rawQuery = q === -1 ? '' : target.slice(q + 1);
      const seen: SeenRequest = {
        method: req.method ?? '',
        target,
        path: q === -1 ? target : target.slice(0, q),
        query: new URLSearchParams(rawQuery),
        rawQuery,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(seen);
      handler(req, res, seen);
    });
  });
  server.on('connection', (s) => {
    connections++;
    sockets.add(s);
    s.on('close', () => {
      sockets.delete(s);
      closed++;
      for (const w of closeWaiters.filter((x) => x.n <= closed)) {
        closeWaiters.splice(closeWaiters.indexOf(w), 1);
        w.resolve();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    connections: () => connections,
    closedConnections: (n) =>
      closed >= n ? Promise.resolve() : new Promise<void>((resolve) => closeWaiters.push({ n, resolve })),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export function replyJson(res: ServerResponse, body: unknown, status = 200): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** A loopback port with nothing listening: bind, note the port, close. */
export async function refusedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
