import { randomBytes } from 'node:crypto';

/** Sortable, URL-safe ids: time in base 36, then 48 random bits. */
export function newId(prefix: string, at: number = Date.now()): string {
  return `${prefix}${at.toString(36).padStart(9, '0')}${randomBytes(6).toString('hex')}`;
}

/** Shows only the last four characters of a customer's payment code. */
export function maskCode(code: string | null): string | null {
  if (code === null) return null;
  if (code.length <= 4) return '*'.repeat(code.length);
  return `${'•'.repeat(code.length - 4)}${code.slice(-4)}`;
}
