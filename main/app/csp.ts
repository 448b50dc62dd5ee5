import { screensContentSecurityPolicy } from '../shared/csp';

/**
 * The renderer's Content-Security-Policy inside Electron: only our own files run, nothing is fetched from any
 * network (the POS core is reached over IPC), images may be data: URLs (QR codes).
 */
export const APP_CONTENT_SECURITY_POLICY = screensContentSecurityPolicy("'none'");
