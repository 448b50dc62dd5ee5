import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FrameDecoder,
  type FrameDecoderOptions,
  type FrameOutput,
} from '../../../main/scanner/frame-decoder';

const bytes = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'latin1'));
const codes = (outs: FrameOutput[]): string[] => outs.flatMap((o) => (o.kind === 'code' ? [o.code] : []));

function feed(decoder: FrameDecoder, input: Uint8Array, cuts: number[] = []): FrameOutput[] {
  const out: FrameOutput[] = [];
  let start = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    const at = Math.min(Math.max(cut, start), input.length);
    out.push(...decoder.push(input.subarray(start, at)));
    start = at;
  }
  out.push(...decoder.push(input.subarray(start)));
  return out;
}

describe('FrameDecoder', () => {
  it('splits on CR, LF and CRLF in eol mode without empty frames', () => {
    const d = new FrameDecoder();
    const out = d.push(bytes('111111\r222222\n333333\r\n\r\n444444'));
    expect(out).toHaveLength(3);
    expect(codes(out)).toEqual(['111111', '222222', '333333']);
    expect(d.pending).toBe(6);
  });

  it('finds a CRLF terminator split across chunks in crlf mode', () => {
    const d = new FrameDecoder({ framing: { mode: 'crlf' } });
    expect(d.push(bytes('123456\r'))).toEqual([]);
    expect(codes(d.push(bytes('\n')))).toEqual(['123456']);
  });

  it('finds a multi-byte suffix split across chunks', () => {
    const d = new FrameDecoder({ framing: { mode: 'suffix', suffix: '<END>' } });
    expect(d.push(bytes('ABC123<EN'))).toEqual([]);
    expect(codes(d.push(bytes('D>XYZ<END>')))).toEqual(['ABC123', 'XYZ']);
  });

  it('completes a frame on flush only in idle mode', () => {
    const idle = new FrameDecoder({ framing: { mode: 'idle', gapMs: 30 } });
    expect(idle.push(bytes('134567890123456789'))).toEqual([]);
    expect(codes(idle.flush())).toEqual(['134567890123456789']);

    const cr = new FrameDecoder({ framing: { mode: 'cr' } });
    cr.push(bytes('13456'));
    const [out] = cr.flush();
    expect(out).toMatchObject({ kind: 'noise', reason: 'partial_discarded' });
    expect(cr.pending).toBe(0);
  });

  it('strips AIM identifiers, prefixes and suffixes in either order and reports the symbology', () => {
    const d = new FrameDecoder({ prefixes: ['PFX'], suffixes: ['#', '!'] });
    const out = d.push(bytes(']Q1AAA111\rPFX]C0BBB222#!\r]E0PFXCCC333\r]e3lower\r'));
    expect(out.map((o) => (o.kind === 'code' ? [o.code, o.symbology] : o.reason))).toEqual([
      ['AAA111', ']Q1'],
      ['BBB222', ']C0'],
      ['CCC333', ']E0'],
      ['lower', ']e3'],
    ]);
  });

  it('leaves a code alone when stripAim is off, and does not strip a bracket that is not an AIM id', () => {
    expect(codes(new FrameDecoder({ stripAim: false }).push(bytes(']Q1ABC\r')))).toEqual([']Q1ABC']);
    expect(codes(new FrameDecoder().push(bytes(']1ABC\r')))).toEqual([']1ABC']);
  });

  it('reports a frame that is only an AIM id or prefix as noise', () => {
    const [out] = new FrameDecoder({ prefixes: ['X'] }).push(bytes('X]Q1\r'));
    expect(out).toMatchObject({ kind: 'noise', reason: 'empty_after_strip' });
  });

  it('trims STX/ETX and other edge control bytes but rejects control bytes inside', () => {
    const d = new FrameDecoder();
    const out = d.push(
      Uint8Array.of(0x02, 0x31, 0x32, 0x33, 0x03, 0x0d, 0x31, 0x00, 0x32, 0x0d, 0x00, 0x01, 0x0d),
    );
    expect(out.map((o) => (o.kind === 'code' ? o.code : o.reason))).toEqual([
      '123',
      'non_printable',
      'non_printable',
    ]);
  });

  it('rejects bytes above 0x7E as noise (wrong baud rate, UTF-8 junk)', () => {
    const [out] = new FrameDecoder().push(Uint8Array.of(0x31, 0xe4, 0xb8, 0xad, 0x0d));
    expect(out).toMatchObject({ kind: 'noise', reason: 'non_printable' });
  });

  it('drops an overlong frame up to the next terminator and recovers', () => {
    const d = new FrameDecoder({ maxFrameBytes: 64 });
    const out = feed(d, bytes(`${'9'.repeat(200)}\r134567890123456789\r`), [10, 70, 150]);
    expect(out.map((o) => (o.kind === 'code' ? o.code : o.reason))).toEqual([
      'overflow',
      '134567890123456789',
    ]);
  });

  it('keeps the raw bytes including the terminator for diagnostics', () => {
    const [out] = new FrameDecoder().push(bytes(']Q1123456\r'));
    expect(Buffer.from(out?.raw ?? []).toString('latin1')).toBe(']Q1123456\r');
  });

  it('rejects an empty custom suffix', () => {
    expect(() => new FrameDecoder({ framing: { mode: 'suffix', suffix: '' } })).toThrow();
  });
});

// An oracle written independently of the decoder: what an eol-framed stream should yield.
function oracle(input: Uint8Array): string[] {
  const text = Buffer.from(input).toString('latin1');
  const out: string[] = [];
  const parts = text.split(/[\r\n]/);
  parts.pop(); // the unterminated tail is not a frame yet
  for (const part of parts) {
    // eslint-disable-next-line no-control-regex
    let s = part.replace(/^[\u0000-\u0020\u007f]+|[\u0000-\u0020\u007f]+$/g, '');
    if (!/^[\u0020-\u007e]*$/.test(s)) continue;
    s = s.replace(/^\][A-Za-z][0-9A-Za-z]/, '').trim();
    if (s.length > 0) out.push(s);
  }
  return out;
}

/** Random bytes biased towards what a scanner line carries, so frames with real codes are common. */
const scannerishBytes = fc
  .array(
    fc.oneof(
      { weight: 6, arbitrary: fc.integer({ min: 0x30, max: 0x39 }) },
      { weight: 2, arbitrary: fc.constantFrom(0x0d, 0x0a) },
      { weight: 1, arbitrary: fc.constantFrom(0x5d, 0x51, 0x31, 0x43, 0x30, 0x20, 0x09, 0x02, 0x03) },
      { weight: 1, arbitrary: fc.integer({ min: 0, max: 255 }) },
    ),
    { maxLength: 400 },
  )
  .map((a) => Uint8Array.from(a));

/** A byte stream (random or scanner-like) and where to cut it into chunks: up to `cuts` offsets below `bytes`. */
const streamInPieces = (bytes: number, cuts: number) =>
  [
    fc.oneof(fc.uint8Array({ maxLength: bytes }), scannerishBytes),
    fc.array(fc.nat({ max: bytes }), { maxLength: cuts }),
  ] as const;

describe('FrameDecoder fuzzing', () => {
  const options: Partial<FrameDecoderOptions> = { maxFrameBytes: 100_000 };

  it('never throws on random bytes and only yields printable codes the oracle also finds', () => {
    fc.assert(
      fc.property(...streamInPieces(400, 20), (input, cuts) => {
        const d = new FrameDecoder(options);
        const out = feed(d, input, cuts);
        const got = codes(out);
        for (const code of got) {
          expect(code.length).toBeGreaterThan(0);
          expect(code).toMatch(/^[\x20-\x7e]+$/);
        }
        expect(got).toEqual(oracle(input));
      }),
      { numRuns: 2000 },
    );
  });

  it('yields the same frames however the stream is chunked', () => {
    fc.assert(
      fc.property(...streamInPieces(300, 30), (input, cuts) => {
        const whole = new FrameDecoder({ framing: { mode: 'crlf' }, maxFrameBytes: 64 }).push(input);
        const chunked = feed(new FrameDecoder({ framing: { mode: 'crlf' }, maxFrameBytes: 64 }), input, cuts);
        const summary = (outs: FrameOutput[]): string[] =>
          outs.map((o) => (o.kind === 'code' ? `code:${o.code}` : `noise:${o.reason}`));
        expect(summary(chunked)).toEqual(summary(whole));
      }),
      { numRuns: 1000 },
    );
  });

  it('passes every real code through and nothing else when codes are mixed with binary noise', () => {
    const code = fc.stringMatching(/^[0-9]{8,24}$/);
    const noise = fc
      .tuple(
        fc.uint8Array({ maxLength: 10 }),
        fc.integer({ min: 0x80, max: 0xff }),
        fc.uint8Array({ maxLength: 10 }),
      )
      .map(([a, bad, b]) => {
        // Noise without terminator bytes, with at least one byte no code contains.
        const strip = (u: Uint8Array): number[] => [...u].filter((x) => x !== 0x0d && x !== 0x0a);
        return Uint8Array.from([...strip(a), bad, ...strip(b)]);
      });
    const item = fc.oneof(
      code.map((c) => ({ kind: 'code' as const, c })),
      noise.map((n) => ({ kind: 'noise' as const, n })),
    );
    fc.assert(
      fc.property(
        fc.array(item, { maxLength: 20 }),
        fc.constantFrom('\r', '\n', '\r\n'),
        fc.array(fc.nat({ max: 600 }), { maxLength: 40 }),
        (items, terminator, cuts) => {
          const parts: number[] = [];
          for (const it of items) {
            const body = it.kind === 'code' ? [...bytes(`]Q1${it.c}`)] : [...it.n];
            parts.push(...body, ...bytes(terminator));
          }
          const out = feed(new FrameDecoder(), Uint8Array.from(parts), cuts);
          expect(codes(out)).toEqual(items.flatMap((it) => (it.kind === 'code' ? [it.c] : [])));
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('FrameDecoder.discard', () => {
  it('drops a pending idle-framed fragment as noise instead of completing it', () => {
    const d = new FrameDecoder({ framing: { mode: 'idle', gapMs: 30 } });
    d.push(bytes('1345678'));
    expect(d.discard()).toMatchObject([{ kind: 'noise', reason: 'partial_discarded' }]);
    expect(d.flush()).toEqual([]);
    expect(d.discard()).toEqual([]);
  });
});
