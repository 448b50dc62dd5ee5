/**
 * The till's calls to its store server (main/shared/store-link-protocol.ts), over fetch with a deadline. Every
 * answer is parsed with the protocol's schemas; a call fails with a StoreLinkCallError whose `kind` says what the
 * replicator should do: retry later (unreachable, server), rewind (gap), or stop (revoked, unknown till).
 */
import {
  TILL_API_PREFIX,
  cursorResponseSchema,
  enrolResponseSchema,
  peopleResponseSchema,
  pushResponseSchema,
  refundsElsewhereResponseSchema,
  tillApiErrorSchema,
  type CursorResponse,
  type EnrolRequest,
  type EnrolResponse,
  type PeopleResponse,
  type PushResponse,
  type RefundElsewhere,
  type ReplicatedRecord,
  type TillApiError,
} from '../shared/store-link-protocol';

export type CallFailure =
  | { kind: 'unreachable'; detail: string }
  | { kind: 'server'; status: number; error: TillApiError | null }
  | { kind: 'gap'; lastSeq: number }
  | { kind: 'revoked' }
  | { kind: 'unknown_till' }
  | { kind: 'refused'; status: number; error: TillApiError | null }
  | { kind: 'bad_answer'; detail: string };

export class StoreLinkCallError extends Error {
  override readonly name = 'StoreLinkCallError';
  constructor(readonly failure: CallFailure) {
    super(`store server call failed: ${failure.kind}`);
  }
}

const DEFAULT_TIMEOUT_MS = 15_000;

interface CallInit {
  method: 'GET' | 'POST';
  credential?: string;
  body?: unknown;
  timeoutMs?: number;
  /** A conditional GET: the server answers 304 (no body) while its ETag is still this. */
  ifNoneMatch?: string;
}

async function call(url: string, init: CallInit): Promise<unknown> {
  return (await exchange(url, init)).body;
}

/** A call with what a conditional GET needs besides the body: whether it was 304, and the answer's ETag. */
async function exchange(
  url: string,
  init: CallInit,
): Promise<{ notModified: boolean; body: unknown; etag: string | null }> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.credential) headers.authorization = `Bearer ${init.credential}`;
  if (init.ifNoneMatch) headers['if-none-match'] = init.ifNoneMatch;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(url, {
      method: init.method,
      headers,
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
      signal: AbortSignal.timeout(init.timeoutMs ?? DEFAULT_TIMEOUT_MS),
      redirect: 'error',
    });
  } catch (err) {
    throw new StoreLinkCallError({ kind: 'unreachable', detail: transportDetail(err) });
  }
  const etag = res.headers.get('etag');
  if (res.status === 304) {
    await res.body?.cancel();
    return { notModified: true, body: null, etag };
  }
  let body: unknown = null;
  let text = '';
  try {
    text = await res.text();
    body = text ? JSON.parse(text) : null;
  } catch (err) {
    if (res.ok) throw new StoreLinkCallError({ kind: 'bad_answer', detail: transportDetail(err) });
  }
  if (res.ok) return { notModified: false, body, etag };
  const parsed = tillApiErrorSchema.safeParse(body);
  const error = parsed.success ? parsed.data : null;
  if (res.status === 409 && error?.error === 'gap' && error.lastSeq !== undefined) {
    throw new StoreLinkCallError({ kind: 'gap', lastSeq: error.lastSeq });
  }
  if (res.status === 403 && error?.error === 'revoked') throw new StoreLinkCallError({ kind: 'revoked' });
  if (res.status === 401) throw new StoreLinkCallError({ kind: 'unknown_till' });
  if (res.status >= 500 || res.status === 429) {
    throw new StoreLinkCallError({ kind: 'server', status: res.status, error });
  }
  throw new StoreLinkCallError({ kind: 'refused', status: res.status, error });
}

function transportDetail(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as { cause?: { code?: string } }).cause;
    if (cause?.code) return cause.code;
    if (err.name === 'TimeoutError') return 'timed out';
    return err.message.slice(0, 120);
  }
  return String(err).slice(0, 120);
}

function parsed<T>(
  schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } },
  body: unknown,
): T {
  const r = schema.safeParse(body);
  if (!r.success) throw new StoreLinkCallError({ kind: 'bad_answer', detail: 'unexpected answer' });
  return r.data;
}

/** One-time: trades the manager's code for this till's identity and credential. */
export async function enrolWithServer(
  baseUrl: string,
  request: EnrolRequest,
  timeoutMs?: number,
): Promise<EnrolResponse> {
  const body = await call(`${baseUrl}${TILL_API_PREFIX}/enrol`, {
    method: 'POST',
    body: request,
    ...(timeoutMs ? { timeoutMs } : {}),
  });
  return parsed(enrolResponseSchema, body);
}

export class StoreLinkClient {
  constructor(
    private readonly baseUrl: string,
    private readonly credential: string,
    private readonly timeoutMs = DEFAULT_TIMEOUT_MS,
  ) {}

  async cursor(): Promise<CursorResponse> {
    const body = await call(`${this.baseUrl}${TILL_API_PREFIX}/cursor`, {
      method: 'GET',
      credential: this.credential,
      timeoutMs: this.timeoutMs,
    });
    return parsed(cursorResponseSchema, body);
  }

  async push(records: ReplicatedRecord[]): Promise<PushResponse> {
    const body = await call(`${this.baseUrl}${TILL_API_PREFIX}/events`, {
      method: 'POST',
      credential: this.credential,
      body: { records },
      timeoutMs: this.timeoutMs,
    });
    return parsed(pushResponseSchema, body);
  }

  /** Refunds of this till's sales made at other tills that changed at or after `since` (the server's clock). */
  async refundsElsewhere(since: number): Promise<{ refunds: RefundElsewhere[] }> {
    const body = await call(
      `${this.baseUrl}${TILL_API_PREFIX}/refunds/elsewhere?since=${Math.max(0, since)}`,
      {
        method: 'GET',
        credential: this.credential,
        timeoutMs: this.timeoutMs,
      },
    );
    return parsed(refundsElsewhereResponseSchema, body);
  }

  /**
   * The store's staff list (GET /people). With the ETag of the list the till already has, `null` when it is
   * still the same (304).
   */
  async people(etag: string | null): Promise<{ list: PeopleResponse; etag: string | null } | null> {
    const r = await exchange(`${this.baseUrl}${TILL_API_PREFIX}/people`, {
      method: 'GET',
      credential: this.credential,
      timeoutMs: this.timeoutMs,
      ...(etag ? { ifNoneMatch: etag } : {}),
    });
    if (r.notModified) return null;
    return { list: parsed(peopleResponseSchema, r.body), etag: r.etag };
  }

  /** The link's WebSocket address (ws: for http:, wss: for https:). */
  linkUrl(): string {
    return `${this.baseUrl.replace(/^http/, 'ws')}${TILL_API_PREFIX}/link`;
  }

  authorization(): string {
    return `Bearer ${this.credential}`;
  }
}
