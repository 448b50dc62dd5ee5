/**
 * Every operation of the Terminal API in one table: the router dispatches from it and the OpenAPI document is
 * generated from it, so a path, its schemas and its handler cannot disagree.
 */
import type { z } from 'zod';
import {
  apiKeyListSchema,
  createPaymentSchema,
  createRefundSchema,
  okSchema,
  pairedSchema,
  pairingCompleteSchema,
  pairingStartSchema,
  pairingStartedSchema,
  paymentSchema,
  receiptQuerySchema,
  receiptSchema,
  refundSchema,
  statusSchema,
  waitQuerySchema,
} from './schemas';

export type Access = 'client' | 'pairing' | 'local' | 'public';

export interface Operation {
  id: string;
  method: 'GET' | 'POST' | 'DELETE';
  /** OpenAPI path template under /api/v1. */
  path: string;
  summary: string;
  access: Access;
  body?: z.ZodType;
  query?: z.ZodType;
  /** Success status → schema (JSON), or a media type for non-JSON replies. */
  responses: Record<number, z.ZodType | { mediaType: string; description: string }>;
  /** Error statuses this operation may answer with (the shared error shape). */
  errors: number[];
}

const COMMON_ERRORS = [400, 401, 403, 429, 500];

export const OPERATIONS: readonly Operation[] = [
  {
    id: 'getStatus',
    method: 'GET',
    path: '/status',
    summary: 'Till, scanner and gateway status, the sale on screen and the API payment in progress.',
    access: 'client',
    responses: { 200: statusSchema },
    errors: COMMON_ERRORS,
  },
  {
    id: 'createPayment',
    method: 'POST',
    path: '/payments',
    summary:
      'Asks the till to take a payment. `id` is your idempotency key: the same id always answers with the same payment.',
    access: 'client',
    body: createPaymentSchema,
    responses: { 201: paymentSchema, 200: paymentSchema },
    errors: [...COMMON_ERRORS, 409, 413, 415, 422, 502],
  },
  {
    id: 'getPayment',
    method: 'GET',
    path: '/payments/{id}',
    summary:
      'The payment’s state; with `wait`, holds the reply until the state changes (long-poll, max 60 s).',
    access: 'client',
    query: waitQuerySchema,
    responses: { 200: paymentSchema },
    errors: [...COMMON_ERRORS, 404],
  },
  {
    id: 'paymentEvents',
    method: 'GET',
    path: '/payments/{id}/events',
    summary: 'Server-Sent Events: one `payment` event now and on every change; the stream ends when final.',
    access: 'client',
    responses: {
      200: { mediaType: 'text/event-stream', description: 'events named `payment`, data: a Payment' },
    },
    errors: [...COMMON_ERRORS, 404],
  },
  {
    id: 'abortPayment',
    method: 'POST',
    path: '/payments/{id}/abort',
    summary:
      'Gives the payment up (the customer pays another way). A payment that still lands is refunded automatically.',
    access: 'client',
    responses: { 200: paymentSchema },
    errors: [...COMMON_ERRORS, 404, 409],
  },
  {
    id: 'getPaymentReceipt',
    method: 'GET',
    path: '/payments/{id}/receipt',
    summary: 'The receipt of a paid payment: JSON, plain text (32/42/48 columns) or ESC/POS bytes.',
    access: 'client',
    query: receiptQuerySchema,
    responses: {
      200: receiptSchema,
    },
    errors: [...COMMON_ERRORS, 404, 409],
  },
  {
    id: 'createRefund',
    method: 'POST',
    path: '/refunds',
    summary: 'Refunds (part of) a paid payment, with manager approval. `id` is your idempotency key.',
    access: 'client',
    body: createRefundSchema,
    responses: { 201: refundSchema, 202: refundSchema, 200: refundSchema },
    errors: [...COMMON_ERRORS, 404, 409, 413, 415, 422, 501],
  },
  {
    id: 'getRefund',
    method: 'GET',
    path: '/refunds/{id}',
    summary: 'The refund’s state.',
    access: 'client',
    responses: { 200: refundSchema },
    errors: [...COMMON_ERRORS, 404],
  },
  {
    id: 'getRefundReceipt',
    method: 'GET',
    path: '/refunds/{id}/receipt',
    summary: 'The receipt of a refund: JSON, plain text or ESC/POS bytes.',
    access: 'client',
    query: receiptQuerySchema,
    responses: { 200: receiptSchema },
    errors: [...COMMON_ERRORS, 404, 409],
  },
  {
    id: 'startPairing',
    method: 'POST',
    path: '/pairing/start',
    summary: 'Shows a six-digit pairing code on the till’s screen for this POS name (valid two minutes).',
    access: 'pairing',
    body: pairingStartSchema,
    responses: { 200: pairingStartedSchema },
    errors: [400, 409, 413, 415, 429, 500],
  },
  {
    id: 'completePairing',
    method: 'POST',
    path: '/pairing',
    summary: 'Exchanges the code shown on the till for an API key (shown once; send it as a Bearer token).',
    access: 'pairing',
    body: pairingCompleteSchema,
    responses: { 201: pairedSchema },
    errors: [400, 403, 413, 415, 429, 500],
  },
  {
    id: 'listKeys',
    method: 'GET',
    path: '/keys',
    summary: 'Paired POS keys with their name and last use (from the till itself only).',
    access: 'local',
    responses: { 200: apiKeyListSchema },
    errors: [403, 429, 500],
  },
  {
    id: 'revokeKey',
    method: 'DELETE',
    path: '/keys/{id}',
    summary: 'Revokes a paired POS key (from the till itself only).',
    access: 'local',
    responses: { 200: okSchema },
    errors: [403, 404, 429, 500],
  },
];

/** Finds the operation for a method and a path under /api/v1 (the `{id}` segment captured). */
export function matchOperation(
  method: string,
  path: string,
): { op: Operation; id: string | null } | { allowed: string[] } | null {
  const allowed: string[] = [];
  for (const op of OPERATIONS) {
    const id = matchPath(op.path, path);
    if (id === undefined) continue;
    if (op.method === method) return { op, id };
    allowed.push(op.method);
  }
  return allowed.length > 0 ? { allowed } : null;
}

function matchPath(template: string, path: string): string | null | undefined {
  const t = template.split('/');
  const p = path.split('/');
  if (t.length !== p.length) return undefined;
  let id: string | null = null;
  for (let i = 0; i < t.length; i++) {
    if (t[i] === '{id}') {
      const seg = p[i] ?? '';
      if (!/^[A-Za-z0-9_-]{1,64}$/.test(seg)) return undefined;
      id = seg;
    } else if (t[i] !== p[i]) return undefined;
  }
  return id;
}
