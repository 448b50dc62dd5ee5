/**
 * One browser's socket: reads request frames, checks the frame's shape, then the call at the contract's edge
 * (the same check Electron IPC uses), calls PosService and writes exactly one reply per request. Nothing a
 * client sends can throw out of here; a client that keeps sending garbage is disconnected.
 */
import type { WebSocket } from 'ws';
import { contractError, type PosApi, type PosError, type PosEvent, type PosResult } from '../../contract';
import { checkCall, invokeChecked } from '../../contract/edge';
import { HUB_CONTROL_METHODS, type HubControlMethod, type HubServerFrame } from './protocol';
import { parseHubFrame } from './protocol-schema';
import { CallerSession, runAsCaller } from '../shared/caller';

/** Requests one socket may have in flight; more are refused with BUSY rather than queued without bound. */
export const MAX_IN_FLIGHT = 16;
/** Unreadable or refused frames tolerated per socket before it is closed as misbehaving. */
export const MAX_PROTOCOL_ERRORS = 20;
/** A socket that cannot keep up with pushed data is dropped (the page reconnects and reloads its state). */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

export interface HubLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export class HubConnection {
  subscribed = false;
  alive = true;
  private inFlight = 0;
  private protocolErrors = 0;
  /** What this page holds in the core (the scanner test, its keypad) is released when the socket closes. */
  private readonly session = new CallerSession('hub');

  constructor(
    readonly ws: WebSocket,
    private readonly api: PosApi,
    private readonly log: HubLog,
  ) {
    ws.on('message', (data, isBinary) => {
      void this.onFrame(data, isBinary);
    });
    ws.on('close', () => this.session.end());
    ws.on('pong', () => {
      this.alive = true;
    });
    // ws reports oversized frames and protocol violations here before closing; nothing to rethrow.
    ws.on('error', (err) => this.log.warn({ err: err.message }, 'hub socket error'));
  }

  sendEvent(event: PosEvent): void {
    if (!this.subscribed) return;
    if (this.ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.log.warn({}, 'hub socket too slow; dropping it');
      this.ws.terminate();
      return;
    }
    this.send({ event });
  }

  private async onFrame(data: unknown, isBinary: boolean): Promise<void> {
    if (isBinary) return this.refuse(null, contractError('BAD_MESSAGE', 'binary frames are not accepted'));
    const frame = parseHubFrame(rawDataToString(data));
    if (!frame.ok) return this.refuse(frame.id, contractError('BAD_MESSAGE', frame.detail));

    const { id, method } = frame;
    if (isControlMethod(method)) {
      if (frame.args !== undefined)
        return this.refuse(id, contractError('INVALID_ARGUMENT', 'control methods take no arguments'));
      this.subscribed = method === 'hub.subscribe';
      return this.send({ id, result: { ok: true, value: null } });
    }
    const checked = checkCall(method, frame.args);
    if (!checked.ok) return this.refuse(id, checked.error);
    if (this.inFlight >= MAX_IN_FLIGHT)
      return this.send({ id, result: { ok: false, error: contractError('BUSY') } });

    this.inFlight += 1;
    let result: PosResult<unknown>;
    try {
      // PosService promises never to throw; if it does anyway the page still gets an answer.
      result = await runAsCaller(this.session, () =>
        invokeChecked(this.api, checked, (err) =>
          this.log.warn({ method, err: err instanceof Error ? err.name : typeof err }, 'PosService threw'),
        ),
      );
    } finally {
      this.inFlight -= 1;
    }
    this.send({ id, result });
  }

  private refuse(id: number | null, error: PosError): void {
    this.protocolErrors += 1;
    this.send({ id, result: { ok: false, error } });
    if (this.protocolErrors >= MAX_PROTOCOL_ERRORS) {
      this.log.warn({ errors: this.protocolErrors }, 'closing a hub socket that keeps sending bad frames');
      this.ws.close(1008, 'too many bad frames');
    }
  }

  private send(frame: HubServerFrame): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    let text: string;
    try {
      text = JSON.stringify(frame);
    } catch {
      text = JSON.stringify({
        id: 'id' in frame ? frame.id : null,
        result: { ok: false, error: contractError('INTERNAL_ERROR') },
      });
    }
    this.ws.send(text);
  }
}

function isControlMethod(method: string): method is HubControlMethod {
  return (HUB_CONTROL_METHODS as readonly string[]).includes(method);
}

function rawDataToString(data: unknown): string {
  if (typeof data === 'string') return data;
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data as Buffer[]).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return '';
}
