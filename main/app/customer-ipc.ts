/**
 * The customer window's only IPC: "what is on screen now?" (answered to the customer window's own top frame
 * on app://pos/customer.html, and to nobody else) and the display state pushed to that window alone. The POS
 * channels (./ipc) do not list the customer window, so its calls to them are refused there.
 */
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import {
  CUSTOMER_GET_CHANNEL,
  CUSTOMER_STATE_CHANNEL,
  type CustomerDisplayState,
} from '../../preload/customer-display';
import { APP_HOST, APP_SCHEME } from './channels';

export const CUSTOMER_PAGE = '/customer.html';

export interface CustomerDisplaySource {
  state(): CustomerDisplayState;
  onState(listener: (state: CustomerDisplayState) => void): () => void;
}

export interface CustomerIpc {
  dispose(): void;
}

export function registerCustomerDisplayIpc(
  display: CustomerDisplaySource,
  customerWindow: () => BrowserWindow | null,
  log: { warn(obj: object, msg?: string): void },
): CustomerIpc {
  const isCustomerPage = (event: IpcMainInvokeEvent): boolean => {
    const win = customerWindow();
    if (win === null || win.isDestroyed() || win.webContents.id !== event.sender.id) return false;
    try {
      const frame = event.senderFrame;
      if (frame === null || frame.parent !== null) return false;
      const url = new URL(frame.url);
      return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST && url.pathname === CUSTOMER_PAGE;
    } catch {
      return false;
    }
  };

  ipcMain.handle(CUSTOMER_GET_CHANNEL, (event) => {
    if (!isCustomerPage(event)) {
      log.warn({}, 'customer display state asked for by another page; refused');
      return null;
    }
    return display.state();
  });

  const unsubscribe = display.onState((state) => {
    const win = customerWindow();
    if (win !== null && !win.isDestroyed() && !win.webContents.isLoading()) {
      win.webContents.send(CUSTOMER_STATE_CHANNEL, state);
    }
  });

  return {
    dispose() {
      unsubscribe();
      ipcMain.removeHandler(CUSTOMER_GET_CHANNEL);
    },
  };
}
