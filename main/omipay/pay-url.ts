/**
 * Rules for the pay_url the gateway returns (sections 2.2 and 2.3).
 *
 * The field's replies carry a pay_url that is already signed (`…/Omipay/H5Pay/QRcode_Pay.html?paycode=…&m_number=
 * …&timestamp=…&nonce_str=…&sign=…`), and public SDKs append a second signature to it, which leaves every signing
 * key twice. The client instead drops the gateway's signing keys (and any redirect_url) and appends one fresh set,
 * so the URL has each key once and its five-minute window starts when the customer is sent there.
 */

/** Keys the client owns in a signed pay_url; `noncestring` is the document's spelling of nonce_str. */
export const PAY_URL_OWN_KEYS: ReadonlySet<string> = new Set([
  'm_number',
  'timestamp',
  'nonce_str',
  'noncestring',
  'sign',
  'redirect_url',
]);

/** Omipay's own domains: every host of OMIPAY_API_HOSTS lies under one of them. */
const OMIPAY_DOMAINS = ['omipay.com.au', 'omipay.com.cn'] as const;

export function isOmipayHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return OMIPAY_DOMAINS.some((d) => host === d || host.endsWith(`.${d}`));
}

/**
 * A signed URL is a bearer credential for five minutes, so the client signs a pay_url only when it points at the
 * configured gateway's own origin, or over https (default port) at a host under omipay.com.au / omipay.com.cn: the
 * field shows a pay_url on www.omipay.com.cn for an API called elsewhere. Anything else is refused.
 */
export function payUrlHostAllowed(target: URL, base: URL): boolean {
  if (target.username !== '' || target.password !== '') return false;
  if (target.origin === base.origin) return true;
  return target.protocol === 'https:' && target.port === '' && isOmipayHost(target.hostname);
}

/** The query of `url` without the keys the client will set itself, raw segments kept byte for byte. */
export function queryWithoutOwnKeys(rawQuery: string): string {
  return rawQuery
    .split('&')
    .filter((segment) => {
      if (segment === '') return false;
      const eq = segment.indexOf('=');
      const rawKey = eq === -1 ? segment : segment.slice(0, eq);
      let key: string;
      try {
        key = decodeURIComponent(rawKey.replace(/\+/g, ' '));
      } catch {
        return true;
      }
      return !PAY_URL_OWN_KEYS.has(key.trim());
    })
    .join('&');
}
