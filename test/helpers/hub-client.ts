/** Small real-network helpers for the hub tests: a raw WebSocket client and a throwaway static root. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { request, type IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { PosEvent, PosResult } from '../../preload/api';

export interface RawClient {
  ws: WebSocket;
  /** Sends `{id, method, args}` and resolves with the reply's result. */
  request(method: string, args?: unknown): Promise<PosResult<unknown>>;
  sendRaw(data: string | Buffer): void;
  /** The next frame that is not an event, in arrival order. */
  nextReply(): Promise<{ id: number | null; result: PosResult<unknown> }>;
  /** Sends a raw frame and resolves with the next reply (for frames that carry no id to match). */
  replyTo(data: string | Buffer): Promise<{ id: number | null; result: PosResult<unknown> }>;
  events: PosEvent[];
  waitForEvent(predicate: (e: PosEvent) => boolean, timeoutMs?: number): Promise<PosEvent>;
  closed: Promise<{ code: number; reason: string }>;
  close(): void;
}

export function hubOrigin(url: string): string {
  return new URL(url).origin;
}

export function socketUrl(pageUrl: string, token?: string): string {
  const u = new URL(pageUrl);
  const query = token === undefined ? '' : `?token=${encodeURIComponent(token)}`;
  return `ws://${u.host}/pos${query}`;
}

export async function connectRaw(url: string, origin: string | undefined): Promise<RawClient> {
  const ws = new WebSocket(url, origin === undefined ? {} : { origin });
  const replies: Array<{ id: number | null; result: PosResult<unknown> }> = [];
  const replyWaiters: Array<(r: { id: number | null; result: PosResult<unknown> }) => void> = [];
  const events: PosEvent[] = [];
  const eventWaiters = new Set<() => void>();
  const byId = new Map<number, (r: PosResult<unknown>) => void>();
  let nextId = 1;

  ws.on('message', (data) => {
    const frame = JSON.parse(String(data)) as
      { event: PosEvent } | { id: number | null; result: PosResult<unknown> };
    if ('event' in frame) {
      events.push(frame.event);
      for (const w of [...eventWaiters]) w();
      return;
    }
    const waiting = frame.id === null ? undefined : byId.get(frame.id);
    if (waiting !== undefined && frame.id !== null) {
      byId.delete(frame.id);
      waiting(frame.result);
      return;
    }
    const next = replyWaiters.shift();
    if (next) next(frame);
    else replies.push(frame);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });

  const nextReply = (): Promise<{ id: number | null; result: PosResult<unknown> }> => {
    const ready = replies.shift();
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve) => replyWaiters.push(resolve));
  };

  return {
    ws,
    events,
    closed,
    request(method, args) {
      const id = nextId++;
      return new Promise((resolve) => {
        byId.set(id, resolve);
        ws.send(JSON.stringify(args === undefined ? { id, method } : { id, method, args }));
      });
    },
    sendRaw(data) {
      ws.send(data);
    },
    nextReply,
    replyTo(data) {
      ws.send(data);
      return nextReply();
    },
    waitForEvent(predicate, timeoutMs = 8_000) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          const found = events.find(predicate);
          if (found === undefined) return false;
          eventWaiters.delete(check);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          eventWaiters.delete(check);
          reject(
            new Error(`no matching event within ${timeoutMs} ms; got ${events.map((e) => e.type).join(',')}`),
          );
        }, timeoutMs);
        if (!check()) eventWaiters.add(check);
      });
    },
    close() {
      ws.close();
    },
  };
}

/** Attempts an upgrade and reports the HTTP status the hub answered with (101 when accepted). */
export function upgradeStatus(url: string, headers: { origin?: string; host?: string }): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, {
      ...(headers.origin !== undefined ? { origin: headers.origin } : {}),
      ...(headers.host !== undefined ? { headers: { host: headers.host } } : {}),
    });
    ws.once('open', () => {
      ws.close();
      resolve(101);
    });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('error', (err) => {
      if (!/Unexpected server response/.test(err.message)) reject(err);
    });
  });
}

/** A stand-in for dist/renderer: an index page and one hashed asset. */
export function makeStaticDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hub-static-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><html><head><script type="module" src="./assets/app-abc123.js"></script></head><body><div id="root"></div></body></html>',
  );
  writeFileSync(join(dir, 'assets', 'app-abc123.js'), 'document.getElementById("root").textContent = "ok";');
  return dir;
}

/** Plain node:http (fetch will not let a test choose the Host header). */
export function httpRequest(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<{ status: number; headers: IncomingHttpHeaders; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method ?? 'GET', headers: init.headers ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          text: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(init.body);
  });
}
