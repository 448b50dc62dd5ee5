import { stat } from 'node:fs/promises';
import type { SerialPort as SerialPortClass } from 'serialport';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff';
import { DEFAULT_FRAME_OPTIONS, FrameDecoder, type FrameDecoderOptions } from './frame-decoder';
import { errorDetail, scannerMessages } from './messages';
import { SourceBase } from './source-base';
import type { ScannerDevice } from './types';

export type SerialPortInfo = Awaited<ReturnType<typeof SerialPortClass.list>>[number];

export type SerialPortSelector =
  | { path: string }
  /** Chosen by USB identity, resolved with SerialPort.list() at every (re)open: survives ttyACM0 → ttyACM1. */
  | { vendorId: number; productId: number; serialNumber?: string };

export interface SerialLineSettings {
  baudRate: number;
  dataBits: 5 | 6 | 7 | 8;
  parity: 'none' | 'even' | 'odd' | 'mark' | 'space';
  stopBits: 1 | 1.5 | 2;
}

export interface SerialSourceOptions {
  port: SerialPortSelector;
  line?: Partial<SerialLineSettings>;
  frame?: Partial<FrameDecoderOptions>;
  /** A frame without its terminator for this long is a fragment and is discarded (terminator framings). */
  staleFrameMs?: number;
  reconnect?: BackoffOptions;
  /**
   * While connected, how often the device node is checked to still exist. serialport only notices an
   * unplug when a read fails; some drivers (and ptys) instead return end-of-file forever, which it
   * retries silently, so the disappearance of the node is the dependable signal.
   */
  presenceCheckMs?: number;
  /** Defaults to SerialPort.list; injectable because it shells out to udevadm, which may be missing. */
  listPorts?: () => Promise<SerialPortInfo[]>;
  /** Defaults to importing 'serialport' on first use, so a broken native binding is a status, not a crash. */
  loadSerialPort?: () => Promise<typeof SerialPortClass>;
  random?: () => number;
}

export const DEFAULT_LINE: SerialLineSettings = { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 };
const DEFAULT_STALE_FRAME_MS = 1000;
const DEFAULT_PRESENCE_CHECK_MS = 250;

async function importSerialPort(): Promise<typeof SerialPortClass> {
  const mod = await import('serialport');
  return mod.SerialPort;
}

export function describeSelector(sel: SerialPortSelector): string {
  if ('path' in sel) return sel.path;
  const id = `${hex4(sel.vendorId)}:${hex4(sel.productId)}`;
  return sel.serialNumber ? `USB ${id} #${sel.serialNumber}` : `USB ${id}`;
}

export function hex4(n: number): string {
  return n.toString(16).padStart(4, '0');
}

/** serialport reports USB ids as hex strings ("0c2e"); some platforms add "0x" or use upper case. */
export function parseUsbId(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const n = Number.parseInt(value.replace(/^0x/i, ''), 16);
  return Number.isFinite(n) ? n : undefined;
}

export function matchesSelector(info: SerialPortInfo, sel: SerialPortSelector): boolean {
  if ('path' in sel) return info.path === sel.path;
  if (parseUsbId(info.vendorId) !== sel.vendorId || parseUsbId(info.productId) !== sel.productId)
    return false;
  return sel.serialNumber === undefined || info.serialNumber === sel.serialNumber;
}

type OpenFailure = 'not_found' | 'permission' | 'busy' | 'other';

function classifyOpenError(err: unknown): OpenFailure {
  const text = `${(err as { code?: string } | null)?.code ?? ''} ${errorDetail(err)}`;
  if (/ENOENT|No such file|cannot find/i.test(text)) return 'not_found';
  if (/EACCES|EPERM|Permission denied|Access denied/i.test(text)) return 'permission';
  if (/EBUSY|Cannot lock|Resource temporarily unavailable|in use/i.test(text)) return 'busy';
  return 'other';
}

/**
 * A scanner on a serial line (USB-CDC or RS-232). Opens the port, frames its bytes into codes, and keeps
 * it open: serialport has no reconnect of its own, so an unplug ('close' with err.disconnected, or a read
 * error) puts the source in 'disconnected' and starts reopening with jittered exponential backoff.
 */
export class SerialScanSource extends SourceBase {
  readonly kind = 'serial' as const;
  private readonly options: SerialSourceOptions;
  private readonly line: SerialLineSettings;
  private readonly frameOptions: FrameDecoderOptions;
  private readonly backoff: BackoffOptions;
  private readonly random: () => number;
  private decoder: FrameDecoder;
  private port: SerialPortClass | null = null;
  private running = false;
  private attempt = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private frameTimer: NodeJS.Timeout | null = null;
  private presenceTimer: NodeJS.Timeout | null = null;
  private connecting: Promise<void> | null = null;
  private portClass: typeof SerialPortClass | null = null;
  private received = 0;

  constructor(options: SerialSourceOptions) {
    super('serial');
    this.options = options;
    this.line = { ...DEFAULT_LINE, ...options.line };
    this.frameOptions = { ...DEFAULT_FRAME_OPTIONS, ...options.frame };
    this.backoff = options.reconnect ?? DEFAULT_BACKOFF;
    this.random = options.random ?? Math.random;
    this.decoder = new FrameDecoder(this.frameOptions);
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.attempt = 0;
    this.connecting = this.connect();
    await this.connecting;
  }

  async stop(): Promise<void> {
    this.running = false;
    this.clearTimers();
    await this.connecting?.catch(() => undefined);
    const port = this.port;
    this.port = null;
    if (port?.isOpen) {
      await new Promise<void>((resolve) => port.close(() => resolve()));
    }
    port?.removeAllListeners();
    this.decoder = new FrameDecoder(this.frameOptions);
    this.setStatus({ state: 'idle', reason: scannerMessages.stopped() });
  }

  private clearTimers(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.frameTimer) clearTimeout(this.frameTimer);
    if (this.presenceTimer) clearInterval(this.presenceTimer);
    this.retryTimer = null;
    this.frameTimer = null;
    this.presenceTimer = null;
  }

  private scheduleReconnect(): void {
    if (!this.running || this.retryTimer) return;
    const delay = backoffDelay(this.attempt, this.backoff, this.random);
    this.attempt++;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connecting = this.connect();
    }, delay);
  }

  private async connect(): Promise<void> {
    const what = describeSelector(this.options.port);
    try {
      const target = await this.resolveTarget();
      if (!this.running) return;
      const SerialPort = await this.loadPortClass();
      if (!SerialPort || !this.running) return;
      const port = new SerialPort({ path: target.path, ...this.line, autoOpen: false });
      await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
      if (!this.running) {
        port.close(() => undefined);
        return;
      }
      this.attach(port, target);
    } catch (err) {
      if (!this.running) return;
      if (!(err as { handled?: boolean }).handled) this.reportOpenFailure(what, err);
      this.scheduleReconnect();
    }
  }

  private reportOpenFailure(what: string, err: unknown): void {
    const failure = classifyOpenError(err);
    if (failure === 'not_found') {
      // Retried every few hundred ms: the status says it all, no log line per try.
      this.setStatus({ state: 'disconnected', reason: scannerMessages.notFound(what) });
      return;
    }
    this.diagnostic('open_failed', new Uint8Array(), { detail: errorDetail(err) });
    const reason =
      failure === 'permission'
        ? scannerMessages.permissionDenied(what)
        : failure === 'busy'
          ? scannerMessages.busy(what)
          : scannerMessages.openFailed(what, errorDetail(err));
    this.setStatus({ state: 'error', reason });
  }

  private async loadPortClass(): Promise<typeof SerialPortClass | null> {
    if (this.portClass) return this.portClass;
    try {
      this.portClass = await (this.options.loadSerialPort ?? importSerialPort)();
      return this.portClass;
    } catch (err) {
      // A missing native binding will not fix itself: say so once and stop retrying.
      this.running = false;
      this.setStatus({
        state: 'error',
        reason: scannerMessages.driverMissing('Serial port', errorDetail(err)),
      });
      return null;
    }
  }

  /** Resolves the selector to a device. Throws only for open-level problems; list failures are handled here. */
  private async resolveTarget(): Promise<ScannerDevice & { path: string }> {
    const sel = this.options.port;
    if ('path' in sel) return { path: sel.path };
    let ports: SerialPortInfo[];
    try {
      const list = this.options.listPorts ?? (async () => (await this.requirePortClass()).list());
      ports = await list();
    } catch (err) {
      this.diagnostic('list_failed', new Uint8Array(), { detail: errorDetail(err) });
      this.setStatus({ state: 'error', reason: scannerMessages.listFailed(errorDetail(err)) });
      throw Object.assign(new Error('list failed'), { handled: true });
    }
    const found = ports.find((p) => matchesSelector(p, sel));
    if (!found) throw Object.assign(new Error('ENOENT: no matching port'), { code: 'ENOENT' });
    const device: ScannerDevice & { path: string } = {
      path: found.path,
      vendorId: sel.vendorId,
      productId: sel.productId,
    };
    if (found.serialNumber) device.serialNumber = found.serialNumber;
    if (found.manufacturer) device.manufacturer = found.manufacturer;
    return device;
  }

  private async requirePortClass(): Promise<typeof SerialPortClass> {
    const cls = await this.loadPortClass();
    if (!cls) throw new Error('serialport unavailable');
    return cls;
  }

  private attach(port: SerialPortClass, device: ScannerDevice & { path: string }): void {
    this.port = port;
    this.attempt = 0;
    this.decoder = new FrameDecoder(this.frameOptions);
    const what = describeSelector(this.options.port);
    let gone = false;
    const lost = (reason: 'unplugged' | 'error', err?: unknown): void => {
      if (gone || this.port !== port) return;
      gone = true;
      this.port = null;
      if (this.frameTimer) clearTimeout(this.frameTimer);
      if (this.presenceTimer) clearInterval(this.presenceTimer);
      this.frameTimer = null;
      this.presenceTimer = null;
      // A half-received frame cannot be completed by the next connection, nor taken as a whole code.
      this.deliver(this.decoder.discard());
      port.removeAllListeners('data');
      if (port.isOpen) port.close(() => undefined);
      this.setStatus(
        reason === 'unplugged'
          ? { state: 'disconnected', reason: scannerMessages.unplugged(what) }
          : { state: 'disconnected', reason: scannerMessages.readFailed(what, errorDetail(err)) },
      );
      this.scheduleReconnect();
    };
    port.on('data', (chunk: Buffer) => this.onData(chunk));
    port.on('close', (err: (Error & { disconnected?: boolean }) | null) => {
      if (!this.running) return;
      lost(err?.disconnected ? 'unplugged' : 'error', err ?? new Error('port closed'));
    });
    // The stream ends (zero-byte read) when a pty or some USB-serial drivers go away.
    port.on('end', () => lost('unplugged'));
    port.on('error', (err) => lost('error', err));
    let checking = false;
    this.presenceTimer = setInterval(() => {
      if (checking) return;
      checking = true;
      stat(device.path).then(
        () => {
          checking = false;
        },
        (err: unknown) => {
          checking = false;
          if ((err as { code?: string }).code === 'ENOENT') lost('unplugged');
        },
      );
    }, this.options.presenceCheckMs ?? DEFAULT_PRESENCE_CHECK_MS);
    this.setStatus({ state: 'connected', reason: scannerMessages.connected(device.path), device });
  }

  /** Bytes read from the port since construction: lets a caller pace writes by what was read, not by time. */
  get bytesReceived(): number {
    return this.received;
  }

  private onData(chunk: Buffer): void {
    this.received += chunk.length;
    this.deliver(this.decoder.push(chunk));
    if (this.frameTimer) clearTimeout(this.frameTimer);
    this.frameTimer = null;
    if (this.decoder.pending === 0) return;
    const wait = this.decoder.idleGapMs ?? this.options.staleFrameMs ?? DEFAULT_STALE_FRAME_MS;
    this.frameTimer = setTimeout(() => {
      this.frameTimer = null;
      this.deliver(this.decoder.flush());
    }, wait);
  }
}
