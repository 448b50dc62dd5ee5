import { describe, expect, it } from 'vitest';
import QRCode from 'qrcode';
import { qrSvgDataUrl } from '../../../renderer/src/components/qr-svg';

describe('QR images', () => {
  it('are SVG data URLs (allowed by img-src data:) holding the encoded modules', async () => {
    const url = await qrSvgDataUrl('OM20251126000123');
    expect(url.startsWith('data:image/svg+xml;charset=utf-8,')).toBe(true);
    const svg = decodeURIComponent(url.slice(url.indexOf(',') + 1));
    expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).not.toMatch(/<script|style=/i);
    // The image is the same symbol the library computes for the text (version and size agree).
    const symbol = QRCode.create('OM20251126000123', { errorCorrectionLevel: 'M' });
    const viewBox = /viewBox="0 0 (\d+) (\d+)"/.exec(svg);
    expect(Number(viewBox?.[1])).toBe(symbol.modules.size + 4);
  });

  it('differ for different texts', async () => {
    expect(await qrSvgDataUrl('A1')).not.toBe(await qrSvgDataUrl('A2'));
  });
});
