/** Pairing a POS with the till (a six-digit code shown on the screen) and the API keys it gets. */
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { ApiError } from '../errors';
import type { TerminalApiServiceDeps } from './deps';

const PAIRING_TTL_MS = 120_000;
const PAIRING_TRIES = 5;

export class ApiPairing {
  private readonly now: () => number;
  private pairing: { code: string; posName: string; expiresAt: number; tries: number } | null = null;

  constructor(private readonly deps: TerminalApiServiceDeps) {
    this.now = deps.now ?? Date.now;
  }

  startPairing(posName: string): { expiresAt: number } {
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const expiresAt = this.now() + PAIRING_TTL_MS;
    this.pairing = { code, posName, expiresAt, tries: 0 };
    this.deps.showOnScreen({ kind: 'pairing', posName, code, expiresAt });
    this.deps.log?.info({ posName }, 'api pairing started');
    return { expiresAt };
  }

  completePairing(posName: string, code: string): { keyId: string; apiKey: string; name: string } {
    const p = this.pairing;
    if (!p || p.expiresAt < this.now() || p.posName !== posName) throw new ApiError('PAIRING_FAILED');
    p.tries += 1;
    const okCode = timingSafeEqual(Buffer.from(p.code), Buffer.from(code.padEnd(6).slice(0, 6)));
    if (!okCode) {
      if (p.tries >= PAIRING_TRIES) this.pairing = null;
      throw new ApiError('PAIRING_FAILED');
    }
    this.pairing = null;
    const apiKey = `omk_${randomBytes(32).toString('base64url')}`;
    const keyId = `K${randomBytes(6).toString('hex')}`;
    this.deps.store.addKey({ id: keyId, name: posName, keyHash: hashKey(apiKey), createdAt: this.now() });
    this.deps.showOnScreen({ kind: 'paired', posName });
    return { keyId, apiKey, name: posName };
  }

  /** The paired POS a bearer key belongs to, or null (unknown or revoked). */
  authenticate(apiKey: string): { id: string; name: string } | null {
    if (!/^omk_[A-Za-z0-9_-]{43}$/.test(apiKey)) return null;
    const row = this.deps.store.keyByHash(hashKey(apiKey));
    if (!row || row.revokedAt !== null) return null;
    this.deps.store.touchKey(row.id, this.now());
    return { id: row.id, name: row.name };
  }

  listKeys() {
    return this.deps.store.listKeys().map(({ keyHash: _hash, ...rest }) => rest);
  }

  revokeKey(id: string): boolean {
    return this.deps.store.revokeKey(id, this.now());
  }
}

/** sha256 of a 256-bit random key: a slow hash adds nothing against guessing a key of that size. */
export function hashKey(apiKey: string): string {
  return createHash('sha256').update(apiKey).digest('hex');
}
