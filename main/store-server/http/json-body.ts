/** Reads and validates a JSON request body: 413 above the limit, 400 for bad JSON or a wrong shape. */
import type { IncomingMessage } from 'node:http';
import type { z } from 'zod';
import { readBody } from '../../shared/http-body';
import { HttpError } from './router';

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
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
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
