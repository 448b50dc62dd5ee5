/**
 * The address a request came from. Behind a reverse proxy every request arrives from the proxy, so the
 * client's address is taken from X-Forwarded-For — but only when the socket's address is a configured trusted
 * proxy (`--trusted-proxy`, STORE_SERVER_TRUSTED_PROXIES); from anyone else the header is a claim anybody can
 * make, and is ignored. The list is read from the right (the proxy appends what it saw) past any trusted hops.
 */
import { isIP } from 'node:net';

export function normaliseAddress(a: string): string {
  const s = a.trim().toLowerCase();
  return s.startsWith('::ffff:') && isIP(s.slice(7)) === 4 ? s.slice(7) : s;
}

/** Parses a comma-separated list of IP addresses; throws with words for anything that is not one. */
export function parseTrustedProxies(list: string | undefined): string[] {
  if (list === undefined || list.trim() === '') return [];
  return list.split(',').map((x) => {
    const a = normaliseAddress(x);
    if (isIP(a) === 0) throw new Error(`trusted proxy: "${x.trim()}" is not an IP address`);
    return a;
  });
}

export function clientAddress(
  socketAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trusted: ReadonlySet<string>,
): string {
  const peer = normaliseAddress(socketAddress ?? 'unknown');
  if (!trusted.has(peer) || forwardedFor === undefined) return peer;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor)
    .split(',')
    .map(normaliseAddress)
    .filter((x) => x !== '');
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!;
    if (isIP(hop) === 0) return peer;
    if (!trusted.has(hop)) return hop;
  }
  return peer;
}
