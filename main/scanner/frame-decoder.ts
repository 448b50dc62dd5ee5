/**
 * Turns a scanner's byte stream into codes. Pure (no timers, no I/O) so it can be fuzzed: the serial and
 * HID sources feed it chunks as they arrive and call flush() when the line has been quiet long enough.
 *
 * A frame is the bytes between two terminators. Each frame is then cleaned:
 *   1. whitespace and C0 control bytes at either end are dropped (STX/ETX wrappers, stray CR/LF);
 *   2. configured prefixes, an AIM symbology identifier ("]" + letter + digit/letter, ISO/IEC 15424)
 *      and configured suffixes are stripped;
 *   3. what is left must be printable ASCII (0x20–0x7E), otherwise the frame is reported as noise.
 * Empty frames (e.g. the LF of a CRLF pair in "eol" mode) vanish without a trace.
 */

export type Framing =
  /** CR, LF or CRLF: what almost every scanner sends; the safe default. */
  | { mode: 'eol' }
  | { mode: 'cr' }
  | { mode: 'lf' }
  | { mode: 'crlf' }
  /** A custom terminator, e.g. "\u0003" (ETX) or "#". */
  | { mode: 'suffix'; suffix: string }
  /** No terminator: a frame ends after gapMs without bytes (a CR or LF still ends it early). */
  | { mode: 'idle'; gapMs: number };

export interface FrameDecoderOptions {
  framing: Framing;
  /** Strip a leading AIM symbology identifier such as "]Q1", "]C0", "]E0". */
  stripAim: boolean;
  /** Literal prefixes the scanner is configured to send before each code. */
  prefixes: readonly string[];
  /** Literal suffixes sent before the terminator. */
  suffixes: readonly string[];
  /** A frame longer than this is noise (a stuck line, a wrong baud rate): dropped up to the next terminator. */
  maxFrameBytes: number;
  /** More terminators on top of the framing's, e.g. "\t" for a HID keyboard scanner that ends codes with Tab. */
  extraTerminators: readonly string[];
}

export const DEFAULT_FRAME_OPTIONS: FrameDecoderOptions = {
  framing: { mode: 'eol' },
  stripAim: true,
  prefixes: [],
  suffixes: [],
  maxFrameBytes: 1024,
  extraTerminators: [],
};

export type FrameOutput =
  | { kind: 'code'; code: string; raw: Uint8Array; symbology?: string }
  | { kind: 'noise'; raw: Uint8Array; reason: NoiseReason };

export type NoiseReason = 'non_printable' | 'empty_after_strip' | 'partial_discarded' | 'overflow';

const CR = 0x0d;
const LF = 0x0a;
const AIM = /^\][A-Za-z][0-9A-Za-z]/;

function terminatorsFor(framing: Framing): Uint8Array[] {
  switch (framing.mode) {
    case 'eol':
    case 'idle':
      return [Uint8Array.of(CR), Uint8Array.of(LF)];
    case 'cr':
      return [Uint8Array.of(CR)];
    case 'lf':
      return [Uint8Array.of(LF)];
    case 'crlf':
      return [Uint8Array.of(CR, LF)];
    case 'suffix':
      return [latin1Bytes(framing.suffix)];
  }
}

function latin1Bytes(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);
}

export class FrameDecoder {
  private readonly options: FrameDecoderOptions;
  private readonly terminators: Uint8Array[];
  private buf: Uint8Array;
  private len = 0;
  /** After an overflow, bytes are dropped until the next terminator so the tail is not taken as a code. */
  private discarding = false;

  constructor(options: Partial<FrameDecoderOptions> = {}) {
    this.options = { ...DEFAULT_FRAME_OPTIONS, ...options };
    this.terminators = [
      ...terminatorsFor(this.options.framing),
      ...this.options.extraTerminators.map(latin1Bytes),
    ].filter((t) => t.length > 0);
    if (this.terminators.length === 0) throw new Error('frame terminator must not be empty');
    this.buf = new Uint8Array(64);
  }

  /** Bytes of an unfinished frame waiting for a terminator (or for flush()). */
  get pending(): number {
    return this.len;
  }

  get idleGapMs(): number | null {
    return this.options.framing.mode === 'idle' ? this.options.framing.gapMs : null;
  }

  push(chunk: Uint8Array): FrameOutput[] {
    const out: FrameOutput[] = [];
    for (let i = 0; i < chunk.length; i++) {
      this.append(chunk[i] ?? 0);
      const term = this.matchedTerminator();
      if (term > 0) {
        const raw = this.buf.slice(0, this.len);
        this.len = 0;
        if (this.discarding) {
          this.discarding = false;
          continue;
        }
        const result = finishFrame(raw.subarray(0, raw.length - term), this.options, raw);
        if (result) out.push(result);
        continue;
      }
      if (this.len > this.options.maxFrameBytes) {
        if (!this.discarding) {
          out.push({ kind: 'noise', raw: this.buf.slice(0, this.len), reason: 'overflow' });
          this.discarding = true;
        }
        // Keep the longest terminator's worth of bytes so a terminator split across chunks is still seen.
        this.keepTail();
      }
    }
    return out;
  }

  /**
   * The line went quiet. In idle framing the pending bytes are a complete code; with a terminator they
   * are a fragment that will never be completed (a scanner reset, a half-sent frame), and are discarded
   * so they cannot glue themselves onto the next code.
   */
  flush(): FrameOutput[] {
    if (this.len === 0) {
      this.discarding = false;
      return [];
    }
    const frame = this.buf.slice(0, this.len);
    this.len = 0;
    if (this.discarding) {
      this.discarding = false;
      return [];
    }
    if (this.options.framing.mode === 'idle') {
      const result = finishFrame(frame, this.options);
      return result ? [result] : [];
    }
    return [{ kind: 'noise', raw: frame, reason: 'partial_discarded' }];
  }

  /** Drops an unfinished frame without completing it, even in idle framing (the device went away mid-code). */
  discard(): FrameOutput[] {
    const wasDiscarding = this.discarding;
    this.discarding = false;
    if (this.len === 0 || wasDiscarding) {
      this.len = 0;
      return [];
    }
    const raw = this.buf.slice(0, this.len);
    this.len = 0;
    return [{ kind: 'noise', raw, reason: 'partial_discarded' }];
  }

  private append(byte: number): void {
    if (this.len === this.buf.length) {
      const next = new Uint8Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.len++] = byte;
  }

  private matchedTerminator(): number {
    for (const t of this.terminators) {
      if (this.len < t.length) continue;
      let match = true;
      for (let j = 0; j < t.length; j++) {
        if (this.buf[this.len - t.length + j] !== t[j]) {
          match = false;
          break;
        }
      }
      if (match) return t.length;
    }
    return 0;
  }

  private keepTail(): void {
    const keep = Math.max(...this.terminators.map((t) => t.length)) - 1;
    if (keep <= 0) {
      this.len = 0;
      return;
    }
    this.buf.copyWithin(0, this.len - keep, this.len);
    this.len = keep;
  }
}

function isEdgeJunk(byte: number): boolean {
  return byte <= 0x20 || byte === 0x7f;
}

function isPrintable(byte: number): boolean {
  return byte >= 0x20 && byte <= 0x7e;
}

/**
 * Cleans one frame: `body` is the frame without its terminator, `raw` the bytes as received (reported in
 * diagnostics so the settings screen can show exactly what the scanner sends). Returns null for a frame
 * that is only whitespace: those are artefacts of framing, not something a person scanned.
 */
export function finishFrame(
  body: Uint8Array,
  options: FrameDecoderOptions,
  raw: Uint8Array = body,
): FrameOutput | null {
  let start = 0;
  let end = body.length;
  while (start < end && isEdgeJunk(body[start] ?? 0)) start++;
  while (end > start && isEdgeJunk(body[end - 1] ?? 0)) end--;
  if (start === end) {
    const onlyWhitespace = body.every((b) => b === 0x20 || b === 0x09 || b === CR || b === LF);
    return onlyWhitespace ? null : { kind: 'noise', raw, reason: 'non_printable' };
  }
  let text = '';
  for (let i = start; i < end; i++) {
    const byte = body[i] ?? 0;
    if (!isPrintable(byte)) return { kind: 'noise', raw, reason: 'non_printable' };
    text += String.fromCharCode(byte);
  }
  let symbology: string | undefined;
  // Scanners put their own prefix and the AIM identifier in either order; strip until nothing changes.
  for (let changed = true; changed;) {
    changed = false;
    for (const prefix of options.prefixes) {
      if (prefix.length > 0 && text.startsWith(prefix)) {
        text = text.slice(prefix.length);
        changed = true;
      }
    }
    if (options.stripAim && symbology === undefined) {
      const aim = AIM.exec(text);
      if (aim) {
        symbology = aim[0];
        text = text.slice(aim[0].length);
        changed = true;
      }
    }
  }
  for (let changed = true; changed;) {
    changed = false;
    for (const suffix of options.suffixes) {
      if (suffix.length > 0 && text.endsWith(suffix)) {
        text = text.slice(0, -suffix.length);
        changed = true;
      }
    }
  }
  text = text.trim();
  if (text.length === 0) return { kind: 'noise', raw, reason: 'empty_after_strip' };
  const result: FrameOutput = { kind: 'code', code: text, raw };
  if (symbology !== undefined) result.symbology = symbology;
  return result;
}
