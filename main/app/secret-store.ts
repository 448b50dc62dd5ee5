/**
 * The merchant's secret key at rest in the Electron shell: encrypted with safeStorage (Keychain, DPAPI,
 * libsecret/kwallet) in `<dataDir>/secret-key.enc`, mode 0600. Hub mode keeps it in a 0600 file instead (see
 * main/config). The key is only ever handed to the core; never to the page, logs or IPC.
 */
import { chmodSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { safeStorage } from 'electron';
import { fileSecretStore } from '../config/config';
import type { SecretStore } from '../config/settings-service';

export const ENCRYPTED_SECRET_FILE = 'secret-key.enc';

interface StoreLog {
  warn(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
}

/**
 * Must be called after app 'ready' (safeStorage is not usable before). Kinds, as the manager's settings show:
 *  - 'safeStorage': encrypted by the OS keyring;
 *  - 'basic_text': Linux without a keyring: Chromium "encrypts" with a fixed key, i.e. no real protection;
 *  - 'file': no safeStorage at all: hub mode's 0600 file is used instead.
 */
export function createSafeStorageSecretStore(dataDir: string, log: StoreLog): SecretStore {
  if (!safeStorage.isEncryptionAvailable()) {
    log.warn({}, 'safeStorage is not available; the secret key is kept in a file readable by this user only');
    return {
      kind: 'file',
      read: () => fileSecretStore.read(dataDir),
      write: (secret) => fileSecretStore.write(dataDir, secret),
    };
  }
  const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : 'os';
  const weak = backend === 'basic_text' || backend === 'unknown';
  if (weak) {
    log.warn(
      { backend },
      'no OS keyring: the secret key is stored without real encryption (install a keyring)',
    );
  } else {
    adoptPlainFile(dataDir, log);
  }
  return {
    kind: weak ? 'basic_text' : 'safeStorage',
    read: () => readEncrypted(dataDir),
    write: (secret) => writeEncrypted(dataDir, secret),
  };
}

function readEncrypted(dataDir: string): string | null {
  const path = join(dataDir, ENCRYPTED_SECRET_FILE);
  if (!existsSync(path)) return null;
  try {
    const secret = safeStorage.decryptString(readFileSync(path)).trim();
    return secret.length > 0 ? secret : null;
  } catch {
    // Encrypted under another user or keyring: unusable; the manager must enter the key again.
    return null;
  }
}

function writeEncrypted(dataDir: string, secret: string): void {
  const path = join(dataDir, ENCRYPTED_SECRET_FILE);
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, safeStorage.encryptString(secret), { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}

/** A key left in hub mode's plain file (same data directory) moves into encrypted storage. */
function adoptPlainFile(dataDir: string, log: StoreLog): void {
  const plain = fileSecretStore.read(dataDir);
  if (plain === null) return;
  if (readEncrypted(dataDir) === null) writeEncrypted(dataDir, plain);
  rmSync(fileSecretStore.path(dataDir), { force: true });
  log.info({}, 'plain-text secret key file moved into encrypted storage');
}
