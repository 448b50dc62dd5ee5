/**
 * One ipcMain.handle per PosApi method. Each checks that the call comes from our own page (top frame of one of
 * our windows, on app://pos/) and validates the argument with checkPosArgs before PosService sees it. Events
 * go to our windows on one channel; the preload hands the page only the event, never the IPC event object.
 */
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent, type WebFrameMain } from 'electron';
import { withSetupCode } from './first-pin';
import { POS_METHODS, type PosApi, type PosError, type PosEvent } from '../../preload/api';
import { dispatchPosCall } from '../hub/dispatch';
import { APP_HOST, APP_SCHEME, POS_EVENT_CHANNEL, posInvokeChannel } from './channels';

const FORBIDDEN: PosError = {
  code: 'FORBIDDEN',
  message: {
    en: 'This window may not use the POS. Restart the app.',
    zh: '此窗口无权使用 POS。请重新启动应用。',
  },
};

export interface PosIpc {
  /** Stops handling calls and pushing events. */
  dispose(): void;
}

export function registerPosIpc(
  api: PosApi,
  windows: () => readonly BrowserWindow[],
  log: { warn(obj: object, msg?: string): void },
  /** The first-PIN setup code: the app's own window is the terminal itself, so it need not be typed there. */
  firstPinSetupCode: () => string | null = () => null,
): PosIpc {
  const isOurPage = (event: IpcMainInvokeEvent): boolean => {
    const ours = windows().some((w) => !w.isDestroyed() && w.webContents.id === event.sender.id);
    return ours && isTrustedFrame(event.senderFrame);
  };

  for (const method of POS_METHODS) {
    ipcMain.handle(posInvokeChannel(method), async (event, args: unknown) => {
      if (!isOurPage(event)) {
        log.warn({ method, url: safeUrl(event.senderFrame) }, 'IPC call from an untrusted frame refused');
        return { ok: false, error: FORBIDDEN };
      }
      return dispatchPosCall(api, method, withSetupCode(method, args, firstPinSetupCode), (err) =>
        log.warn({ method, err: err instanceof Error ? err.name : typeof err }, 'PosService threw'),
      );
    });
  }

  const unsubscribe = api.onEvent((event: PosEvent) => {
    for (const win of windows()) {
      if (!win.isDestroyed() && !win.webContents.isLoading()) win.webContents.send(POS_EVENT_CHANNEL, event);
    }
  });

  return {
    dispose() {
      unsubscribe();
      for (const method of POS_METHODS) ipcMain.removeHandler(posInvokeChannel(method));
    },
  };
}

/** Only the top frame of our own page: not an iframe, not a page that somehow navigated elsewhere. */
function isTrustedFrame(frame: WebFrameMain | null): boolean {
  // A frame that was disposed meanwhile throws on access: treat it as untrusted.
  try {
    if (frame === null || frame.parent !== null) return false;
    const url = new URL(frame.url);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST;
  } catch {
    return false;
  }
}

function safeUrl(frame: WebFrameMain | null): string {
  try {
    if (frame === null) return '(gone)';
    const url = new URL(frame.url);
    return `${url.protocol}//${url.host}`;
  } catch {
    return '(unreadable)';
  }
}
