/**
 * Each person sets their own PIN: a manager asks for a one-time "set PIN" code (shown once, only its sha256 kept,
 * expires after 24 h, asking again voids the old one) and gives it to the person, who types it with their new PIN
 * on the public /staff/pin page. The PIN is hashed with scrypt in the till's own format and parameters
 * (`scrypt$N$r$p$salt$hash`, main/people/pin-hash.ts), so every linked till checks it offline. Common PINs
 * are refused with the till's rule. Nobody but the person ever sees the PIN; the server never shows it again.
 */
import { DEFAULT_SCRYPT, isCommonPin, PIN_PATTERN } from '../people/pin-hash';
import { audit, storeOneTimeCode } from './admin';
import type { StoreDb } from './db/types';
import { newPinCode, oneTimeCodeHash } from './ids';
import { lockStaff, type StaffActor } from './staff';
import { hashPassword } from './users';

export const PIN_CODE_TTL_MS = 24 * 60 * 60_000;

export async function issuePinCode(
  db: StoreDb,
  staffId: string,
  actor: StaffActor,
  now: number,
  ttlMs = PIN_CODE_TTL_MS,
): Promise<{ code: string; expiresAt: number; name: string }> {
  const code = newPinCode();
  const expiresAt = now + ttlMs;
  return db.transaction(async (tx) => {
    const { row, storeIds } = await lockStaff(tx, staffId, actor);
    if (row.disabled_at !== null) throw new PinCodeRefused('disabled');
    await tx.query('UPDATE staff_pin_codes SET used_at = $2 WHERE staff_id = $1 AND used_at IS NULL', [
      staffId,
      now,
    ]);
    await storeOneTimeCode(tx, 'staffPin', { ownerId: staffId, code, by: actor.by, now, expiresAt });
    await audit(tx, now, actor.by, 'staff_pin_code', {
      staffId,
      name: row.name,
      storeId: actor.storeId ?? storeIds[0],
      expiresAt,
      source: actor.source,
    });
    return { code, expiresAt, name: row.name };
  });
}

export type PinSetReason = 'bad_code' | 'pin_format' | 'pin_common' | 'pin_mismatch' | 'disabled';

export class PinCodeRefused extends Error {
  constructor(readonly reason: PinSetReason) {
    super(`staff pin: ${reason}`);
  }
}

/**
 * The person's new PIN for the code. A code that is unknown, used, voided or expired is `bad_code` (the only
 * refusal the page counts as a guess); a PIN the till would not take is refused before the code is spent.
 */
export async function setPinWithCode(
  db: StoreDb,
  input: { code: string; pin: string; pinAgain: string; source: string },
  now: number,
): Promise<{ staffId: string; name: string; storeIds: string[] }> {
  const codeHash = oneTimeCodeHash(input.code.slice(0, 64));
  const found = await db.query<{ staff_id: string }>(
    'SELECT staff_id FROM staff_pin_codes WHERE code_hash = $1 AND used_at IS NULL AND expires_at > $2',
    [codeHash, now],
  );
  if (found.rows.length === 0) throw new PinCodeRefused('bad_code');
  if (!PIN_PATTERN.test(input.pin)) throw new PinCodeRefused('pin_format');
  if (isCommonPin(input.pin)) throw new PinCodeRefused('pin_common');
  if (input.pin !== input.pinAgain) throw new PinCodeRefused('pin_mismatch');
  const hash = await hashPassword(input.pin, DEFAULT_SCRYPT);
  return db.transaction(async (tx) => {
    // Spent in the same statement that checks it: two forms sent at once with one code set one PIN.
    const spent = await tx.query<{ staff_id: string }>(
      `UPDATE staff_pin_codes SET used_at = $2
        WHERE code_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING staff_id`,
      [codeHash, now],
    );
    const staffId = spent.rows[0]?.staff_id;
    if (staffId === undefined) throw new PinCodeRefused('bad_code');
    const { row, storeIds } = await lockStaff(tx, staffId, { by: '', source: null, storeId: null });
    if (row.disabled_at !== null) throw new PinCodeRefused('disabled');
    await tx.query(
      `UPDATE staff SET pin_hash = $2, updated_at = $3, rev = nextval('staff_rev_seq') WHERE id = $1`,
      [staffId, hash, now],
    );
    await audit(tx, now, `staff:${staffId}`, 'staff_pin_set', {
      staffId,
      name: row.name,
      storeId: storeIds[0],
      source: input.source,
    });
    return { staffId, name: row.name, storeIds };
  });
}
