/**
 * A customer display's socket (/customer/feed): it receives the display state and nothing else. It has no
 * methods: every request frame, whatever it names, is refused without reaching PosService, and a socket that
 * keeps sending is closed. Pairing, Host and Origin are checked by the server before the upgrade, as for the
 * cashier's socket.
 */
import type { WebSocket } from 'ws';
import type { PosError } from '../../preload/api';
import type { CustomerDisplayState, CustomerFrame } from '../../preload/customer-display';
import type { HubLog } from './connection';
import { parseHubFrame } from './protocol-schema';

/** What the hub needs of the core's customer display (main/customer-display/feed.ts has it). */
export interface CustomerDisplaySource {
  state(): CustomerDisplayState;
  onState(listener: (state: CustomerDisplayState) => void): () => void;
  /** Counts this viewer as connected until the returned function is called. */
  connect(): () => void;
}

export const CUSTOMER_FORBIDDEN: PosError = {
  code: 'FORBIDDEN',
  message: {
    en: 'A customer display cannot change anything on the POS.',
    zh: '顾客显示屏无权更改 POS 上的任何内容。',
  },
};

/** Frames tolerated before the socket is closed: a display has nothing to say. */
export const MAX_CUSTOMER_FRAMES = 20;

export class CustomerConnection {
  alive = true;
  private frames = 0;

  constructor(
    readonly ws: WebSocket,
    display: CustomerDisplaySource,
    private readonly log: HubLog,
  ) {
    const disconnect = display.connect();
    const off = display.onState((state) => this.send({ display: state }));
    ws.on('message', (data, isBinary) => this.refuse(data, isBinary));
    ws.on('pong', () => {
      this.alive = true;
    });
    ws.on('error', (err) => this.log.warn({ err: err.message }, 'customer socket error'));
    ws.on('close', () => {
      off();
      disconnect();
    });
  }

  private refuse(data: unknown, isBinary: boolean): void {
    this.frames += 1;
    const id = isBinary ? null : parseHubFrame(String(data)).id;
    this.log.warn({ frames: this.frames }, 'customer display sent a request; refused');
    this.sendText(JSON.stringify({ id, result: { ok: false, error: CUSTOMER_FORBIDDEN } }));
    if (this.frames >= MAX_CUSTOMER_FRAMES) this.ws.close(1008, 'customer displays are read-only');
  }

  private send(frame: CustomerFrame): void {
    this.sendText(JSON.stringify(frame));
  }

  private sendText(text: string): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(text);
  }
}
