/**
 * The tills' open links (see ../links.ts): one WebSocket per till on /api/till/v1/link, authenticated by the
 * same bearer credential before the upgrade (a refused till never gets a socket). A till that connects again
 * replaces its old socket (a laptop that slept, a restarted till). A ping every heartbeat; a socket that did
 * not answer the previous one is dead and terminated, and a till revoked meanwhile is disconnected. Messages are
 * fire and forget: a socket that backs up beyond its buffer has the message dropped (logged), because the till
 * polls anyway and a slow socket must not grow the server's memory.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { serverMessageSchema, type ServerMessage } from '../../shared/store-link-protocol';
import type { StoreServerContext } from '../http/router';
import type { TillLinks } from '../links';
import { bearerCredential, tillForCredential, touchLastSeen } from './auth';

export interface TillLinkOptions {
  /** Ping interval; a socket silent for a whole interval is terminated. Default 30 s. */
  heartbeatMs?: number;
  /** Bytes a socket may have unsent before messages to it are dropped. Default 256 KiB. */
  maxBufferedBytes?: number;
}

const CLOSE_REPLACED = 4001;
const CLOSE_REVOKED = 4003;
const CLOSE_GOING_AWAY = 1001;

interface Link {
  ws: WebSocket;
  alive: boolean;
}

const STATUS_TEXT: Record<number, string> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  503: 'Service Unavailable',
};

function refuse(socket: Duplex, status: number, error: string): void {
  const body = JSON.stringify({ error });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\nConnection: close\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
  socket.destroy();
}

export function createTillLinks(ctx: Omit<StoreServerContext, 'links'>, o: TillLinkOptions = {}): TillLinks {
  const heartbeatMs = o.heartbeatMs ?? 30_000;
  const maxBuffered = o.maxBufferedBytes ?? 256 * 1024;
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4 * 1024 });
  const links = new Map<string, Link>();
  let closed = false;

  function attach(tillId: string, ws: WebSocket, lastSeq: number): void {
    const old = links.get(tillId);
    if (old) old.ws.close(CLOSE_REPLACED, 'replaced by a newer link');
    const link: Link = { ws, alive: true };
    links.set(tillId, link);
    ws.on('pong', () => (link.alive = true));
    ws.on('error', (err) => ctx.log.debug({ tillId, err: String(err) }, 'till link: socket error'));
    ws.on('close', () => {
      if (links.get(tillId) === link) links.delete(tillId);
    });
    // The till sends nothing on the link; anything it does send is ignored.
    ws.send(JSON.stringify({ type: 'hello', lastSeq } satisfies ServerMessage));
    ctx.log.info({ tillId }, 'till link: connected');
  }

  async function heartbeat(): Promise<void> {
    for (const [tillId, link] of links) {
      if (!link.alive) {
        ctx.log.info({ tillId }, 'till link: no answer to the last ping, terminated');
        link.ws.terminate();
        links.delete(tillId);
        continue;
      }
      link.alive = false;
      link.ws.ping();
    }
    if (links.size === 0) return;
    const { rows } = await ctx.db.query<{ id: string }>(
      'SELECT id FROM tills WHERE id = ANY($1::text[]) AND revoked_at IS NOT NULL',
      [[...links.keys()]],
    );
    for (const { id } of rows) {
      links.get(id)?.ws.close(CLOSE_REVOKED, 'revoked');
      links.delete(id);
    }
  }
  const timer = setInterval(() => {
    heartbeat().catch((err: unknown) => ctx.log.warn({ err: String(err) }, 'till link: heartbeat failed'));
  }, heartbeatMs);
  timer.unref();

  return {
    send(tillId, message) {
      const parsed = serverMessageSchema.safeParse(message);
      if (!parsed.success) {
        ctx.log.warn(
          { tillId, type: (message as { type?: unknown }).type },
          'till link: invalid message not sent',
        );
        return false;
      }
      const link = links.get(tillId);
      if (!link || link.ws.readyState !== WebSocket.OPEN) return false;
      if (link.ws.bufferedAmount > maxBuffered) {
        ctx.log.warn(
          { tillId, type: parsed.data.type, buffered: link.ws.bufferedAmount },
          'till link: socket backed up, message dropped',
        );
        return false;
      }
      link.ws.send(JSON.stringify(parsed.data));
      return true;
    },
    connected: (tillId) => links.get(tillId)?.ws.readyState === WebSocket.OPEN,
    upgrade(req: IncomingMessage, socket: Duplex, head: Buffer) {
      socket.on('error', () => undefined);
      void (async () => {
        if (closed) return refuse(socket, 503, 'server_error');
        let found;
        let lastSeq = 0;
        try {
          found = await tillForCredential(ctx.db, bearerCredential(req));
          if (typeof found === 'object') {
            const r = await ctx.db.query<{ last_seq: number }>('SELECT last_seq FROM tills WHERE id = $1', [
              found.tillId,
            ]);
            lastSeq = r.rows[0]?.last_seq ?? 0;
            await touchLastSeen(ctx.db, found.tillId, ctx.now());
          }
        } catch (err) {
          ctx.log.warn({ err: String(err) }, 'till link: authentication failed');
          return refuse(socket, 503, 'server_error');
        }
        if (found === 'unknown') return refuse(socket, 401, 'unauthorized');
        if (found === 'revoked') return refuse(socket, 403, 'revoked');
        if (closed || socket.destroyed) return refuse(socket, 503, 'server_error');
        const till = found;
        wss.handleUpgrade(req, socket, head, (ws) => attach(till.tillId, ws, lastSeq));
      })();
    },
    async close() {
      closed = true;
      clearInterval(timer);
      const sockets = [...links.values()].map((l) => l.ws);
      links.clear();
      await Promise.all(
        sockets.map(
          (ws) =>
            new Promise<void>((resolve) => {
              if (ws.readyState === WebSocket.CLOSED) return resolve();
              const t = setTimeout(() => {
                ws.terminate();
                resolve();
              }, 500);
              ws.once('close', () => {
                clearTimeout(t);
                resolve();
              });
              ws.close(CLOSE_GOING_AWAY, 'server shutting down');
            }),
        ),
      );
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
