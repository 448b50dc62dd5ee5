import type { IncomingMessage } from 'node:http';

export interface PlainReply {
  status: number;
  body: string;
  headers: Record<string, string>;
}

export function jsonReply(status: number, value: unknown): PlainReply {
  return {
    status,
    body: JSON.stringify(value),
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  };
}

export class BodyError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'BodyError';
  }
}

/** Reads at most `limit` bytes; larger bodies are refused (413) without buffering them. */
export function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? '0');
    if (Number.isFinite(declared) && declared > limit) {
      req.resume();
      reject(new BodyError(413, 'Body too large'));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        reject(new BodyError(413, 'Body too large'));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', (err) => {
      if (!failed) {
        failed = true;
        reject(err);
      }
    });
  });
}

/**
 * Control bodies must be JSON objects sent as application/json; an empty body counts as {}. With `bareAllowed`
 * an empty body may also come without a Content-Type (`curl -X POST …/reset`); only for actions that move no
 * money, because a cross-site page can send such a request.
 */
export async function readJsonObject(
  req: IncomingMessage,
  limit: number,
  bareAllowed = false,
): Promise<Record<string, unknown>> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === '' && bareAllowed) {
    if ((await readBody(req, limit)).trim() === '') return {};
    throw new BodyError(400, 'Content-Type must be application/json');
  }
  if (type !== 'application/json') {
    req.resume();
    throw new BodyError(400, 'Content-Type must be application/json');
  }
  const text = await readBody(req, limit);
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new BodyError(400, 'Body is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new BodyError(400, 'Body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Splits a raw request target into a path and query without letting odd input ('//x', bad escapes) throw. */
export function splitTarget(target: string): { path: string; query: URLSearchParams } {
  const q = target.indexOf('?');
  const path = q < 0 ? target : target.slice(0, q);
  const query = new URLSearchParams(q < 0 ? '' : target.slice(q + 1));
  return { path, query };
}
