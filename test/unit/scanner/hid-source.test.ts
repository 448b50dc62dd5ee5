import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  HidScanSource,
  pickHidInterface,
  type HidDeviceHandle,
  type HidDeviceInfo,
  type HidModule,
  type HidSourceOptions,
} from '../../../main/scanner/hid-source';
import type { DiagnosticEvent, ScanEvent, StatusEvent } from '../../../main/scanner/types';
import { record, waitForEvent } from './wait-for';

// No real USB HID device can exist on this machine or in CI, so node-hid is replaced by a fake with the
// same surface (devicesAsync + HIDAsync.open + 'data'/'error' events). Report bytes are real report layouts.

class FakeDevice extends EventEmitter implements HidDeviceHandle {
  closed = false;
  async close(): Promise<void> {
    this.closed = true;
  }
  report(bytes: number[] | Uint8Array): void {
    this.emit('data', Buffer.from(bytes));
  }
}

class FakeHid implements HidModule {
  devices: HidDeviceInfo[] = [];
  opened: FakeDevice[] = [];
  failOpen: Error | null = null;
  failList: Error | null = null;
  HIDAsync = {
    open: async (path: string): Promise<FakeDevice> => {
      if (this.failOpen) throw this.failOpen;
      if (!this.devices.some((d) => d.path === path)) throw new Error(`cannot open device with path ${path}`);
      const dev = new FakeDevice();
      this.opened.push(dev);
      return dev;
    },
  };
  listed = 0;
  async devicesAsync(): Promise<HidDeviceInfo[]> {
    this.listed += 1;
    if (this.failList) throw this.failList;
    return [...this.devices];
  }
  get last(): FakeDevice {
    const d = this.opened[this.opened.length - 1];
    if (!d) throw new Error('nothing opened');
    return d;
  }
}

const SCANNER = { vendorId: 0x0c2e, productId: 0x0b61 };
const KEYBOARD_IF: HidDeviceInfo = {
  ...SCANNER,
  path: '/dev/hidraw1',
  usagePage: 0x01,
  usage: 0x06,
  interface: 0,
  serialNumber: 'SN1',
};
const POS_IF: HidDeviceInfo = {
  ...SCANNER,
  path: '/dev/hidraw2',
  usagePage: 0x8c,
  usage: 0x02,
  interface: 1,
  serialNumber: 'SN1',
};
const MOUSE: HidDeviceInfo = {
  vendorId: 0x046d,
  productId: 0xc077,
  path: '/dev/hidraw0',
  usagePage: 0x01,
  usage: 0x02,
};

function posReport(data: string, aim = ']E0', continued = false): Uint8Array {
  const r = new Uint8Array(64);
  r[0] = 0x02;
  r[1] = data.length;
  for (let i = 0; i < 3; i++) r[2 + i] = aim.charCodeAt(i) || 0;
  r.set(Buffer.from(data, 'latin1'), 5);
  r[63] = continued ? 1 : 0;
  return r;
}

const USAGE: Record<string, number> = { '0': 0x27, '\r': 0x28, '\t': 0x2b };
for (let d = 1; d <= 9; d++) USAGE[String(d)] = 0x1d + d;

/** The reports a keyboard-mode scanner sends to type `text`: key down, all keys up. */
function keyboardReports(text: string): number[][] {
  return [...text].flatMap((ch) => [
    [0, 0, USAGE[ch] ?? 0, 0, 0, 0, 0, 0],
    [0, 0, 0, 0, 0, 0, 0, 0],
  ]);
}

let source: HidScanSource | null = null;
afterEach(async () => {
  await source?.stop();
  source = null;
});

function makeSource(hid: FakeHid, options: Partial<HidSourceOptions> = {}): HidScanSource {
  source = new HidScanSource({ ...SCANNER, pollMs: 20, loadHid: async () => hid, ...options });
  return source;
}

describe('pickHidInterface', () => {
  it('prefers the HID-POS interface, falls back to the keyboard one, and honours the protocol', () => {
    const all = [MOUSE, KEYBOARD_IF, POS_IF];
    expect(pickHidInterface(all, SCANNER, 'auto')).toEqual({ device: POS_IF, protocol: 'hidpos' });
    expect(pickHidInterface([MOUSE, KEYBOARD_IF], SCANNER, 'auto')).toEqual({
      device: KEYBOARD_IF,
      protocol: 'keyboard',
    });
    expect(pickHidInterface(all, SCANNER, 'keyboard')).toEqual({ device: KEYBOARD_IF, protocol: 'keyboard' });
    expect(pickHidInterface([MOUSE], SCANNER, 'auto')).toBeNull();
    expect(pickHidInterface(all, { ...SCANNER, serialNumber: 'OTHER' }, 'auto')).toBeNull();
  });
});

describe('HidScanSource with an injected node-hid', () => {
  it('degrades to an error status with a clear reason when node-hid cannot load', async () => {
    const s = new HidScanSource({
      ...SCANNER,
      loadHid: async () => {
        throw new Error('libusb-1.0.so.0: cannot open shared object file');
      },
    });
    source = s;
    const status = waitForEvent<StatusEvent>(s, 'status');
    await s.start();
    const st = await status;
    expect(st.state).toBe('error');
    expect(st.reason?.en).toMatch(/USB HID support is not available.*libusb/);
    expect(st.reason?.zh).toMatch(/不支持USB HID/);
  });

  it('waits for an absent scanner, then reads HID-POS scans with their symbology', async () => {
    const hid = new FakeHid();
    hid.devices = [MOUSE];
    const s = makeSource(hid);
    const notFound = waitForEvent<StatusEvent>(s, 'status', (e) => e.state === 'disconnected');
    await s.start();
    expect((await notFound).reason?.en).toMatch(/not found.*0c2e:0b61/);

    const connected = waitForEvent<StatusEvent>(s, 'status', (e) => e.state === 'connected');
    hid.devices = [MOUSE, KEYBOARD_IF, POS_IF];
    const up = await connected;
    expect(up.device).toMatchObject({ path: '/dev/hidraw2', serialNumber: 'SN1' });
    expect(up.reason?.en).toContain('HID-POS');

    const scan = waitForEvent<ScanEvent>(s, 'scan');
    hid.last.report(posReport('134567890123456789', ']Q1'));
    expect(await scan).toMatchObject({ code: '134567890123456789', source: 'hid', symbology: ']Q1' });
  });

  it('reports other report IDs as ignored diagnostics, not scans', async () => {
    const hid = new FakeHid();
    hid.devices = [POS_IF];
    const s = makeSource(hid);
    await s.start();
    const scans = record<ScanEvent>(s, 'scan');
    const diag = waitForEvent<DiagnosticEvent>(s, 'diagnostic', (d) => d.kind === 'report_ignored');
    hid.last.report([0x04, 0x01, ...new Array<number>(62).fill(0)]);
    expect((await diag).detail).toBe('other_report');
    expect(scans).toEqual([]);
  });

  it('reads a keyboard-mode scanner, ending codes on Enter, Tab or silence', async () => {
    const hid = new FakeHid();
    hid.devices = [KEYBOARD_IF];
    const s = makeSource(hid, { protocol: 'keyboard', idleGapMs: 30 });
    await s.start();
    expect(s.status.state).toBe('connected');
    const got = record<ScanEvent>(s, 'scan');
    const two = new Promise<void>((resolve) => s.on('scan', () => got.length === 2 && resolve()));
    for (const r of keyboardReports('134567890123456789\r281234567890123456\t')) hid.last.report(r);
    await two;
    expect(got.map((e) => e.code)).toEqual(['134567890123456789', '281234567890123456']);

    const idle = waitForEvent<ScanEvent>(s, 'scan');
    for (const r of keyboardReports('4006381333931')) hid.last.report(r);
    expect((await idle).code).toBe('4006381333931');
  });

  it('goes disconnected on a read error and reconnects when the scanner is back', async () => {
    const hid = new FakeHid();
    hid.devices = [POS_IF];
    const s = makeSource(hid);
    await s.start();
    const first = hid.last;

    const down = waitForEvent<StatusEvent>(s, 'status', (e) => e.state === 'disconnected', 1000);
    hid.devices = [];
    first.emit('error', new Error('could not read from HID device'));
    expect((await down).reason?.en).toMatch(/could not read|unplugged/);
    expect(first.closed).toBe(true);

    const up = waitForEvent<StatusEvent>(s, 'status', (e) => e.state === 'connected', 2000);
    hid.devices = [POS_IF];
    await up;
    expect(hid.last).not.toBe(first);
    const scan = waitForEvent<ScanEvent>(s, 'scan');
    hid.last.report(posReport('281234567890123456'));
    expect((await scan).code).toBe('281234567890123456');
  });

  it('notices an unplug from the device list alone within a second', async () => {
    const hid = new FakeHid();
    hid.devices = [POS_IF];
    const s = makeSource(hid, { pollMs: 200 });
    await s.start();
    const down = waitForEvent<StatusEvent>(s, 'status', (e) => e.state === 'disconnected', 1000);
    hid.devices = [];
    expect((await down).reason?.en).toMatch(/unplugged/i);
  });

  it('turns open and list failures into statuses and recovers from them', async () => {
    const hid = new FakeHid();
    hid.devices = [POS_IF];
    hid.failOpen = new Error('cannot open device with path /dev/hidraw2');
    const s = makeSource(hid);
    const denied = waitForEvent<StatusEvent>(s, 'status', (e) => e.state === 'error');
    await s.start();
    expect((await denied).reason?.en).toMatch(/No permission/);

    hid.failOpen = null;
    hid.failList = new Error('hid_enumerate failed');
    const listError = waitForEvent<StatusEvent>(
      s,
      'status',
      (e) => e.state === 'error' && /device list/.test(e.reason?.en ?? ''),
    );
    await listError;
    hid.failList = null;
    await waitForEvent<StatusEvent>(s, 'status', (e) => e.state === 'connected');
  });

  it('closes the device and stops polling on stop()', async () => {
    // Fake timers: "no poll after stop" is then a fact about the timers left, not a wait to see nothing happen.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const hid = new FakeHid();
      hid.devices = [POS_IF];
      const s = makeSource(hid);
      await s.start();
      const dev = hid.last;
      expect(vi.getTimerCount()).toBe(1); // the next poll
      await s.stop();
      source = null;
      expect(dev.closed).toBe(true);
      expect(s.status.state).toBe('idle');
      expect(vi.getTimerCount()).toBe(0);
      const opened = hid.opened.length;
      const listed = hid.listed;
      await vi.advanceTimersByTimeAsync(50 * 20);
      expect(hid.opened.length).toBe(opened);
      expect(hid.listed).toBe(listed);
    } finally {
      vi.useRealTimers();
    }
  });
});
