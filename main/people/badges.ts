/**
 * Staff badges: `OMIPOS-STAFF1.<personId>.<secret>`, a barcode or QR the same scanner reads. The secret is 26
 * random base32 characters (130 bits); only its SHA-256 is kept (a secret that long needs no slow hash), so the
 * code is shown once, to print. Issuing a new badge replaces the old one; revoking clears it. A code copied from
 * a screenshot of a revoked or replaced badge is refused. The prefix is recognised before any payment-code
 * parsing, and a payment code (digits only) can never carry it.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const BADGE_PREFIX = 'OMIPOS-STAFF1.';
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const SECRET_LENGTH = 26;
const BADGE_PATTERN = /^OMIPOS-STAFF1\.([A-Za-z0-9_-]{1,64})\.([A-Z2-7]{24,64})$/;

/** Whether a scan is meant as a staff badge (whatever its state): it must never reach the payment path. */
export function looksLikeBadge(raw: string): boolean {
  return raw.trim().toUpperCase().startsWith(BADGE_PREFIX);
}

export function parseBadge(raw: string): { personId: string; secret: string } | null {
  const m = BADGE_PATTERN.exec(raw.trim());
  return m ? { personId: m[1]!, secret: m[2]! } : null;
}

export function newBadge(personId: string): { code: string; hash: string } {
  const bytes = randomBytes(SECRET_LENGTH);
  const secret = [...bytes].map((b) => BASE32[b % 32]).join('');
  return { code: `${BADGE_PREFIX}${personId}.${secret}`, hash: badgeHash(secret) };
}

export function badgeHash(secret: string): string {
  return `sha256:${createHash('sha256').update(secret).digest('hex')}`;
}

/** Constant-time comparison of a scanned secret with the stored hash. */
export function badgeMatches(secret: string, stored: string | null): boolean {
  if (stored === null) return false;
  const a = Buffer.from(badgeHash(secret));
  const b = Buffer.from(stored);
  return a.length === b.length && timingSafeEqual(a, b);
}
