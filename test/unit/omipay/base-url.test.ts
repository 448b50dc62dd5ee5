import { describe, expect, it } from 'vitest';
import {
  checkBaseUrl,
  isLoopbackHost,
  isOmipayHost,
  OMIPAY_API_HOSTS,
  OMIPAY_BASE_URLS,
  payUrlHostAllowed,
  OmipayClient,
  TransportError,
} from '../../../main/omipay';

/** Each of `urls` is accepted as a base URL (`ok`), or each is refused. */
function expectBaseUrls(ok: boolean, urls: string[]): void {
  for (const url of urls) expect(checkBaseUrl(url).ok, url).toBe(ok);
}

describe('checkBaseUrl', () => {
  it('accepts the regional gateways and any https URL', () => {
    expect(OMIPAY_BASE_URLS).toEqual({ AU: 'https://www.omipay.com.au', CN: 'https://www.omipay.com.cn' });
    expect(checkBaseUrl(OMIPAY_BASE_URLS.AU).ok).toBe(true);
    expect(checkBaseUrl(OMIPAY_BASE_URLS.CN).ok).toBe(true);
    expect(checkBaseUrl('https://gateway.example.com:8443/prefix').ok).toBe(true);
  });

  it('names the hosts serving the v2 API (www.omipay.com.au, www.omipay.com.cn, g.omipay.com.cn)', () => {
    expect([...OMIPAY_API_HOSTS]).toEqual(['www.omipay.com.au', 'www.omipay.com.cn', 'g.omipay.com.cn']);
    for (const base of Object.values(OMIPAY_BASE_URLS)) {
      expect(OMIPAY_API_HOSTS).toContain(new URL(base).hostname);
    }
    const sandbox = new URL('http://127.0.0.1:8787');
    for (const host of OMIPAY_API_HOSTS) {
      expect(checkBaseUrl(`https://${host}`).ok, host).toBe(true);
      expect(isOmipayHost(host), host).toBe(true);
      // A pay_url on any of them may be signed even when the API was called elsewhere.
      expect(
        payUrlHostAllowed(new URL(`https://${host}/Omipay/H5Pay/QRcode_Pay.html?paycode=TR1`), sandbox),
      ).toBe(true);
    }
  });

  it('accepts plain http only to loopback', () => {
    expectBaseUrls(true, [
      'http://127.0.0.1:8787',
      'http://127.5.6.7',
      'http://localhost:1',
      'http://[::1]:8080',
    ]);
    expectBaseUrls(false, [
      'http://10.0.0.1',
      'http://192.168.1.5:8787',
      'http://www.omipay.com.au',
      'http://127.0.0.1.evil.example',
      'http://localhost.evil.example',
      'http://sandbox.localhost',
      'http://[::2]',
      'http://0.0.0.0',
    ]);
  });

  it('refuses other schemes, credentials, queries and non-URLs', () => {
    expectBaseUrls(false, [
      'ftp://127.0.0.1',
      'file:///etc',
      'www.omipay.com.au',
      '',
      'https://u:p@www.omipay.com.au',
      'https://a.example/?x=1',
      'https://a.example/#x',
    ]);
  });

  it('knows the loopback forms', () => {
    expect(isLoopbackHost('127.0.0.1')).toBe(true);
    expect(isLoopbackHost('[::1]')).toBe(true);
    expect(isLoopbackHost('[::ffff:7f00:1]')).toBe(true);
    expect(isLoopbackHost('LOCALHOST')).toBe(true);
    expect(isLoopbackHost('128.0.0.1')).toBe(false);
    expect(isLoopbackHost('127.0.0.256')).toBe(false);
  });
});

describe('a client with an unusable base URL', () => {
  const client = new OmipayClient({
    baseUrl: 'http://192.0.2.10:8787',
    credentials: { mNumber: '100001', secretKey: 'k' },
  });

  it('refuses every call as not_sent / INVALID_BASE_URL without touching the network', async () => {
    const started = Date.now();
    const err = await client.queryOrder({ orderNo: 'abc' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect(err).toMatchObject({ outcome: 'not_sent', failure: 'invalid_base_url', code: 'INVALID_BASE_URL' });
    expect((err as TransportError).cashier.en).toMatch(/settings/);
    // 192.0.2.0/24 is TEST-NET: a connect attempt would hang until the timeout, not return at once.
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('refuses to build signed URLs', () => {
    expect(() => client.userInfoUrl('https://shop.example/back')).toThrow(TransportError);
    expect(() => client.payUrl('http://192.0.2.10:8787/omipay/pay/x', 'https://shop.example/back')).toThrow(
      TransportError,
    );
  });
});
