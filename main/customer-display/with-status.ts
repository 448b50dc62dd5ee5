/**
 * The PosApi the screens get: PosService's, plus whether a customer display is connected (in the snapshot and
 * as a 'customer-display' event), so the cashier's status bar can show it. Every method is passed through
 * unchanged, whatever the contract lists.
 */
import { posMethodsVia, type PosApi, type PosEvent } from '../../contract';
import { invokeChecked } from '../../contract/edge';
import type { CustomerDisplay } from './feed';

export function withCustomerDisplayStatus(api: PosApi, display: CustomerDisplay): PosApi {
  // Arguments were checked at the edge before they reach this wrapper; it only passes them on.
  const methods = posMethodsVia((method, args) => invokeChecked(api, { method, args }) as never);
  return {
    ...methods,
    async getSnapshot() {
      const snap = await api.getSnapshot();
      return snap.ok ? { ok: true, value: { ...snap.value, customerDisplay: display.status() } } : snap;
    },
    onEvent(listener: (event: PosEvent) => void) {
      const offCore = api.onEvent(listener);
      const offStatus = display.onStatus((status) => listener({ type: 'customer-display', status }));
      return () => {
        offCore();
        offStatus();
      };
    },
  };
}
