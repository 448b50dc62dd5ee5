import { DEFAULT_FRAME_OPTIONS, FrameDecoder, finishFrame, type FrameDecoderOptions } from './frame-decoder';
import { BootKeyboardDecoder } from './hid-keyboard-decoder';
import { HidPosDecoder, type HidPosLayout } from './hid-pos-decoder';
import { errorDetail, scannerMessages } from './messages';
import { hex4 } from './serial-source';
import { SourceBase } from './source-base';
import type { ScannerDevice } from './types';

/** The part of node-hid 3 this source uses; tests inject a fake with the same shape. */
export interface HidDeviceInfo {
  vendorId: number;
  productId: number;
  path?: string | undefined;
  serialNumber?: string | undefined;
  manufacturer?: string | undefined;
  product?: string | undefined;
  interface?: number | undefined;
  usagePage?: number | undefined;
  usage?: number | undefined;
}

export interface HidDeviceHandle {
  on(event: 'data', listener: (data: Buffer) => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
  removeAllListeners(event?: string): unknown;
  close(): Promise<void>;
}

export interface HidModule {
  devicesAsync(): Promise<HidDeviceInfo[]>;
  HIDAsync: { open(path: string): Promise<HidDeviceHandle> };
}

export type HidProtocol = 'auto' | 'keyboard' | 'hidpos';

export interface HidSourceOptions {
  vendorId: number;
  productId: number;
  serialNumber?: string;
  /** 'auto' prefers the scanner's HID-POS interface (usage page 0x8C) and falls back to its keyboard one. */
  protocol?: HidProtocol;
  /** How often the device list is checked, both to find the scanner and to notice it is gone. */
  pollMs?: number;
  /** Keyboard protocol: a code with no Enter/Tab ends after this much silence. */
  idleGapMs?: number;
  frame?: Partial<Pick<FrameDecoderOptions, 'stripAim' | 'prefixes' | 'suffixes'>>;
  hidPosLayout?: Partial<HidPosLayout>;
  /** Defaults to a dynamic import of node-hid, so a missing libusb/hidraw is a status, not a crash. */
  loadHid?: () => Promise<HidModule>;
}

export const HID_POS_USAGE_PAGE = 0x8c;
const GENERIC_DESKTOP = 0x01;
const KEYBOARD_USAGE = 0x06;
const DEFAULT_POLL_MS = 500;
const DEFAULT_IDLE_GAP_MS = 60;

async function importNodeHid(): Promise<HidModule> {
  const mod = await import('node-hid');
  return mod as unknown as HidModule;
}

export function describeHid(vendorId: number, productId: number, serialNumber?: string): string {
  const id = `USB HID ${hex4(vendorId)}:${hex4(productId)}`;
  return serialNumber ? `${id} #${serialNumber}` : id;
}

/** Picks the interface to open among a scanner's HID interfaces; exported for the settings screen. */
export function pickHidInterface(
  devices: readonly HidDeviceInfo[],
  sel: { vendorId: number; productId: number; serialNumber?: string | undefined },
  protocol: HidProtocol,
): { device: HidDeviceInfo; protocol: 'keyboard' | 'hidpos' } | null {
  const mine = devices.filter(
    (d) =>
      d.vendorId === sel.vendorId &&
      d.productId === sel.productId &&
      d.path !== undefined &&
      (sel.serialNumber === undefined || d.serialNumber === sel.serialNumber),
  );
  const pos = mine.find((d) => d.usagePage === HID_POS_USAGE_PAGE);
  const keyboard =
    mine.find((d) => d.usagePage === GENERIC_DESKTOP && d.usage === KEYBOARD_USAGE) ??
    mine.find((d) => d.usagePage === undefined);
  if (protocol === 'hidpos') {
    // Some backends (libusb) report no usage page: trust the configuration then.
    const d = pos ?? mine.find((x) => x.usagePage === undefined);
    return d ? { device: d, protocol: 'hidpos' } : null;
  }
  if (protocol === 'keyboard') return keyboard ? { device: keyboard, protocol: 'keyboard' } : null;
  if (pos) return { device: pos, protocol: 'hidpos' };
  return keyboard ? { device: keyboard, protocol: 'keyboard' } : null;
}

/**
 * A scanner read directly over USB HID with node-hid, in HID-POS mode (preferred: the OS does not treat
 * it as a keyboard) or keyboard mode (boot-protocol reports). node-hid has no hotplug events, so the
 * device list is polled: an absent scanner is found within pollMs of being plugged in, and a read error
 * or its disappearance from the list puts the source in 'disconnected' until it comes back.
 */
export class HidScanSource extends SourceBase {
  readonly kind = 'hid' as const;
  private readonly options: HidSourceOptions;
  private readonly what: string;
  private hid: HidModule | null = null;
  private handle: HidDeviceHandle | null = null;
  private openPath: string | null = null;
  private running = false;
  private pollTimer: NodeJS.Timeout | null = null;
  private idleTimer: NodeJS.Timeout | null = null;
  private polling: Promise<void> | null = null;
  private keyboard = new BootKeyboardDecoder();
  private pos: HidPosDecoder;
  private frames: FrameDecoder;

  constructor(options: HidSourceOptions) {
    super('hid');
    this.options = options;
    this.what = describeHid(options.vendorId, options.productId, options.serialNumber);
    this.pos = new HidPosDecoder(options.hidPosLayout);
    this.frames = this.newFrameDecoder();
  }

  private newFrameDecoder(): FrameDecoder {
    return new FrameDecoder({
      ...DEFAULT_FRAME_OPTIONS,
      ...this.options.frame,
      framing: { mode: 'idle', gapMs: this.options.idleGapMs ?? DEFAULT_IDLE_GAP_MS },
      extraTerminators: ['\t'],
    });
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      this.hid = await (this.options.loadHid ?? importNodeHid)();
    } catch (err) {
      this.running = false;
      this.setStatus({ state: 'error', reason: scannerMessages.driverMissing('USB HID', errorDetail(err)) });
      return;
    }
    this.polling = this.poll();
    await this.polling;
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.pollTimer = null;
    this.idleTimer = null;
    await this.polling?.catch(() => undefined);
    await this.release();
    if (this.status.state !== 'error' || this.hid) {
      this.setStatus({ state: 'idle', reason: scannerMessages.stopped() });
    }
  }

  private schedulePoll(): void {
    if (!this.running) return;
    this.pollTimer = setTimeout(() => {
      this.pollTimer = null;
      this.polling = this.poll();
    }, this.options.pollMs ?? DEFAULT_POLL_MS);
  }

  private async poll(): Promise<void> {
    const hid = this.hid;
    if (!hid || !this.running) return;
    try {
      let devices: HidDeviceInfo[];
      try {
        devices = await hid.devicesAsync();
      } catch (err) {
        this.diagnostic('list_failed', new Uint8Array(), { detail: errorDetail(err) });
        this.setStatus({
          state: 'error',
          reason: scannerMessages.openFailed(this.what, `device list: ${errorDetail(err)}`),
        });
        return;
      }
      if (!this.running) return;
      if (this.handle) {
        if (!devices.some((d) => d.path === this.openPath)) await this.lost('unplugged');
        return;
      }
      const pick = pickHidInterface(devices, this.options, this.options.protocol ?? 'auto');
      if (!pick || pick.device.path === undefined) {
        this.setStatus({ state: 'disconnected', reason: scannerMessages.notFound(this.what) });
        return;
      }
      await this.open(hid, pick.device, pick.protocol);
    } finally {
      this.schedulePoll();
    }
  }

  private async open(hid: HidModule, info: HidDeviceInfo, protocol: 'keyboard' | 'hidpos'): Promise<void> {
    const path = info.path ?? '';
    let handle: HidDeviceHandle;
    try {
      handle = await hid.HIDAsync.open(path);
    } catch (err) {
      this.diagnostic('open_failed', new Uint8Array(), { detail: errorDetail(err) });
      const permission = /permission|access|EACCES|cannot open/i.test(errorDetail(err));
      this.setStatus({
        state: 'error',
        reason: permission
          ? scannerMessages.permissionDenied(this.what)
          : scannerMessages.openFailed(this.what, errorDetail(err)),
      });
      return;
    }
    if (!this.running) {
      await handle.close().catch(() => undefined);
      return;
    }
    this.handle = handle;
    this.openPath = path;
    this.keyboard.reset();
    this.pos.reset();
    this.frames = this.newFrameDecoder();
    handle.on('data', (data) => this.onReport(data, protocol));
    handle.on('error', (err) => void this.lost('error', err));
    const device: ScannerDevice = { path, vendorId: info.vendorId, productId: info.productId };
    if (info.serialNumber) device.serialNumber = info.serialNumber;
    if (info.manufacturer) device.manufacturer = info.manufacturer;
    if (info.product) device.product = info.product;
    const mode = protocol === 'hidpos' ? 'HID-POS' : 'keyboard';
    this.setStatus({
      state: 'connected',
      reason: scannerMessages.connected(`${this.what}, ${mode}`),
      device,
    });
  }

  private async release(): Promise<void> {
    const handle = this.handle;
    this.handle = null;
    this.openPath = null;
    if (!handle) return;
    handle.removeAllListeners('data');
    // Keep an error listener: a late read error from a closing device must not become an uncaught throw.
    handle.removeAllListeners('error');
    handle.on('error', () => undefined);
    await handle.close().catch(() => undefined);
  }

  private async lost(why: 'unplugged' | 'error', err?: unknown): Promise<void> {
    if (!this.handle) return;
    await this.release();
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    this.deliver(this.frames.discard());
    this.pos.reset();
    if (!this.running) return;
    this.setStatus({
      state: 'disconnected',
      reason:
        why === 'unplugged'
          ? scannerMessages.unplugged(this.what)
          : scannerMessages.readFailed(this.what, errorDetail(err)),
    });
  }

  private onReport(data: Buffer, protocol: 'keyboard' | 'hidpos'): void {
    const report = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    if (protocol === 'hidpos') {
      const result = this.pos.push(report);
      if (result.kind === 'ignored') {
        this.diagnostic('report_ignored', report, { detail: result.reason });
      } else if (result.kind === 'code') {
        const out = finishFrame(result.data, { ...DEFAULT_FRAME_OPTIONS, ...this.options.frame });
        if (out?.kind === 'code' && out.symbology === undefined && result.symbology !== undefined) {
          out.symbology = result.symbology;
        }
        if (out) this.deliver([out]);
      }
      return;
    }
    const keys = this.keyboard.push(report);
    if (keys.kind === 'ignored') {
      this.diagnostic('report_ignored', report, { detail: keys.reason });
      return;
    }
    if (keys.text.length === 0) return;
    this.deliver(this.frames.push(Uint8Array.from(keys.text, (c) => c.charCodeAt(0) & 0xff)));
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    if (this.frames.pending > 0) {
      this.idleTimer = setTimeout(() => {
        this.idleTimer = null;
        this.deliver(this.frames.flush());
      }, this.options.idleGapMs ?? DEFAULT_IDLE_GAP_MS);
    }
  }
}
