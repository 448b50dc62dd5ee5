/**
 * Characters to the two-byte GB18030 (GBK) codes that Chinese-market thermal printers print in their Chinese
 * mode (FS &). Node has no GB18030 encoder, but its TextDecoder has the decoder: decoding every two-byte
 * code once gives the reverse table (about 22 000 characters, built in a few milliseconds on first use).
 * Four-byte GB18030 codes are left out on purpose: printer fonts do not have them.
 */

let table: Map<number, number> | null = null;

const LEAD_FIRST = 0x81;
const LEAD_LAST = 0xfe;
const TRAIL_FIRST = 0x40;
const TRAIL_LAST = 0xfe;

function buildTable(): Map<number, number> {
  const pairs: number[] = [];
  for (let lead = LEAD_FIRST; lead <= LEAD_LAST; lead++) {
    for (let trail = TRAIL_FIRST; trail <= TRAIL_LAST; trail++) {
      if (trail !== 0x7f) pairs.push((lead << 8) | trail);
    }
  }
  const bytes = new Uint8Array(pairs.length * 2);
  pairs.forEach((code, i) => {
    bytes[i * 2] = code >> 8;
    bytes[i * 2 + 1] = code & 0xff;
  });
  // Every lead/trail pair above is a complete two-byte code that decodes to exactly one BMP character.
  const text = new TextDecoder('gb18030').decode(bytes);
  if (text.length !== pairs.length) throw new Error('GB18030 decoder gave an unexpected length');
  const map = new Map<number, number>();
  for (let i = 0; i < pairs.length; i++) {
    const cp = text.charCodeAt(i);
    const code = pairs[i];
    // The lowest code wins when two decode to the same character; private-use mappings are no use on paper.
    if (code !== undefined && cp !== 0xfffd && !(cp >= 0xe000 && cp <= 0xf8ff) && !map.has(cp)) {
      map.set(cp, code);
    }
  }
  return map;
}

/** The two-byte GB18030 code of one character, or null when it has none. */
export function gbCode(char: string): number | null {
  const cp = char.codePointAt(0);
  if (cp === undefined || cp < 0x80 || cp > 0xffff) return null;
  table ??= buildTable();
  return table.get(cp) ?? null;
}

/** GB18030 bytes of `text`; characters without a two-byte code become "?". */
export function encodeGb18030(text: string): Uint8Array {
  const out: number[] = [];
  for (const char of text) {
    const cp = char.codePointAt(0) ?? 0x3f;
    if (cp < 0x80) {
      out.push(cp);
      continue;
    }
    const code = gbCode(char);
    if (code === null) out.push(0x3f);
    else out.push(code >> 8, code & 0xff);
  }
  return Uint8Array.from(out);
}
