import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../../main/scanner/backoff';
import type { HidModule } from '../../../main/scanner/hid-source';
import { parseScannerConfig } from '../../../main/scanner/scanner-config';
import {
  ScannerService,
  type AcceptedScan,
  type ScanSource,
  type ScannerTestEvent,
  type StatusEvent,
} from '../../../main/scanner/scanner-service';
import { record } from './wait-for';

const WECHAT = '134567890123456789';
const ALIPAY = '281234567890123456';

describe('scanner config', () => {
  it('fills every default from a minimal serial config', () => {
    const parsed = parseScannerConfig({ kind: 'serial', port: { path: '/dev/ttyACM0' } });
    expect(parsed).toEqual({
      ok: true,
      config: {
        kind: 'serial',
        port: { path: '/dev/ttyACM0' },
        baudRate: 9600,
        dataBits: 8,
        parity: 'none',
        stopBits: 1,
        framing: { mode: 'eol' },
        stripAim: true,
        prefixes: [],
        suffixes: [],
        staleFrameMs: 1000,
        reconnect: { initialMs: 250, maxMs: 1600 },
      },
    });
  });

  it('accepts USB ids as numbers or hex strings', () => {
    const parsed = parseScannerConfig({
      kind: 'serial',
      port: { vendorId: '0x0C2E', productId: 2913, serialNumber: 'A1' },
    });
    expect(parsed.ok && parsed.config.kind === 'serial' && parsed.config.port).toEqual({
      vendorId: 0x0c2e,
      productId: 2913,
      serialNumber: 'A1',
    });
    const hid = parseScannerConfig({ kind: 'hid', vendorId: '0c2e', productId: '0b61' });
    expect(hid.ok && hid.config).toMatchObject({
      kind: 'hid',
      vendorId: 0x0c2e,
      productId: 0x0b61,
      protocol: 'auto',
      pollMs: 500,
    });
  });

  it('explains what is wrong, in both languages, with the field path', () => {
    const parsed = parseScannerConfig({
      kind: 'serial',
      port: { path: '/dev/ttyS0' },
      baudRate: 9601,
      framing: { mode: 'idle', gapMs: 1 },
    });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.issues.map((i) => i.path)).toEqual(['baudRate', 'framing.gapMs']);
    expect(parsed.message.en).toMatch(/^Scanner settings are not valid — baudRate: expected one of 1200/);
    expect(parsed.message.zh).toMatch(/^扫描枪设置无效——baudRate/);
  });

  it('rejects unknown fields (a typo must not be silently ignored) and bad USB ids', () => {
    const typo = parseScannerConfig({ kind: 'serial', port: { path: '/dev/ttyS0' }, baud: 115200 });
    expect(typo.ok).toBe(false);
    const badId = parseScannerConfig({ kind: 'hid', vendorId: 'xyz', productId: 1 });
    expect(!badId.ok && badId.issues[0]?.path).toBe('vendorId');
    expect(parseScannerConfig({ kind: 'bluetooth' }).ok).toBe(false);
    expect(parseScannerConfig(null).ok).toBe(false);
  });

  it('validates wedge thresholds and keeps them consistent', () => {
    const ok = parseScannerConfig({ kind: 'wedge' });
    expect(ok.ok && ok.config).toEqual({
      kind: 'wedge',
      maxInterKeyMs: 30,
      minLength: 8,
      scanIdleTimeoutMs: 100,
      terminators: ['Enter', 'Tab'],
    });
    expect(parseScannerConfig({ kind: 'wedge', maxInterKeyMs: 50, scanIdleTimeoutMs: 30 }).ok).toBe(false);
    expect(parseScannerConfig({ kind: 'wedge', maxInterKeyMs: 200 }).ok).toBe(false);
  });
});

describe('backoffDelay', () => {
  it('grows exponentially, is jittered between half and all of the step, and is capped', () => {
    const opts = { initialMs: 250, maxMs: 1600 };
    expect([0, 1, 2, 3, 4, 10].map((a) => backoffDelay(a, opts, () => 1))).toEqual([
      250, 500, 1000, 1600, 1600, 1600,
    ]);
    expect([0, 1, 2, 3].map((a) => backoffDelay(a, opts, () => 0))).toEqual([125, 250, 500, 800]);
  });
});

describe('ScannerService', () => {
  it('passes wedge scans through de-duplication (sliding 2 s window) and recognition', async () => {
    let now = 0;
    const service = new ScannerService({ now: () => now });
    await service.configure({ kind: 'wedge' });
    const scans = record<AcceptedScan>(service, 'scan');

    expect(service.submitWedgeScan(WECHAT)).toEqual({ accepted: true });
    now = 1500;
    expect(service.submitWedgeScan(WECHAT)).toEqual({ accepted: false, reason: 'duplicate' });
    expect(service.submitWedgeScan(ALIPAY)).toEqual({ accepted: true });
    now = 3000; // 1.5 s after the last sighting: still the same presentation of the code
    expect(service.submitWedgeScan(WECHAT)).toEqual({ accepted: false, reason: 'duplicate' });
    now = 5001;
    expect(service.submitWedgeScan(WECHAT)).toEqual({ accepted: true });

    expect(scans.map((s) => [s.code, s.source, s.recognition.ok && s.recognition.platform])).toEqual([
      [WECHAT, 'wedge', 'WECHATPAY'],
      [ALIPAY, 'wedge', 'ALIPAY'],
      [WECHAT, 'wedge', 'WECHATPAY'],
    ]);
  });

  it('attaches the cashier message to a scan that is not a payment code', async () => {
    const service = new ScannerService();
    const scans = record<AcceptedScan>(service, 'scan');
    service.submitWedgeScan('4006381333931');
    const r = scans[0]?.recognition;
    expect(r?.ok).toBe(false);
    expect(r && !r.ok && r.kind).toBe('product_barcode');
  });

  it('rejects malformed submissions from the renderer', () => {
    const service = new ScannerService();
    const scans = record<AcceptedScan>(service, 'scan');
    for (const bad of [42, null, '', 'a\u0000b', 'x'.repeat(513), { code: WECHAT }]) {
      expect(service.submitWedgeScan(bad)).toEqual({ accepted: false, reason: 'invalid' });
    }
    expect(scans).toEqual([]);
  });

  it('in test mode shows scans on the settings screen only, never to the sale', () => {
    const service = new ScannerService();
    const scans = record<AcceptedScan>(service, 'scan');
    const tests = record<ScannerTestEvent>(service, 'test');
    service.setTestMode(true);
    expect(service.submitWedgeScan(WECHAT)).toEqual({ accepted: false, reason: 'test_mode' });
    expect(scans).toEqual([]);
    expect(tests[0]).toMatchObject({
      kind: 'frame',
      source: 'wedge',
      decoded: WECHAT,
      rawBytes: '31 33 34 35 36 37 38 39 30 31 32 33 34 35 36 37 38 39',
    });
    expect(tests[0]?.recognition).toEqual({ ok: true, platform: 'WECHATPAY', code: WECHAT });
    service.setTestMode(false);
    expect(service.submitWedgeScan(WECHAT)).toEqual({ accepted: true });
  });

  it('reports idle statuses for wedge and none, and keeps the old config on invalid input', async () => {
    const service = new ScannerService();
    const statuses = record<StatusEvent>(service, 'status');
    await service.configure({ kind: 'wedge' });
    expect(service.status).toMatchObject({ state: 'idle', source: 'wedge' });
    expect(service.status.reason?.en).toMatch(/Keyboard-mode scanner/);
    const bad = await service.configure({ kind: 'serial' });
    expect(bad.ok).toBe(false);
    expect(service.config.kind).toBe('wedge');
    await service.stop();
    expect(service.status).toMatchObject({ state: 'idle', source: 'none' });
    expect(statuses.map((s) => s.source)).toEqual(['wedge', 'none']);
  });

  it('serialises configure calls so only the last configuration runs', async () => {
    const started: string[] = [];
    const stopped: string[] = [];
    // Every start is held until both configure calls were made, so the second arrives while the first runs.
    let release: () => void = () => undefined;
    const bothAsked = new Promise<void>((resolve) => (release = resolve));
    const service = new ScannerService({
      createSource: (config) => {
        const name = config.kind === 'hid' ? `hid:${config.productId}` : config.kind;
        const src = Object.assign(new EventEmitter(), {
          kind: 'hid' as const,
          status: { state: 'idle' as const, source: 'hid' as const },
          start: async () => {
            await bothAsked;
            started.push(name);
          },
          stop: async () => {
            stopped.push(name);
          },
        });
        // Only the lifecycle calls matter here; no device is involved.
        return src as unknown as ScanSource;
      },
    });
    const a = service.configure({ kind: 'hid', vendorId: 1, productId: 1 });
    const b = service.configure({ kind: 'hid', vendorId: 1, productId: 2 });
    release();
    await Promise.all([a, b]);
    expect(started).toEqual(['hid:1', 'hid:2']);
    expect(stopped).toEqual(['hid:1']);
    await service.stop();
    expect(stopped).toEqual(['hid:1', 'hid:2']);
  });

  it('lists devices, and turns listing failures into empty lists with messages', async () => {
    const failing = new ScannerService({
      listSerialPorts: async () => {
        throw new Error('spawn udevadm ENOENT');
      },
      loadHid: async () => {
        throw new Error('libusb missing');
      },
    });
    const empty = await failing.listDevices();
    expect(empty.serial).toEqual([]);
    expect(empty.hid).toEqual([]);
    expect(empty.messages.map((m) => m.en)).toEqual([
      expect.stringMatching(/Cannot list the serial ports \(spawn udevadm ENOENT\)/),
      expect.stringMatching(/USB HID support is not available.*libusb missing/),
    ]);
    expect(empty.messages.every((m) => /[\u4e00-\u9fff]/.test(m.zh))).toBe(true);

    // Fake node-hid: no HID device can exist here.
    const hid: HidModule = {
      devicesAsync: async () => [
        { vendorId: 0x046d, productId: 0xc077, path: '/dev/hidraw0', usagePage: 1, usage: 2 },
        { vendorId: 0x0c2e, productId: 0x0b61, path: '/dev/hidraw1', usagePage: 1, usage: 6 },
        {
          vendorId: 0x0c2e,
          productId: 0x0b61,
          path: '/dev/hidraw2',
          usagePage: 0x8c,
          usage: 2,
          product: 'Voyager',
        },
        { vendorId: 1, productId: 2 },
      ],
      HIDAsync: {
        open: async () => {
          throw new Error('not used');
        },
      },
    };
    const working = new ScannerService({
      listSerialPorts: async () => [
        {
          path: '/dev/ttyACM0',
          manufacturer: 'Honeywell',
          serialNumber: 'SN1',
          pnpId: undefined,
          locationId: undefined,
          vendorId: '0c2e',
          productId: '0b61',
        },
      ],
      loadHid: async () => hid,
    });
    const list = await working.listDevices();
    expect(list.messages).toEqual([]);
    expect(list.serial).toEqual([
      {
        path: '/dev/ttyACM0',
        manufacturer: 'Honeywell',
        vendorId: 0x0c2e,
        productId: 0x0b61,
        serialNumber: 'SN1',
      },
    ]);
    expect(list.hid.map((d) => [d.path, d.role])).toEqual([
      ['/dev/hidraw2', 'hidpos'],
      ['/dev/hidraw1', 'keyboard'],
      ['/dev/hidraw0', 'other'],
    ]);
  });
});
