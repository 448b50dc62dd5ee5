/**
 * The open WebSocket of each enrolled till (GET /api/till/v1/link): how the server tells a till to check an
 * order now (a relayed notification) or that another till refunded one of its sales. Fire and forget: a till
 * that is not connected simply polls as it always does.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ServerMessage } from '../shared/store-link-protocol';

export interface TillLinks {
  /** True when the till is connected and the message was queued on its socket. */
  send(tillId: string, message: ServerMessage): boolean;
  connected(tillId: string): boolean;
  /** Handles an HTTP upgrade on the link path (authenticates the till first). */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  close(): Promise<void>;
}
