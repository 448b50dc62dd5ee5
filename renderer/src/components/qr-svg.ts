/**
 * QR codes as SVG data URLs: an <img src="data:…"> needs no inline script or style, so a strict CSP
 * (img-src 'self' data:) allows it.
 */
import QRCode from 'qrcode';

export async function qrSvgDataUrl(text: string): Promise<string> {
  const svg = await QRCode.toString(text, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}
