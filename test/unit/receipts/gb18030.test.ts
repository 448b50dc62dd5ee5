import { describe, expect, it } from 'vitest';
import { encodeGb18030, gbCode } from '../../../main/receipts/gb18030';
import { toCells, wrapCells } from '../../../main/receipts/escpos-text';

describe('GB18030 two-byte codes for printer Chinese mode', () => {
  it('gives the standard codes of receipt words', () => {
    const hex = (s: string): string => Buffer.from(encodeGb18030(s)).toString('hex');
    expect(hex('中文')).toBe('d6d0cec4');
    expect(hex('微信支付')).toBe('cea2d0c5d6a7b8b6');
    expect(hex('支付宝')).toBe('d6a7b8b6b1a6');
    expect(hex('退款：（澳元）')).toBe('cdcbbfeea3baa3a8b0c4d4aaa3a9');
    expect(hex('A$1 ')).toBe('41243120');
  });

  it('round-trips every CJK ideograph of GBK through the decoder', () => {
    const decoder = new TextDecoder('gb18030');
    let checked = 0;
    for (let cp = 0x4e00; cp <= 0x9fa5; cp++) {
      const char = String.fromCodePoint(cp);
      const code = gbCode(char);
      expect(code, `U+${cp.toString(16)}`).not.toBeNull();
      if (decoder.decode(Uint8Array.of(code! >> 8, code! & 0xff)) !== char)
        throw new Error(`U+${cp.toString(16)}`);
      checked++;
    }
    expect(checked).toBe(20902);
  });

  it('has no code for what printer fonts lack (emoji) nor for ASCII, which prints as itself', () => {
    expect(gbCode('😀')).toBeNull();
    expect(gbCode('a')).toBeNull();
    expect(Buffer.from(encodeGb18030('a😀b')).toString('latin1')).toBe('a?b');
  });
});

describe('columns on the printer', () => {
  it('counts Chinese as two columns, Latin as one, and turns controls into spaces', () => {
    expect(toCells('A中é\x1b', 'gb18030').map((c) => c.width)).toEqual([1, 2, 1, 1]);
    expect(toCells('\x1b', 'gb18030')[0]?.char).toBe(' ');
    expect(toCells('中😀', 'none').map((c) => c.char)).toEqual(['?', '?']);
    expect(toCells('😀', 'gb18030').map((c) => c.char)).toEqual(['?']);
  });

  it('wraps at spaces, keeps indentation on the first line only, never exceeds the width', () => {
    const lines = wrapCells(toCells('  hello world again', 'gb18030'), 8).map((l) =>
      l.map((c) => c.char).join(''),
    );
    expect(lines).toEqual(['  hello', 'world', 'again']);
    expect(wrapCells(toCells('   ', 'gb18030'), 8)).toEqual([]);
  });
});
