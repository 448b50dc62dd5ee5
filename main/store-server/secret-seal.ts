/**
 * Sealing for what the server must keep but never store in clear (each store's Omipay secret key):
 * AES-256-GCM with the server's key, from STORE_SERVER_KEY (base64, 32 bytes) or `<dataDir>/server.key`
 * (created 0600 on first start). A database backup without the key reveals no merchant secret.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SecretSealer {
  seal(plain: string): string;
  open(sealed: string): string;
}

const VERSION = 'v1';

export function loadServerKey(dataDir: string, env: NodeJS.ProcessEnv = process.env): Buffer {
  const fromEnv = env.STORE_SERVER_KEY;
  if (fromEnv) {
    const key = Buffer.from(fromEnv, 'base64');
    if (key.length !== 32) throw new Error('STORE_SERVER_KEY must be 32 bytes, base64');
    return key;
  }
  const file = join(dataDir, 'server.key');
  if (!existsSync(file)) {
    // With DATABASE_URL nothing else creates the data dir.
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
  }
  chmodSync(file, 0o600);
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte key`);
  return key;
}

export function secretSealer(key: Buffer): SecretSealer {
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return [
        VERSION,
        iv.toString('base64'),
        c.getAuthTag().toString('base64'),
        body.toString('base64'),
      ].join('.');
    },
    open(sealed) {
      const [v, iv, tag, body] = sealed.split('.');
      if (v !== VERSION || !iv || !tag || body === undefined)
        throw new Error('sealed secret: unknown format');
      const d = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
      d.setAuthTag(Buffer.from(tag, 'base64'));
      return Buffer.concat([d.update(Buffer.from(body, 'base64')), d.final()]).toString('utf8');
    },
  };
}
