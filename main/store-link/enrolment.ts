/**
 * Where an enrolment lives on the till: the server's address and names in the journal's settings (so a backup
 * of the journal knows which server it belongs to), the credential in a 0600 file beside it (or the shell's
 * secret store). The credential never goes to the journal, its events, logs, IPC or the screens.
 */
import { chmodSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Journal } from '../journal/types';
import { OMIPAY_API_HOSTS } from '../omipay/base-url';

export const ENROLMENT_SETTING = 'storeLink.enrolment';
export const ACKED_SEQ_SETTING = 'storeLink.ackedSeq';
export const CREDENTIAL_FILE = 'store-link-credential';

export const enrolmentSchema = z.object({
  url: z.string().url(),
  tillId: z.string().min(1),
  tillName: z.string(),
  storeId: z.string().min(1),
  storeName: z.string(),
  notifyUrl: z.string().url().nullable(),
  /** The store's shared sandbox (server `--sandbox`): the gateway of this till while it has no live credentials. */
  sandboxGatewayUrl: z.string().url().nullable().optional(),
  enrolledAt: z.number().int().nonnegative(),
});
export type Enrolment = z.infer<typeof enrolmentSchema>;

export function readEnrolment(journal: Journal): Enrolment | null {
  const raw = journal.getSetting<unknown>(ENROLMENT_SETTING);
  if (raw === undefined || raw === null) return null;
  const parsed = enrolmentSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

export function writeEnrolment(journal: Journal, enrolment: Enrolment | null): void {
  journal.setSetting(ENROLMENT_SETTING, enrolment);
}

/** The credential's home: read, write, forget. */
export interface CredentialStore {
  read(): string | null;
  write(credential: string): void;
  remove(): void;
}

export function fileCredentialStore(dataDir: string): CredentialStore {
  const path = join(dataDir, CREDENTIAL_FILE);
  return {
    read() {
      if (!existsSync(path)) return null;
      const value = readFileSync(path, 'utf8').trim();
      return value.length > 0 ? value : null;
    },
    write(credential) {
      // Written whole then renamed: a crash never leaves half a credential.
      const tmp = `${path}.${process.pid}.tmp`;
      writeFileSync(tmp, credential, { mode: 0o600 });
      chmodSync(tmp, 0o600);
      renameSync(tmp, path);
    },
    remove() {
      rmSync(path, { force: true });
    },
  };
}

/** The server address as the manager typed it, reduced to its origin and path (no query, no trailing slash). */
export function normaliseServerUrl(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username || url.password) return null;
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/**
 * The server's shared sandbox as this till's gateway, or null. Only an http(s) address that is none of Omipay's
 * own hosts: a sandbox till is never pointed at a live gateway. (It signs with the sandbox's test merchant, which
 * a live gateway would refuse anyway, so no money could move even then.)
 */
export function sandboxGatewayUrl(text: string | null | undefined): string | null {
  if (!text) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username || url.password || url.search || url.hash) return null;
  const host = url.hostname.toLowerCase();
  const omipay =
    (OMIPAY_API_HOSTS as readonly string[]).includes(host) || /(^|\.)omipay\.com(\.[a-z]+)?$/.test(host);
  if (omipay) return null;
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
