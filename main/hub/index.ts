export { startHub, DEFAULT_STATIC_DIR, type HubOptions, type HubHandle, type HubRuntime } from './server';
export { HUB_SOCKET_PATH, DEFAULT_NOTIFICATION_PATH, MAX_FRAME_BYTES } from './protocol';
export type { HubRequest, HubReply, HubEventFrame, HubServerFrame } from './protocol';
