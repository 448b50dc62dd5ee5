/**
 * ESC/POS bytes for thermal receipt printers, from the same ReceiptDocument the screen and PDF show.
 * The encoder (@point-of-sale/receipt-printer-encoder) does the printer commands: initialise, code pages,
 * bold/size, the QR code (GS ( k), cut and drawer pulse. Lines are laid out here in columns because Chinese
 * text is sent as GB18030 bytes inside the printer's Chinese mode (FS & … FS .), which the encoder cannot
 * measure. Pure function of its input: the same document and options always give the same bytes.
 */
import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import type { Align, Block, PaperWidthMm, ReceiptDocument } from './document';
import { spaces, toCells, toPieces, widthOf, wrapCells, type Cell, type CjkMode } from './escpos-text';

export type { CjkMode } from './escpos-text';

export type EscPosColumns = 32 | 42 | 48;

export interface EscPosOptions {
  widthMm: PaperWidthMm;
  cjk: CjkMode;
  /** Pulse the cash drawer (ESC p, pin 2) as the receipt starts printing. */
  drawerKick?: boolean;
  /** Font A characters per line; 32 on 58 mm, 48 on 80 mm (576-dot heads) unless set (42 for 512-dot heads). */
  columns?: EscPosColumns;
}

const FS_CHINESE_ON = [0x1c, 0x26];
const FS_CHINESE_OFF = [0x1c, 0x2e];
/** Paper between the print head and the cutter, so the cut never goes through the last lines. */
const FEED_BEFORE_CUT = 4;
const MAX_FEED = 10;

export function columnsFor(widthMm: PaperWidthMm, columns?: EscPosColumns): EscPosColumns {
  return columns ?? (widthMm === 58 ? 32 : 48);
}

interface LineStyle {
  align: Align;
  bold: boolean;
  size: 1 | 2;
}

class EscPosWriter {
  private readonly enc: ReceiptPrinterEncoder;

  constructor(
    readonly columns: EscPosColumns,
    private readonly cjk: CjkMode,
  ) {
    this.enc = new ReceiptPrinterEncoder({
      language: 'esc-pos',
      columns,
      newline: '\n',
      feedBeforeCut: FEED_BEFORE_CUT,
      codepageMapping: 'epson',
    });
    this.enc.initialize();
  }

  /**
   * Plain ASCII goes out in cp437 (the printer's default); only text with accents asks the encoder to pick a
   * code page, which costs a search over every page the printer has (about 2 ms a line).
   */
  private textPiece(text: string): void {
    this.enc.codepage(/^[\x20-\x7e]*$/.test(text) ? 'cp437' : 'auto').text(text);
  }

  cells(text: string): Cell[] {
    return toCells(text, this.cjk);
  }

  /** One physical line: `cells` already fit `columns / size`. */
  private emit(cells: readonly Cell[], style: LineStyle): void {
    const avail = Math.floor(this.columns / style.size);
    const free = Math.max(0, avail - widthOf(cells));
    const pad = style.align === 'center' ? Math.floor(free / 2) : style.align === 'right' ? free : 0;
    if (style.bold) this.enc.bold(true);
    if (style.size === 2) this.enc.size(2, 2);
    for (const piece of toPieces([...spaces(pad), ...cells])) {
      if (piece.kind === 'text') this.textPiece(piece.text);
      else this.enc.raw([...FS_CHINESE_ON, ...piece.bytes, ...FS_CHINESE_OFF]);
    }
    this.enc.newline();
    if (style.size === 2) this.enc.size(1, 1);
    if (style.bold) this.enc.bold(false);
  }

  text(text: string, style: LineStyle): void {
    const avail = Math.floor(this.columns / style.size);
    for (const line of wrapCells(this.cells(text), avail)) this.emit(line, style);
  }

  row(label: string, value: string, bold: boolean): void {
    const l = this.cells(label);
    const v = this.cells(value);
    const gap = this.columns - widthOf(l) - widthOf(v);
    if (gap >= 1) {
      this.emit([...l, ...spaces(gap), ...v], { align: 'left', bold, size: 1 });
      return;
    }
    for (const line of wrapCells(l, this.columns)) this.emit(line, { align: 'left', bold, size: 1 });
    for (const line of wrapCells(v, this.columns)) this.emit(line, { align: 'right', bold, size: 1 });
  }

  rule(style: 'single' | 'double'): void {
    this.textPiece((style === 'double' ? '=' : '-').repeat(this.columns));
    this.enc.newline();
  }

  qr(data: string): void {
    const size = this.columns === 32 ? 6 : 7;
    this.enc.align('center').qrcode(data, { model: 2, size, errorlevel: 'm' }).align('left');
  }

  feed(lines: number): void {
    this.enc.newline(Math.min(MAX_FEED, Math.max(1, Math.floor(lines))));
  }

  cut(): void {
    this.enc.cut('partial');
  }

  pulse(): void {
    this.enc.pulse(0, 100, 500);
  }

  bytes(): Uint8Array {
    return this.enc.encode();
  }
}

function writeBlock(w: EscPosWriter, block: Block): void {
  switch (block.type) {
    case 'text':
      w.text(block.text, block);
      return;
    case 'row':
      w.row(block.label, block.value, block.bold);
      return;
    case 'separator':
      w.rule(block.style);
      return;
    case 'qr':
      w.qr(block.data);
      return;
    case 'feed':
      w.feed(block.lines);
      return;
    case 'cut':
      w.cut();
      return;
  }
}

export function encodeEscPos(doc: ReceiptDocument, opts: EscPosOptions): Uint8Array {
  const w = new EscPosWriter(columnsFor(opts.widthMm, opts.columns), opts.cjk);
  // The drawer opens while the receipt prints, not after the cut.
  if (opts.drawerKick) w.pulse();
  for (const block of doc.blocks) writeBlock(w, block);
  return w.bytes();
}
