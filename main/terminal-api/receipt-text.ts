/**
 * A receipt as plain text lines for the caller's own printer: the same ReceiptDocument (main/receipts/layout)
 * the till prints, laid out in a fixed number of columns. Chinese characters take two columns, as on a thermal
 * printer.
 */
import type { Block, ReceiptDocument } from '../receipts';
import { wrapCells } from '../receipts/escpos-text';

export function receiptText(doc: ReceiptDocument, columns: number): string[] {
  const lines: string[] = [];
  for (const block of doc.blocks) lines.push(...blockLines(block, columns));
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function blockLines(block: Block, columns: number): string[] {
  switch (block.type) {
    case 'text': {
      const width = block.size === 2 ? Math.floor(columns / 2) : columns;
      return wrap(block.text, width).map((l) => align(l, columns, block.align));
    }
    case 'row': {
      const gap = columns - widthOf(block.label) - widthOf(block.value);
      if (gap >= 1) return [block.label + ' '.repeat(gap) + block.value];
      return [
        ...wrap(block.label, columns),
        ...wrap(block.value, columns).map((l) => align(l, columns, 'right')),
      ];
    }
    case 'separator':
      return [(block.style === 'double' ? '=' : '-').repeat(columns)];
    case 'qr':
      return wrap(block.label, columns).map((l) => align(l, columns, 'center'));
    case 'feed':
      return Array.from({ length: Math.min(block.lines, 3) }, () => '');
    case 'cut':
      return [];
  }
}

function charWidth(ch: string): number {
  const c = ch.codePointAt(0) ?? 0;
  const wide =
    (c >= 0x1100 && c <= 0x115f) ||
    (c >= 0x2e80 && c <= 0xa4cf) ||
    (c >= 0xac00 && c <= 0xd7a3) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0xfe30 && c <= 0xfe4f) ||
    (c >= 0xff00 && c <= 0xff60) ||
    (c >= 0xffe0 && c <= 0xffe6);
  return wide ? 2 : 1;
}

export function widthOf(text: string): number {
  let w = 0;
  for (const ch of text) w += charWidth(ch);
  return w;
}

/** Whole words per line (main/receipts/escpos-text.ts), each character measured by its display width. */
function wrap(text: string, columns: number): string[] {
  const chars = [...text].map((char) => ({ char, width: charWidth(char) }));
  const lines = wrapCells(chars, columns).map((line) => line.map((c) => c.char).join(''));
  // A block of nothing but spaces still takes its line, as a blank line on paper.
  return lines.length > 0 ? lines : [''];
}

function align(line: string, columns: number, how: 'left' | 'center' | 'right'): string {
  const free = Math.max(0, columns - widthOf(line));
  if (how === 'left') return line;
  if (how === 'right') return ' '.repeat(free) + line;
  return ' '.repeat(Math.floor(free / 2)) + line;
}
