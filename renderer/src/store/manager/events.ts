/** The core's pushed events, each handed to the slice it concerns. */
import type { PosEvent, RefundView, RemoteRefundView } from '../../../../preload/api';
import type { ManagerContext } from './context';
import { LATE_PAYMENT_PHASES } from './slices/unresolved/initialState';

export interface ManagerEventHandlers {
  applyRefund(refund: RefundView): void;
  applyRemoteRefund(refund: RemoteRefundView): void;
  applyScannerTest(rawHex: string, decoded: string | null): void;
  applyPeople(): void;
}

export function managerEventHandler(
  ctx: ManagerContext,
  slices: ManagerEventHandlers,
): (event: PosEvent) => void {
  const { set, get } = ctx;
  // Who was at the counter when the last people event came (undefined: none came yet).
  let counterPerson: string | null | undefined;
  return (event) => {
    switch (event.type) {
      case 'refund':
        slices.applyRefund(event.refund);
        return;
      case 'remote-refund':
        slices.applyRemoteRefund(event.refund);
        return;
      case 'reference-scanned':
        if (!get().open) return;
        if (get().pin === null) {
          set({ pendingReference: event.reference });
          return;
        }
        set({ tab: 'refunds' });
        void get().findSale(event.reference);
        return;
      case 'scanner-test':
        slices.applyScannerTest(event.rawHex, event.decoded);
        return;
      case 'scanner-status':
        // The core ended the test (two-minute limit, or another screen took the scanner): the switch follows.
        if (!event.status.testMode && get().settings.scannerTest)
          set({ settings: { ...get().settings, scannerTest: false } });
        return;
      case 'unresolved-count':
        if (get().pin !== null && get().tab === 'unresolved') void get().loadUnresolved();
        return;
      case 'sale': {
        const u = get().unresolved;
        if (u.detail?.sale.id === event.sale.id)
          set({ unresolved: { ...u, detail: { ...u.detail, sale: event.sale } } });
        const late = (LATE_PAYMENT_PHASES as readonly string[]).includes(event.sale.phase);
        if (late && get().pin !== null && get().tab === 'unresolved') void get().loadUnresolved();
        return;
      }
      case 'api-request':
        // A POS just paired: the settings list shows it without leaving the tab.
        if (event.request.kind === 'paired' && get().pin !== null && get().tab === 'settings')
          void get().loadApiKeys();
        return;
      case 'people': {
        const now = event.people.current?.id ?? null;
        if (counterPerson !== undefined && now !== counterPerson) get().counterPersonChanged();
        counterPerson = now;
        slices.applyPeople();
        return;
      }
      default:
        return;
    }
  };
}
