import { describe, expect, it } from 'vitest';
import { BootKeyboardDecoder } from '../../../main/scanner/hid-keyboard-decoder';
import { HidPosDecoder } from '../../../main/scanner/hid-pos-decoder';

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));

/** Feeds boot-protocol reports (hex, 8 bytes each) and concatenates the text they type. */
function typeReports(decoder: BootKeyboardDecoder, reports: string[]): string {
  let text = '';
  for (const r of reports) {
    const out = decoder.push(hex(r));
    if (out.kind === 'keys') text += out.text;
  }
  return text;
}

const UP = '00 00 00 00 00 00 00 00';

describe('BootKeyboardDecoder', () => {
  it('types letters, digits and shifted symbols, with Enter as CR', () => {
    const text = typeReports(new BootKeyboardDecoder(), [
      '02 00 04 00 00 00 00 00', // LShift + a
      UP,
      '00 00 05 00 00 00 00 00', // b
      UP,
      '00 00 1e 00 00 00 00 00', // 1
      UP,
      '20 00 1e 00 00 00 00 00', // RShift + 1
      UP,
      '00 00 27 00 00 00 00 00', // 0
      UP,
      '00 00 28 00 00 00 00 00', // Enter
      UP,
    ]);
    expect(text).toBe('Ab1!0\r');
  });

  it('counts a held key once across repeated identical reports', () => {
    const text = typeReports(new BootKeyboardDecoder(), [
      '00 00 1f 00 00 00 00 00',
      '00 00 1f 00 00 00 00 00',
      '00 00 1f 00 00 00 00 00',
      UP,
      '00 00 1f 00 00 00 00 00',
      UP,
    ]);
    expect(text).toBe('22');
  });

  it('handles rollover: a key counts when it newly appears, whichever slot it is in', () => {
    const text = typeReports(new BootKeyboardDecoder(), [
      '00 00 1e 00 00 00 00 00', // 1 down
      '00 00 1e 1f 00 00 00 00', // 2 down while 1 still held
      '00 00 1f 00 00 00 00 00', // 1 up
      '00 00 20 1f 00 00 00 00', // 3 down in slot 0, 2 moved to slot 1
      '00 00 20 00 00 00 00 00',
      '00 00 20 1e 00 00 00 00', // 1 again while 3 held
      UP,
    ]);
    expect(text).toBe('1231');
  });

  it('toggles caps lock, which shift inverts for letters only', () => {
    const text = typeReports(new BootKeyboardDecoder(), [
      '00 00 39 00 00 00 00 00', // Caps Lock
      UP,
      '00 00 04 00 00 00 00 00', // a → A
      UP,
      '02 00 05 00 00 00 00 00', // Shift + b → b
      UP,
      '00 00 1e 00 00 00 00 00', // 1 stays 1
      UP,
      '00 00 39 00 00 00 00 00', // Caps Lock off
      UP,
      '00 00 06 00 00 00 00 00', // c
      UP,
    ]);
    expect(text).toBe('Ab1c');
  });

  it('types punctuation, keypad digits, Tab and keypad Enter', () => {
    const text = typeReports(new BootKeyboardDecoder(), [
      '00 00 2d 00 00 00 00 00', // -
      UP,
      '02 00 2d 00 00 00 00 00', // _
      UP,
      '00 00 37 00 00 00 00 00', // .
      UP,
      '02 00 38 00 00 00 00 00', // ?
      UP,
      '00 00 59 00 00 00 00 00', // keypad 1
      UP,
      '00 00 62 00 00 00 00 00', // keypad 0
      UP,
      '00 00 2b 00 00 00 00 00', // Tab
      UP,
      '00 00 58 00 00 00 00 00', // keypad Enter
      UP,
    ]);
    expect(text).toBe('-_.?10\t\r');
  });

  it('skips ErrorRollOver reports without forgetting the keys held before', () => {
    const d = new BootKeyboardDecoder();
    expect(typeReports(d, ['00 00 04 00 00 00 00 00'])).toBe('a');
    expect(d.push(hex('00 00 01 01 01 01 01 01'))).toEqual({ kind: 'ignored', reason: 'rollover_error' });
    expect(typeReports(d, ['00 00 04 05 00 00 00 00', UP])).toBe('b');
  });

  it('drops keys pressed with Ctrl, Alt or GUI', () => {
    expect(
      typeReports(new BootKeyboardDecoder(), ['01 00 06 00 00 00 00 00', UP, '04 00 07 00 00 00 00 00', UP]),
    ).toBe('');
  });

  it('accepts a 9-byte report with a leading report ID and ignores short ones', () => {
    const d = new BootKeyboardDecoder();
    expect(d.push(hex('01 00 00 04 00 00 00 00 00'))).toEqual({ kind: 'keys', text: 'a' });
    expect(d.push(hex('00 00 04 00'))).toEqual({ kind: 'ignored', reason: 'short' });
  });
});

/** A scanned-data report as recorded from a Honeywell scanner in HID-POS mode (EAN-13 4006381333931). */
const RECORDED_EAN13 = hex(
  [
    '02', // report ID
    '0d', // 13 data bytes
    '5d 45 30', // "]E0"
    '34 30 30 36 33 38 31 33 33 33 39 33 31', // 4006381333931
    '00'.repeat(56 - 13),
    '64 00', // vendor: Honeywell code ID 'd', reserved
    '00', // not continued
  ].join(''),
);

function report(
  data: string,
  opts: { continued?: boolean; aim?: string; id?: number; length?: number } = {},
): Uint8Array {
  const r = new Uint8Array(64);
  r[0] = opts.id ?? 0x02;
  r[1] = opts.length ?? data.length;
  const aim = opts.aim ?? '';
  for (let i = 0; i < 3; i++) r[2 + i] = aim.charCodeAt(i) || 0;
  r.set(Buffer.from(data, 'latin1'), 5);
  r[63] = opts.continued ? 0x01 : 0x00;
  return r;
}

describe('HidPosDecoder', () => {
  it('decodes a recorded scanned-data report with its AIM symbology', () => {
    expect(RECORDED_EAN13).toHaveLength(64);
    const out = new HidPosDecoder().push(RECORDED_EAN13);
    expect(out.kind).toBe('code');
    if (out.kind !== 'code') return;
    expect(Buffer.from(out.data).toString('latin1')).toBe('4006381333931');
    expect(out.symbology).toBe(']E0');
  });

  it('joins a code split over reports with the Decode Data Continued flag', () => {
    const long = 'https://example.com/' + 'x'.repeat(60);
    const d = new HidPosDecoder();
    expect(d.push(report(long.slice(0, 56), { continued: true, aim: ']Q1' }))).toEqual({ kind: 'partial' });
    const out = d.push(report(long.slice(56)));
    expect(out.kind === 'code' && Buffer.from(out.data).toString('latin1')).toBe(long);
    expect(out.kind === 'code' && out.symbology).toBe(']Q1');
  });

  it('ignores reports with another report ID (trigger, status)', () => {
    expect(new HidPosDecoder().push(report('1234', { id: 0x04 }))).toEqual({
      kind: 'ignored',
      reason: 'other_report',
    });
  });

  it('clamps a length byte larger than the data field', () => {
    const out = new HidPosDecoder().push(report('134567890123456789', { length: 200 }));
    expect(out.kind).toBe('code');
    if (out.kind === 'code') expect(out.data).toHaveLength(56);
  });

  it('gives no symbology when the identifier bytes are zero', () => {
    const out = new HidPosDecoder().push(report('134567890123456789'));
    expect(out).toMatchObject({ kind: 'code' });
    expect(out.kind === 'code' && out.symbology).toBeUndefined();
  });

  it('decodes reports delivered without a report ID when so configured', () => {
    const out = new HidPosDecoder({ reportIdPresent: false }).push(RECORDED_EAN13.subarray(1));
    expect(out.kind === 'code' && Buffer.from(out.data).toString('latin1')).toBe('4006381333931');
  });

  it('gives up on a code whose continuation flag never clears', () => {
    const d = new HidPosDecoder({ maxCodeBytes: 120 });
    expect(d.push(report('a'.repeat(56), { continued: true }))).toEqual({ kind: 'partial' });
    expect(d.push(report('a'.repeat(56), { continued: true }))).toEqual({ kind: 'partial' });
    expect(d.push(report('a'.repeat(56), { continued: true }))).toEqual({
      kind: 'ignored',
      reason: 'overflow',
    });
    const next = d.push(report('134567890123456789'));
    expect(next.kind === 'code' && Buffer.from(next.data).toString('latin1')).toBe('134567890123456789');
  });

  it('ignores a report too short to hold the layout', () => {
    expect(new HidPosDecoder().push(hex('02 03 5d 45 30'))).toEqual({ kind: 'ignored', reason: 'short' });
  });
});
