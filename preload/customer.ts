/**
 * The customer window's preload (sandboxed, bundled to one CommonJS file). It exposes one read-only object,
 * `window.customerDisplay`, with a single method: follow the display state. It has no PosApi and no way to
 * send anything but "what is on screen now?"; the main process answers that only to the customer window.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  CUSTOMER_GET_CHANNEL,
  CUSTOMER_STATE_CHANNEL,
  type CustomerDisplayFeed,
  type CustomerDisplayState,
} from './customer-display';

const feed = {
  onState(listener: (state: CustomerDisplayState) => void) {
    // States carry a sequence number: a pushed state may overtake the answer to the first request.
    let seen = -1;
    const deliver = (state: CustomerDisplayState): void => {
      if (state.seq < seen) return;
      seen = state.seq;
      listener(state);
    };
    const wrapped = (_ipcEvent: IpcRendererEvent, state: CustomerDisplayState): void => deliver(state);
    ipcRenderer.on(CUSTOMER_STATE_CHANNEL, wrapped);
    void (ipcRenderer.invoke(CUSTOMER_GET_CHANNEL) as Promise<CustomerDisplayState | null>).then(
      (state) => {
        if (state !== null) deliver(state);
      },
      () => undefined,
    );
    return () => {
      ipcRenderer.removeListener(CUSTOMER_STATE_CHANNEL, wrapped);
    };
  },
} satisfies CustomerDisplayFeed;

contextBridge.exposeInMainWorld('customerDisplay', feed);
