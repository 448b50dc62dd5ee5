/**
 * A strict reader of the ESC/POS subset the receipts use, written from the command reference rather than
 * from the encoder: it plays the printer, turning bytes back into printed lines (with their width in
 * columns), QR payloads, cuts and drawer pulses. Any byte it does not understand is an error, so a stray
 * control character in the output fails the test that reads it.
 */

export interface PrintedLine {
  text: string;
  /** Columns used, counting double-width (GS !) and two-column Chinese characters. */
  columns: number;
  bold: boolean;
  size: number;
}

export interface PrintedReceipt {
  lines: PrintedLine[];
  qr: string[];
  cuts: number;
  pulses: Array<{ pin: number; onMs: number; offMs: number }>;
  /** Order of events, e.g. ['init', 'pulse', 'text', 'qr', 'cut']: where the pulse and cut fall. */
  events: string[];
  chineseRuns: number;
}

const gb = new TextDecoder('gb18030');
/** cp437 upper half is not needed beyond what the fixtures use; unknown high bytes read as "·". */
const CP437_HIGH: Record<number, string> = { 0x81: 'ü', 0x82: 'é', 0x84: 'ä', 0x94: 'ö' };

export function readEscPos(bytes: Uint8Array): PrintedReceipt {
  const out: PrintedReceipt = { lines: [], qr: [], cuts: 0, pulses: [], events: [], chineseRuns: 0 };
  let chinese = false;
  let bold = false;
  let width = 1;
  let height = 1;
  let codepage = 0;
  let text = '';
  let columns = 0;
  let lineBold = false;
  let lineSize = 1;
  const event = (e: string): void => {
    if (out.events[out.events.length - 1] !== e) out.events.push(e);
  };
  const at = (i: number): number => {
    const v = bytes[i];
    if (v === undefined) throw new Error(`ESC/POS command cut short at byte ${i}`);
    return v;
  };
  let i = 0;
  while (i < bytes.length) {
    const c = at(i);
    if (c === 0x0a) {
      out.lines.push({ text, columns, bold: lineBold, size: lineSize });
      text = '';
      columns = 0;
      lineBold = false;
      lineSize = 1;
      i += 1;
      continue;
    }
    if (c === 0x1b) {
      const n = at(i + 1);
      if (n === 0x40) {
        chinese = false;
        bold = false;
        width = height = 1;
        event('init');
        i += 2;
      } else if (n === 0x4d || n === 0x61 || n === 0x2d || n === 0x33 || n === 0x64) i += 3;
      else if (n === 0x32) i += 2;
      else if (n === 0x74) {
        codepage = at(i + 2);
        i += 3;
      } else if (n === 0x45) {
        bold = at(i + 2) === 1;
        i += 3;
      } else if (n === 0x70) {
        out.pulses.push({ pin: at(i + 2), onMs: at(i + 3) * 2, offMs: at(i + 4) * 2 });
        event('pulse');
        i += 5;
      } else throw new Error(`unknown ESC command 0x${n.toString(16)} at ${i}`);
      continue;
    }
    if (c === 0x1d) {
      const n = at(i + 1);
      if (n === 0x21) {
        const v = at(i + 2);
        width = (v >> 4) + 1;
        height = (v & 0x0f) + 1;
        i += 3;
      } else if (n === 0x56) {
        const m = at(i + 2);
        out.cuts += 1;
        event('cut');
        i += m === 65 || m === 66 ? 4 : 3;
      } else if (n === 0x28 && at(i + 2) === 0x6b) {
        const len = at(i + 3) + at(i + 4) * 256;
        const cn = at(i + 5);
        const fn = at(i + 6);
        if (cn !== 0x31) throw new Error('only QR (cn 49) is expected');
        if (fn === 0x50) out.qr.push(Buffer.from(bytes.subarray(i + 8, i + 5 + len)).toString('latin1'));
        if (fn === 0x51) event('qr');
        i += 5 + len;
      } else throw new Error(`unknown GS command 0x${n.toString(16)} at ${i}`);
      continue;
    }
    if (c === 0x1c) {
      const n = at(i + 1);
      if (n === 0x26) {
        chinese = true;
        out.chineseRuns += 1;
      } else if (n === 0x2e) chinese = false;
      else throw new Error(`unknown FS command 0x${n.toString(16)} at ${i}`);
      i += 2;
      continue;
    }
    if (c < 0x20 || c === 0x7f) throw new Error(`stray control byte 0x${c.toString(16)} at ${i}`);
    event('text');
    if (bold) lineBold = true;
    lineSize = Math.max(lineSize, width, height);
    if (chinese && c >= 0x81) {
      text += gb.decode(bytes.subarray(i, i + 2));
      columns += 2 * width;
      i += 2;
      continue;
    }
    text += c < 0x80 ? String.fromCharCode(c) : codepage === 0 ? (CP437_HIGH[c] ?? '·') : '·';
    columns += width;
    i += 1;
  }
  if (text) out.lines.push({ text, columns, bold: lineBold, size: lineSize });
  return out;
}

/** The printed text, one line per line, for golden .txt files a reviewer can read. */
export function printedText(receipt: PrintedReceipt): string {
  return `${receipt.lines.map((l) => l.text.trimEnd()).join('\n')}\n`;
}
