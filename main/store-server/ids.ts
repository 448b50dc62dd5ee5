/**
 * Identifiers and secrets the server hands out. Ids are short and readable (a manager types `till revoke
 * tl_…`); codes and credentials come from the CSPRNG, and only their sha256 is ever stored.
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';

export function newId(prefix: 'st' | 'tl' | 'us' | 'sf'): string {
  return `${prefix}_${randomBytes(8).toString('hex')}`;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** No 0/O, 1/I/L, U: a code read aloud or copied from a screen is typed right the first time. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTVWXYZ23456789';
const CODE_GROUPS = 3;
const CODE_GROUP_LENGTH = 4;

/** A one-time enrolment code, XXXX-XXXX-XXXX (≈ 59 bits). */
export function newEnrolCode(): string {
  return readableSecret(CODE_GROUPS);
}

/** A store staff member's one-time "set PIN" code, XXXX-XXXX-XXXX like an enrolment code. */
export const newPinCode = newEnrolCode;

/** A password set by a reset, shown once: XXXX-XXXX-XXXX-XXXX (≈ 78 bits), easy to read out and type. */
export function newTemporaryPassword(): string {
  return readableSecret(4);
}

function readableSecret(groupCount: number): string {
  const groups: string[] = [];
  for (let g = 0; g < groupCount; g++) {
    let s = '';
    for (let i = 0; i < CODE_GROUP_LENGTH; i++) s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
    groups.push(s);
  }
  return groups.join('-');
}

/** The form a code is hashed in: what the manager typed, without dashes or case. */
export function normaliseEnrolCode(code: string): string {
  return code.trim().replace(/-/g, '').toUpperCase();
}

/** What a one-time code (a till's enrolment, a PIN code) is kept and looked up by. */
export function oneTimeCodeHash(code: string): string {
  return sha256Hex(normaliseEnrolCode(code));
}

/** A till's bearer credential: 32 random bytes, base64url (43 characters). */
export function newCredential(): string {
  return randomBytes(32).toString('base64url');
}
