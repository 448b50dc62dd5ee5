/**
 * The Electron preload (sandboxed, bundled to one CommonJS file with the contract folder and zod). Exposes
 * exactly one object, `window.pos`, which satisfies PosApi: every method is one ipcRenderer.invoke on its own
 * channel, and event listeners are wrapped so the page receives the PosEvent alone, never the IPC event object
 * (or its sender).
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  contractError,
  posInvokeChannel,
  posMethodsVia,
  POS_EVENT_CHANNEL,
  type PosApi,
  type PosArgs,
  type PosEvent,
  type PosMethod,
  type PosReturn,
} from '../contract';

function call<M extends PosMethod>(method: M, args: PosArgs<M>): Promise<PosReturn<M>> {
  // The main process answers with PosService's result for this very method (see main/app/ipc.ts); a failed
  // invoke (main process gone) still settles with a readable error instead of rejecting.
  return (ipcRenderer.invoke(posInvokeChannel(method), args) as Promise<PosReturn<M>>).catch(
    () => ({ ok: false, error: contractError('IPC_FAILED') }) as PosReturn<M>,
  );
}

const pos = {
  ...posMethodsVia(call),
  onEvent(listener: (event: PosEvent) => void) {
    const wrapped = (_ipcEvent: IpcRendererEvent, event: PosEvent): void => listener(event);
    ipcRenderer.on(POS_EVENT_CHANNEL, wrapped);
    return () => {
      ipcRenderer.removeListener(POS_EVENT_CHANNEL, wrapped);
    };
  },
} satisfies PosApi;

contextBridge.exposeInMainWorld('pos', pos);
