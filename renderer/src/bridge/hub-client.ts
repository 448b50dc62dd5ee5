/**
 * PosApi over the hub's WebSocket, for a page opened in an ordinary browser. Every call settles: with the
 * hub's reply, or with HUB_DISCONNECTED / HUB_TIMEOUT when there can be none. Calls made while the socket is
 * (re)connecting wait for it briefly; calls already sent when the socket drops are never re-sent, because the
 * hub may have acted on them (a payment code must not be submitted twice).
 */
import {
  contractError,
  posMethodsVia,
  type ContractErrorCode,
  type PosApi,
  type PosArgs,
  type PosEvent,
  type PosMethod,
  type PosResult,
  type PosReturn,
} from '../../../contract';
import { HUB_SOCKET_PATH, type HubControlMethod, type HubReply } from '../../../main/hub/protocol';

export type HubConnectionState = 'connecting' | 'open' | 'closed';

export interface SocketHandlers {
  open(): void;
  message(text: string): void;
  /** Fired once per socket, whether it failed to open or dropped later. */
  closed(): void;
}

export interface SocketHandle {
  send(text: string): void;
  close(): void;
}

export type SocketFactory = (url: string, handlers: SocketHandlers) => SocketHandle;

export interface HubClientOptions {
  /** ws://host:port/pos[?token=…]; see hubSocketUrl. */
  url: string;
  createSocket?: SocketFactory;
  /** How long a call waits for a connection before settling with HUB_DISCONNECTED. Default 10 s. */
  connectWaitMs?: number;
  /** How long a sent call waits for its reply before settling with HUB_TIMEOUT. Default 120 s. */
  replyTimeoutMs?: number;
  /** Reconnect delays: doubling from initialMs up to maxMs, with jitter. Default 250 ms → 5 s. */
  backoff?: { initialMs: number; maxMs: number };
  random?: () => number;
}

export interface HubClient {
  api: PosApi;
  state(): HubConnectionState;
  /** Told about every state change; after 'open' following a drop, the page should reload its snapshot. */
  onConnectionChange(listener: (state: HubConnectionState) => void): () => void;
  close(): void;
}

interface Pending {
  settle(result: PosResult<unknown>): void;
  timer: ReturnType<typeof setTimeout> | null;
  /** Not yet written to a socket: safe to send after a reconnect. */
  queuedText: string | null;
}

export function createHubClient(options: HubClientOptions): HubClient {
  const createSocket = options.createSocket ?? browserSocketFactory();
  const connectWaitMs = options.connectWaitMs ?? 10_000;
  const replyTimeoutMs = options.replyTimeoutMs ?? 120_000;
  const backoff = options.backoff ?? { initialMs: 250, maxMs: 5_000 };
  const random = options.random ?? Math.random;

  const pending = new Map<number, Pending>();
  const eventListeners = new Set<(event: PosEvent) => void>();
  const stateListeners = new Set<(state: HubConnectionState) => void>();
  let nextId = 1;
  let state: HubConnectionState = 'connecting';
  let socket: SocketHandle | null = null;
  let socketOpen = false;
  let socketGeneration = 0;
  let failures = 0;
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null;

  function setState(next: HubConnectionState): void {
    if (state === next) return;
    state = next;
    for (const listener of [...stateListeners]) {
      try {
        listener(next);
      } catch (err) {
        console.error('hub connection listener failed', err);
      }
    }
  }

  function connect(): void {
    reconnectTimer = null;
    // Handlers of an abandoned socket may still fire; only the current generation's count.
    const generation = ++socketGeneration;
    let closedOnce = false;
    const handle = createSocket(options.url, {
      open() {
        if (generation !== socketGeneration || state === 'closed') return;
        socketOpen = true;
        failures = 0;
        if (eventListeners.size > 0) sendControl('hub.subscribe');
        for (const [id, call] of pending) {
          if (call.queuedText === null) continue;
          handle.send(call.queuedText);
          call.queuedText = null;
          armTimer(id, call, 'HUB_TIMEOUT', replyTimeoutMs);
        }
        setState('open');
      },
      message(text) {
        if (generation === socketGeneration) onMessage(text);
      },
      closed() {
        if (closedOnce || generation !== socketGeneration) return;
        closedOnce = true;
        socket = null;
        socketOpen = false;
        // Whatever was on the wire may or may not have been acted on: tell the caller, never re-send.
        for (const [id, call] of pending)
          if (call.queuedText === null) settle(id, failure('HUB_DISCONNECTED'));
        if (state === 'closed') return;
        setState('connecting');
        scheduleReconnect();
      },
    });
    socket = handle;
  }

  function scheduleReconnect(): void {
    const ceiling = Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.min(failures, 16));
    failures += 1;
    // Jitter spreads reconnects out when several tablets lose the hub at once.
    const delay = Math.round(ceiling * (0.5 + random() * 0.5));
    reconnectTimer = setTimeout(connect, delay);
  }

  function onMessage(text: string): void {
    let frame: unknown;
    try {
      frame = JSON.parse(text);
    } catch {
      console.warn('hub sent a frame that is not JSON');
      return;
    }
    if (isEventFrame(frame)) {
      for (const listener of [...eventListeners]) {
        try {
          listener(frame.event);
        } catch (err) {
          console.error('POS event listener failed', err);
        }
      }
      return;
    }
    if (isReplyFrame(frame)) {
      if (frame.id === null) console.warn('hub refused a frame', frame.result);
      else settle(frame.id, frame.result);
      return;
    }
    console.warn('hub sent a frame of unknown shape');
  }

  function settle(id: number, result: PosResult<unknown>): void {
    const call = pending.get(id);
    if (call === undefined) return;
    pending.delete(id);
    if (call.timer !== null) clearTimeout(call.timer);
    call.settle(result);
  }

  function armTimer(id: number, call: Pending, code: 'HUB_TIMEOUT' | 'HUB_DISCONNECTED', ms: number): void {
    if (call.timer !== null) clearTimeout(call.timer);
    call.timer = setTimeout(() => settle(id, failure(code)), ms);
  }

  function send(method: PosMethod | HubControlMethod, args: unknown): Promise<PosResult<unknown>> {
    if (state === 'closed') return Promise.resolve(failure('HUB_DISCONNECTED'));
    const id = nextId++;
    const text = JSON.stringify(args === undefined ? { id, method } : { id, method, args });
    return new Promise((resolve) => {
      const call: Pending = { settle: resolve, timer: null, queuedText: null };
      pending.set(id, call);
      if (socketOpen && socket !== null) {
        socket.send(text);
        armTimer(id, call, 'HUB_TIMEOUT', replyTimeoutMs);
      } else {
        call.queuedText = text;
        armTimer(id, call, 'HUB_DISCONNECTED', connectWaitMs);
      }
    });
  }

  function sendControl(method: HubControlMethod): void {
    void send(method, undefined);
  }

  function call<M extends PosMethod>(method: M, args: PosArgs<M>): Promise<PosReturn<M>> {
    // The reply comes from our own hub, which built it from PosService's typed result for this very method.
    return send(method, args) as Promise<PosReturn<M>>;
  }

  const api = {
    ...posMethodsVia(call),
    onEvent(listener) {
      // Wrapped so the same function may subscribe twice and each unsubscribe removes only its own entry.
      const entry = (event: PosEvent): void => listener(event);
      eventListeners.add(entry);
      if (eventListeners.size === 1 && socketOpen) sendControl('hub.subscribe');
      return () => {
        if (!eventListeners.delete(entry)) return;
        if (eventListeners.size === 0 && socketOpen) sendControl('hub.unsubscribe');
      };
    },
  } satisfies PosApi;

  connect();

  return {
    api,
    state: () => state,
    onConnectionChange(listener) {
      stateListeners.add(listener);
      return () => void stateListeners.delete(listener);
    },
    close() {
      if (state === 'closed') return;
      setState('closed');
      if (reconnectTimer !== null) clearTimeout(reconnectTimer);
      const current = socket;
      socket = null;
      socketOpen = false;
      socketGeneration += 1;
      for (const id of [...pending.keys()]) settle(id, failure('HUB_DISCONNECTED'));
      current?.close();
    },
  };
}

function failure(code: ContractErrorCode): PosResult<never> {
  return { ok: false, error: contractError(code) };
}

function isEventFrame(frame: unknown): frame is { event: PosEvent } {
  if (typeof frame !== 'object' || frame === null || !('event' in frame)) return false;
  const event = (frame as { event: unknown }).event;
  return (
    typeof event === 'object' && event !== null && typeof (event as { type?: unknown }).type === 'string'
  );
}

function isReplyFrame(frame: unknown): frame is HubReply {
  if (typeof frame !== 'object' || frame === null || !('id' in frame) || !('result' in frame)) return false;
  const { id, result } = frame as { id: unknown; result: unknown };
  if (id !== null && (typeof id !== 'number' || !Number.isSafeInteger(id))) return false;
  return (
    typeof result === 'object' && result !== null && typeof (result as { ok?: unknown }).ok === 'boolean'
  );
}

/**
 * The constructor shape shared by the browser's WebSocket and compatible implementations (the `ws` package).
 * Handler parameters are `never` so both declare-compatible; the adapter reads only `data` of message events.
 */
export interface WebSocketLikeConstructor {
  new (url: string): {
    onopen: ((ev: never) => unknown) | null;
    onmessage: ((ev: never) => unknown) | null;
    onclose: ((ev: never) => unknown) | null;
    onerror: ((ev: never) => unknown) | null;
    send(data: string): void;
    close(code?: number, reason?: string): void;
  };
}

/** Adapts the browser's WebSocket (or any implementation of the same API) to SocketFactory. */
export function browserSocketFactory(WebSocketImpl: WebSocketLikeConstructor = WebSocket): SocketFactory {
  return (url, handlers) => {
    let ws: InstanceType<WebSocketLikeConstructor>;
    try {
      ws = new WebSocketImpl(url);
    } catch {
      // A malformed URL throws synchronously; report it as a failed connection so backoff applies.
      queueMicrotask(() => handlers.closed());
      return { send: () => undefined, close: () => undefined };
    }
    ws.onopen = () => handlers.open();
    ws.onmessage = (ev: { data: unknown }) => {
      if (typeof ev.data === 'string') handlers.message(ev.data);
    };
    ws.onclose = () => handlers.closed();
    // Browsers always follow an error with close; nothing to do here.
    ws.onerror = () => undefined;
    return {
      send: (text) => ws.send(text),
      close: () => ws.close(1000, 'page closing'),
    };
  };
}

/** The hub socket URL for a page served by the hub, carrying the pairing token when there is one. */
export function hubSocketUrl(location: { protocol: string; host: string }, token: string | null): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const query = token === null ? '' : `?token=${encodeURIComponent(token)}`;
  return `${scheme}//${location.host}${HUB_SOCKET_PATH}${query}`;
}
