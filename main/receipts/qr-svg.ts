/**
 * A QR code as an inline <svg> element: no script, no style attribute, no fetch, so it passes any CSP
 * (including a print window with default-src 'none') and prints sharp at any resolution.
 */
import QRCode from 'qrcode';

/** Quiet zone in modules, as the QR specification asks for reliable scanning. */
const QUIET = 4;

/** One path of unit squares; `label` must already be HTML-escaped. */
export function qrSvg(data: string, escapedLabel: string, className: string): string {
  const { modules } = QRCode.create(data, { errorCorrectionLevel: 'M' });
  const n = modules.size;
  let d = '';
  for (let row = 0; row < n; row++) {
    let col = 0;
    while (col < n) {
      if (!modules.get(row, col)) {
        col++;
        continue;
      }
      // Runs of dark modules on a row become one rectangle: a third of the markup of one square each.
      let run = 1;
      while (col + run < n && modules.get(row, col + run)) run++;
      d += `M${col + QUIET} ${row + QUIET}h${run}v1h-${run}z`;
      col += run;
    }
  }
  const size = n + QUIET * 2;
  return (
    `<svg class="${className}" viewBox="0 0 ${size} ${size}" ` +
    `shape-rendering="crispEdges" role="img" aria-label="${escapedLabel}">` +
    `<title>${escapedLabel}</title><rect width="${size}" height="${size}" fill="#fff"/>` +
    `<path d="${d}" fill="#000"/></svg>`
  );
}
