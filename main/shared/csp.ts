/**
 * The one Content-Security-Policy both ways of showing the screens use (Electron's app:// files and the hub's
 * pages): only our own files run, images may be data: URLs (QR codes), no plugins, no framing. They differ only
 * in what the page may connect to, and the hub also serves a web manifest.
 */
export function screensContentSecurityPolicy(connectSrc: string, extra: readonly string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "media-src 'self'",
    `connect-src ${connectSrc}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "frame-src 'none'",
    "worker-src 'none'",
    ...extra,
  ].join('; ');
}
