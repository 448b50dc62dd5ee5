/**
 * A till trades a one-time code (made by a manager: CLI or web page) for its credential. The code is looked up
 * by its sha256, used once, and dies with its expiry or the till's revocation; the credential is returned once
 * and only its sha256 kept. A POS number is unique chain-wide (it prefixes the till's out_order_no at a merchant
 * shared by many tills), so a second till asking for one already held is refused and the code stays unused.
 *
 * A till keeps its identity: it sends its journal's id, and a journal the server already knows resumes the till
 * it was — same till id, cursor (it sends only what the server lacks) and POS number — whichever till name the
 * manager made the fresh code for. A fresh code is the manager's consent, so a revoked till is readmitted by it;
 * the code's own till, never enrolled, is dropped. One journal is never two tills, so no sale is counted twice.
 */
import { enrolRequestSchema, type EnrolResponse, type EnrolRequest } from '../../shared/store-link-protocol';
import { audit } from '../admin';
import type { Sql } from '../db/types';
import { HttpError, type StoreServerContext } from '../http/router';
import { newCredential, oneTimeCodeHash, sha256Hex } from '../ids';
import { storeNotifyUrl } from '../notify-url';

export { enrolRequestSchema };

function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23505';
}

const refused = (status: number, error: string, detail: string) => new HttpError(status, { error, detail });

interface CodeRow {
  till_id: string;
  expires_at: number;
  used_at: number | null;
  enrolled_at: number | null;
  revoked_at: number | null;
  store_id: string;
  till_name: string;
  store_name: string;
}

interface KnownTill {
  id: string;
  name: string;
  store_id: string;
  store_name: string;
}

async function tillOfJournal(tx: Sql, journalId: string | undefined): Promise<KnownTill | undefined> {
  if (journalId === undefined) return undefined;
  const { rows } = await tx.query<KnownTill>(
    `SELECT t.id, t.name, t.store_id, s.name AS store_name
       FROM tills t JOIN stores s ON s.id = t.store_id WHERE t.journal_id = $1 FOR UPDATE OF t`,
    [journalId],
  );
  return rows[0];
}

/** The code was made for a new till name, but the journal is already a till here: the code moves to that till. */
async function dropPlaceholder(tx: Sql, codeTillId: string, keptTillId: string): Promise<void> {
  await tx.query('UPDATE enrol_codes SET till_id = $2 WHERE till_id = $1', [codeTillId, keptTillId]);
  await tx.query('DELETE FROM tills WHERE id = $1 AND enrolled_at IS NULL AND last_seq = 0', [codeTillId]);
}

export async function enrolTill(
  ctx: Pick<StoreServerContext, 'db' | 'now' | 'publicUrl' | 'sandbox'>,
  request: EnrolRequest,
  source: string,
): Promise<EnrolResponse> {
  const now = ctx.now();
  // Before the code is looked at, so the code stays unused: the till can be enrolled with a server on its gateway.
  if (ctx.sandbox && request.gatewayMode === 'live')
    throw refused(
      409,
      'live_till_on_sandbox_server',
      'this store server runs on the Omipay sandbox; a till taking live payments cannot enrol with it',
    );
  const codeHash = oneTimeCodeHash(request.code);
  try {
    return await ctx.db.transaction(async (tx) => {
      const { rows } = await tx.query<CodeRow>(
        `SELECT c.till_id, c.expires_at, c.used_at, t.enrolled_at, t.revoked_at, t.store_id,
                t.name AS till_name, s.name AS store_name
           FROM enrol_codes c JOIN tills t ON t.id = c.till_id JOIN stores s ON s.id = t.store_id
          WHERE c.code_hash = $1
          FOR UPDATE OF c, t`,
        [codeHash],
      );
      const c = rows[0];
      if (!c) throw refused(401, 'unauthorized', 'unknown enrolment code');
      // Revoking marks the till's unused codes used, so "revoked" is asked first: it is the real reason.
      if (c.revoked_at !== null) throw refused(410, 'code_used_or_expired', 'this till was revoked');
      if (c.used_at !== null) throw refused(409, 'code_used_or_expired', 'this code was already used');
      if (c.expires_at <= now) throw refused(410, 'code_used_or_expired', 'this code has expired');
      const known = await tillOfJournal(tx, request.journalId);
      if (known && known.store_id !== c.store_id) {
        throw refused(
          409,
          'journal_of_another_store',
          `this till is already till "${known.name}" of store "${known.store_name}"; its history stays there`,
        );
      }
      if (!known && c.enrolled_at !== null)
        throw refused(409, 'code_used_or_expired', 'this code was already used');
      const tillId = known?.id ?? c.till_id;
      const tillName = known?.name ?? c.till_name;
      const taken = await tx.query('SELECT 1 FROM tills WHERE pos_no = $1 AND id <> $2', [
        request.posNo,
        tillId,
      ]);
      if (taken.rows.length > 0)
        throw refused(409, 'pos_no_taken', `POS number ${request.posNo} belongs to another till`);
      const credential = newCredential();
      await tx.query(
        `UPDATE tills SET pos_no = $2, credential_hash = $3, enrolled_at = coalesce(enrolled_at, $4),
                last_seen_at = $4, revoked_at = NULL, journal_id = coalesce($5, journal_id)
          WHERE id = $1`,
        [tillId, request.posNo, sha256Hex(credential), now, request.journalId ?? null],
      );
      await tx.query('UPDATE enrol_codes SET used_at = $2 WHERE code_hash = $1', [codeHash, now]);
      if (known && known.id !== c.till_id) await dropPlaceholder(tx, c.till_id, known.id);
      await audit(tx, now, `till:${tillId}`, known ? 'till_resume' : 'till_enrol', {
        tillId,
        ...(known && known.id !== c.till_id ? { codeTillId: c.till_id, codeTillName: c.till_name } : {}),
        posNo: request.posNo,
        journalId: request.journalId ?? null,
        appVersion: request.appVersion ?? null,
        source,
      });
      return {
        tillId,
        tillName,
        storeId: c.store_id,
        storeName: c.store_name,
        credential,
        notifyUrl: storeNotifyUrl(ctx.publicUrl, c.store_id),
        sandboxGatewayUrl: ctx.sandbox?.url ?? null,
      };
    });
  } catch (err) {
    if (isUniqueViolation(err))
      throw refused(409, 'pos_no_taken', `POS number ${request.posNo} belongs to another till`);
    throw err;
  }
}
