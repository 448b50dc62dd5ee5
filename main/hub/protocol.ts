/**
 * The hub's WebSocket protocol, shared by the hub (main/hub) and the browser client (renderer/src/bridge).
 * This module has no imports with runtime code so the renderer bundle stays small; the hub validates incoming
 * frames with the zod schemas in ./protocol-schema.
 *
 * client → hub   { id, method, args? }          method: a PosMethod, or one of HUB_CONTROL_METHODS
 * hub → client   { id, result: PosResult }     the reply to request `id` (id null: the frame was unreadable)
 * hub → client   { event: PosEvent }           pushed to sockets that subscribed
 */
import type { PosError, PosEvent, PosResult } from '../../preload/api';

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

/** Error codes the transport itself produces (PosService produces the others). */
export type HubErrorCode =
  | 'BAD_MESSAGE'
  | 'UNKNOWN_METHOD'
  | 'INVALID_ARGUMENT'
  | 'BUSY'
  | 'INTERNAL_ERROR'
  | 'HUB_DISCONNECTED'
  | 'HUB_TIMEOUT';

export function hubError(code: HubErrorCode, detail?: string): PosError {
  const error: PosError = { code, message: HUB_ERROR_MESSAGES[code] };
  if (detail !== undefined) error.detail = detail;
  return error;
}

const HUB_ERROR_MESSAGES: Record<HubErrorCode, PosError['message']> = {
  BAD_MESSAGE: {
    en: 'The POS could not read that request. Reload the page and try again.',
    zh: 'POS 无法读取该请求。请刷新页面后重试。',
  },
  UNKNOWN_METHOD: {
    en: 'The POS does not know that action. Reload the page and try again.',
    zh: 'POS 不支持该操作。请刷新页面后重试。',
  },
  INVALID_ARGUMENT: {
    en: 'Some of the details sent were not valid. Check them and try again.',
    zh: '提交的信息无效。请检查后重试。',
  },
  BUSY: {
    en: 'The POS is still working on earlier requests. Wait a moment and try again.',
    zh: 'POS 正在处理之前的请求。请稍候再试。',
  },
  INTERNAL_ERROR: {
    en: 'Something went wrong inside the POS. Check the sale in History before trying again.',
    zh: 'POS 内部出错。重试前请先在“历史记录”中查看该笔交易。',
  },
  HUB_DISCONNECTED: {
    en: 'Lost the connection to the POS. The last action may still have gone through: check the sale before trying again.',
    zh: '与 POS 的连接已断开。上一步操作可能已经生效：重试前请先查看该笔交易。',
  },
  HUB_TIMEOUT: {
    en: 'The POS did not answer in time. The last action may still have gone through: check the sale before trying again.',
    zh: 'POS 未及时响应。上一步操作可能已经生效：重试前请先查看该笔交易。',
  },
};
