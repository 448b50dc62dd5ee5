/**
 * One ipcMain.handle per contract method (./ipc-call: sender check, then the contract's edge). Events go to our
 * windows on one channel; the preload hands the page only the event, never the IPC event object.
 */
import { ipcMain, type BrowserWindow } from 'electron';
import { POS_EVENT_CHANNEL, POS_METHODS, posInvokeChannel, type PosApi, type PosEvent } from '../../contract';
import { posInvokeListener, type IpcCallLog } from './ipc-call';
import { PageSessions } from './page-sessions';

export interface PosIpc {
  /** Stops handling calls and pushing events. */
  dispose(): void;
}

export function registerPosIpc(
  api: PosApi,
  windows: () => readonly BrowserWindow[],
  log: IpcCallLog,
  /** The first-PIN setup code: the app's own window is the terminal itself, so it need not be typed there. */
  firstPinSetupCode: () => string | null = () => null,
): PosIpc {
  const isOurWindow = (senderId: number): boolean =>
    windows().some((w) => !w.isDestroyed() && w.webContents.id === senderId);

  const sessions = new PageSessions();
  for (const method of POS_METHODS) {
    ipcMain.handle(
      posInvokeChannel(method),
      posInvokeListener(api, method, isOurWindow, log, firstPinSetupCode, sessions),
    );
  }

  const unsubscribe = api.onEvent((event: PosEvent) => {
    for (const win of windows()) {
      if (!win.isDestroyed() && !win.webContents.isLoading()) win.webContents.send(POS_EVENT_CHANNEL, event);
    }
  });

  return {
    dispose() {
      unsubscribe();
      sessions.endAll();
      for (const method of POS_METHODS) ipcMain.removeHandler(posInvokeChannel(method));
    },
  };
}
