/** The OpenAPI 3.1 document, generated from ./operations and its zod schemas (JSON Schema 2020-12). */
import { z } from 'zod';
import { OPERATIONS } from './operations';
import { errorSchema } from './schemas';

export const API_BASE = '/api/v1';

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const s = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  delete s.$schema;
  return s;
}

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  400: 'Bad input: nothing was changed',
  401: 'Not paired: send the API key as a Bearer token',
  403: 'Forbidden (wrong PIN, pairing code, or not from the till)',
  404: 'Not found',
  409: 'Conflict (busy, idempotency conflict, not abortable)',
  413: 'Body too large',
  415: 'Body is not JSON',
  422: 'Amount refused',
  429: 'Rate limited',
  500: 'Internal error',
  501: 'Not available in this version',
  502: 'Gateway unreachable',
};

let cached: Record<string, unknown> | null = null;

export function openApiDocument(): Record<string, unknown> {
  if (cached) return cached;
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) {
    const responses: Record<string, unknown> = {};
    for (const [status, r] of Object.entries(op.responses)) {
      const content =
        'mediaType' in r
          ? { [r.mediaType]: { schema: { type: 'string', description: r.description } } }
          : { 'application/json': { schema: jsonSchema(r as z.ZodType, 'output') } };
      if (op.id.endsWith('Receipt')) {
        Object.assign(content, {
          'text/plain': { schema: { type: 'string' } },
          'application/octet-stream': { schema: { type: 'string', contentEncoding: 'binary' } },
        });
      }
      responses[status] = { description: STATUS_TEXT[Number(status)] ?? 'OK', content };
    }
    for (const status of op.errors) {
      responses[String(status)] = {
        description: STATUS_TEXT[status] ?? 'Error',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      };
    }
    const parameters: unknown[] = [];
    if (op.path.includes('{id}')) {
      parameters.push({
        name: 'id',
        in: 'path',
        required: true,
        schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' },
      });
    }
    if (op.query) {
      const q = jsonSchema(op.query, 'input') as {
        properties?: Record<string, unknown>;
        required?: string[];
      };
      for (const [name, schema] of Object.entries(q.properties ?? {})) {
        parameters.push({ name, in: 'query', required: q.required?.includes(name) ?? false, schema });
      }
    }
    const operation: Record<string, unknown> = {
      operationId: op.id,
      summary: op.summary,
      responses,
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(op.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: jsonSchema(op.body, 'input') } },
            },
          }
        : {}),
      ...(op.access === 'client' ? { security: [{}, { apiKey: [] }] } : {}),
    };
    paths[API_BASE + op.path] ??= {};
    paths[API_BASE + op.path]![op.method.toLowerCase()] = operation;
  }
  cached = {
    openapi: '3.1.0',
    info: {
      title: 'Omipay counter POS — Terminal API',
      version: '1.0.0',
      description:
        'Lets the shop’s own POS take WeChat Pay / Alipay payments through this till. See docs/terminal-api.md.',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    paths,
    components: {
      schemas: { Error: jsonSchema(errorSchema, 'output') },
      securitySchemes: {
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          description: 'The key from pairing. Not needed from the till itself (loopback).',
        },
      },
    },
  };
  return cached;
}
