/**
 * The policy lines every renderer page carries in its <head> (renderer/index.html, customer.html), written at
 * build time from the one CSP of main/shared/csp.ts so the pages cannot drift from the response headers. The
 * same policy as the headers (main/app/csp.ts in Electron, main/hub/security.ts in the hub) covers the page even
 * where headers are not seen. Both are enforced, so the stricter one wins: connections stay 'none' in Electron
 * and only the hub's own socket in a browser. frame-ancestors can only be a header, so the meta leaves it out.
 */
import type { Plugin } from 'vite';
import { screensContentSecurityPolicy } from './csp';

export function pageContentSecurityPolicy(): string {
  return screensContentSecurityPolicy("'self' ws:")
    .split('; ')
    .filter((d) => !d.startsWith('frame-ancestors'))
    .join('; ');
}

/** The page's HTML with the referrer and CSP meta tags right after its charset (which must stay first). */
export function withPageHead(html: string): string {
  const charset = /<meta charset="UTF-8" \/>\n/;
  if (!charset.test(html)) throw new Error('page-head: the page has no <meta charset="UTF-8" /> line');
  const tags = [
    '<meta name="referrer" content="no-referrer" />',
    `<meta http-equiv="Content-Security-Policy" content="${pageContentSecurityPolicy()}" />`,
  ];
  return html.replace(charset, (line) => `${line}${tags.map((t) => `    ${t}\n`).join('')}`);
}

/** Vite plugin: every page built or served by Vite gets the head lines above. */
export function pageHeadPlugin(): Plugin {
  return { name: 'pos-page-head', transformIndexHtml: { order: 'pre', handler: withPageHead } };
}
