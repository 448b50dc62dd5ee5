/**
 * The file through which the CLI finds the running server (admin-api.ts): `<dataDir>/admin.json` (0600) with the
 * server's URL and a token that dies with it. Kept apart from the route so an admin command loads only this.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const ADMIN_COMMAND_PATH = '/api/admin/v1/command';
export interface AdminAccess {
  url: string;
  token: string;
  pid: number;
}

export const adminAccessFile = (dataDir: string) => join(dataDir, 'admin.json');

export function newAdminToken(): string {
  return randomBytes(32).toString('base64url');
}

export function writeAdminAccess(dataDir: string, access: AdminAccess): void {
  const file = adminAccessFile(dataDir);
  writeFileSync(file, JSON.stringify(access), { mode: 0o600 });
  chmodSync(file, 0o600);
}

export function readAdminAccess(dataDir: string): AdminAccess | null {
  try {
    const v = JSON.parse(readFileSync(adminAccessFile(dataDir), 'utf8')) as Partial<AdminAccess>;
    return typeof v.url === 'string' && typeof v.token === 'string' && typeof v.pid === 'number'
      ? { url: v.url, token: v.token, pid: v.pid }
      : null;
  } catch {
    return null;
  }
}

export function removeAdminAccess(dataDir: string): void {
  rmSync(adminAccessFile(dataDir), { force: true });
}
