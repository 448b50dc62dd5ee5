/**
 * A refused enrolment is written to the audit log (from where, and why; never the code typed). The per-source
 * limit on failed attempts (routes.ts) bounds how many such rows a guesser can make.
 */
import { audit } from '../admin';
import type { HttpError, StoreServerContext } from '../http/router';

export async function auditFailedEnrolment(
  ctx: Pick<StoreServerContext, 'db' | 'now' | 'log'>,
  source: string,
  err: HttpError,
): Promise<void> {
  const detail = typeof err.body.detail === 'string' ? err.body.detail.slice(0, 200) : null;
  try {
    await audit(ctx.db, ctx.now(), 'till', 'till_enrol_failed', {
      status: err.status,
      error: err.body.error ?? null,
      reason: detail,
      source,
    });
  } catch (e) {
    // The refusal still goes out; only its audit row is missing, and the log says so.
    ctx.log.warn({ err: String(e) }, 'store server: could not audit a refused enrolment');
  }
}
