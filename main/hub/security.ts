/**
 * Who may talk to the hub. Three checks, applied to every page and socket request:
 *  - Host: only names this hub is really reachable under (defeats DNS rebinding, where a hostile page
 *    re-points its own name at 127.0.0.1 and then calls us "same-origin");
 *  - Origin (socket upgrades): must be exactly this hub's own origin (defeats cross-site WebSocket hijacking);
 *  - pairing token: required whenever one is configured, and always when listening beyond loopback.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { networkInterfaces, hostname } from 'node:os';
import { screensContentSecurityPolicy } from '../shared/csp';

const LOOPBACK_BIND = new Set(['127.0.0.1', '::1', 'localhost']);
const WILDCARD_BIND = new Set(['0.0.0.0', '::', '']);

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_BIND.has(host) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

export interface BindPolicy {
  /** The token every page and socket request must carry, or null on a loopback-only hub without one. */
  pairingToken: string | null;
  /** Whether the token was generated here (the caller must show it to the operator). */
  generated: boolean;
}

/** A LAN-reachable hub never runs without a pairing token: one is generated when none was given. */
export function resolveBindPolicy(host: string, pairingToken: string | undefined): BindPolicy {
  if (pairingToken !== undefined) {
    if (!isAcceptableToken(pairingToken)) {
      throw new Error('pairing token must be 16–128 characters of A–Z, a–z, 0–9, "-" or "_"');
    }
    return { pairingToken, generated: false };
  }
  if (isLoopbackHost(host)) return { pairingToken: null, generated: false };
  return { pairingToken: generatePairingToken(), generated: true };
}

export function generatePairingToken(): string {
  return randomBytes(18).toString('base64url');
}

export function isAcceptableToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{16,128}$/.test(token);
}

/** Constant-time: both sides are hashed first so neither the content nor the length leaks through timing. */
export function tokensEqual(expected: string, presented: string | null): boolean {
  if (presented === null) return false;
  const a = createHash('sha256').update(expected, 'utf8').digest();
  const b = createHash('sha256').update(presented, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/** The `host[:port]` values a legitimate browser sends for this hub, lower-cased. */
export function allowedHostHeaders(
  bindHost: string,
  port: number,
  extraNames: readonly string[] = [],
): Set<string> {
  const names = new Set<string>(['127.0.0.1', 'localhost', '[::1]']);
  const add = (name: string): void => {
    if (name === '') return;
    names.add(name.includes(':') && !name.startsWith('[') ? `[${name}]` : name);
  };
  if (WILDCARD_BIND.has(bindHost)) {
    for (const list of Object.values(networkInterfaces())) {
      for (const info of list ?? []) add(info.address.replace(/%.*$/, ''));
    }
    add(hostname());
    add(`${hostname()}.local`);
  } else {
    add(bindHost);
  }
  for (const name of extraNames) add(name);
  const headers = new Set<string>();
  for (const name of names) {
    const lower = name.toLowerCase();
    headers.add(`${lower}:${port}`);
    if (port === 80) headers.add(lower);
  }
  return headers;
}

export function isAllowedHost(
  hostHeader: string | undefined,
  allowed: ReadonlySet<string>,
): hostHeader is string {
  return hostHeader !== undefined && allowed.has(hostHeader.toLowerCase());
}

export function isSameOrigin(originHeader: string | undefined, hostHeader: string): boolean {
  return originHeader !== undefined && originHeader.toLowerCase() === `http://${hostHeader.toLowerCase()}`;
}

/**
 * The page's Content-Security-Policy: only our own files run, the only connection is our own socket, images may
 * be data: URLs (QR codes). No inline script or style elements, no eval, no plugins, no framing.
 */
export function contentSecurityPolicy(hostHeader: string): string {
  return screensContentSecurityPolicy(`'self' ws://${hostHeader}`, ["manifest-src 'self'"]);
}

/** Headers sent with every hub response (the CSP only with pages). */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy':
    'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=(), bluetooth=(), payment=(), clipboard-read=()',
};
