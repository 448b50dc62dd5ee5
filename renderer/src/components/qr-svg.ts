/**
 * QR codes as SVG data URLs: an <img src="data:…"> needs no inline script or style, so a strict CSP
 * (img-src 'self' data:) allows it. The encoder is loaded on first use, keeping it out of the startup bundle:
 * the first screen of the day never shows a QR.
 */
export async function qrSvgDataUrl(text: string): Promise<string> {
  const { default: QRCode } = await import('qrcode');
  const svg = await QRCode.toString(text, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}
