import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeEscPos } from '../../main/receipts/escpos';
import { receiptDocument, reportDocument } from '../../main/receipts/layout';
import {
  escPosOptionsFor,
  printEscPos,
  printerConfigSchema,
  sendEscPos,
  testPrintEscPos,
  type EscPosPrinterConfig,
  type SendResult,
} from '../../main/receipts/printers';
import { TEST_QR_DATA } from '../../main/receipts/test-print';
import { createPtyPair, type PtyPair } from '../helpers/pty-pair';
import { readEscPos } from '../unit/receipts/escpos-reader';
import { header, saleReceipt, xReport } from '../unit/receipts/fixtures';

// Real transports only: a socat pty pair plays the serial (and device-file) printer, a TCP listener on
// 127.0.0.1 plays the network printer; the test reads what arrives at the far end.

const saleBytes = (): Uint8Array =>
  encodeEscPos(receiptDocument(saleReceipt, { language: 'both', widthMm: 80 }), {
    widthMm: 80,
    cjk: 'gb18030',
  });

const CJK = /[\u4e00-\u9fff]/;

function expectBilingualFailure(r: SendResult, code: string): { en: string; zh: string } {
  if (r.ok) throw new Error(`expected ${code}, printing succeeded`);
  expect(r.code).toBe(code);
  expect(r.message.en).toMatch(/^[\x20-\x7e]+$/);
  expect(r.message.zh).toMatch(CJK);
  return r.message;
}

/** The printer's end of the pty: collects bytes until `count` have arrived. */
async function openPrinterEnd(
  path: string,
): Promise<{ received(count: number): Promise<Buffer>; close(): Promise<void> }> {
  const port = new SerialPort({ path, baudRate: 115200, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
  const chunks: Buffer[] = [];
  let total = 0;
  let waiter: { count: number; resolve: (b: Buffer) => void } | null = null;
  port.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    total += chunk.length;
    if (waiter && total >= waiter.count) waiter.resolve(Buffer.concat(chunks));
  });
  return {
    received: (count) =>
      total >= count
        ? Promise.resolve(Buffer.concat(chunks))
        : new Promise((resolve) => (waiter = { count, resolve })),
    close: () => new Promise((resolve) => port.close(() => resolve())),
  };
}

describe('ESC/POS to a serial printer (pty)', () => {
  let pair: PtyPair;
  beforeEach(async () => {
    pair = await createPtyPair();
  });
  afterEach(async () => {
    await pair.close();
  });

  it('delivers the receipt byte for byte', async () => {
    const printer = await openPrinterEnd(pair.b);
    try {
      const bytes = saleBytes();
      const result = await sendEscPos({ kind: 'escpos-serial', path: pair.a, baudRate: 115200 }, bytes, {
        timeoutMs: 5000,
      });
      expect(result).toEqual({ ok: true });
      const got = await printer.received(bytes.length);
      expect(got.equals(Buffer.from(bytes))).toBe(true);
    } finally {
      await printer.close();
    }
  });

  it('prints through a device file (the usblp way) the same bytes', async () => {
    const printer = await openPrinterEnd(pair.b);
    try {
      const bytes = encodeEscPos(reportDocument(xReport, { language: 'both', widthMm: 58, header }), {
        widthMm: 58,
        cjk: 'gb18030',
      });
      expect(await sendEscPos({ kind: 'escpos-device', path: pair.a }, bytes, { timeoutMs: 5000 })).toEqual({
        ok: true,
      });
      expect((await printer.received(bytes.length)).equals(Buffer.from(bytes))).toBe(true);
    } finally {
      await printer.close();
    }
  });

  it('an unplugged serial printer is a bilingual "not found", not an exception', async () => {
    await pair.unplug();
    const r = await sendEscPos({ kind: 'escpos-serial', path: pair.a, baudRate: 9600 }, saleBytes(), {
      timeoutMs: 2000,
    });
    expect(expectBilingualFailure(r, 'PRINTER_NOT_FOUND').en).toContain(pair.a);
  });

  it('a printer that stops taking bytes times out on the deadline', async () => {
    // Nobody reads the printer end: socat's and the ptys' buffers fill up and the write stalls.
    const started = Date.now();
    const r = await sendEscPos(
      { kind: 'escpos-serial', path: pair.a, baudRate: 115200 },
      new Uint8Array(4 * 1024 * 1024).fill(0x41),
      { timeoutMs: 600 },
    );
    expectBilingualFailure(r, 'PRINTER_TIMEOUT');
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('ESC/POS to a device file', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'receipts-device-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses to write into an ordinary file, and leaves it untouched', async () => {
    const file = join(dir, 'lp0');
    await writeFile(file, 'precious');
    const r = await sendEscPos({ kind: 'escpos-device', path: file }, saleBytes());
    expectBilingualFailure(r, 'PRINTER_NOT_A_DEVICE');
    expect(await readFile(file, 'utf8')).toBe('precious');
    expectBilingualFailure(
      await sendEscPos({ kind: 'escpos-device', path: dir }, saleBytes()),
      'PRINTER_NOT_A_DEVICE',
    );
  });

  it('a missing device is "not found" and nothing is created', async () => {
    const path = join(dir, 'usb', 'lp9');
    expectBilingualFailure(
      await sendEscPos({ kind: 'escpos-device', path }, saleBytes()),
      'PRINTER_NOT_FOUND',
    );
  });
});

describe('ESC/POS to a network printer (TCP on loopback)', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
  });

  /** A printer that reads everything, answers with a status byte, and closes when the job ends. */
  async function printerServer(
    onSocket?: (socket: Socket) => void,
  ): Promise<{ port: number; jobs: Promise<Buffer>[] }> {
    const jobs: Promise<Buffer>[] = [];
    const server = createServer((socket) => {
      if (onSocket) {
        onSocket(socket);
        return;
      }
      jobs.push(
        new Promise((resolve) => {
          const chunks: Buffer[] = [];
          socket.write(Buffer.from([0x14]));
          socket.on('data', (c: Buffer) => chunks.push(c));
          socket.on('end', () => {
            socket.end();
            resolve(Buffer.concat(chunks));
          });
        }),
      );
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (!address || typeof address === 'string') throw new Error('no port');
    return { port: address.port, jobs };
  }

  const tcp = (port: number): EscPosPrinterConfig =>
    printerConfigSchema.parse({ kind: 'escpos-tcp', host: '127.0.0.1', port }) as EscPosPrinterConfig;

  it('delivers the receipt byte for byte', async () => {
    const { port, jobs } = await printerServer();
    const bytes = saleBytes();
    expect(await sendEscPos(tcp(port), bytes, { timeoutMs: 5000 })).toEqual({ ok: true });
    expect(jobs).toHaveLength(1);
    expect((await jobs[0]!).equals(Buffer.from(bytes))).toBe(true);
  });

  it('printEscPos encodes for the configured paper and sends; the test page prints too', async () => {
    const { port, jobs } = await printerServer();
    const config = printerConfigSchema.parse({
      kind: 'escpos-tcp',
      host: '127.0.0.1',
      port,
      widthMm: 58,
      drawerKick: true,
    }) as EscPosPrinterConfig;
    const doc = receiptDocument(saleReceipt, { language: 'both', widthMm: 58 });
    expect(await printEscPos(config, doc)).toEqual({ ok: true });
    expect(await testPrintEscPos(config)).toEqual({ ok: true });
    const [receipt, testPage] = await Promise.all(jobs);
    expect(receipt!.equals(Buffer.from(encodeEscPos(doc, escPosOptionsFor(config))))).toBe(true);
    expect(readEscPos(receipt!).pulses).toHaveLength(1);
    const page = readEscPos(testPage!);
    expect(page.qr).toEqual([TEST_QR_DATA]);
    expect(page.lines.map((l) => l.text)).toContain('12345678901234567890123456789012');
    expect(page.chineseRuns).toBeGreaterThan(0);
  });

  it('a closed port is a bilingual "refused" naming the address', async () => {
    const { port } = await printerServer();
    await new Promise((resolve) => servers.pop()!.close(resolve));
    const msg = expectBilingualFailure(
      await sendEscPos(tcp(port), saleBytes(), { timeoutMs: 2000 }),
      'PRINTER_REFUSED',
    );
    expect(msg.en).toContain(`127.0.0.1:${port}`);
    expect(msg.zh).toContain(`127.0.0.1:${port}`);
  });

  it('a printer that accepts but stops reading times out on the deadline', async () => {
    const held: Socket[] = [];
    const { port } = await printerServer((socket) => {
      socket.pause();
      held.push(socket);
    });
    const started = Date.now();
    const r = await sendEscPos(tcp(port), new Uint8Array(32 * 1024 * 1024), { timeoutMs: 500 });
    expectBilingualFailure(r, 'PRINTER_TIMEOUT');
    expect(Date.now() - started).toBeLessThan(3000);
    for (const s of held) s.destroy();
  });

  it('a printer that drops the connection mid-job is reported, so the cashier checks the receipt', async () => {
    const { port } = await printerServer((socket) => {
      socket.once('data', () => socket.resetAndDestroy());
    });
    const r = await sendEscPos(tcp(port), new Uint8Array(32 * 1024 * 1024), { timeoutMs: 5000 });
    expectBilingualFailure(r, 'PRINTER_DISCONNECTED');
  });
});

describe('sendEscPos never throws', () => {
  it('turns bad settings and non-thermal printers into bilingual results', async () => {
    const bytes = saleBytes();
    expectBilingualFailure(await sendEscPos(null, bytes), 'PRINTER_CONFIG_INVALID');
    const bad = expectBilingualFailure(
      await sendEscPos({ kind: 'escpos-tcp', host: 'http://x' }, bytes),
      'PRINTER_CONFIG_INVALID',
    );
    expect(bad.en).toContain('host');
    expectBilingualFailure(await sendEscPos({ kind: 'system' }, bytes), 'PRINTER_NOT_ESCPOS');
    expectBilingualFailure(await sendEscPos({ kind: 'pdf' }, bytes), 'PRINTER_NOT_ESCPOS');
    expectBilingualFailure(
      await sendEscPos(
        { kind: 'escpos-tcp', host: '127.0.0.1', port: 9 },
        'not bytes' as unknown as Uint8Array,
      ),
      'PRINTER_CONFIG_INVALID',
    );
  });
});
