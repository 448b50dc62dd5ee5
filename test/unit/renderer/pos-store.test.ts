// Store behaviour against a throwaway in-memory PosApi fake (see fake-pos-api.ts for why a fake here).
import { routeCashierKey } from '../../../renderer/src/store/cashier-keys';
import { describe, expect, it } from 'vitest';
import type { PosEvent, ReceiptView, SaleDetail, SaleView, SettingsView } from '../../../preload/api';
import { createPosStore, type Outcome } from '../../../renderer/src/store/pos-store';
import { bi, createFakePosApi, fail, ok, sale, settle, snapshot, started, TERMINAL } from './fake-pos-api';
import { SANDBOX_GATEWAY_VIEW } from '../../helpers/view-fixtures';

/** A key pressed on the screen itself (not in a field, not on a button). */
const keys = { editable: false, onButton: false };

function setup(opts: { snapshot?: ReturnType<typeof snapshot> } = {}) {
  const api = createFakePosApi();
  if (opts.snapshot) {
    const snap = opts.snapshot;
    api.on('getSnapshot', () => ok(snap));
  }
  const sounds: Outcome[] = [];
  let clock = Date.UTC(2025, 10, 26, 3, 0, 0); // 14:00 in Sydney (AEDT)
  const store = createPosStore(api, { playSound: (o) => sounds.push(o), now: () => clock });
  return { api, store, sounds, setClock: (t: number) => (clock = t) };
}

const receipt = (saleId: string): ReceiptView => ({
  merchantName: 'Harbour Dumplings',
  posNo: 'T01',
  saleId,
  kind: 'sale',
  amountCents: 1250,
  cnyAmount: 5890,
  exchangeRate: '4.7123',
  platform: 'WECHATPAY',
  orderNo: 'OM123',
  outOrderNo: 'T01-0001',
  at: 1,
  timeZone: 'Australia/Sydney',
  refund: null,
});

const settings = (printer: SettingsView['printer']): SettingsView => ({
  posNo: 'T01',
  merchantName: 'Harbour Dumplings',
  orderName: 'POS purchase',
  timeZone: 'Australia/Sydney',
  language: 'en',
  soundOn: true,
  maxAmountCents: 1_000_000,
  latePayments: 'refund',
  gateway: SANDBOX_GATEWAY_VIEW,
  scanner: { kind: 'none' },
  printer,
  secretStorage: 'none',
});

describe('pos store: loading', () => {
  it('subscribes before asking for the snapshot and applies it', async () => {
    const { api, store } = setup({
      snapshot: snapshot({
        terminal: { ...TERMINAL, language: 'zh', soundOn: false },
        unresolvedCount: 2,
        activeSale: sale({ phase: 'awaiting_code' }),
      }),
    });
    const stop = store.getState().start();
    expect(api.listenerCount()).toBe(1);
    expect(api.calls[0]?.method).toBe('getSnapshot');
    await settle();
    const s = store.getState();
    expect(s.status).toBe('ready');
    expect(s.language).toBe('zh');
    expect(s.soundOn).toBe(false);
    expect(s.unresolvedCount).toBe(2);
    expect(s.sale?.id).toBe('S1');
    expect(s.rates.WECHATPAY?.rate).toBe('4.7123');
    stop();
    expect(api.listenerCount()).toBe(0);
  });

  it('shows a load error when the snapshot fails and recovers on reload', async () => {
    const { api, store } = setup();
    api.on('getSnapshot', () => fail('INTERNAL', 'broken'));
    await started(store);
    expect(store.getState().status).toBe('error');
    api.on('getSnapshot', () => ok(snapshot()));
    await store.getState().reload();
    expect(store.getState().status).toBe('ready');
  });

  it('reloads the snapshot when the link to the core comes back', async () => {
    const { api, store } = setup();
    await started(store);
    const before = api.callsOf('getSnapshot').length;
    store.getState().setConnection('closed');
    store.getState().setConnection('open');
    await settle();
    expect(api.callsOf('getSnapshot').length).toBe(before + 1);
    expect(store.getState().connection).toBe('open');
  });
});

describe('pos store: events', () => {
  it('applies status events as they arrive', async () => {
    const { api, store } = setup();
    await started(store);
    const events: PosEvent[] = [
      {
        type: 'scanner-status',
        status: { kind: 'serial', state: 'disconnected', device: null, reason: bi('unplugged') },
      },
      {
        type: 'gateway',
        status: {
          mode: 'sandbox',
          region: 'sandbox',
          online: false,
          problem: bi('no network'),
          clockSkewMs: 400_000,
        },
      },
      { type: 'unresolved-count', count: 3 },
      { type: 'terminal', terminal: { ...TERMINAL, language: 'zh' } },
      { type: 'scan-rejected', code: 'NOT_PAYMENT_CODE', message: bi('That is a product barcode') },
    ];
    for (const e of events) api.emit(e);
    const s = store.getState();
    expect(s.scanner?.state).toBe('disconnected');
    expect(s.gateway?.online).toBe(false);
    expect(s.gateway?.clockSkewMs).toBe(400_000);
    expect(s.unresolvedCount).toBe(3);
    expect(s.language).toBe('zh');
    expect(s.scanNotice?.message.en).toBe('That is a product barcode');
    api.emit({ type: 'scan-accepted', platform: 'ALIPAY', maskedCode: '••••0000' });
    expect(store.getState().scan?.platform).toBe('ALIPAY');
    expect(store.getState().scanNotice).toBeNull();
  });

  it('never steps a paid sale back, nor takes a view from an earlier attempt', async () => {
    const { api, store } = setup({
      snapshot: snapshot({ activeSale: sale({ phase: 'waiting_customer', attempts: 2 }) }),
    });
    await started(store);
    api.emit({ type: 'sale', sale: sale({ phase: 'declined', attempts: 1 }) });
    expect(store.getState().sale?.phase).toBe('waiting_customer');
    api.emit({ type: 'sale', sale: sale({ phase: 'paid', attempts: 2, paidAt: 5 }) });
    api.emit({ type: 'sale', sale: sale({ phase: 'waiting_customer', attempts: 2 }) });
    expect(store.getState().sale?.phase).toBe('paid');
  });

  it('does not let a background check of an old sale take over the screen', async () => {
    const { api, store } = setup();
    await started(store);
    api.emit({ type: 'sale', sale: sale({ id: 'OLD', phase: 'checking', attempts: 1 }) });
    api.emit({ type: 'sale', sale: sale({ id: 'OLD', phase: 'paid', attempts: 1 }) });
    expect(store.getState().sale).toBeNull();
    // A sale opened from another window while this one is idle is followed.
    api.emit({ type: 'sale', sale: sale({ id: 'NEW', phase: 'awaiting_code' }) });
    expect(store.getState().sale?.id).toBe('NEW');
  });

  it('plays one sound per outcome, only with sound on, and loads the receipt when paid', async () => {
    const { api, store, sounds } = setup({
      snapshot: snapshot({ activeSale: sale({ phase: 'submitting', attempts: 1 }) }),
    });
    api.on('getReceipt', (args) => ok(receipt(args.saleId)));
    await started(store);
    api.emit({
      type: 'sale',
      sale: sale({ phase: 'declined', attempts: 1, message: bi('Not enough balance') }),
    });
    api.emit({ type: 'sale', sale: sale({ phase: 'declined', attempts: 1 }) });
    expect(sounds).toEqual(['declined']);
    store.getState().toggleSound();
    api.emit({ type: 'sale', sale: sale({ phase: 'submitting', attempts: 2 }) });
    api.emit({ type: 'sale', sale: sale({ phase: 'declined', attempts: 2 }) });
    expect(sounds).toEqual(['declined']);
    store.getState().toggleSound();
    api.emit({ type: 'sale', sale: sale({ phase: 'paid', attempts: 3 }) });
    api.emit({ type: 'sale', sale: sale({ phase: 'paid', attempts: 3 }) });
    expect(sounds).toEqual(['declined', 'paid']);
    await settle();
    expect(api.callsOf('getReceipt')).toEqual([{ saleId: 'S1' }]);
    expect(store.getState().receipt?.orderNo).toBe('OM123');
  });

  it('a window reopened on a paid sale shows it quietly, and New sale is not undone by a reload', async () => {
    const paid = sale({ phase: 'paid', attempts: 1, paidAt: 2 });
    const { api, store, sounds } = setup({ snapshot: snapshot({ activeSale: paid }) });
    api.on('getReceipt', (args) => ok(receipt(args.saleId)));
    await started(store);
    expect(store.getState().sale?.phase).toBe('paid');
    expect(store.getState().receipt?.saleId).toBe('S1');
    expect(sounds).toEqual([]);
    await store.getState().newSale();
    await store.getState().reload();
    expect(store.getState().sale).toBeNull();
  });

  it('keeps the history list and open detail in step with sale events', async () => {
    const { api, store } = setup();
    const row = sale({ id: 'H1', phase: 'unresolved', attempts: 1 });
    api.on('searchHistory', () => ok([row]));
    api.on('getSaleDetail', () =>
      ok<SaleDetail>({ sale: row, attempts: [], refunds: [], refundableCents: 0, history: [] }),
    );
    await started(store);
    store.getState().showView('history');
    await settle();
    await store.getState().openDetail('H1');
    api.emit({ type: 'sale', sale: { ...row, phase: 'paid' } });
    expect(store.getState().history.rows[0]?.phase).toBe('paid');
    expect(store.getState().history.detail?.sale.phase).toBe('paid');
    expect(store.getState().sale).toBeNull();
  });
});

describe('pos store: amount and charge', () => {
  it('builds the amount as text and charges exactly that text', async () => {
    const { api, store } = setup();
    api.on('startSale', (args) =>
      ok(sale({ amountCents: 1250, id: 'S9', phase: 'awaiting_code', outOrderNo: args.amount })),
    );
    await started(store);
    for (const k of ['1', '2', '.', '5', '0', '7'] as const) store.getState().pressAmountKey(k);
    expect(store.getState().amount).toBe('12.50');
    await store.getState().charge();
    expect(api.callsOf('startSale')).toEqual([{ amount: '12.50' }]);
    expect(store.getState().sale?.id).toBe('S9');
    // While a sale is on screen the amount cannot change underneath it.
    expect(store.getState().pressAmountKey('9')).toBe(false);
    expect(store.getState().amount).toBe('12.50');
  });

  it('refuses keys past the terminal maximum', async () => {
    const { store } = setup({ snapshot: snapshot({ terminal: { ...TERMINAL, maxAmountCents: 5_000 } }) });
    await started(store);
    for (const k of ['4', '9', '9', '9'] as const) store.getState().pressAmountKey(k);
    expect(store.getState().amount).toBe('49');
  });

  it('explains instead of calling the core when there is no amount', async () => {
    const { api, store } = setup();
    await started(store);
    await store.getState().charge();
    expect(api.callsOf('startSale')).toEqual([]);
    expect(store.getState().notice).toEqual({ source: 'ui', key: 'notice.enterAmount' });
  });

  it('turns a refused call into a bilingual notice and a throwing bridge into a local one', async () => {
    const { api, store } = setup();
    await started(store);
    store.getState().pressAmountKey('5');
    api.on('startSale', () => fail('AMOUNT_TOO_LARGE', 'That amount is above this terminal’s limit.'));
    await store.getState().charge();
    expect(store.getState().notice).toMatchObject({ source: 'core', code: 'AMOUNT_TOO_LARGE' });
    expect(store.getState().sale).toBeNull();
    api.on('startSale', () => Promise.reject(new Error('socket closed')));
    await store.getState().charge();
    expect(store.getState().notice).toEqual({ source: 'ui', key: 'notice.coreUnreachable' });
    expect(store.getState().busy).toBe(false);
  });
});

describe('pos store: leaving a sale', () => {
  it('closes an open sale with the core and keeps the amount for correction', async () => {
    const { api, store } = setup({ snapshot: snapshot({ activeSale: sale() }) });
    api.on('clearSale', () => ok(null));
    await started(store);
    store.setState({ amount: '12.50' });
    await store.getState().cancelSale();
    expect(api.callsOf('clearSale')).toEqual([{ saleId: 'S1' }]);
    expect(store.getState().sale).toBeNull();
    expect(store.getState().amount).toBe('12.50');
  });

  it('keeps the sale on screen when the core refuses to close it', async () => {
    const { api, store } = setup({
      snapshot: snapshot({ activeSale: sale({ phase: 'declined', attempts: 1 }) }),
    });
    api.on('clearSale', () => fail('SALE_BUSY', 'The payment may still go through.'));
    await started(store);
    await store.getState().newSale();
    expect(store.getState().sale?.id).toBe('S1');
    expect(store.getState().notice).toMatchObject({ code: 'SALE_BUSY' });
  });

  it('stop waiting hands the sale to background checks; new sale then leaves it without closing it', async () => {
    const { api, store } = setup({
      snapshot: snapshot({ activeSale: sale({ phase: 'waiting_customer', attempts: 1 }) }),
    });
    api.on('stopWaiting', () =>
      ok(sale({ phase: 'unresolved', attempts: 1, message: bi('Stopped waiting.') })),
    );
    api.on('clearSale', () => ok(null));
    await started(store);
    await store.getState().stopWaiting();
    expect(store.getState().sale?.phase).toBe('unresolved');
    expect(store.getState().stoppedWaitingFor).toBe('S1');
    await store.getState().newSale();
    await settle();
    expect(api.callsOf('clearSale')).toEqual([]);
    expect(store.getState().sale).toBeNull();
    expect(store.getState().amount).toBe('');
    // The next amount's first key tells the core the counter moved on (the customer display ends this sale's
    // message then, not before), once.
    store.getState().pressAmountKey('1');
    store.getState().pressAmountKey('2');
    await settle();
    expect(api.callsOf('clearSale')).toEqual([{ saleId: 'S1' }]);
    expect(api.callsOf('voidSale')).toEqual([]);
  });

  it('a waiting merchant QR is left only by a named action: Esc keeps following, V asks before voiding', async () => {
    const qr = sale({ kind: 'qr', phase: 'waiting_customer', attempts: 1, qrcode: 'weixin://pay/1' });
    const { api, store } = setup({ snapshot: snapshot({ activeSale: qr }) });
    api.on('voidSale', () => ok({ ...qr, phase: 'voided' }));
    api.on('stopWaiting', () => ok({ ...qr, phase: 'unresolved' }));
    api.on('clearSale', () => ok(null));
    await started(store);
    await store.getState().closeQr();
    expect(store.getState().sale?.id).toBe('S1');
    expect(api.callsOf('voidSale')).toEqual([]);

    expect(routeCashierKey(store, 'v', keys)).toBe(true);
    expect(store.getState().confirmVoid).toBe('S1');
    expect(api.callsOf('voidSale')).toEqual([]);
    expect(routeCashierKey(store, 'Escape', keys)).toBe(true);
    expect(store.getState().confirmVoid).toBeNull();
    expect(store.getState().sale?.id).toBe('S1');

    routeCashierKey(store, 'v', keys);
    routeCashierKey(store, 'v', keys);
    await settle();
    expect(api.callsOf('voidSale')).toEqual([{ saleId: 'S1' }]);
    expect(api.callsOf('stopWaiting')).toEqual([]);
    // A voided QR leaves the screen at once.
    expect(store.getState().sale).toBeNull();
  });

  it('Esc on a waiting merchant QR stops waiting and keeps following (a later payment is kept)', async () => {
    const qr = sale({ kind: 'qr', phase: 'waiting_customer', attempts: 1, qrcode: 'weixin://pay/1' });
    const { api, store } = setup({ snapshot: snapshot({ activeSale: qr }) });
    api.on('stopWaiting', () => ok({ ...qr, phase: 'unresolved' }));
    await started(store);
    expect(routeCashierKey(store, 'Escape', keys)).toBe(true);
    await settle();
    expect(api.callsOf('stopWaiting')).toEqual([{ saleId: 'S1' }]);
    expect(api.callsOf('voidSale')).toEqual([]);
    expect(store.getState().sale?.phase).toBe('unresolved');
  });

  it('V on the waiting screen asks first; a second V (or Enter) voids; Esc only stops waiting', async () => {
    const waiting = sale({ phase: 'waiting_customer', attempts: 1, platform: 'ALIPAY' });
    const { api, store } = setup({ snapshot: snapshot({ activeSale: waiting }) });
    api.on('voidSale', () => ok({ ...waiting, phase: 'voided' }));
    await started(store);
    expect(routeCashierKey(store, 'v', keys)).toBe(true);
    await settle();
    expect(api.callsOf('voidSale')).toEqual([]);
    expect(store.getState().confirmVoid).toBe('S1');
    expect(routeCashierKey(store, 'Enter', keys)).toBe(true);
    await settle();
    expect(api.callsOf('voidSale')).toEqual([{ saleId: 'S1' }]);
    expect(api.callsOf('stopWaiting')).toEqual([]);
    expect(store.getState().sale?.phase).toBe('voided');
    expect(store.getState().confirmVoid).toBeNull();
  });

  it('V while submitting or unresolved also asks before voiding', async () => {
    for (const phase of ['submitting', 'checking', 'unresolved'] as const) {
      const shown = sale({ phase, attempts: 1 });
      const { api, store } = setup({ snapshot: snapshot({ activeSale: shown }) });
      api.on('voidSale', () => ok({ ...shown, phase: 'voided' }));
      await started(store);
      routeCashierKey(store, 'V', keys);
      await settle();
      expect(api.callsOf('voidSale'), phase).toEqual([]);
      expect(store.getState().confirmVoid, phase).toBe('S1');
      routeCashierKey(store, 'V', keys);
      await settle();
      expect(api.callsOf('voidSale'), phase).toEqual([{ saleId: 'S1' }]);
    }
  });

  it('submits a typed code for the sale on screen and trims it', async () => {
    const { api, store } = setup({ snapshot: snapshot({ activeSale: sale() }) });
    api.on('submitCode', () => ok(sale({ phase: 'submitting', attempts: 1, platform: 'WECHATPAY' })));
    await started(store);
    expect(await store.getState().submitCode('  ')).toBe(false);
    expect(store.getState().notice).toEqual({ source: 'ui', key: 'notice.enterCode' });
    expect(await store.getState().submitCode(' 130000000000000000 ')).toBe(true);
    expect(api.callsOf('submitCode')).toEqual([{ saleId: 'S1', code: '130000000000000000' }]);
    expect(store.getState().sale?.phase).toBe('submitting');
  });
});

describe('pos store: history', () => {
  it('lists today’s business date in the terminal’s zone, searches text without a date, and matches times on the counter clock', async () => {
    const { api, store } = setup();
    // 14:05 and 15:30 Sydney time on 26 Nov 2025 (AEDT, UTC+11).
    const rows = [
      sale({ id: 'A', createdAt: Date.UTC(2025, 10, 26, 3, 5, 10) }),
      sale({ id: 'B', createdAt: Date.UTC(2025, 10, 26, 4, 30, 0) }),
    ];
    api.on('searchHistory', () => ok(rows));
    await started(store);

    await store.getState().searchHistory('');
    // Today = the sales recorded with today's business date (what the day report counts), not a time range.
    expect(api.callsOf('searchHistory').at(-1)).toEqual({ limit: 200, businessDate: '2025-11-26' });

    await store.getState().searchHistory('OM123');
    expect(api.callsOf('searchHistory').at(-1)).toEqual({ limit: 200, text: 'OM123' });

    await store.getState().searchHistory('14:05');
    expect(store.getState().history.rows.map((r) => r.id)).toEqual(['A']);

    await store.getState().searchHistory('', { onlyUnresolved: true });
    expect(api.callsOf('searchHistory').at(-1)).toEqual({ limit: 200, phases: ['unresolved'] });
  });

  it('drops the answer to a search that a newer search overtook', async () => {
    const { api, store } = setup();
    let releaseSlow: (() => void) | null = null;
    api.on('searchHistory', (args) =>
      args.text === 'slow'
        ? new Promise((resolve) => {
            releaseSlow = () => resolve(ok([sale({ id: 'SLOW' })]));
          })
        : ok([sale({ id: 'FAST' })]),
    );
    await started(store);
    const slow = store.getState().searchHistory('slow');
    await store.getState().searchHistory('fast');
    (releaseSlow as unknown as () => void)();
    await slow;
    expect(store.getState().history.rows.map((r) => r.id)).toEqual(['FAST']);
  });

  it('check now refreshes the detail, the row and the sale on screen', async () => {
    const row = sale({ id: 'S1', phase: 'unresolved', attempts: 1 });
    const { api, store } = setup({ snapshot: snapshot({ activeSale: row }) });
    const paid: SaleView = { ...row, phase: 'paid', orderNo: 'OM9' };
    api.on('searchHistory', () => ok([row]));
    api.on('checkNow', () =>
      ok<SaleDetail>({ sale: paid, attempts: [], refunds: [], refundableCents: 1250, history: [] }),
    );
    api.on('getReceipt', (args) => ok(receipt(args.saleId)));
    await started(store);
    await store.getState().searchHistory('');
    await store.getState().checkNow('S1');
    expect(store.getState().history.detail?.sale.phase).toBe('paid');
    expect(store.getState().history.rows[0]?.phase).toBe('paid');
    expect(store.getState().sale?.phase).toBe('paid');
  });

  it('reprint goes to the print dialog when no printer is configured, every time it is asked', async () => {
    const { api, store } = setup();
    api.on('getReceipt', (args) => ok(receipt(args.saleId)));
    api.on('getSettings', () => ok(settings(null)));
    await started(store);
    expect(store.getState().printVia).toBe('dialog');
    await store.getState().reprint('S7');
    expect(store.getState().printJob).toMatchObject({ seq: 1, receipt: { saleId: 'S7' } });
    await store.getState().reprint('S7');
    expect(store.getState().printJob?.seq).toBe(2);
    expect(api.callsOf('printReceipt')).toEqual([]);
  });

  it('sends receipts to the core’s printer when one is configured, falling back to the dialog without one', async () => {
    const { api, store } = setup();
    api.on('getSettings', () => ok(settings({ kind: 'escpos-tcp', host: '10.0.0.9', widthMm: 58 })));
    api.on('printReceipt', () => ok(null));
    await started(store);
    expect(store.getState().printVia).toBe('core');
    expect(store.getState().paperWidthMm).toBe(58);
    await store.getState().printReceipt(receipt('S8'));
    expect(api.callsOf('printReceipt')).toEqual([{ saleId: 'S8' }]);
    expect(store.getState().printJob).toBeNull();

    api.on('printReceipt', () => fail('PRINT_FAILED', 'The printer is out of paper.'));
    await store.getState().printReceipt(receipt('S8'));
    expect(store.getState().notice).toMatchObject({ code: 'PRINT_FAILED' });
    expect(store.getState().printJob).toBeNull();

    api.on('printReceipt', () => fail('UNAVAILABLE', 'no printer'));
    await store.getState().printReceipt(receipt('S8'));
    expect(store.getState().notice).toBeNull();
    expect(store.getState().printJob?.receipt.saleId).toBe('S8');
  });
});

describe('pos store: language', () => {
  it('switches at once and follows what the core saved', async () => {
    const { api, store } = setup();
    api.on('setLanguage', (args) => ok({ ...TERMINAL, language: args.language }));
    await started(store);
    const pending = store.getState().setLanguage('zh');
    expect(store.getState().language).toBe('zh');
    await pending;
    expect(api.callsOf('setLanguage')).toEqual([{ language: 'zh' }]);
    expect(store.getState().terminal?.language).toBe('zh');
  });
});

describe('pos store: scan notices', () => {
  it('a scan before any amount explains itself, and typing the amount clears it', async () => {
    const { api, store } = setup();
    await started(store);
    api.emit({ type: 'scan-ignored', message: bi('Enter the amount first, then scan the customer’s code.') });
    expect(store.getState().scanNotice?.message.en).toMatch(/Enter the amount first/);
    store.getState().pressAmountKey('4');
    expect(store.getState().scanNotice).toBeNull();
  });
});

describe('pos store: receipt lookup', () => {
  it('a scanned receipt order number opens that sale in history, but never over a payment in progress', async () => {
    const paid = sale({ id: 'P1', phase: 'paid', orderNo: 'OM123', attempts: 1 });
    const { api, store } = setup();
    api.on('findSale', () =>
      ok<SaleDetail>({ sale: paid, attempts: [], refunds: [], refundableCents: 1250, history: [] }),
    );
    await started(store);
    api.emit({ type: 'reference-scanned', reference: 'OM123' });
    await settle();
    expect(api.callsOf('findSale')).toEqual([{ reference: 'OM123' }]);
    expect(store.getState().view).toBe('history');
    expect(store.getState().history.detail?.sale.id).toBe('P1');
    expect(store.getState().history.text).toBe('OM123');

    store.getState().showView('sale');
    api.emit({ type: 'sale', sale: sale({ id: 'S2', phase: 'submitting', attempts: 1 }) });
    api.emit({ type: 'reference-scanned', reference: 'OM123' });
    await settle();
    expect(api.callsOf('findSale')).toHaveLength(1);
    expect(store.getState().view).toBe('sale');
  });
});
