/**
 * The Electron wiring without the Electron binary: main/app/ipc.ts, main/app/customer-ipc.ts, preload/index.ts
 * and preload/customer.ts run against an in-memory STAND-IN for ipcMain / ipcRenderer / contextBridge
 * (test/helpers/electron-ipc-stand-in.ts), in front of the real core. Every method of the contract and every
 * event type crosses page → preload → main → core and back unchanged; calls from anything but our own top
 * frame are refused; the customer window gets the display feed and nothing else.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  POS_METHODS,
  posMethodsVia,
  type PosApi,
  type PosEvent,
  type PosMethod,
  type PosResult,
  type SaleView,
} from '../../preload/api';
import type { CustomerDisplayFeed, CustomerDisplayState } from '../../preload/customer-display';
import { invokeChecked } from '../../contract/edge';
import { ElectronIpcStandIn, type StandInPage, type StandInWindow } from '../helpers/electron-ipc-stand-in';
import { startHarness, type Harness } from '../helpers/runtime-harness';
import { SAMPLE_PIN, sampleArgs } from '../helpers/sample-pos-args';

/** One of each event of the contract: a new event type that has no sample here fails the typecheck. */
const SAMPLE_SALE: SaleView = {
  id: 'S-sample',
  kind: 'scan',
  amountCents: 1250,
  platform: 'WECHATPAY',
  phase: 'paid',
  attempts: 1,
  outOrderNo: 'T07-1',
  orderNo: 'OMI1',
  createdAt: 1_700_000_000_000,
  paidAt: 1_700_000_001_000,
  waitDeadline: null,
  message: { en: 'Paid', zh: '已付款' },
  errorCode: null,
  qrcode: null,
  payUrl: null,
  cnyAmount: 5890,
  exchangeRateScaled: '471230000',
  refundedCents: 0,
};
/** A refund the gateway has applied, not yet final: the part the till's and a remote refund's views share. */
const APPLIED_REFUND = {
  refundNo: null,
  amountCents: 500,
  reason: 'wrong item',
  status: 'APPLIED',
  final: false,
  succeeded: false,
  message: null,
  createdAt: 1_700_000_003_000,
  refundTime: null,
  successTime: null,
} as const;

const SAMPLE_EVENTS: { [K in PosEvent['type']]: Extract<PosEvent, { type: K }> } = {
  sale: { type: 'sale', sale: SAMPLE_SALE },
  'counter-free': { type: 'counter-free', saleId: 'S-sample' },
  notice: {
    type: 'notice',
    notice: {
      id: 'N1',
      saleId: 'S-sample',
      kind: 'paid_in_background',
      amountCents: 1250,
      message: { en: 'Paid later', zh: '稍后已付款' },
      at: 1_700_000_002_000,
    },
  },
  refund: {
    type: 'refund',
    refund: {
      id: 'R1',
      saleId: 'S-sample',
      outRefundNo: 'T07-R1',
      ...APPLIED_REFUND,
    },
  },
  'remote-refund': {
    type: 'remote-refund',
    refund: {
      id: 'X1',
      saleId: 'S-other',
      saleTillId: 'till-a',
      ownerTillName: 'Counter 1',
      outOrderNo: 'POSA261201abcd00001',
      outRefundNo: 'SV261201ABCDEFGHIJKL',
      ...APPLIED_REFUND,
    },
  },
  'scanner-status': {
    type: 'scanner-status',
    status: { kind: 'serial', state: 'connected', device: '/dev/ttyACM0', reason: null },
  },
  'scan-rejected': { type: 'scan-rejected', code: 'not_a_payment_code', message: { en: 'No', zh: '否' } },
  'scan-ignored': { type: 'scan-ignored', message: { en: 'Enter the amount first', zh: '请先输入金额' } },
  'reference-scanned': { type: 'reference-scanned', reference: 'OMI1' },
  'scan-accepted': { type: 'scan-accepted', platform: 'ALIPAY', maskedCode: '**************1234' },
  'api-request': {
    type: 'api-request',
    request: { kind: 'payment', saleId: 'S-sample', posName: 'Shop POS', amountCents: 1250, reference: null },
  },
  'scan-held': {
    type: 'scan-held',
    holdId: 'H1',
    platform: 'WECHATPAY',
    maskedCode: '**************0000',
    expiresAt: 1_700_000_010_000,
  },
  'scanner-test': { type: 'scanner-test', rawHex: '31 32 0d', decoded: '12' },
  gateway: {
    type: 'gateway',
    status: {
      mode: 'sandbox',
      region: 'sandbox',
      online: false,
      problem: { en: 'x', zh: 'y' },
      clockSkewMs: 1,
    },
  },
  'unresolved-count': { type: 'unresolved-count', count: 2 },
  terminal: {
    type: 'terminal',
    terminal: {
      posNo: 'T07',
      merchantName: 'Harbour Dumplings',
      timeZone: 'Australia/Perth',
      language: 'zh',
      soundOn: false,
      hasManagerPin: true,
      maxAmountCents: 5_000_000,
    },
  },
  'customer-display': { type: 'customer-display', status: { enabled: true, connected: 1 } },
  'store-link': {
    type: 'store-link',
    status: {
      state: 'offline',
      backlog: 12,
      lastSyncAt: 1_700_000_000_000,
      url: 'https://store.example.com',
      storeName: 'Chatswood',
      tillName: 'Till 2',
      problem: { en: 'The store server cannot be reached', zh: '无法连接门店服务器' },
    },
  },
  people: {
    type: 'people',
    people: {
      mode: 'sign_in',
      current: { id: 'p1', name: 'Mei', role: 'supervisor', hasBadge: true, disabled: false, source: 'till' },
      roster: [
        { id: 'p1', name: 'Mei', role: 'supervisor', hasBadge: true, disabled: false, source: 'till' },
      ],
      idleSignOutMinutes: 5,
      serverList: { syncedAt: 1_700_000_000_000 },
    },
  },
};

/** The real core behind a recorder: what reached PosService, with which argument, and what it answered. */
function recordingCore(real: PosApi) {
  const calls: Array<{ method: PosMethod; args: unknown; result: PosResult<unknown> }> = [];
  const listeners = new Set<(event: PosEvent) => void>();
  const api: PosApi = {
    ...posMethodsVia(async (method, args) => {
      const result = await invokeChecked(real, { method, args });
      calls.push({ method, args, result });
      return result as never;
    }),
    onEvent(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
  return { api, calls, emit: (event: PosEvent) => listeners.forEach((l) => l(event)) };
}

const standIn = new ElectronIpcStandIn();
const warnings: string[] = [];
const log = { warn: (_obj: object, msg?: string) => void warnings.push(msg ?? '') };

async function withElectron<T>(module: Record<string, unknown>, load: () => Promise<T>): Promise<T> {
  vi.resetModules();
  vi.doMock('electron', () => module);
  try {
    return await load();
  } finally {
    vi.doUnmock('electron');
  }
}

async function loadPreload(page: StandInPage, entry: 'index' | 'customer'): Promise<void> {
  await withElectron(page.electronModule(), () =>
    entry === 'index' ? import('../../preload/index') : import('../../preload/customer'),
  );
}

let h: Harness;
let core: ReturnType<typeof recordingCore>;
let mainWindow: StandInWindow;
let customerWindow: StandInWindow;
let mainPage: StandInPage;
let customerPage: StandInPage;
let dispose: () => void;

const pos = (page: StandInPage) => page.world.pos as PosApi;

beforeAll(async () => {
  h = await startHarness();
  core = recordingCore(h.runtime.api);
  const { registerPosIpc } = await withElectron(
    { ipcMain: standIn.ipcMain },
    () => import('../../main/app/ipc'),
  );
  const { registerCustomerDisplayIpc } = await withElectron(
    { ipcMain: standIn.ipcMain },
    () => import('../../main/app/customer-ipc'),
  );
  mainWindow = standIn.createWindow('app://pos/index.html');
  customerWindow = standIn.createWindow('app://pos/customer.html');
  const posIpc = registerPosIpc(core.api, () => [mainWindow] as never, log);
  const customerIpc = registerCustomerDisplayIpc(
    h.runtime.customerDisplay,
    () => customerWindow as never,
    log,
  );
  dispose = () => {
    posIpc.dispose();
    customerIpc.dispose();
  };
  mainPage = mainWindow.page();
  await loadPreload(mainPage, 'index');
  customerPage = customerWindow.page();
  await loadPreload(customerPage, 'customer');
});

afterAll(async () => {
  await h?.close();
});

describe('the cashier window (stand-in IPC)', () => {
  it('exposes exactly window.pos: every method of the contract and onEvent, each on its own channel', () => {
    expect(Object.keys(mainPage.world)).toEqual(['pos']);
    expect(Object.keys(pos(mainPage)).sort()).toEqual([...POS_METHODS, 'onEvent'].sort());
    for (const method of POS_METHODS) expect(standIn.channels()).toContain(`pos:call:${method}`);
  });

  it('carries every method to the core with its argument and brings the core’s answer back unchanged', async () => {
    expect(
      (await h.runtime.api.setManagerPin({ newPin: SAMPLE_PIN, setupCode: h.runtime.setupCode() ?? '' })).ok,
    ).toBe(true);
    const started = await h.runtime.api.startSale({ amount: '3.00' });
    if (!started.ok) throw new Error('no sale');
    const notReached: string[] = [];
    for (const method of POS_METHODS) {
      const args = sampleArgs(method, started.value.id);
      const before = core.calls.length;
      const api = pos(mainPage) as unknown as Record<string, (a: unknown) => Promise<PosResult<unknown>>>;
      const result = await api[method]!(args);
      const reached = core.calls.slice(before);
      if (reached.length !== 1) {
        notReached.push(`${method}: ${JSON.stringify(result)}`);
        continue;
      }
      expect(reached[0]!.method).toBe(method);
      expect(reached[0]!.args, method).toEqual(args);
      expect(result, method).toEqual(reached[0]!.result);
    }
    // A method without a sample argument (test/helpers/sample-pos-args.ts) would be listed here.
    expect(notReached).toEqual([]);
  });

  it('delivers every event type to the page as the event alone, to our window only', async () => {
    const seen: unknown[][] = [];
    const off = pos(mainPage).onEvent((...args: unknown[]) => seen.push(args));
    const types = Object.keys(SAMPLE_EVENTS) as Array<PosEvent['type']>;
    for (const type of types) core.emit(SAMPLE_EVENTS[type]);
    expect(seen).toEqual(types.map((type) => [SAMPLE_EVENTS[type]]));
    expect(customerWindow.received.filter((m) => m.channel === 'pos:event')).toEqual([]);

    // A window that is loading gets nothing (Electron would drop it), and an unsubscribed listener hears nothing.
    mainWindow.loading = true;
    core.emit(SAMPLE_EVENTS['unresolved-count']);
    mainWindow.loading = false;
    off();
    core.emit(SAMPLE_EVENTS['unresolved-count']);
    expect(seen).toHaveLength(types.length);
  });

  it('refuses every method from an iframe, a page that navigated away, the customer window, or a foreign window', async () => {
    const foreign = standIn.createWindow('app://pos/index.html');
    const pages = [
      mainWindow.page({ iframe: 'app://pos/index.html' }),
      mainWindow.page({ navigatedTo: 'https://evil.example/' }),
      foreign.page(),
    ];
    for (const page of pages) await loadPreload(page, 'index');
    const before = core.calls.length;
    for (const page of pages) {
      for (const method of POS_METHODS) {
        const api = pos(page) as unknown as Record<string, (a: unknown) => Promise<PosResult<unknown>>>;
        expect(await api[method]!(sampleArgs(method, 'S-x')), method).toMatchObject({
          ok: false,
          error: { code: 'FORBIDDEN' },
        });
      }
    }
    // The customer window has no window.pos; even its raw IPC is refused on every POS channel.
    for (const method of POS_METHODS) {
      expect(
        await customerPage.ipcRenderer.invoke(`pos:call:${method}`, sampleArgs(method, 'S-x')),
      ).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN' },
      });
    }
    expect(core.calls.length).toBe(before);
    expect(warnings.filter((w) => /untrusted frame/.test(w)).length).toBe(4 * POS_METHODS.length);
  });
});

describe('the customer window (stand-in IPC)', () => {
  it('exposes only the read-only display feed', () => {
    expect(Object.keys(customerPage.world)).toEqual(['customerDisplay']);
    expect(Object.keys(customerPage.world.customerDisplay as object)).toEqual(['onState']);
  });

  it('gets the current state at once and every change after, from the real core', async () => {
    const states: CustomerDisplayState[] = [];
    const feed = customerPage.world.customerDisplay as CustomerDisplayFeed;
    const off = feed.onState((s) => states.push(s));
    await vi.waitFor(() => expect(states.length).toBeGreaterThan(0));
    const started = await h.runtime.api.startSale({ amount: '12.50' });
    expect(started.ok).toBe(true);
    await vi.waitFor(() => expect(states.at(-1)).toMatchObject({ screen: 'scan', amountCents: 1250 }));
    // Sequence numbers only grow: an answer that arrives late never replaces a newer state.
    const seqs = states.map((s) => s.seq);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    expect(mainWindow.received.filter((m) => m.channel === 'customer:state')).toEqual([]);
    off();
  });

  it('answers "what is on screen" to the customer window’s top frame only', async () => {
    expect(await customerPage.ipcRenderer.invoke('customer:get')).toMatchObject({
      screen: expect.any(String),
    });
    expect(await mainPage.ipcRenderer.invoke('customer:get')).toBeNull();
    expect(
      await customerWindow.page({ iframe: 'app://pos/customer.html' }).ipcRenderer.invoke('customer:get'),
    ).toBeNull();
  });

  it('removes every handler on dispose', () => {
    dispose();
    expect(standIn.channels()).toEqual([]);
  });
});
