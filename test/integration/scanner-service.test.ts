import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ScannerService,
  type AcceptedScan,
  type DiagnosticEvent,
  type ScannerTestEvent,
  type StatusEvent,
} from '../../main/scanner/scanner-service';
import { createPtyPair, type PtyPair } from '../helpers/pty-pair';
import { record, waitForEvent } from '../unit/scanner/wait-for';

// The service end to end over a real pty pair (socat), with the real SerialPort.list() (udevadm) and the
// real node-hid enumeration for the device list.

const WECHAT = '134567890123456789';

let pair: PtyPair;
let service: ScannerService;

beforeEach(async () => {
  pair = await createPtyPair();
  service = new ScannerService();
});

afterEach(async () => {
  await service.stop();
  await pair.close();
});

async function connectSerial(extra: Record<string, unknown> = {}): Promise<void> {
  const connected = waitForEvent<StatusEvent>(service, 'status', (e) => e.state === 'connected');
  const result = await service.configure({ kind: 'serial', port: { path: pair.a }, ...extra });
  expect(result.ok).toBe(true);
  await connected;
}

describe('ScannerService over a real pty', () => {
  it('delivers a recognised payment code once even when the scanner sends it twice', async () => {
    await connectSerial();
    const scans = record<AcceptedScan>(service, 'scan');
    const duplicate = waitForEvent<DiagnosticEvent>(service, 'diagnostic', (d) => d.kind === 'duplicate');
    await pair.write(`]Q1${WECHAT}\r\n`);
    await pair.write(`]Q1${WECHAT}\r\n`);
    const dup = await duplicate;
    expect(dup.decoded).toBe('13************6789');
    expect(scans).toHaveLength(1);
    expect(scans[0]).toMatchObject({ code: WECHAT, source: 'serial', symbology: ']Q1' });
    expect(scans[0]?.recognition).toEqual({ ok: true, platform: 'WECHATPAY', code: WECHAT });
  });

  it('counts a serial scan and the same code from the keyboard wedge once', async () => {
    await connectSerial();
    const scan = waitForEvent<AcceptedScan>(service, 'scan');
    await pair.write(`${WECHAT}\r`);
    await scan;
    expect(service.submitWedgeScan(WECHAT)).toEqual({ accepted: false, reason: 'duplicate' });
  });

  it('shows raw bytes and the decoded code in test mode without passing scans to the sale', async () => {
    await connectSerial({ framing: { mode: 'crlf' } });
    service.setTestMode(true);
    const scans = record<AcceptedScan>(service, 'scan');
    const frame = waitForEvent<ScannerTestEvent>(service, 'test', (e) => e.kind === 'frame');
    await pair.write('4006381333931\r\n');
    const shown = await frame;
    expect(shown.rawBytes).toBe('34 30 30 36 33 38 31 33 33 33 39 33 31 0d 0a');
    expect(shown.decoded).toBe('4006381333931');
    expect(shown.recognition).toMatchObject({ ok: false, kind: 'product_barcode' });
    const noise = waitForEvent<ScannerTestEvent>(service, 'test', (e) => e.kind === 'noise');
    await pair.write(Uint8Array.of(0xff, 0x00, 0x0d, 0x0a));
    expect((await noise).rawBytes).toBe('ff 00 0d 0a');
    expect(scans).toEqual([]);
  });

  it('pushes unplug and replug as statuses', async () => {
    await connectSerial({ reconnect: { initialMs: 100, maxMs: 1000 } });
    const down = waitForEvent<StatusEvent>(service, 'status', (e) => e.state === 'disconnected', 1000);
    await pair.unplug();
    expect((await down).source).toBe('serial');
    const up = waitForEvent<StatusEvent>(service, 'status', (e) => e.state === 'connected', 2000);
    await pair.replug();
    await up;
  });

  it('releases the port when reconfigured, so the next source can open it', async () => {
    await connectSerial();
    await service.configure({ kind: 'none' });
    expect(service.status.state).toBe('idle');
    await connectSerial();
  });

  it('lists real devices without throwing, whatever this machine has', async () => {
    const list = await service.listDevices();
    expect(Array.isArray(list.serial)).toBe(true);
    expect(Array.isArray(list.hid)).toBe(true);
    for (const m of list.messages) expect(m.zh.length).toBeGreaterThan(0);
  });
});
