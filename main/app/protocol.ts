/**
 * The renderer is served from app://pos/ rather than file://: a real origin ('self' in the CSP means our files
 * and nothing else on disk), no file-system reach from the page, and the same relative URLs the hub serves.
 */
import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { lookupStatic } from '../hub/static-files';
import { APP_HOST, APP_SCHEME } from './channels';
import { APP_CONTENT_SECURITY_POLICY } from './csp';

/** Must run before app 'ready'. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      // standard: real origin and relative URLs; secure: counts as a secure context (like https).
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    },
  ]);
}

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': APP_CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Referrer-Policy': 'no-referrer',
};

/** Serves `rendererDir` on app://pos/; refuses other hosts, non-GET methods and anything outside the directory. */
export function handleAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return plain(400, 'Bad request');
    }
    if (url.host !== APP_HOST) return plain(404, 'Not found');
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed');
    const found = await lookupStatic(rendererDir, url.pathname);
    if (found.kind === 'bad-request') return plain(400, 'Bad request');
    if (found.kind === 'not-found') return plain(404, 'Not found');
    const body = request.method === 'HEAD' ? null : await readFile(found.path);
    return new Response(body, {
      status: 200,
      headers: { ...SECURITY_HEADERS, 'Content-Type': found.contentType, 'Cache-Control': 'no-cache' },
    });
  });
}

function plain(status: number, text: string): Response {
  return new Response(text, {
    status,
    headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' },
  });
}
