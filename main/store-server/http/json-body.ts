/** Reads and validates a JSON request body: 413 above the limit, 400 for bad JSON or a wrong shape. */
import type { IncomingMessage } from 'node:http';
import type { z } from 'zod';
import { readBody } from '../../shared/http-body';
import { HttpError } from './router';

/**
 * No request the server understands nests deeper than this. Deeper JSON is refused before it is parsed: parsing,
 * validating and storing it (PostgreSQL's jsonb has its own depth limit) would fail as a server error.
 */
export const MAX_JSON_DEPTH = 64;

/** The deepest nesting of arrays and objects in JSON text, brackets inside strings not counted. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) max = Math.max(max, ++depth);
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  return max;
}

export async function readJsonBody<T extends z.ZodType>(
  req: IncomingMessage,
  limit: number,
  schema: T,
): Promise<z.infer<T>> {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type)) {
    req.resume();
    throw new HttpError(415, { error: 'invalid_request', detail: 'send application/json' });
  }
  const body = await readBody(req, limit);
  if (body === null) {
    throw new HttpError(413, { error: 'invalid_request', detail: `body larger than ${limit} bytes` });
  }
  const text = body.toString('utf8');
  if (jsonDepth(text) > MAX_JSON_DEPTH) {
    throw new HttpError(400, {
      error: 'invalid_request',
      detail: `JSON nested deeper than ${MAX_JSON_DEPTH}`,
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError(400, { error: 'invalid_request', detail: 'body is not JSON' });
  }
  const r = schema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    throw new HttpError(400, {
      error: 'invalid_request',
      detail: `${where}${issue?.message ?? 'invalid'}`.slice(0, 300),
    });
  }
  return r.data;
}
