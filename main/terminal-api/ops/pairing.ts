/** Pairing a POS with the till (a six-digit code shown on the screen) and the API keys it gets. */
import { createHash, randomBytes } from 'node:crypto';
import { PairingCodes } from '../pairing-codes';
import type { TerminalApiServiceDeps } from './deps';

export class ApiPairing {
  private readonly now: () => number;
  /** The code on screen and the wrong tries against it (../pairing-codes). */
  private readonly codes: PairingCodes;

  constructor(private readonly deps: TerminalApiServiceDeps) {
    this.now = deps.now ?? Date.now;
    this.codes = new PairingCodes({
      now: () => this.now(),
      show: deps.showOnScreen,
      ...(deps.log ? { log: deps.log } : {}),
    });
  }

  startPairing(posName: string): { expiresAt: number } {
    return this.codes.start(posName);
  }

  completePairing(posName: string, code: string): { keyId: string; apiKey: string; name: string } {
    this.codes.complete(posName, code);
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
