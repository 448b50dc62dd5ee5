import { describe, expect, it } from 'vitest';
import {
  describePrinter,
  escPosOptionsFor,
  printerConfigSchema,
  receiptLanguageFor,
  type PrinterConfig,
} from '../../../main/receipts/printer-config';

const parse = (v: unknown) => printerConfigSchema.safeParse(v);

function issues(v: unknown): string[] {
  const r = parse(v);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('printer configuration', () => {
  it('fills safe defaults: 80 mm, GB18030, no drawer kick, port 9100, 9600 baud', () => {
    expect(parse({ kind: 'escpos-tcp', host: '192.168.1.50' }).data).toEqual({
      kind: 'escpos-tcp',
      host: '192.168.1.50',
      port: 9100,
      widthMm: 80,
      cjk: 'gb18030',
      drawerKick: false,
    });
    expect(parse({ kind: 'escpos-serial', path: '/dev/ttyUSB0' }).data).toMatchObject({ baudRate: 9600 });
    expect(parse({ kind: 'escpos-device', path: '/dev/usb/lp0', widthMm: 58 }).data).toMatchObject({
      widthMm: 58,
    });
    expect(parse({ kind: 'system' }).data).toEqual({ kind: 'system', widthMm: 80 });
    expect(parse({ kind: 'system', name: ' EPSON TM-T82 ' }).data).toEqual({
      kind: 'system',
      name: 'EPSON TM-T82',
      widthMm: 80,
    });
    expect(parse({ kind: 'pdf', widthMm: 58 }).success).toBe(true);
    expect(parse({ kind: 'escpos-serial', path: 'COM3', baudRate: 115200 }).success).toBe(true);
    expect(parse({ kind: 'escpos-tcp', host: 'printer.local', port: 9101 }).success).toBe(true);
    expect(parse({ kind: 'escpos-tcp', host: 'fe80::1' }).success).toBe(true);
  });

  it('rejects what cannot be a printer, with the reason', () => {
    expect(issues({ kind: 'escpos-tcp', host: 'http://printer' })).not.toEqual([]);
    expect(issues({ kind: 'escpos-tcp', host: '192.168.1.300' })[0]).toContain('IP address');
    expect(issues({ kind: 'escpos-tcp', host: 'p', port: 0 })[0]).toMatch(/^port/);
    expect(issues({ kind: 'escpos-tcp', host: 'p', port: 70000 })[0]).toMatch(/^port/);
    expect(issues({ kind: 'escpos-serial', path: 'ttyUSB0' })[0]).toContain('/dev/ttyUSB0 or COM3');
    expect(issues({ kind: 'escpos-serial', path: '/dev/ttyUSB0', baudRate: 12345 })[0]).toMatch(/^baudRate/);
    expect(issues({ kind: 'escpos-device', path: 'lp0' })[0]).toContain('/dev/usb/lp0');
    expect(issues({ kind: 'escpos-device', path: '/dev/usb/lp0', widthMm: 76 })[0]).toMatch(/^widthMm/);
    expect(issues({ kind: 'escpos-device', path: '/dev/usb/lp0', cjk: 'image' })[0]).toMatch(/^cjk/);
    expect(issues({ kind: 'escpos-device', path: '/dev/usb/lp0', widthMm: 58, columns: 48 })[0]).toMatch(
      /^columns/,
    );
    expect(issues({ kind: 'escpos-device', path: '/dev/usb/lp0', widthMm: 80, columns: 32 })[0]).toMatch(
      /^columns/,
    );
    expect(issues({ kind: 'cups' })).not.toEqual([]);
    expect(issues({ kind: 'pdf', path: '/tmp/x' })).not.toEqual([]);
    expect(issues(null)).not.toEqual([]);
  });

  it('gives the encoder what the printer needs, and English for a printer without Chinese', () => {
    const c = parse({
      kind: 'escpos-tcp',
      host: '10.0.0.9',
      widthMm: 80,
      columns: 42,
      drawerKick: true,
      cjk: 'none',
    }).data as PrinterConfig;
    expect(c.kind === 'escpos-tcp' && escPosOptionsFor(c)).toEqual({
      widthMm: 80,
      cjk: 'none',
      drawerKick: true,
      columns: 42,
    });
    expect(receiptLanguageFor(c, 'both')).toBe('en');
    expect(receiptLanguageFor({ kind: 'system', widthMm: 80 }, 'zh')).toBe('zh');
  });

  it('describes where receipts go', () => {
    expect(describePrinter({ kind: 'system', widthMm: 80 })).toBe('System print dialog');
    expect(describePrinter({ kind: 'system', name: 'TM', widthMm: 80 })).toBe('System printer "TM"');
    expect(
      describePrinter({
        kind: 'escpos-tcp',
        host: 'fe80::1',
        port: 9100,
        widthMm: 80,
        cjk: 'gb18030',
        drawerKick: false,
      }),
    ).toBe('ESC/POS network [fe80::1]:9100');
    expect(
      describePrinter({
        kind: 'escpos-serial',
        path: '/dev/ttyUSB0',
        baudRate: 9600,
        widthMm: 58,
        cjk: 'gb18030',
        drawerKick: false,
      }),
    ).toBe('ESC/POS serial /dev/ttyUSB0 @ 9600');
  });
});
