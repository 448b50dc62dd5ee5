/** Omipay's regional gateways (the hosts the field notes name). */
export const OMIPAY_BASE_URLS = {
  AU: 'https://www.omipay.com.au',
  CN: 'https://www.omipay.com.cn',
} as const;

/**
 * Hosts known to serve the same v2 API: the two regional ones and g.omipay.com.cn, which public integrations
 * configure as the CN gateway. Any of them is a valid `baseUrl`, and a pay_url on any of them may be signed.
 */
export const OMIPAY_API_HOSTS = ['www.omipay.com.au', 'www.omipay.com.cn', 'g.omipay.com.cn'] as const;

export type OmipayRegion = keyof typeof OMIPAY_BASE_URLS;

export type BaseUrlCheck = { ok: true; url: URL } | { ok: false; reason: string };

/** 127.0.0.0/8, ::1 and localhost: plain HTTP there never leaves the machine. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  // Not *.localhost: not every resolver maps those names to loopback, some ask DNS.
  if (host === 'localhost') return true;
  if (host === '::1' || host === '0:0:0:0:0:0:0:1') return true;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (v4) return v4.slice(1).every((o) => Number(o) <= 255) && v4[1] === '127';
  // IPv4-mapped IPv6 loopback (the URL parser writes ::ffff:127.0.0.1 as ::ffff:7f00:1).
  const mapped = /^::ffff:7f([0-9a-f]{2}):[0-9a-f]{1,4}$/.exec(host);
  return mapped !== null;
}

/**
 * A base URL is accepted when it is HTTPS, or plain HTTP to a loopback host (the embedded sandbox). Signed
 * URLs are bearer credentials for five minutes, so they must never cross a network in clear text.
 */
export function checkBaseUrl(baseUrl: string): BaseUrlCheck {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return { ok: false, reason: 'not a URL' };
  }
  if (url.username !== '' || url.password !== '')
    return { ok: false, reason: 'must not contain credentials' };
  if (url.search !== '' || url.hash !== '')
    return { ok: false, reason: 'must not contain a query or fragment' };
  if (url.protocol === 'https:') return { ok: true, url };
  if (url.protocol === 'http:') {
    return isLoopbackHost(url.hostname)
      ? { ok: true, url }
      : { ok: false, reason: 'plain http is allowed only to a loopback host' };
  }
  return { ok: false, reason: 'must be https' };
}
