/**
 * Everything the page may not do, in one place: navigate anywhere, open windows, attach webviews, or be granted
 * any permission (camera, HID, serial, notifications …). The scanner is read by the core, never by the page.
 */
import { app, session, type WebContents } from 'electron';

export function hardenSessions(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  // No downloads: nothing in the POS is meant to be saved by the page.
  ses.on('will-download', (event) => event.preventDefault());
}

export function hardenWebContents(): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    // The app is a single page loaded with loadURL (which emits none of these): any navigation the page starts
    // itself (a dropped file, a rogue link, a redirect, a subframe) is refused.
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-frame-navigate', (event) => event.preventDefault());
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}
