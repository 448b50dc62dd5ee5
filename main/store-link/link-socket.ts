/**
 * The till's end of the link WebSocket (GET /api/till/v1/link): the server's way to say "check this order now"
 * (a relayed notification), "another till refunded one of your sales", and on connect how far it has this
 * till's records. Reconnects with capped backoff; a refused credential stops it. Messages are parsed with the
 * protocol's schema and anything else is ignored.
 */
import type { Logger } from 'pino';
import WebSocket from 'ws';
import { backoffDelay } from '../scanner/backoff';
import { serverMessageSchema, type ServerMessage } from '../shared/store-link-protocol';

export interface LinkSocketDeps {
  url: string;
  authorization: string;
  onMessage: (message: ServerMessage) => void;
  onOpen?: () => void;
  /** The server refused the credential (401/403): the socket stops for good. */
  onRefused: (status: number) => void;
  backoff?: { initialMs: number; maxMs: number };
  /** A silent link is dropped and reopened after this long without a pong. */
  pingEveryMs?: number;
  random?: () => number;
  log?: Logger;
}

const MAX_MESSAGE_BYTES = 64 * 1024;
/** The server's close code for a till revoked while connected. */
const CLOSE_REVOKED = 4003;

export class LinkSocket {
  private ws: WebSocket | null = null;
  private failures = 0;
  private reconnect: NodeJS.Timeout | null = null;
  private ping: NodeJS.Timeout | null = null;
  private stopped = true;
  private alive = false;

  constructor(private readonly deps: LinkSocketDeps) {}

  get connected(): boolean {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.reconnect) clearTimeout(this.reconnect);
    if (this.ping) clearInterval(this.ping);
    this.reconnect = null;
    this.ping = null;
    const ws = this.ws;
    this.ws = null;
    ws?.removeAllListeners();
    ws?.on('error', () => undefined);
    ws?.terminate();
  }

  private connect(): void {
    if (this.stopped) return;
    const ws = new WebSocket(this.deps.url, {
      headers: { authorization: this.deps.authorization },
      handshakeTimeout: 10_000,
      maxPayload: MAX_MESSAGE_BYTES,
      followRedirects: false,
    });
    this.ws = ws;
    let refused = false;
    ws.on('unexpected-response', (_req, res) => {
      const status = res.statusCode ?? 0;
      res.resume();
      if (status === 401 || status === 403) {
        refused = true;
        this.deps.log?.warn({ status }, 'store link: the server refused the link');
        this.stop();
        this.deps.onRefused(status);
        return;
      }
      ws.terminate();
    });
    ws.on('open', () => {
      this.failures = 0;
      this.alive = true;
      if (this.ping) clearInterval(this.ping);
      this.ping = setInterval(() => {
        if (!this.alive) {
          ws.terminate();
          return;
        }
        this.alive = false;
        ws.ping();
      }, this.deps.pingEveryMs ?? 30_000);
      this.ping.unref();
      this.deps.onOpen?.();
    });
    ws.on('pong', () => {
      this.alive = true;
    });
    ws.on('message', (data, isBinary) => {
      this.alive = true;
      if (isBinary) return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(Buffer.isBuffer(data) ? data.toString('utf8') : String(data));
      } catch {
        return;
      }
      const message = serverMessageSchema.safeParse(parsed);
      if (!message.success) {
        this.deps.log?.warn({}, 'store link: unreadable message ignored');
        return;
      }
      try {
        this.deps.onMessage(message.data);
      } catch (err) {
        this.deps.log?.error(
          { err: String(err), type: message.data.type },
          'store link: message not handled',
        );
      }
    });
    ws.on('error', (err) => {
      this.deps.log?.debug({ err: err.message }, 'store link: socket error');
    });
    ws.on('close', (code) => {
      if (this.ws !== ws || refused || this.stopped) return;
      if (code === CLOSE_REVOKED) {
        this.deps.log?.warn({}, 'store link: the server closed the link: this till is revoked');
        this.stop();
        this.deps.onRefused(403);
        return;
      }
      if (this.ping) clearInterval(this.ping);
      this.ping = null;
      this.ws = null;
      this.failures += 1;
      const delay = backoffDelay(
        this.failures - 1,
        this.deps.backoff ?? { initialMs: 1_000, maxMs: 30_000 },
        this.deps.random ?? Math.random,
      );
      this.reconnect = setTimeout(() => {
        this.reconnect = null;
        this.connect();
      }, delay);
      this.reconnect.unref();
    });
  }
}
