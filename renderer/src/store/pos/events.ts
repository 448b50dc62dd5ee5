/** The core's pushed events, each handed to the slice it concerns. */
import type { ApiRequestNotice, NoticeView, PeopleState, PosEvent } from '../../../../preload/api';
import type { PosContext } from './context';
import type { HeldScans } from './slices/sale/held';
import type { SaleScreen } from './slices/sale/screen';

export interface PosEventHandlers {
  screen: SaleScreen;
  held: HeldScans;
  onSaleNotice(notice: NoticeView): void;
  onApiRequest(request: ApiRequestNotice): void;
  openReference(reference: string): Promise<void>;
  applyPeople(people: PeopleState): void;
}

export function posEventHandler(ctx: PosContext, slices: PosEventHandlers): (event: PosEvent) => void {
  const { set, get, now } = ctx;
  return (event) => {
    switch (event.type) {
      case 'sale':
        slices.screen.applySale(event.sale);
        return;
      case 'scanner-status':
        set({ scanner: event.status });
        return;
      case 'gateway':
        set({ gateway: event.status });
        return;
      case 'unresolved-count':
        set({ unresolvedCount: event.count });
        return;
      case 'terminal':
        set({ terminal: event.terminal, language: event.terminal.language });
        return;
      case 'scan-accepted':
        set({
          scan: { platform: event.platform, maskedCode: event.maskedCode, at: now() },
          scanNotice: null,
        });
        return;
      case 'scan-rejected':
      case 'scan-ignored':
        set({ scanNotice: { message: event.message, at: now() } });
        return;
      case 'scan-held':
        slices.held.hold({
          holdId: event.holdId,
          platform: event.platform,
          maskedCode: event.maskedCode,
          expiresAt: event.expiresAt,
        });
        return;
      case 'notice':
        slices.onSaleNotice(event.notice);
        return;
      case 'refund': {
        const detail = get().history.detail;
        if (detail?.sale.id === event.refund.saleId) void get().openDetail(detail.sale.id);
        return;
      }
      case 'reference-scanned':
        void slices.openReference(event.reference);
        return;
      case 'scanner-test':
        return;
      case 'customer-display':
        set({ customerDisplay: event.status });
        return;
      case 'store-link':
        set({ storeLink: event.status });
        return;
      case 'api-request':
        slices.onApiRequest(event.request);
        return;
      case 'people':
        slices.applyPeople(event.people);
        return;
    }
  };
}
