/**
 * The contract in one place: every method has exactly one schema (contract/methods.ts) and one handler
 * (PosService), and a call from outside is checked once, at the edge, with the same answer on both paths — the
 * hub's WebSocket (real socket, real hub) and Electron IPC (the real invoke listener of main/app/ipc-call.ts;
 * the IPC event is a stand-in, as Electron's binary cannot run here). Behind both is the real core.
 */
import { describe, expect, it } from 'vitest';
import {
  CONTRACT_ERROR_CODES,
  contractError,
  POS_METHODS,
  posInvokeChannel,
  type PosApi,
  type PosMethod,
  type PosResult,
} from '../../../contract';
import { checkCall } from '../../../contract/edge';
import { posContract } from '../../../contract/methods';
import { posInvokeListener } from '../../../main/app/ipc-call';
import { PosService } from '../../../main/payments/pos-service';
import { connectRaw, type RawClient } from '../../helpers/hub-client';
import { scenario, unwrap } from '../../helpers/runtime-harness';
import { hubRuntimeWith, recordingApi, useHub } from '../../helpers/hub-harness';

/** Every call that got past the edge to the core, whichever path it came by. */
const reached: Array<{ method: string; args: unknown }> = [];
let api: PosApi;
const world = useHub({
  runtime: (h) => {
    api = recordingApi(h.runtime.api, reached);
    return hubRuntimeWith(h, api);
  },
});

/** Electron's event type, named without importing electron (only main/app/ and preload/ may). */
type IpcMainInvokeEvent = Parameters<ReturnType<typeof posInvokeListener>>[0];

const warnings: object[] = [];
const log = { warn: (obj: object) => void warnings.push(obj) };

/** Stand-in for Electron's IpcMainInvokeEvent: the top frame of our window on app://pos. */
function ourPageEvent(): IpcMainInvokeEvent {
  return {
    sender: { id: 7 },
    senderFrame: { parent: null, url: 'app://pos/index.html' },
  } as unknown as IpcMainInvokeEvent;
}

/** What main/app/ipc.ts registers on `pos:call:<method>`; an unknown method has no channel at all. */
function viaIpc(method: string, args: unknown): Promise<PosResult<unknown>> {
  return posInvokeListener(api, method as PosMethod, (id) => id === 7, log)(ourPageEvent(), args);
}

function connect(): Promise<RawClient> {
  return connectRaw(world.wsUrl, world.origin);
}

describe('one schema and one handler per method', () => {
  it('derives the method list from the schema table, each entry a zod schema', () => {
    expect([...POS_METHODS]).toEqual(Object.keys(posContract));
    expect(new Set(POS_METHODS).size).toBe(POS_METHODS.length);
    for (const method of POS_METHODS) {
      const schema = posContract[method].args as unknown as { _zod?: unknown; safeParse?: unknown };
      expect(schema._zod, method).toBeDefined();
      expect(typeof schema.safeParse, method).toBe('function');
      expect(posInvokeChannel(method)).toBe(`pos:call:${method}`);
    }
  });

  it('PosService has exactly one handler per method, and every method on the instance', () => {
    const service = world.h.runtime.service;
    expect(service).toBeInstanceOf(PosService);
    const handlers = Reflect.get(service, 'handlers') as Record<string, unknown>;
    expect(Object.keys(handlers).sort()).toEqual([...POS_METHODS].sort());
    for (const method of POS_METHODS) {
      expect(typeof handlers[method], method).toBe('function');
      expect(typeof service[method], method).toBe('function');
    }
  });

  it('names one vocabulary of contract error codes, each with both languages', () => {
    expect(CONTRACT_ERROR_CODES).toEqual(
      expect.arrayContaining(['BAD_MESSAGE', 'UNKNOWN_METHOD', 'INVALID_ARGUMENT', 'INTERNAL_ERROR']),
    );
    for (const code of CONTRACT_ERROR_CODES) {
      const error = contractError(code, 'why');
      expect(error).toMatchObject({ code, detail: 'why' });
      expect(error.message.en.length, code).toBeGreaterThan(10);
      expect(error.message.zh, code).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(checkCall('getSnapshot', undefined)).toEqual({ ok: true, method: 'getSnapshot', args: undefined });
  });
});

describe('the Sales view range', () => {
  const detail = (args: unknown) => {
    const r = checkCall('salesInsights', args);
    return r.ok ? 'accepted' : (r.error.detail ?? '');
  };
  it('is refused in words when a date is not one, it runs backwards or is longer than 366 days', () => {
    const pin = '1234';
    expect(detail({ from: '2024-02-30', to: '2024-03-01', pin })).toBe(
      'from: not a calendar date (YYYY-MM-DD)',
    );
    expect(detail({ from: '2024-05-09', to: '2024-05-08', pin })).toBe('to: the range ends before it starts');
    expect(detail({ from: '2023-01-01', to: '2024-01-02', pin })).toBe('to: a range is at most 366 days');
    expect(detail({ from: '2024-01-01', to: '2024-12-31', pin })).toBe('accepted');
    expect(detail({ from: '2024-05-08', to: '2024-05-08', pin, personId: 'p-ann' })).toBe('accepted');
  });
});

describe('a hostile call is refused the same way on the hub and over IPC', () => {
  // Arguments as JSON text: JSON.parse makes "__proto__" an own key, as a hostile page would send it.
  const hostile: Array<[string, string]> = [
    ['startSale', '{"amount":"1.00","extra":true}'],
    ['startSale', JSON.stringify({ amount: '9'.repeat(5_000) })],
    ['startSale', '{"amount":12.5}'],
    ['startSale', '["1.00"]'],
    ['startSale', 'null'],
    ['startSale', '{"amount":"1.00","__proto__":{"polluted":"yes"}}'],
    ['startSale', '{"amount":"1.00","constructor":{"prototype":{"polluted":"yes"}}}'],
    ['submitCode', JSON.stringify({ saleId: '../../etc/passwd', code: scenario('wechat', '0000') })],
    ['submitCode', JSON.stringify({ saleId: 'abc', code: '13000000000000\u00000000' })],
    ['refund', '{"saleId":"abc","amount":"1.00","reason":"r","pin":"abcd"}'],
    ['searchHistory', '{"limit":1000000000}'],
    ['searchHistory', '{"__proto__":{"limit":1}}'],
    ['exportCsv', '{"from":-1,"to":1,"pin":"1234"}'],
    ['salesInsights', '{"from":"2024-02-30","to":"2024-03-01","pin":"1234"}'],
    ['salesInsights', '{"from":"2024-05-09","to":"2024-05-08","pin":"1234"}'],
    ['salesInsights', '{"from":"2023-01-01","to":"2024-01-02","pin":"1234"}'],
    ['salesInsights', '{"from":"2024-05-01\' OR 1=1","to":"2024-05-08","pin":"1234"}'],
    ['updateSettings', '{"pin":"1234","patch":{"gateway":{"secretKey":"x"}}}'],
    ['testConnection', '{"pin":"1234","baseUrl":"javascript:alert(1)"}'],
    ['getSnapshot', '{"all":true}'],
    ['nope', '{}'],
    ['handleScan', '"13000000000000000000"'],
    ['constructor', '{}'],
    ['__proto__', '{}'],
    ['toString', '{}'],
  ];

  it('with the same code, words and detail, and nothing reaches the core', async () => {
    const before = reached.length;
    const snapshotBefore = unwrap(await world.h.runtime.api.getSnapshot());
    for (const [method, argsText] of hostile) {
      const label = `${method} ${argsText.slice(0, 60)}`;
      // A fresh socket each time: the hub closes one that keeps sending refused frames.
      const client = await connect();
      const overHub = await client.request(method, JSON.parse(argsText));
      client.close();
      const overIpc = await viaIpc(method, JSON.parse(argsText));
      expect(overHub.ok, label).toBe(false);
      expect(overIpc, label).toEqual(overHub);
      if (!overHub.ok) {
        expect(['INVALID_ARGUMENT', 'UNKNOWN_METHOD'], label).toContain(overHub.error.code);
        expect(overHub.error.message.en, label).toBeTruthy();
        expect(overHub.error.message.zh, label).toBeTruthy();
        expect(overHub.error.detail, label).toBeTruthy();
      }
    }
    expect(reached.slice(before)).toEqual([]);
    expect(unwrap(await world.h.runtime.api.getSnapshot())).toEqual(snapshotBefore);
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
  });

  it('says what was wrong in words (the edge has zod’s messages, the bundles do not need them)', async () => {
    const result = await viaIpc('startSale', { amount: '1.00', extra: true });
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    if (!result.ok) expect(result.error.detail).toMatch(/extra/);
  });

  it('passes a good call through once, with the checked argument, on either path', async () => {
    const before = reached.length;
    const client = await connect();
    const overHub = await client.request('searchHistory', { limit: 5, text: '  ' });
    client.close();
    const overIpc = await viaIpc('searchHistory', { limit: 5, text: '  ' });
    expect(overHub.ok).toBe(true);
    expect(overIpc).toEqual(overHub);
    expect(reached.slice(before)).toEqual([
      { method: 'searchHistory', args: { limit: 5, text: '  ' } },
      { method: 'searchHistory', args: { limit: 5, text: '  ' } },
    ]);
  });

  it('IPC alone also refuses a frame that is not our page, before the edge', async () => {
    const before = reached.length;
    const iframe = {
      sender: { id: 7 },
      senderFrame: { parent: {}, url: 'app://pos/index.html' },
    } as unknown as IpcMainInvokeEvent;
    const result = await posInvokeListener(api, 'getSnapshot', () => true, log)(iframe, undefined);
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(reached.slice(before)).toEqual([]);
  });
});
