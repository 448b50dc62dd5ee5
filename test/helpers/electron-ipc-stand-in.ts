/**
 * STAND-IN for Electron's IPC, because no Electron binary can run here: an in-memory ipcMain, one ipcRenderer
 * and contextBridge per page, webContents and frames. It copies every payload with structuredClone as
 * Electron's IPC does (so a function, class or Date in a payload fails here as it would there), gives each
 * invoke the sender's webContents and frame (top frame or iframe, its URL) for main's sender checks, and
 * passes values through contextBridge the way it does: functions proxied, data copied. It is not Electron;
 * the real shell is checked by test/e2e/electron.test.ts wherever a binary exists.
 */
type Handler = (event: StandInInvokeEvent, ...args: unknown[]) => unknown;
type Listener = (event: { sender: unknown }, ...args: unknown[]) => void;

export interface StandInFrame {
  url: string;
  /** null for the top frame; an object for an iframe. */
  parent: object | null;
}

export interface StandInInvokeEvent {
  sender: { id: number };
  senderFrame: StandInFrame | null;
}

export class ElectronIpcStandIn {
  private readonly handlers = new Map<string, Handler>();
  private nextWebContentsId = 1;

  readonly ipcMain = {
    handle: (channel: string, handler: Handler): void => {
      // Electron refuses a second handler on a channel; so does the stand-in.
      if (this.handlers.has(channel))
        throw new Error(`Attempted to register a second handler for '${channel}'`);
      this.handlers.set(channel, handler);
    },
    removeHandler: (channel: string): void => {
      this.handlers.delete(channel);
    },
  };

  channels(): string[] {
    return [...this.handlers.keys()];
  }

  /** A window whose top frame shows `url`. */
  createWindow(url: string): StandInWindow {
    return new StandInWindow(this, this.nextWebContentsId++, url);
  }

  /** @internal */
  async invoke(event: StandInInvokeEvent, channel: string, args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (handler === undefined) throw new Error(`No handler registered for '${channel}'`);
    return structuredClone(await handler(event, ...structuredClone(args)));
  }
}

export class StandInWindow {
  destroyed = false;
  loading = false;
  readonly frame: StandInFrame;
  private readonly listeners = new Map<string, Set<Listener>>();
  /** What each page exposed with contextBridge, by frame. */
  readonly pages: StandInPage[] = [];
  /** Every message main sent to this window: channel and (cloned) payload. */
  readonly received: Array<{ channel: string; args: unknown[] }> = [];

  readonly webContents: {
    id: number;
    isLoading(): boolean;
    send(channel: string, ...args: unknown[]): void;
  };

  constructor(
    private readonly hub: ElectronIpcStandIn,
    readonly id: number,
    url: string,
  ) {
    this.frame = { url, parent: null };
    this.webContents = {
      id,
      isLoading: () => this.loading,
      send: (channel, ...args) => {
        const copied = structuredClone(args);
        this.received.push({ channel, args: copied });
        for (const listener of this.listeners.get(channel) ?? []) listener({ sender: {} }, ...copied);
      },
    };
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  /**
   * A page in this window: its top frame as loaded, an iframe at `iframe`, or the top frame after it
   * navigated to `navigatedTo`. Load a preload into it through `electronModule()`.
   */
  page(options: { iframe?: string; navigatedTo?: string } = {}): StandInPage {
    const frame: StandInFrame =
      options.iframe !== undefined
        ? { url: options.iframe, parent: this.frame }
        : options.navigatedTo !== undefined
          ? { url: options.navigatedTo, parent: null }
          : this.frame;
    const page = new StandInPage(this.hub, this, frame, this.listeners);
    this.pages.push(page);
    return page;
  }
}

export class StandInPage {
  /** The page's globals as contextBridge left them (window.pos, window.customerDisplay …). */
  readonly world: Record<string, unknown> = {};

  readonly ipcRenderer: {
    invoke(channel: string, ...args: unknown[]): Promise<unknown>;
    on(channel: string, listener: Listener): void;
    removeListener(channel: string, listener: Listener): void;
  };

  readonly contextBridge = {
    exposeInMainWorld: (key: string, api: unknown): void => {
      if (key in this.world) throw new Error(`Cannot bind an API on top of an existing property: ${key}`);
      this.world[key] = acrossBridge(api);
    },
  };

  constructor(
    hub: ElectronIpcStandIn,
    window: StandInWindow,
    readonly frame: StandInFrame,
    listeners: Map<string, Set<Listener>>,
  ) {
    this.ipcRenderer = {
      invoke: (channel, ...args) =>
        hub.invoke({ sender: { id: window.id }, senderFrame: frame }, channel, args),
      on: (channel, listener) => {
        let set = listeners.get(channel);
        if (set === undefined) listeners.set(channel, (set = new Set()));
        set.add(listener);
      },
      removeListener: (channel, listener) => {
        listeners.get(channel)?.delete(listener);
      },
    };
  }

  /** The `electron` module as this page's preload sees it. */
  electronModule(): Record<string, unknown> {
    return { ipcRenderer: this.ipcRenderer, contextBridge: this.contextBridge };
  }
}

/** contextBridge's copy semantics: functions become proxies (both ways), promises settle with copies, data is cloned. */
function acrossBridge(value: unknown): unknown {
  if (typeof value === 'function') {
    return (...args: unknown[]) =>
      acrossBridge((value as (...a: unknown[]) => unknown)(...args.map(acrossBridge)));
  }
  if (value instanceof Promise) return value.then(acrossBridge);
  if (typeof value === 'object' && value !== null) {
    if (Object.values(value).some((v) => typeof v === 'function')) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, acrossBridge(v)]));
    }
    return structuredClone(value);
  }
  return value;
}
