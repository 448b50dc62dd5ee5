/**
 * A till trades a one-time code (made by a manager: CLI or web page) for its credential. The code is looked up
 * by its sha256, used once, and dies with its expiry or the till's revocation; the credential is returned once
 * and only its sha256 kept. A POS number is unique chain-wide (it prefixes the till's out_order_no at a merchant
 * shared by many tills), so a second till asking for one already held is refused and the code stays unused.
 */
import { enrolRequestSchema, type EnrolResponse, type EnrolRequest } from '../../shared/store-link-protocol';
import { audit } from '../admin';
import { HttpError, type StoreServerContext } from '../http/router';
import { newCredential, normaliseEnrolCode, sha256Hex } from '../ids';
import { storeNotifyUrl } from '../notify-url';

export { enrolRequestSchema };

function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23505';
}

export async function enrolTill(
  ctx: Pick<StoreServerContext, 'db' | 'now' | 'publicUrl'>,
  request: EnrolRequest,
  source: string,
): Promise<EnrolResponse> {
  const now = ctx.now();
  const codeHash = sha256Hex(normaliseEnrolCode(request.code));
  const refused = (status: number, error: string, detail: string) => new HttpError(status, { error, detail });
  try {
    return await ctx.db.transaction(async (tx) => {
      const { rows } = await tx.query<{
        till_id: string;
        expires_at: number;
        used_at: number | null;
        enrolled_at: number | null;
        revoked_at: number | null;
        store_id: string;
        till_name: string;
        store_name: string;
      }>(
        `SELECT c.till_id, c.expires_at, c.used_at, t.enrolled_at, t.revoked_at, t.store_id,
                t.name AS till_name, s.name AS store_name
           FROM enrol_codes c JOIN tills t ON t.id = c.till_id JOIN stores s ON s.id = t.store_id
          WHERE c.code_hash = $1
          FOR UPDATE OF c, t`,
        [codeHash],
      );
      const c = rows[0];
      if (!c) throw refused(401, 'unauthorized', 'unknown enrolment code');
      // Revoked first: the revoke voided the till's unused codes (used_at), and 410 says why.
      if (c.revoked_at !== null) throw refused(410, 'code_used_or_expired', 'this till was revoked');
      if (c.used_at !== null || c.enrolled_at !== null)
        throw refused(409, 'code_used_or_expired', 'this code was already used');
      if (c.expires_at <= now) throw refused(410, 'code_used_or_expired', 'this code has expired');
      const taken = await tx.query('SELECT 1 FROM tills WHERE pos_no = $1', [request.posNo]);
      if (taken.rows.length > 0)
        throw refused(409, 'pos_no_taken', `POS number ${request.posNo} belongs to another till`);
      const credential = newCredential();
      await tx.query(
        `UPDATE tills SET pos_no = $2, credential_hash = $3, enrolled_at = $4, last_seen_at = $4 WHERE id = $1`,
        [c.till_id, request.posNo, sha256Hex(credential), now],
      );
      await tx.query('UPDATE enrol_codes SET used_at = $2 WHERE code_hash = $1', [codeHash, now]);
      await audit(tx, now, `till:${c.till_id}`, 'till_enrol', {
        tillId: c.till_id,
        posNo: request.posNo,
        appVersion: request.appVersion ?? null,
        source,
      });
      return {
        tillId: c.till_id,
        tillName: c.till_name,
        storeId: c.store_id,
        storeName: c.store_name,
        credential,
        notifyUrl: storeNotifyUrl(ctx.publicUrl, c.store_id),
      };
    });
  } catch (err) {
    if (isUniqueViolation(err))
      throw refused(409, 'pos_no_taken', `POS number ${request.posNo} belongs to another till`);
    throw err;
  }
}
