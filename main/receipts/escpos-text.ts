/**
 * Text on a thermal printer is a grid of columns: a single-byte character takes one, a GB18030 character
 * printed in the printer's Chinese mode takes two. Wrapping and alignment are computed here, in columns, so
 * that mixed English/Chinese lines line up exactly (the encoder measures single-byte text only).
 */
import { gbCode } from './gb18030';

/** How Chinese text reaches the paper: the printer's GB18030 font, or not at all ("?"). */
export type CjkMode = 'gb18030' | 'none';

export interface Cell {
  /** Text for the encoder's single-byte code pages (one column). */
  char: string;
  width: 1 | 2;
  /** Two-byte GB18030 code to print in Chinese mode, when width is 2. */
  gb: number | null;
}

export type Piece = { kind: 'text'; text: string } | { kind: 'gb'; bytes: number[] };

const QUESTION: Cell = { char: '?', width: 1, gb: null };

/** Latin, Greek and Cyrillic letters and general punctuation print narrower and clearer from a code page. */
function preferCodePage(cp: number): boolean {
  return (cp >= 0xa0 && cp <= 0x04ff) || (cp >= 0x2010 && cp <= 0x2027) || cp === 0x20ac;
}

export function toCells(text: string, cjk: CjkMode): Cell[] {
  const cells: Cell[] = [];
  for (const char of text) {
    const cp = char.codePointAt(0) ?? 0x3f;
    if (cp < 0x20 || cp === 0x7f) cells.push({ char: ' ', width: 1, gb: null });
    else if (cp < 0x80 || preferCodePage(cp)) cells.push({ char, width: 1, gb: null });
    else if (cjk === 'gb18030') {
      const code = gbCode(char);
      cells.push(code === null ? QUESTION : { char, width: 2, gb: code });
    } else cells.push(QUESTION);
  }
  return cells;
}

/** What the wrapper needs of a character: itself and how many columns it takes. */
export interface Measured {
  char: string;
  width: number;
}

export function widthOf(cells: readonly Measured[]): number {
  let w = 0;
  for (const c of cells) w += c.width;
  return w;
}

/** Words stay whole where they fit; a wide (CJK) character may break anywhere, as Chinese text does. */
function tokens<T extends Measured>(cells: readonly T[]): T[][] {
  const out: T[][] = [];
  let word: T[] = [];
  for (const c of cells) {
    if (c.char === ' ' || c.width === 2) {
      if (word.length) out.push(word);
      word = [];
      out.push([c]);
    } else word.push(c);
  }
  if (word.length) out.push(word);
  return out;
}

function trimEnd<T extends Measured>(line: T[]): T[] {
  let end = line.length;
  while (end > 0 && line[end - 1]?.char === ' ' && line[end - 1]?.width === 1) end--;
  return line.slice(0, end);
}

/**
 * Lines of at most `columns` columns, broken at spaces or beside a wide (CJK) character, never inside a word
 * that fits on a line. A text of nothing but spaces gives no line. The printer (cells) and the Terminal API's
 * plain-text receipt (characters measured by display width) wrap with this one function.
 */
export function wrapCells<T extends Measured>(cells: readonly T[], columns: number): T[][] {
  const lines: T[][] = [];
  let line: T[] = [];
  let used = 0;
  const push = (): void => {
    const trimmed = trimEnd(line);
    if (trimmed.length) lines.push(trimmed);
    line = [];
    used = 0;
  };
  for (const token of tokens(cells)) {
    const w = widthOf(token);
    const isSpace = token.length === 1 && token[0]?.char === ' ';
    // Indentation is kept on the first line; a wrapped line never starts with the space it broke at.
    if (isSpace && used === 0 && lines.length > 0) continue;
    if (used + w <= columns) {
      line.push(...token);
      used += w;
      continue;
    }
    if (w <= columns) {
      push();
      if (!isSpace) {
        line.push(...token);
        used = w;
      }
      continue;
    }
    // A word longer than a whole line (an order no on narrow paper): break it at the edge.
    for (const c of token) {
      if (used + c.width > columns) push();
      line.push(c);
      used += c.width;
    }
  }
  push();
  return lines;
}

/** Consecutive cells grouped into what the encoder prints: code-page text, or GB18030 bytes. */
export function toPieces(cells: readonly Cell[]): Piece[] {
  const pieces: Piece[] = [];
  for (const c of cells) {
    const last = pieces[pieces.length - 1];
    if (c.gb === null) {
      if (last?.kind === 'text') last.text += c.char;
      else pieces.push({ kind: 'text', text: c.char });
    } else {
      const bytes = [c.gb >> 8, c.gb & 0xff];
      if (last?.kind === 'gb') last.bytes.push(...bytes);
      else pieces.push({ kind: 'gb', bytes });
    }
  }
  return pieces;
}

export function spaces(n: number): Cell[] {
  return Array.from({ length: Math.max(0, n) }, () => ({ char: ' ', width: 1 as const, gb: null }));
}
