/**
 * The renderer's origin in the Electron shell. Plain strings only. The IPC channel names are derived from the
 * contract (posInvokeChannel, POS_EVENT_CHANNEL in contract/api.ts).
 */

/** The renderer's origin: app://pos/ (a standard, secure custom scheme; see ./protocol). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'pos';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_START_URL = `${APP_ORIGIN}/index.html`;
