/** Small HTTP helpers for the Terminal API tests: real requests over loopback, nothing mocked. */
import { randomUUID } from 'node:crypto';
import type { PosEvent } from '../../preload/api';

export interface Reply<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

export function apiClient(baseUrl: string, posName = 'Test POS') {
  async function call<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply<T>> {
    const res = await fetch(baseUrl + path, {
      method,
      headers: {
        'X-POS-Name': posName,
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    let parsed: unknown = text;
    if ((res.headers.get('content-type') ?? '').startsWith('application/json')) parsed = JSON.parse(text);
    return { status: res.status, body: parsed as T, headers: res.headers };
  }
  return {
    call,
    get: <T = Record<string, unknown>>(path: string) => call<T>('GET', path),
    post: <T = Record<string, unknown>>(path: string, body?: unknown) => call<T>('POST', path, body ?? {}),
  };
}

export const uuid = (): string => randomUUID();

/** Reads a Server-Sent Events stream until it ends (or `until` says stop); returns the parsed `payment` events. */
export async function readEvents(
  url: string,
  until: (p: Record<string, unknown>) => boolean,
  timeoutMs = 10_000,
  onEvent?: (p: Record<string, unknown>) => void,
): Promise<Array<Record<string, unknown>>> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const events: Array<Record<string, unknown>> = [];
  try {
    const res = await fetch(url, { signal: controller.signal });
    if (!res.body) throw new Error(`no stream: ${res.status}`);
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const data = frame
          .split('\n')
          .filter((l) => l.startsWith('data: '))
          .map((l) => l.slice(6))
          .join('\n');
        if (!data) continue;
        const p = JSON.parse(data) as Record<string, unknown>;
        events.push(p);
        onEvent?.(p);
        if (until(p)) {
          controller.abort();
          return events;
        }
      }
    }
    return events;
  } catch (err) {
    if (controller.signal.aborted && events.length > 0) return events;
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

/** Pairs a POS as an operator would: starts pairing, reads the code the till showed, and exchanges it for a key. */
export async function pairPos(
  api: ReturnType<typeof apiClient>,
  screen: readonly PosEvent[],
  name: string,
): Promise<{ apiKey: string; keyId: string }> {
  const seen = screen.length;
  const started = await api.post('/pairing/start', { name });
  if (started.status !== 200) throw new Error(`pairing/start: ${started.status}`);
  const code = screen
    .slice(seen)
    .flatMap((e) => (e.type === 'api-request' && e.request.kind === 'pairing' ? [e.request.code] : []))[0];
  if (code === undefined) throw new Error('no pairing code was shown');
  const paired = await api.post<{ apiKey: string; keyId: string }>('/pairing', { name, code });
  if (paired.status !== 201) throw new Error(`pairing: ${paired.status}`);
  return paired.body;
}

/**
 * readEvents with the stream's first event (the state when it opened) as a promise of its own: a test that must
 * change something only once the stream listens waits for that, not for time.
 */
export function openEvents(
  url: string,
  until: (p: Record<string, unknown>) => boolean,
  timeoutMs = 10_000,
): { first: Promise<Record<string, unknown>>; events: Promise<Array<Record<string, unknown>>> } {
  let opened: (p: Record<string, unknown>) => void = () => undefined;
  const first = new Promise<Record<string, unknown>>((resolve) => (opened = resolve));
  const events = readEvents(url, until, timeoutMs, (p) => opened(p));
  const ended = events.then((all) => all[0] ?? Promise.reject(new Error(`${url}: no event before the end`)));
  return { first: Promise.race([first, ended]), events };
}
