/** Serves the built renderer (dist/renderer) read-only: no directory listing, nothing outside the root. */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.txt': 'text/plain; charset=utf-8',
};

export type StaticLookup =
  | { kind: 'file'; path: string; size: number; contentType: string; isPage: boolean; immutable: boolean }
  | { kind: 'not-found' }
  | { kind: 'bad-request' };

/**
 * Maps a URL path to a file under `root`. Refuses encoded traversal ("..", "%2e%2e", backslashes, NUL) and
 * symlinks that lead outside the root.
 */
export async function lookupStatic(root: string, urlPath: string): Promise<StaticLookup> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return { kind: 'bad-request' };
  }
  if (decoded.includes('\0') || decoded.includes('\\') || !decoded.startsWith('/'))
    return { kind: 'bad-request' };
  if (decoded.split('/').some((segment) => segment === '..')) return { kind: 'bad-request' };
  const relative = decoded === '/' ? 'index.html' : normalize(decoded.slice(1));
  const contentType = CONTENT_TYPES[extname(relative).toLowerCase()];
  if (contentType === undefined) return { kind: 'not-found' };

  let realRoot: string;
  let realFile: string;
  try {
    realRoot = await realpath(root);
    realFile = await realpath(join(realRoot, relative));
  } catch {
    return { kind: 'not-found' };
  }
  if (!realFile.startsWith(realRoot + sep)) return { kind: 'not-found' };
  const info = await stat(realFile).catch(() => null);
  if (info === null || !info.isFile()) return { kind: 'not-found' };
  return {
    kind: 'file',
    path: realFile,
    size: info.size,
    contentType,
    // Every page (the cashier's index.html, the customer display's customer.html) needs the pairing token.
    isPage: extname(relative).toLowerCase() === '.html',
    // Vite puts content-hashed files under assets/: safe to cache forever.
    immutable: relative.startsWith(`assets${sep}`),
  };
}

export function openStatic(path: string): NodeJS.ReadableStream {
  return createReadStream(path);
}
