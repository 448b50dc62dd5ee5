import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { rootCertificates } from 'node:tls';
import { TransportError, type TransportFailure } from './errors';

/*
 * Why node:http(s) and not fetch: money safety needs to know whether the request can have reached the
 * gateway when a call fails. fetch reports an abort or timeout the same way whether it happened during DNS,
 * during connect or after the request was written. Here we watch the socket: until it is connected (TLS
 * handshake done for https) nothing has left the machine, so a failure is `not_sent`; from then on it is
 * `unknown`. A request on a reused keep-alive socket counts as sent at once. This also keeps per-call overhead
 * well below fetch's.
 */

/** Replies are a few hundred bytes; anything this large is not an Omipay reply. */
const MAX_BODY_CHARS = 1 << 20;

/** Idle keep-alive sockets are closed before common server idle timeouts (Node's 5 s) to avoid reusing a dying one. */
const DEFAULT_IDLE_SOCKET_MS = 4_000;

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'EAI_NODATA']);

export interface SendRequest {
  api: string;
  method: 'GET' | 'POST';
  /** Path and query; it carries the signature, so it never appears in errors or logs. */
  pathAndQuery: string;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
}

function errorCode(err: unknown): string | null {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : null;
}

/**
 * Outcome of a socket-level error from the error alone, for callers that cannot watch the socket (fetch/undici).
 * The transport below decides by what it saw on the socket instead, which is exact.
 */
export function outcomeFromErrorCode(err: unknown): 'not_sent' | 'unknown' {
  const code = errorCode(err) ?? errorCode((err as { cause?: unknown } | null)?.cause);
  if (code === null) return 'unknown';
  if (DNS_CODES.has(code) || code === 'ECONNREFUSED' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH') {
    return 'not_sent';
  }
  if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'EADDRNOTAVAIL') return 'not_sent';
  // ECONNRESET, EPIPE, UND_ERR_SOCKET ("other side closed"), UND_ERR_HEADERS_TIMEOUT, ETIMEDOUT mid-request …
  return 'unknown';
}

export class HttpTransport {
  private readonly secure: boolean;
  private readonly agent: http.Agent;
  private readonly hostname: string;
  private readonly port: number;

  constructor(base: URL, options: { idleSocketMs?: number | undefined; tlsCa?: string | undefined } = {}) {
    this.secure = base.protocol === 'https:';
    this.hostname = base.hostname.replace(/^\[|\]$/g, '');
    this.port = base.port === '' ? (this.secure ? 443 : 80) : Number(base.port);
    const agentOptions = {
      keepAlive: true,
      maxSockets: 8,
      timeout: options.idleSocketMs ?? DEFAULT_IDLE_SOCKET_MS,
    };
    // An extra CA is trusted in addition to the system roots, never instead of them.
    const ca = options.tlsCa === undefined ? undefined : [...rootCertificates, options.tlsCa];
    this.agent = this.secure
      ? new https.Agent({ ...agentOptions, minVersion: 'TLSv1.2', ...(ca ? { ca } : {}) })
      : new http.Agent(agentOptions);
  }

  /** Resolves with the body of a 2xx reply; rejects with TransportError only. */
  send(r: SendRequest): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      if (r.signal?.aborted) {
        reject(new TransportError(r.api, 'not_sent', 'aborted', 'aborted before sending'));
        return;
      }
      /** True once the request can have reached the gateway. */
      let sent = false;
      let settled = false;

      const headers: Record<string, string> = {
        Accept: 'application/json',
        'User-Agent': 'omipay-counter-pos',
      };
      if (r.method === 'POST') {
        // The document: parameters in the URL, header Content-Type application/json, empty body.
        headers['Content-Type'] = 'application/json';
        headers['Content-Length'] = '0';
      }
      const req = (this.secure ? https : http).request({
        hostname: this.hostname,
        port: this.port,
        path: r.pathAndQuery,
        method: r.method,
        agent: this.agent,
        headers,
      });

      const settle = (error: TransportError | null, body?: string): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        r.signal?.removeEventListener('abort', onAbort);
        if (error) {
          req.destroy();
          reject(error);
        } else {
          resolve(body ?? '');
        }
      };
      const fail = (
        failure: TransportFailure,
        detail: string,
        extra?: ConstructorParameters<typeof TransportError>[4],
      ) => settle(new TransportError(r.api, sent ? 'unknown' : 'not_sent', failure, detail, extra));

      const timer = setTimeout(() => fail('timeout', `no reply within ${r.timeoutMs} ms`), r.timeoutMs);
      const onAbort = (): void => fail('aborted', 'aborted by caller');
      r.signal?.addEventListener('abort', onAbort, { once: true });

      // Not 'finish': over TLS it fires once the request is buffered, before the handshake has completed.
      req.on('socket', (socket: Socket) => {
        if (req.reusedSocket || !socket.connecting) {
          sent = true;
          return;
        }
        socket.once(this.secure ? 'secureConnect' : 'connect', () => {
          sent = true;
        });
      });

      req.on('error', (err) => {
        const code = errorCode(err);
        if (sent) {
          fail('connection_lost', code ?? 'connection error', { cause: err, systemCode: code });
        } else {
          fail(code !== null && DNS_CODES.has(code) ? 'dns' : 'connect', code ?? 'connection error', {
            cause: err,
            systemCode: code,
          });
        }
      });

      req.on('response', (res) => {
        sent = true;
        const status = res.statusCode ?? 0;
        res.setEncoding('utf8');
        let body = '';
        res.on('data', (chunk: string) => {
          body += chunk;
          if (body.length > MAX_BODY_CHARS)
            fail('bad_response', 'reply body too large', { httpStatus: status });
        });
        res.on('end', () => {
          if (status < 200 || status > 299) fail('http_status', `HTTP ${status}`, { httpStatus: status });
          else settle(null, body);
        });
        res.on('error', (err) => {
          const code = errorCode(err);
          fail('connection_lost', code ?? 'reply interrupted', {
            cause: err,
            systemCode: code,
            httpStatus: status,
          });
        });
        res.on('close', () => {
          if (!res.complete) fail('connection_lost', 'reply interrupted', { httpStatus: status });
        });
      });

      req.end();
    });
  }

  /** Closes pooled sockets; later calls open new ones. */
  close(): void {
    this.agent.destroy();
  }
}
