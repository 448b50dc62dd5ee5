/**
 * HTML for a ReceiptDocument: on screen, through the browser's print in hub mode, and through Electron's
 * webContents.print / printToPDF. The markup has no script, no style attribute, no URL and nothing fetched;
 * the QR code is inline SVG. Every text from data is escaped. Browser-safe (no Node modules).
 */
import type { Block, ReceiptDocument, ReceiptLanguage } from './document';
import { qrSvg } from './qr-svg';

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return String(text).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/**
 * Scoped to .rcpt so it can sit in the app page. A strict CSP (style-src 'self') blocks a <style> element:
 * the renderer then ships this text in its own stylesheet and calls renderHtml(doc, { style: false }).
 */
export const RECEIPT_CSS = `
.rcpt{box-sizing:border-box;background:#fff;color:#000;margin:0 auto;padding:2mm 0;
font-family:"DejaVu Sans Mono","Noto Sans Mono CJK SC","Noto Sans CJK SC","WenQuanYi Micro Hei Mono","Microsoft YaHei UI","PingFang SC",Menlo,Consolas,monospace;
font-size:2.5mm;line-height:1.35;overflow-wrap:anywhere;word-break:normal}
/* the printable width: thermal heads leave about 5 mm blank each side */
.rcpt-w58{width:48mm}.rcpt-w80{width:72mm}
.rcpt p{margin:0;white-space:pre-wrap}
.rcpt-c{text-align:center}.rcpt-r{text-align:right}
.rcpt-b{font-weight:700}
.rcpt-s2{font-size:200%;line-height:1.2}
.rcpt-row{display:flex;flex-wrap:wrap;justify-content:space-between;column-gap:1ch}
.rcpt-row>.rcpt-v{margin-left:auto;text-align:right}
.rcpt-sep{border:0;border-top:1px dashed #000;margin:1mm 0;height:0}
.rcpt-sep2{border-top:3px double #000}
.rcpt-blank{height:1.35em}
.rcpt-qr{margin:1mm 0;text-align:center}
.rcpt-qr-img{width:26mm;height:26mm}
.rcpt-w80 .rcpt-qr-img{width:30mm;height:30mm}
.rcpt-cut{border:0;border-top:1px dotted #888;margin:3mm 0 0;height:0}
@media print{.rcpt{padding:0}.rcpt-cut{display:none}}
`;

function langAttr(language: ReceiptLanguage): string {
  return language === 'zh' ? 'zh-Hans' : 'en';
}

function blockHtml(block: Block): string {
  switch (block.type) {
    case 'text': {
      const cls = ['rcpt-t'];
      if (block.align === 'center') cls.push('rcpt-c');
      if (block.align === 'right') cls.push('rcpt-r');
      if (block.bold) cls.push('rcpt-b');
      if (block.size === 2) cls.push('rcpt-s2');
      return `<p class="${cls.join(' ')}">${escapeHtml(block.text)}</p>`;
    }
    case 'row':
      return (
        `<div class="rcpt-row${block.bold ? ' rcpt-b' : ''}"><span class="rcpt-k">${escapeHtml(block.label)}</span>` +
        `<span class="rcpt-v">${escapeHtml(block.value)}</span></div>`
      );
    case 'separator':
      return block.style === 'double' ? '<hr class="rcpt-sep rcpt-sep2">' : '<hr class="rcpt-sep">';
    case 'qr':
      return `<figure class="rcpt-qr">${qrSvg(block.data, escapeHtml(block.label), 'rcpt-qr-img')}</figure>`;
    case 'feed':
      return '<div class="rcpt-blank"></div>'.repeat(Math.min(10, Math.max(1, Math.floor(block.lines))));
    case 'cut':
      return '<hr class="rcpt-cut" aria-hidden="true">';
  }
}

export interface RenderHtmlOptions {
  /** Include the <style> element (default). False where a CSP forbids inline styles: ship RECEIPT_CSS instead. */
  style?: boolean;
}

/** A self-contained fragment: optional <style>, then one <article class="rcpt">. */
export function renderHtml(doc: ReceiptDocument, opts: RenderHtmlOptions = {}): string {
  const body = doc.blocks.map(blockHtml).join('\n');
  const article =
    `<article class="rcpt rcpt-w${doc.widthMm}" lang="${langAttr(doc.language)}" ` +
    `aria-label="${escapeHtml(doc.title)}">\n${body}\n</article>`;
  return opts.style === false ? article : `<style>${RECEIPT_CSS}</style>\n${article}`;
}

/** Rough length of the printed document, so a PDF or roll page is one receipt long (never cut short). */
export function estimateHeightMm(doc: ReceiptDocument): number {
  const lineMm = 2.5 * 1.35;
  const charsPerLine = doc.widthMm === 58 ? 32 : 48;
  let mm = 8;
  for (const block of doc.blocks) {
    if (block.type === 'text') {
      const chars = Array.from(block.text).length * block.size;
      mm += Math.max(1, Math.ceil(chars / charsPerLine)) * lineMm * block.size;
    } else if (block.type === 'row') mm += 2 * lineMm;
    else if (block.type === 'separator') mm += 3;
    else if (block.type === 'qr') mm += doc.widthMm === 58 ? 30 : 34;
    else if (block.type === 'feed') mm += block.lines * lineMm;
    else mm += 4;
  }
  return Math.ceil(mm * 1.1);
}

/**
 * A whole page for a print window or printToPDF: its own CSP forbids every script and every fetch, and the
 * page is the paper's width and the receipt's length.
 */
export function renderHtmlPage(doc: ReceiptDocument): string {
  const page = `@page{size:${doc.widthMm}mm ${estimateHeightMm(doc)}mm;margin:0}html,body{margin:0;background:#fff}`;
  return (
    '<!doctype html>\n' +
    `<html lang="${langAttr(doc.language)}"><head><meta charset="utf-8">` +
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">` +
    `<title>${escapeHtml(doc.title)}</title><style>${page}${RECEIPT_CSS}</style></head>\n` +
    `<body>${renderHtml(doc, { style: false })}</body></html>\n`
  );
}
