import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  SerialScanSource,
  type SerialSourceOptions,
  type SerialPortInfo,
} from '../../main/scanner/serial-source';
import type { DiagnosticEvent, ScanEvent, StatusEvent } from '../../main/scanner/types';
import { createPtyPair, type PtyPair } from '../helpers/pty-pair';
import { until } from '../helpers/wait-for';
import { record, waitForEvent } from '../unit/scanner/wait-for';

// Real pseudo-terminals joined by socat: the source opens pty A exactly as it opens /dev/ttyACM0, the test
// writes the scanner's bytes into pty B.

const WECHAT = '134567890123456789';
const ALIPAY = '281234567890123456';

let pair: PtyPair;
let source: SerialScanSource | null = null;

beforeEach(async () => {
  pair = await createPtyPair();
});

afterEach(async () => {
  await source?.stop();
  source = null;
  await pair.close();
});

async function startSource(options: Partial<SerialSourceOptions> = {}): Promise<SerialScanSource> {
  const s = new SerialScanSource({ port: { path: pair.a }, ...options });
  source = s;
  const connected = waitForEvent<StatusEvent>(s, 'status', (e) => e.state === 'connected');
  await s.start();
  await connected;
  return s;
}

function scans(s: SerialScanSource, count: number, timeoutMs = 3000): Promise<ScanEvent[]> {
  const got: ScanEvent[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      s.off('scan', onScan);
      reject(new Error(`expected ${count} scans, got ${JSON.stringify(got.map((g) => g.code))}`));
    }, timeoutMs);
    const onScan = (e: ScanEvent): void => {
      got.push(e);
      if (got.length === count) {
        clearTimeout(timer);
        s.off('scan', onScan);
        resolve(got);
      }
    };
    s.on('scan', onScan);
  });
}

/** A port as SerialPort.list() reports it: what is not given is unknown. */
function portInfo(path: string, known: Partial<SerialPortInfo> = {}): SerialPortInfo {
  return {
    path,
    manufacturer: undefined,
    serialNumber: undefined,
    pnpId: undefined,
    locationId: undefined,
    vendorId: undefined,
    productId: undefined,
    ...known,
  };
}

describe('serial scanner over a real pty', () => {
  it('frames by CR and reports the raw bytes with the terminator', async () => {
    const s = await startSource({ frame: { framing: { mode: 'cr' } } });
    const got = scans(s, 1);
    await pair.write(`${WECHAT}\r`);
    const [scan] = await got;
    expect(scan?.code).toBe(WECHAT);
    expect(scan?.source).toBe('serial');
    expect(Buffer.from(scan?.raw ?? []).toString('latin1')).toBe(`${WECHAT}\r`);
  });

  it('frames by LF', async () => {
    const s = await startSource({ frame: { framing: { mode: 'lf' } } });
    const got = scans(s, 2);
    await pair.write(`${WECHAT}\n${ALIPAY}\n`);
    expect((await got).map((e) => e.code)).toEqual([WECHAT, ALIPAY]);
  });

  it('frames by CRLF, and the default eol framing does not invent an empty code from the LF', async () => {
    const s = await startSource({ frame: { framing: { mode: 'crlf' } } });
    const got = scans(s, 2);
    await pair.write(`${WECHAT}\r\n${ALIPAY}\r\n`);
    expect((await got).map((e) => e.code)).toEqual([WECHAT, ALIPAY]);
    await s.stop();

    const eol = await startSource();
    const all = record<ScanEvent>(eol, 'scan');
    const diags = record<DiagnosticEvent>(eol, 'diagnostic');
    const two = scans(eol, 2);
    await pair.write(`${WECHAT}\r\n${ALIPAY}\r\n`);
    await two;
    expect(all.map((e) => e.code)).toEqual([WECHAT, ALIPAY]);
    expect(diags.filter((d) => d.kind !== 'frame')).toEqual([]);
  });

  it('frames by a custom suffix', async () => {
    const s = await startSource({ frame: { framing: { mode: 'suffix', suffix: '\u0003' } } });
    const got = scans(s, 2);
    await pair.write(`\u0002${WECHAT}\u0003\u0002${ALIPAY}\u0003`);
    expect((await got).map((e) => e.code)).toEqual([WECHAT, ALIPAY]);
  });

  it('frames by an idle gap for scanners that send no suffix', async () => {
    const s = await startSource({ frame: { framing: { mode: 'idle', gapMs: 40 } } });
    const first = scans(s, 1);
    const t0 = performance.now();
    await pair.write(WECHAT);
    const [scan] = await first;
    expect(scan?.code).toBe(WECHAT);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(35);
    const second = scans(s, 1);
    await pair.write(ALIPAY);
    expect((await second)[0]?.code).toBe(ALIPAY);
  });

  it('strips AIM symbology identifiers and configured prefixes/suffixes', async () => {
    const s = await startSource({ frame: { prefixes: ['POS>'], suffixes: ['#'] } });
    const got = scans(s, 4);
    await pair.write(`]Q1${WECHAT}\r]C0${ALIPAY}\r]E04006381333931\rPOS>]Q1${WECHAT}#\r`);
    const events = await got;
    expect(events.map((e) => e.code)).toEqual([WECHAT, ALIPAY, '4006381333931', WECHAT]);
    expect(events.map((e) => e.symbology)).toEqual([']Q1', ']C0', ']E0', ']Q1']);
  });

  it('reassembles a code dribbled one byte per write', async () => {
    const s = await startSource();
    const got = scans(s, 1);
    let sent = 0;
    for (const ch of `]Q1${WECHAT}\r\n`) {
      await pair.write(ch);
      sent += 1;
      // A slow scanner: the next byte only once the reader has this one, so each arrives as its own chunk.
      await until(`byte ${sent} read`, () => s.bytesReceived >= sent);
    }
    expect((await got)[0]?.code).toBe(WECHAT);
  });

  it('splits several codes arriving in one chunk, in order', async () => {
    const s = await startSource();
    const got = scans(s, 3);
    await pair.write(`${WECHAT}\r${ALIPAY}\r4006381333931\r`);
    expect((await got).map((e) => e.code)).toEqual([WECHAT, ALIPAY, '4006381333931']);
  });

  it('reports binary noise as a diagnostic, never as a scan, and keeps working', async () => {
    const s = await startSource();
    const all = record<ScanEvent>(s, 'scan');
    const noise = waitForEvent<DiagnosticEvent>(s, 'diagnostic', (d) => d.kind === 'noise');
    await pair.write(Uint8Array.of(0x00, 0xff, 0xfe, 0x81, 0x0d));
    expect((await noise).rawBytes).toBe('00 ff fe 81 0d');
    const noise2 = waitForEvent<DiagnosticEvent>(s, 'diagnostic', (d) => d.kind === 'noise');
    await pair.write(Uint8Array.of(0x31, 0x32, 0x00, 0x33, 0x0d));
    await noise2;
    const good = scans(s, 1);
    await pair.write(`${WECHAT}\r`);
    expect((await good)[0]?.code).toBe(WECHAT);
    expect(all.map((e) => e.code)).toEqual([WECHAT]);
  });

  it('discards a fragment that never gets its terminator instead of gluing it to the next code', async () => {
    const s = await startSource({ staleFrameMs: 50 });
    const discarded = waitForEvent<DiagnosticEvent>(s, 'diagnostic', (d) => d.kind === 'partial_discarded');
    await pair.write('12345');
    expect((await discarded).rawBytes).toBe('31 32 33 34 35');
    const got = scans(s, 1);
    await pair.write(`${WECHAT}\r`);
    expect((await got)[0]?.code).toBe(WECHAT);
  });

  it('reports an unplug within 1 s and reconnects within 2 s of the replug', async () => {
    const s = await startSource({ reconnect: { initialMs: 100, maxMs: 1000 } });
    const disconnected = waitForEvent<StatusEvent>(s, 'status', (e) => e.state === 'disconnected', 1000);
    const unpluggedAt = performance.now();
    await pair.unplug();
    const status = await disconnected;
    expect(performance.now() - unpluggedAt).toBeLessThan(1000);
    expect(status.reason?.en).toMatch(/unplugged|not found/i);
    expect(status.reason?.zh).toBeTruthy();

    const connected = waitForEvent<StatusEvent>(s, 'status', (e) => e.state === 'connected', 2000);
    await pair.replug();
    await connected;
    const got = scans(s, 1, 2000);
    await pair.write(`${ALIPAY}\r`);
    expect((await got)[0]?.code).toBe(ALIPAY);
  });

  it('says the port is in use by another program, and takes it over once it is released', async () => {
    const first = await startSource();
    const second = new SerialScanSource({ port: { path: pair.a }, reconnect: { initialMs: 50, maxMs: 200 } });
    try {
      const busy = waitForEvent<StatusEvent>(second, 'status', (e) => e.state === 'error');
      await second.start();
      const status = await busy;
      expect(status.reason?.en).toMatch(/in use by another program/);
      expect(status.reason?.zh).toMatch(/被其他程序占用/);
      const connected = waitForEvent<StatusEvent>(second, 'status', (e) => e.state === 'connected', 2000);
      await first.stop();
      await connected;
    } finally {
      await second.stop();
    }
  });

  it('says "not found" while the port is absent at start, then connects when it appears', async () => {
    await pair.unplug();
    const s = new SerialScanSource({ port: { path: pair.a }, reconnect: { initialMs: 50, maxMs: 200 } });
    source = s;
    const notFound = waitForEvent<StatusEvent>(s, 'status', (e) => e.state === 'disconnected');
    await s.start();
    expect((await notFound).reason?.en).toMatch(/not found/i);
    const connected = waitForEvent<StatusEvent>(s, 'status', (e) => e.state === 'connected', 2000);
    await pair.replug();
    await connected;
  });

  it('turns a failing SerialPort.list() into a status message and recovers when listing works again', async () => {
    let calls = 0;
    const listPorts = async (): Promise<SerialPortInfo[]> => {
      calls++;
      if (calls <= 2) throw new Error('spawn udevadm ENOENT');
      // Re-enumeration: the scanner shows up under whatever path the OS gave it this time.
      return [
        portInfo('/dev/ttyS0'),
        portInfo(pair.a, {
          manufacturer: 'Honeywell',
          serialNumber: 'SN1',
          vendorId: '0C2E',
          productId: '0b61',
        }),
      ];
    };
    const s = new SerialScanSource({
      port: { vendorId: 0x0c2e, productId: 0x0b61, serialNumber: 'SN1' },
      listPorts,
      reconnect: { initialMs: 20, maxMs: 50 },
    });
    source = s;
    const error = waitForEvent<StatusEvent>(s, 'status', (e) => e.state === 'error');
    const connected = waitForEvent<StatusEvent>(s, 'status', (e) => e.state === 'connected');
    await s.start();
    const status = await error;
    expect(status.reason?.en).toMatch(/Cannot list the serial ports.*udevadm/);
    expect(status.reason?.zh).toMatch(/无法列出串口/);
    const up = await connected;
    expect(up.device).toMatchObject({
      path: pair.a,
      vendorId: 0x0c2e,
      productId: 0x0b61,
      serialNumber: 'SN1',
    });
    const got = scans(s, 1);
    await pair.write(`${WECHAT}\r`);
    expect((await got)[0]?.code).toBe(WECHAT);
  });

  it('does not pick a port with the right VID/PID but another serial number', async () => {
    const listPorts = async (): Promise<SerialPortInfo[]> => [
      portInfo(pair.a, { serialNumber: 'OTHER', vendorId: '0c2e', productId: '0b61' }),
    ];
    const s = new SerialScanSource({
      port: { vendorId: 0x0c2e, productId: 0x0b61, serialNumber: 'SN1' },
      listPorts,
      reconnect: { initialMs: 20, maxMs: 50 },
    });
    source = s;
    const status = waitForEvent<StatusEvent>(s, 'status', (e) => e.state !== 'idle');
    await s.start();
    expect(await status).toMatchObject({ state: 'disconnected' });
    expect(s.status.reason?.en).toContain('USB 0c2e:0b61 #SN1');
  });
});
