/**
 * The IPC channels between the Electron main process and the preload: one invoke channel per PosApi method and
 * one channel for pushed events. Plain strings only, so the sandboxed preload bundle can inline this file.
 */
import type { PosMethod } from '../../preload/api';

export const POS_EVENT_CHANNEL = 'pos:event';

export function posInvokeChannel(method: PosMethod): `pos:call:${PosMethod}` {
  return `pos:call:${method}`;
}

/** The renderer's origin: app://pos/ (a standard, secure custom scheme; see ./protocol). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'pos';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_START_URL = `${APP_ORIGIN}/index.html`;
