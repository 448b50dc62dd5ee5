import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { NonceCache } from '../../main/sandbox/nonce-cache';
import { startSandbox, type OrderStatusEvent, type SandboxMerchant } from '../../main/sandbox';
import {
  callApi,
  postControl,
  scanParams,
  signedQuery,
  wechatCode,
  useSandbox,
  refundOfPaidOrder,
  me,
  sb,
} from './sandbox-helpers';

useSandbox({ timeScale: 0.01 });

function scanUrl(params = scanParams(wechatCode('0000'))): { url: string; out: string } {
  return {
    url: `${sb.url}/omipay/api/v2/MakeScanOrder?${signedQuery(params, { merchant: me }).toString()}`,
    out: params.out_order_no ?? '',
  };
}
const booked = (out: string) => sb.control.findOrderByOutOrderNo(me.mNumber, out);

/** Raw HTTP exchange, for input fetch refuses to send. */
function rawRequest(text: string): Promise<string> {
  const { port } = new URL(sb.url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1', () => socket.write(text));
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.on('error', reject);
    socket.setTimeout(5_000, () => socket.destroy(new Error('raw request timed out')));
  });
}

describe('faults', () => {
  it('delay: processes the request, then holds the reply', async () => {
    sb.control.injectFault({ fault: { kind: 'delay', ms: 300 }, api: 'MakeScanOrder' });
    const { url, out } = scanUrl();
    // The client gives up as soon as the order is booked, before the held reply: the payment stands.
    const abort = new AbortController();
    const onStatus = (e: OrderStatusEvent): void => {
      if (e.outOrderNo === out) abort.abort();
    };
    sb.control.events.on('order-status', onStatus);
    await expect(fetch(url, { signal: abort.signal })).rejects.toThrow();
    sb.control.events.off('order-status', onStatus);
    expect(booked(out)?.status).toBe('PAID');
    const res = await fetch(scanUrl().url);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { return_code: string }).return_code).toBe('SUCCESS');
  });

  it('delay: the reply arrives intact after the delay', async () => {
    sb.control.injectFault({ fault: { kind: 'delay', ms: 150 } });
    const started = Date.now();
    const r = await callApi(sb.url, 'GetExchangeRate', {}, { merchant: me });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(r.json.return_code).toBe('SUCCESS');
  });

  it('http500: processes the request, answers HTTP 500', async () => {
    sb.control.injectFault({ fault: { kind: 'http500' }, api: 'MakeScanOrder' });
    const { url, out } = scanUrl();
    const res = await fetch(url);
    expect(res.status).toBe(500);
    await res.text();
    expect(booked(out)?.status).toBe('PAID');
  });

  it('malformed: processes the request, answers 200 with a body that is not JSON', async () => {
    sb.control.injectFault({ fault: { kind: 'malformed' } });
    const { url, out } = scanUrl();
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const text = await res.text();
    expect(() => JSON.parse(text) as unknown).toThrow();
    expect(booked(out)?.status).toBe('PAID');
  });

  it('reset: processes the request, then kills the connection without a reply', async () => {
    sb.control.injectFault({ fault: { kind: 'reset' } });
    const { url, out } = scanUrl();
    await expect(fetch(url)).rejects.toThrow();
    expect(booked(out)?.status).toBe('PAID');
  });

  it('drop: kills the connection before processing; nothing happened', async () => {
    sb.control.injectFault({ fault: { kind: 'drop' }, api: 'MakeScanOrder' });
    const { url, out } = scanUrl();
    await expect(fetch(url)).rejects.toThrow();
    expect(booked(out)).toBeUndefined();
    expect(sb.control.requestCount('MakeScanOrder')).toBe(1);
    const retry = await fetch(scanUrl().url);
    expect(((await retry.json()) as { return_code: string }).return_code).toBe('SUCCESS');
  });

  it('applies `times` times to the named API only, in injection order', async () => {
    sb.control.injectFault({ fault: { kind: 'http500' }, api: 'QueryOrder', times: 2 });
    sb.control.injectFault({ fault: { kind: 'malformed' }, api: 'QueryOrder' });
    expect((await callApi(sb.url, 'GetExchangeRate', {}, { merchant: me })).status).toBe(200);
    const q = () => callApi(sb.url, 'QueryOrder', { order_no: 'a'.repeat(32) }, { merchant: me });
    expect((await q()).status).toBe(500);
    expect((await q()).status).toBe(500);
    expect((await q()).json).toEqual({});
    expect((await q()).json.error_code).toBe('PERMISSION_ERROR');
  });

  it('the MakeQRCode alias matches a MakeQROrder rule', async () => {
    sb.control.injectFault({ fault: { kind: 'http500' }, api: 'MakeQROrder' });
    const params = { order_name: 'x', amount: '1', out_order_no: 'A', platform: 'WECHATPAY' };
    expect((await callApi(sb.url, 'MakeQRCode', params, { merchant: me })).status).toBe(500);
  });

  it('is injected and cleared through the control endpoint', async () => {
    expect((await postControl(sb.url, '/faults', { fault: { kind: 'http500' }, times: 5 })).status).toBe(201);
    expect((await callApi(sb.url, 'GetExchangeRate', {}, { merchant: me })).status).toBe(500);
    const cleared = await fetch(`${sb.url}/_sandbox/faults`, { method: 'DELETE' });
    expect(cleared.status).toBe(200);
    expect((await callApi(sb.url, 'GetExchangeRate', {}, { merchant: me })).status).toBe(200);
  });

  it('never touches the control endpoint', async () => {
    sb.control.injectFault({ fault: { kind: 'drop' }, times: 3 });
    expect((await fetch(`${sb.url}/_sandbox/orders`)).status).toBe(200);
  });

  it('can be armed from the options', async () => {
    const other = await startSandbox({ faults: [{ fault: { kind: 'http500' }, api: 'GetExchangeRate' }] });
    try {
      const m = other.merchants[0] as SandboxMerchant;
      expect((await callApi(other.url, 'GetExchangeRate', {}, { merchant: m })).status).toBe(500);
      expect((await callApi(other.url, 'GetExchangeRate', {}, { merchant: m })).status).toBe(200);
    } finally {
      await other.close();
    }
    await expect(startSandbox({ faults: [{ fault: { kind: 'nope' } as never }] })).rejects.toThrow(TypeError);
  });

  it('rejects malformed rules', () => {
    expect(() => sb.control.injectFault({ fault: { kind: 'delay', ms: -1 } })).toThrow(TypeError);
    expect(() => sb.control.injectFault({ fault: { kind: 'http500' }, times: 0 })).toThrow(TypeError);
    expect(() => sb.control.injectFault({ fault: { kind: 'http500' }, api: 'Pay' })).toThrow(TypeError);
  });
});

describe('hostile input', () => {
  it('an oversized query is refused and the server keeps serving', async () => {
    const reply = await rawRequest(
      `GET /omipay/api/v2/QueryOrder?junk=${'x'.repeat(20_000)} HTTP/1.1\r\nHost: a\r\n\r\n`,
    );
    expect(reply).toMatch(/^HTTP\/1\.1 431/);
    expect((await callApi(sb.url, 'GetExchangeRate', {}, { merchant: me })).json.return_code).toBe('SUCCESS');
  });

  it('bad percent-encoding and binary junk become PARAMETER_INVALID', async () => {
    const res = await fetch(
      `${sb.url}/omipay/api/v2/MakeScanOrder?m_number=%ZZ&amount=%E0%A4%A&nonce_str=%00%FF`,
    );
    expect(res.status).toBe(200);
    expect(((await res.json()) as { error_code: string }).error_code).toBe('PARAMETER_INVALID');
  });

  it('a garbage request line gets 400 and the server keeps serving', async () => {
    const reply = await rawRequest('NOT HTTP AT ALL\r\n\r\n');
    expect(reply).toMatch(/^HTTP\/1\.1 400/);
    expect((await callApi(sb.url, 'GetExchangeRate', {}, { merchant: me })).json.return_code).toBe('SUCCESS');
  });

  it('a body sent to an Omipay path is ignored; a huge control body is refused', async () => {
    const { url } = scanUrl();
    const res = await fetch(url, { method: 'POST', body: 'z'.repeat(200_000) });
    expect(((await res.json()) as { return_code: string }).return_code).toBe('SUCCESS');
    const big = await fetch(`${sb.url}/_sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ pad: 'x'.repeat(100_000) }),
    });
    expect(big.status).toBe(413);
  });

  it('the nonce cache stays bounded', () => {
    const cache = new NonceCache(60_000, 1_000);
    let accepted = 0;
    for (let i = 0; i < 5_000; i++) if (cache.remember(`m:${i}`, 0)) accepted += 1;
    expect(accepted).toBe(5_000);
    expect(cache.size).toBe(1_000);
    expect(cache.remember('m:4999', 1)).toBe(false);
    expect(cache.remember('m:4999', 60_001)).toBe(true);
  });
});

describe('close()', () => {
  it('ends held replies, pending transitions and refund timers promptly', async () => {
    const other = await startSandbox({ timeScale: 1 });
    const m = other.merchants[0] as SandboxMerchant;
    await refundOfPaidOrder(other.url, m, { out_refund_no: 'R', amount: '1' });
    await callApi(other.url, 'MakeScanOrder', scanParams(wechatCode('0001')), { merchant: m });
    other.control.injectFault({ fault: { kind: 'delay', ms: 30_000 } });
    const held = fetch(
      `${other.url}/omipay/api/v2/GetExchangeRate?${signedQuery({}, { merchant: m }).toString()}`,
    );
    await new Promise<void>((resolve) => {
      const check = (): void =>
        other.control.requestCount('GetExchangeRate') > 0 ? resolve() : void setImmediate(check);
      check();
    });
    const started = Date.now();
    await other.close();
    expect(Date.now() - started).toBeLessThan(5_000);
    await expect(held).rejects.toThrow();
    await expect(fetch(`${other.url}/_sandbox/orders`)).rejects.toThrow();
    await other.close(); // idempotent
  });
});
