/**
 * The hub's WebSocket protocol, shared by the hub (main/hub) and the browser client (renderer/src/bridge).
 * This module has no imports with runtime code; the hub validates incoming frames with the zod schemas in
 * ./protocol-schema, then the call at the contract's edge (contract/edge.ts). Errors use the contract's one
 * vocabulary (contract/errors.ts).
 *
 * client → hub   { id, method, args? }          method: a PosMethod, or one of HUB_CONTROL_METHODS
 * hub → client   { id, result: PosResult }     the reply to request `id` (id null: the frame was unreadable)
 * hub → client   { event: PosEvent }           pushed to sockets that subscribed
 */
import type { PosEvent, PosResult } from '../../contract';

export const HUB_SOCKET_PATH = '/pos';
export const DEFAULT_NOTIFICATION_PATH = '/omipay/notify';

/** Upper bound of one frame sent to the hub; larger frames close the socket (1009). Replies may be larger. */
export const MAX_FRAME_BYTES = 64 * 1024;

/** Hub-level methods beside the PosApi ones: start/stop receiving `{event}` frames on this socket. */
export const HUB_CONTROL_METHODS = ['hub.subscribe', 'hub.unsubscribe'] as const;
export type HubControlMethod = (typeof HUB_CONTROL_METHODS)[number];

export interface HubRequest {
  id: number;
  method: string;
  args?: unknown;
}

export interface HubReply {
  id: number | null;
  result: PosResult<unknown>;
}

export interface HubEventFrame {
  event: PosEvent;
}

export type HubServerFrame = HubReply | HubEventFrame;
