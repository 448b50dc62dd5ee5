/**
 * The one layout model every receipt output is rendered from: a receipt, report or test page is an ordered
 * list of blocks, built once from data (layout.ts), then turned into HTML (html.ts) or ESC/POS bytes
 * (escpos.ts). Blocks say what a line is, never how wide the paper is in characters: each output wraps for
 * its own medium. Plain serialisable data, so a document can cross IPC as it is.
 */

export type PaperWidthMm = 58 | 80;
export type ReceiptLanguage = 'en' | 'zh' | 'both';
export type Align = 'left' | 'center' | 'right';

export interface TextBlock {
  type: 'text';
  text: string;
  align: Align;
  bold: boolean;
  /** 2 = double width and height (headline amounts). */
  size: 1 | 2;
}

/** A label on the left and its value on the right; the value moves under the label when both do not fit. */
export interface RowBlock {
  type: 'row';
  label: string;
  value: string;
  bold: boolean;
}

export interface SeparatorBlock {
  type: 'separator';
  style: 'single' | 'double';
}

/** A QR code of `data` (the Omipay order no), with `label` as its text alternative. */
export interface QrBlock {
  type: 'qr';
  data: string;
  label: string;
}

export interface FeedBlock {
  type: 'feed';
  lines: number;
}

export interface CutBlock {
  type: 'cut';
}

export type Block = TextBlock | RowBlock | SeparatorBlock | QrBlock | FeedBlock | CutBlock;

export interface ReceiptDocument {
  /** What the document is, in the document's language(s): page title, PDF title, aria label. */
  title: string;
  language: ReceiptLanguage;
  widthMm: PaperWidthMm;
  blocks: readonly Block[];
}

/** Small helpers so layouts read like the receipt they produce. */
export const b = {
  text(text: string, opts: { align?: Align; bold?: boolean; size?: 1 | 2 } = {}): TextBlock {
    return {
      type: 'text',
      text,
      align: opts.align ?? 'left',
      bold: opts.bold ?? false,
      size: opts.size ?? 1,
    };
  },
  center(text: string, opts: { bold?: boolean; size?: 1 | 2 } = {}): TextBlock {
    return b.text(text, { ...opts, align: 'center' });
  },
  row(label: string, value: string, bold = false): RowBlock {
    return { type: 'row', label, value, bold };
  },
  rule(style: 'single' | 'double' = 'single'): SeparatorBlock {
    return { type: 'separator', style };
  },
  qr(data: string, label: string): QrBlock {
    return { type: 'qr', data, label };
  },
  feed(lines = 1): FeedBlock {
    return { type: 'feed', lines };
  },
  cut(): CutBlock {
    return { type: 'cut' };
  },
};
