import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { escapeHtml, renderHtml, renderHtmlPage } from '../../../main/receipts/html';
import { receiptDocument, reportDocument } from '../../../main/receipts/layout';
import { ORDER_NO, header, refund, refundReceipt, saleReceipt, xReport } from './fixtures';

const NASTY_MERCHANT = `<script>alert("x")</script> & 'Tom's' 金龙<b>`;
const NASTY_REASON = `<img src=x onerror=alert(1)> "quoted" & done`;

function nastyHtml(): string {
  const view = {
    ...refundReceipt,
    merchantName: NASTY_MERCHANT,
    outOrderNo: 'A"B<C>',
    refund: { ...refund, reason: NASTY_REASON },
  };
  return renderHtml(receiptDocument(view, { language: 'both', widthMm: 58 }));
}

/** Every start tag in the markup: escaped text has no "<", so what is here is markup, not text. */
function tags(html: string): string[] {
  return html.match(/<[a-z][^>]*>/gi) ?? [];
}

/** The dark modules drawn by the SVG path ("M x y h run v1 h-run z" rectangles), as a matrix. */
function svgModules(svg: string): boolean[][] {
  const view = /viewBox="0 0 (\d+) (\d+)"/.exec(svg);
  const path = /<path d="([^"]*)"/.exec(svg);
  if (!view?.[1] || !path?.[1]) throw new Error('no QR svg');
  const size = Number(view[1]);
  const grid = Array.from({ length: size }, () => Array<boolean>(size).fill(false));
  for (const m of path[1].matchAll(/M(\d+) (\d+)h(\d+)v1h-(\d+)z/g)) {
    const [x, y, run] = [Number(m[1]), Number(m[2]), Number(m[3])];
    for (let i = 0; i < run; i++) grid[y]![x + i] = true;
  }
  return grid;
}

describe('receipt HTML', () => {
  it('escapes every text from data: tags, ampersands and quotes never become markup', () => {
    const html = nastyHtml();
    expect(html).toContain(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Tom&#39;s&#39; 金龙&lt;b&gt;',
    );
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; &quot;quoted&quot; &amp; done');
    expect(html).toContain('A&quot;B&lt;C&gt;');
    expect(html).not.toMatch(/<script|<img|<b>/i);
    for (const tag of tags(html)) expect(tag).not.toMatch(/\son\w+=/i);
  });

  it('has no script, style attribute, URL or anything to fetch', () => {
    for (const html of [
      nastyHtml(),
      renderHtmlPage(reportDocument(xReport, { language: 'both', widthMm: 80, header })),
    ]) {
      expect(html).not.toMatch(/<script|<link|<iframe|<object|<embed/i);
      for (const tag of tags(html)) {
        expect(tag).not.toMatch(/\s(style|src|href|xlink:href|srcset|action|on\w+)=/i);
        expect(tag).not.toMatch(/https?:|data:/i);
      }
      const css = (html.match(/<style>([\s\S]*?)<\/style>/g) ?? []).join('');
      expect(css).not.toMatch(/url\(|@import|https?:/i);
    }
  });

  it('escapes the document title and the attribute holding it', () => {
    expect(escapeHtml(`a<b>&"c'`)).toBe('a&lt;b&gt;&amp;&quot;c&#39;');
    const doc = { ...receiptDocument(saleReceipt, { language: 'en', widthMm: 58 }), title: '"><x>' };
    const html = renderHtmlPage(doc);
    expect(html).toContain('aria-label="&quot;&gt;&lt;x&gt;"');
    expect(html).toContain('<title>&quot;&gt;&lt;x&gt;</title>');
  });

  it('keeps Chinese text as it is', () => {
    const html = renderHtml(receiptDocument(saleReceipt, { language: 'zh', widthMm: 80 }));
    expect(html).toContain('<span class="rcpt-k">支付方式</span><span class="rcpt-v">微信支付</span>');
    expect(html).toContain('lang="zh-Hans"');
  });

  it('titles a failed refund as not made, in the page title and on the paper', () => {
    const failed = { ...refundReceipt, refund: { ...refund, status: 'MERCHANTREJECTED', succeeded: false } };
    const html = renderHtmlPage(receiptDocument(failed, { language: 'both', widthMm: 58 }));
    expect(html).toContain('REFUND NOT MADE');
    expect(html).toContain('退款未成功');
    expect(html).toContain('Not refunded 未退回金额');
    expect(html).not.toMatch(/REFUND RECEIPT|退款凭证|Refund amount/);
  });

  it('draws the order no as an inline SVG QR code that decodes to exactly the order no', () => {
    const html = renderHtml(receiptDocument(saleReceipt, { language: 'en', widthMm: 80 }));
    const svgs = html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
    expect(svgs).toHaveLength(1);
    const drawn = svgModules(svgs[0]!);
    const { modules } = QRCode.create(ORDER_NO, { errorCorrectionLevel: 'M' });
    const quiet = (drawn.length - modules.size) / 2;
    expect(quiet).toBe(4);
    for (let r = 0; r < drawn.length; r++) {
      for (let c = 0; c < drawn.length; c++) {
        const inside = r >= quiet && c >= quiet && r < quiet + modules.size && c < quiet + modules.size;
        const expected = inside ? modules.get(r - quiet, c - quiet) === 1 : false;
        expect(drawn[r]![c], `module ${r},${c}`).toBe(expected);
      }
    }
    expect(svgs[0]).toContain('aria-label="QR code of the Omipay order no."');
  });

  it('renders blocks as styled elements: headline amount, rows, separators, the cut', () => {
    const html = renderHtml(receiptDocument(saleReceipt, { language: 'en', widthMm: 58 }));
    expect(html).toContain('<p class="rcpt-t rcpt-c rcpt-b rcpt-s2">A$12.50</p>');
    expect(html).toContain('<hr class="rcpt-sep rcpt-sep2">');
    expect(html).toContain('<hr class="rcpt-cut" aria-hidden="true">');
    expect(html).toMatch(/^<style>[\s\S]*\.rcpt\{[\s\S]*<\/style>\n<article class="rcpt rcpt-w58"/);
    expect(
      renderHtml(receiptDocument(saleReceipt, { language: 'en', widthMm: 58 }), { style: false }),
    ).toMatch(/^<article /);
  });

  it('a print page locks itself down and is the paper wide', () => {
    const html = renderHtmlPage(receiptDocument(saleReceipt, { language: 'en', widthMm: 80 }));
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    );
    expect(html).toMatch(/@page\{size:80mm \d+mm;margin:0\}/);
    expect(html.startsWith('<!doctype html>')).toBe(true);
  });
});
