import { EventEmitter } from 'node:events';
import { z } from 'zod';
import type { Bilingual } from '../shared/bilingual';
import { HidScanSource, type HidDeviceInfo, type HidModule, HID_POS_USAGE_PAGE } from './hid-source';
import { errorDetail, scannerMessages } from './messages';
import { maskCode, recognisePaymentCode, type PaymentCodeResult } from './payment-code';
import { parseScannerConfig, type ParsedScannerConfig, type ScannerConfig } from './scanner-config';
import { parseUsbId, SerialScanSource, type SerialPortInfo } from './serial-source';
import {
  toHex,
  type DiagnosticEvent,
  type DiagnosticKind,
  type ScanEvent,
  type ScanSource,
  type ScanSourceKind,
  type StatusEvent,
} from './types';

export type { ScanSource, ScanEvent, StatusEvent, DiagnosticEvent, ScanSourceKind } from './types';
export { scannerConfigSchema, parseScannerConfig, type ScannerConfig } from './scanner-config';

/** A scan that passed framing, validation and de-duplication, with what it is. */
export interface AcceptedScan extends ScanEvent {
  recognition: PaymentCodeResult;
}

/** Settings-screen test mode: what the scanner sent and what the POS made of it; never reaches a sale. */
export interface ScannerTestEvent {
  kind: DiagnosticKind;
  source: ScanSourceKind | 'none';
  rawBytes: string;
  decoded?: string;
  recognition?: PaymentCodeResult;
  detail?: string;
  at: number;
}

export interface ScannerServiceEvents {
  scan: [AcceptedScan];
  status: [StatusEvent];
  diagnostic: [DiagnosticEvent];
  test: [ScannerTestEvent];
}

export interface SerialDeviceListing {
  path: string;
  manufacturer?: string;
  vendorId?: number;
  productId?: number;
  serialNumber?: string;
}

export interface HidDeviceListing {
  path: string;
  vendorId: number;
  productId: number;
  serialNumber?: string;
  manufacturer?: string;
  product?: string;
  usagePage?: number;
  usage?: number;
  /** 'hidpos' for the scanner page 0x8C, 'keyboard' for boot keyboards, 'other' for the rest. */
  role: 'hidpos' | 'keyboard' | 'other';
}

export interface DeviceListing {
  serial: SerialDeviceListing[];
  hid: HidDeviceListing[];
  /** Why a list is empty when listing failed; empty when both lists were read. */
  messages: Bilingual[];
}

export interface ScannerServiceOptions {
  /** Replaces the source built from the config (tests, or a custom source). */
  createSource?: (config: ScannerConfig) => ScanSource | null;
  listSerialPorts?: () => Promise<SerialPortInfo[]>;
  loadHid?: () => Promise<HidModule>;
  /** The same code again within this window counts once (sliding: a scanner re-reading a code that is
   * still held under it keeps extending the window). */
  dedupeWindowMs?: number;
  now?: () => number;
}

export type WedgeSubmitResult =
  { accepted: true } | { accepted: false; reason: 'invalid' | 'duplicate' | 'test_mode' };

const DEFAULT_DEDUPE_MS = 2000;
/** What the renderer may submit: one decoded code, printable, bounded. */
const wedgeCodeSchema = z
  .string()
  .min(1)
  .max(512)
  // eslint-disable-next-line no-control-regex
  .regex(/^[^\u0000-\u001f\u007f]+$/, 'control characters are not part of a code');

async function defaultListSerialPorts(): Promise<SerialPortInfo[]> {
  const { SerialPort } = await import('serialport');
  return SerialPort.list();
}

async function defaultLoadHid(): Promise<HidModule> {
  return (await import('node-hid')) as unknown as HidModule;
}

/**
 * The one way scans enter the POS. Builds the configured source, and funnels its scans and the scans
 * the renderer's wedge detector submits through the same validation, de-duplication and payment-code
 * recognition before emitting 'scan'. What to do with a scan (is a sale waiting for a code?) is the sale
 * engine's decision, not this service's.
 */
export class ScannerService extends EventEmitter<ScannerServiceEvents> {
  private readonly options: ScannerServiceOptions;
  private readonly now: () => number;
  private source: ScanSource | null = null;
  private current: ScannerConfig = { kind: 'none' };
  private currentStatus: StatusEvent = { state: 'idle', source: 'none', reason: scannerMessages.none() };
  private lastSeen = new Map<string, number>();
  private testing = false;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: ScannerServiceOptions = {}) {
    super();
    this.options = options;
    this.now = options.now ?? Date.now;
  }

  get config(): ScannerConfig {
    return this.current;
  }

  get status(): StatusEvent {
    return this.currentStatus;
  }

  get testMode(): boolean {
    return this.testing;
  }

  /** In test mode scans are shown on the settings screen only: scanning a real payment code there charges nothing. */
  setTestMode(on: boolean): void {
    this.testing = on;
  }

  /**
   * Validates the settings and (re)starts the source. Invalid settings leave the running source alone.
   * Calls are serialised: two quick saves on the settings screen never leave two sources running.
   */
  configure(input: unknown): Promise<ParsedScannerConfig> {
    const run = this.queue.then(() => this.applyConfig(input));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async applyConfig(input: unknown): Promise<ParsedScannerConfig> {
    const parsed = parseScannerConfig(input);
    if (!parsed.ok) return parsed;
    await this.stopSource();
    this.current = parsed.config;
    this.lastSeen.clear();
    const source = this.options.createSource
      ? this.options.createSource(parsed.config)
      : this.buildSource(parsed.config);
    if (!source) {
      const wedge = parsed.config.kind === 'wedge';
      this.setStatus({
        state: 'idle',
        source: wedge ? 'wedge' : 'none',
        reason: wedge ? scannerMessages.wedge() : scannerMessages.none(),
      });
      return parsed;
    }
    this.source = source;
    source.on('scan', (e) => this.ingest(e));
    source.on('status', (e) => this.setStatus(e));
    source.on('diagnostic', (e) => this.onDiagnostic(e));
    this.setStatus(source.status);
    await source.start();
    return parsed;
  }

  stop(): Promise<void> {
    const run = this.queue.then(() => this.applyStop());
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async applyStop(): Promise<void> {
    await this.stopSource();
    this.current = { kind: 'none' };
    this.setStatus({ state: 'idle', source: 'none', reason: scannerMessages.none() });
  }

  /**
   * A code the renderer's keyboard-wedge detector read. Accepted whatever source is configured: a HID
   * scanner in keyboard mode also types into the window, and the de-duplication then counts it once.
   */
  submitWedgeScan(code: unknown): WedgeSubmitResult {
    const parsed = wedgeCodeSchema.safeParse(code);
    if (!parsed.success) return { accepted: false, reason: 'invalid' };
    const raw = Uint8Array.from(Buffer.from(parsed.data, 'utf8'));
    return this.ingest({ code: parsed.data, source: 'wedge', at: this.now(), raw });
  }

  async listDevices(): Promise<DeviceListing> {
    const messages: Bilingual[] = [];
    const [serial, hid] = await Promise.all([
      this.listSerial().catch((err: unknown) => {
        messages.push(scannerMessages.listFailed(errorDetail(err)));
        return [];
      }),
      this.listHid().catch((err: unknown) => {
        messages.push(scannerMessages.driverMissing('USB HID', errorDetail(err)));
        return [];
      }),
    ]);
    return { serial, hid, messages };
  }

  private async listSerial(): Promise<SerialDeviceListing[]> {
    const ports = await (this.options.listSerialPorts ?? defaultListSerialPorts)();
    return ports.map((p) => {
      const out: SerialDeviceListing = { path: p.path };
      if (p.manufacturer) out.manufacturer = p.manufacturer;
      const vid = parseUsbId(p.vendorId);
      const pid = parseUsbId(p.productId);
      if (vid !== undefined) out.vendorId = vid;
      if (pid !== undefined) out.productId = pid;
      if (p.serialNumber) out.serialNumber = p.serialNumber;
      return out;
    });
  }

  private async listHid(): Promise<HidDeviceListing[]> {
    const hid = await (this.options.loadHid ?? defaultLoadHid)();
    const devices: HidDeviceInfo[] = await hid.devicesAsync();
    const rank = { hidpos: 0, keyboard: 1, other: 2 } as const;
    return devices
      .filter((d) => d.path !== undefined)
      .map((d) => {
        const role: HidDeviceListing['role'] =
          d.usagePage === HID_POS_USAGE_PAGE
            ? 'hidpos'
            : d.usagePage === 1 && d.usage === 6
              ? 'keyboard'
              : 'other';
        const out: HidDeviceListing = {
          path: d.path ?? '',
          vendorId: d.vendorId,
          productId: d.productId,
          role,
        };
        if (d.serialNumber) out.serialNumber = d.serialNumber;
        if (d.manufacturer) out.manufacturer = d.manufacturer;
        if (d.product) out.product = d.product;
        if (d.usagePage !== undefined) out.usagePage = d.usagePage;
        if (d.usage !== undefined) out.usage = d.usage;
        return out;
      })
      .sort((a, b) => rank[a.role] - rank[b.role]);
  }

  private buildSource(config: ScannerConfig): ScanSource | null {
    switch (config.kind) {
      case 'serial': {
        const options: ConstructorParameters<typeof SerialScanSource>[0] = {
          port: config.port,
          line: {
            baudRate: config.baudRate,
            dataBits: config.dataBits,
            parity: config.parity,
            stopBits: config.stopBits,
          },
          frame: {
            framing: config.framing,
            stripAim: config.stripAim,
            prefixes: config.prefixes,
            suffixes: config.suffixes,
          },
          staleFrameMs: config.staleFrameMs,
          reconnect: config.reconnect,
        };
        if (this.options.listSerialPorts) options.listPorts = this.options.listSerialPorts;
        return new SerialScanSource(options);
      }
      case 'hid': {
        const options: ConstructorParameters<typeof HidScanSource>[0] = {
          vendorId: config.vendorId,
          productId: config.productId,
          protocol: config.protocol,
          pollMs: config.pollMs,
          idleGapMs: config.idleGapMs,
          frame: { stripAim: config.stripAim, prefixes: config.prefixes, suffixes: config.suffixes },
        };
        if (config.serialNumber !== undefined) options.serialNumber = config.serialNumber;
        if (this.options.loadHid) options.loadHid = this.options.loadHid;
        return new HidScanSource(options);
      }
      case 'wedge':
      case 'none':
        return null;
    }
  }

  private async stopSource(): Promise<void> {
    const source = this.source;
    this.source = null;
    if (!source) return;
    source.removeAllListeners();
    await source.stop();
  }

  private setStatus(status: StatusEvent): void {
    this.currentStatus = status;
    this.emit('status', status);
  }

  private onDiagnostic(e: DiagnosticEvent): void {
    if (this.testing) {
      const test: ScannerTestEvent = { ...e };
      if (e.decoded !== undefined) test.recognition = recognisePaymentCode(e.decoded);
      this.emit('test', test);
      return;
    }
    // Outside test mode diagnostics go to logs: a payment code in them is masked.
    this.emit(
      'diagnostic',
      e.decoded === undefined ? e : { ...e, decoded: maskCode(e.decoded), rawBytes: '' },
    );
  }

  /**
   * Forgets `code` in the duplicate filter: the till refused it, so the same code scanned again is a new
   * attempt by the cashier, not a scanner re-reading what it already delivered.
   */
  forget(code: string): void {
    this.lastSeen.delete(code);
  }

  /** The single path every scan takes, whatever its source. */
  private ingest(scan: ScanEvent): WedgeSubmitResult {
    if (this.testing) {
      // Source scans were already shown through their 'frame' diagnostic; wedge scans have none.
      if (scan.source === 'wedge') {
        this.emit('test', {
          kind: 'frame',
          source: 'wedge',
          rawBytes: toHex(scan.raw),
          decoded: scan.code,
          recognition: recognisePaymentCode(scan.code),
          at: scan.at,
        });
      }
      return { accepted: false, reason: 'test_mode' };
    }
    const now = this.now();
    for (const [code, at] of this.lastSeen) {
      if (now - at >= this.dedupeWindow) this.lastSeen.delete(code);
    }
    const previous = this.lastSeen.get(scan.code);
    this.lastSeen.set(scan.code, now);
    if (previous !== undefined) {
      this.emit('diagnostic', {
        kind: 'duplicate',
        source: scan.source,
        rawBytes: '',
        decoded: maskCode(scan.code),
        detail: `same code again after ${now - previous} ms`,
        at: now,
      });
      return { accepted: false, reason: 'duplicate' };
    }
    this.emit('scan', { ...scan, recognition: recognisePaymentCode(scan.code) });
    return { accepted: true };
  }

  private get dedupeWindow(): number {
    return this.options.dedupeWindowMs ?? DEFAULT_DEDUPE_MS;
  }
}
