/**
 * Signing in, and the limits on failures (docs/store-server.md, "Sign-in and sessions").
 *
 * Per account, in the database: every failed check adds one to `failed_attempts` in a single
 * `UPDATE … RETURNING` (a burst of parallel guesses is counted guess by guess, on PGlite and PostgreSQL alike),
 * and after ACCOUNT_FREE_FAILURES the account is locked for 30 s, 1 min, 2 min, 4 min, then 5 min per further
 * failure. The cap is short on purpose: anyone who knows a username can fail on it, so a long lock would let an
 * anonymous visitor keep that person out. A success clears the count only while the account is not locked (the
 * same statement checks it), so the right password inside a burst does not get in once the lock is set.
 *
 * Per source address, in memory: SOURCE_FREE_FAILURES, then 30 s doubling up to an hour, remembered for a day.
 * This is what stops one visitor: after a few guesses their address waits far longer than the account does,
 * so they can hold a known person out for at most a few minutes an hour. The address is the socket's, or the
 * one the configured trusted proxy saw (http/client-address.ts): behind a reverse proxy every request would
 * otherwise come from the proxy, and one visitor's failures would lock everyone out.
 */
import { randomBytes } from 'node:crypto';
import type { StoreServerContext } from '../http/router';
import { hashPassword, verifyPassword } from '../users';
import {
  ABSOLUTE_MS,
  IDLE_MS,
  WebRefusal,
  audit,
  hashToken,
  userOf,
  type UserRow,
  type WebUser,
} from './auth';
import type { Language } from '../../shared/bilingual';
import { t } from './i18n';

export const ACCOUNT_FREE_FAILURES = 4;
export const SOURCE_FREE_FAILURES = 10;
const FIRST_LOCK_MS = 30_000;
export const MAX_ACCOUNT_LOCK_MS = 5 * 60_000;
const MAX_SOURCE_LOCK_MS = 60 * 60_000;
/** A source's failures are forgotten after this long without a new one. */
const SOURCE_MEMORY_MS = 24 * 60 * 60_000;
const MAX_SOURCES = 10_000;

/** The delay after `failures` failures when `free` are allowed: 30 s, doubling, up to `max`. */
export function lockDelayMs(failures: number, free: number, max: number): number {
  if (failures <= free) return 0;
  return Math.min(max, FIRST_LOCK_MS * 2 ** Math.min(20, failures - free - 1));
}

/** "30 seconds", "2 minutes": how long a lock lasts, rounded up, in the reader's language. */
export function waitWords(L: Language, ms: number): string {
  const s = Math.max(1, Math.ceil(ms / 1000));
  if (s < 90) return t(L, 'seconds', { n: s });
  const m = Math.ceil(s / 60);
  return m === 1 ? t(L, 'oneMinute') : t(L, 'minutes', { n: m });
}

interface Failures {
  failures: number;
  lockedUntil: number;
  lastAt: number;
}

/** Failure counts by key, in memory (a restart forgets them), forgotten a day after the last failure. */
class FailureCounter {
  private readonly byKey = new Map<string, Failures>();

  constructor(
    private readonly free: number,
    private readonly max: number,
  ) {}

  lockedFor(key: string, now: number): number {
    const f = this.byKey.get(key);
    if (!f) return 0;
    if (now - f.lastAt > SOURCE_MEMORY_MS) {
      this.byKey.delete(key);
      return 0;
    }
    return Math.max(0, f.lockedUntil - now);
  }

  fail(key: string, now: number): Failures {
    const f = this.byKey.get(key) ?? { failures: 0, lockedUntil: 0, lastAt: now };
    f.failures += 1;
    f.lastAt = now;
    f.lockedUntil = Math.max(f.lockedUntil, now + lockDelayMs(f.failures, this.free, this.max));
    this.byKey.set(key, f);
    if (this.byKey.size > MAX_SOURCES) {
      for (const [k, v] of this.byKey) if (now - v.lastAt > SOURCE_MEMORY_MS) this.byKey.delete(k);
    }
    return f;
  }
}

/**
 * Per-source failure counts, and the lock of usernames that have no account: those follow the accounts' own
 * schedule (in memory here, in the database for accounts), so a guesser gets the same words at the same
 * failures whether or not the name exists, and cannot learn which usernames do.
 */
export class SourceLockout {
  private readonly sources = new FailureCounter(SOURCE_FREE_FAILURES, MAX_SOURCE_LOCK_MS);
  readonly unknownNames = new FailureCounter(ACCOUNT_FREE_FAILURES, MAX_ACCOUNT_LOCK_MS);

  lockedFor(source: string, now: number): number {
    return this.sources.lockedFor(source, now);
  }

  fail(source: string, now: number): void {
    this.sources.fail(source, now);
  }
}

// Checked for unknown usernames too, so the answer takes as long whether or not the account exists.
let dummyHash: Promise<string> | null = null;

/** Counts one failure on the account, atomically; returns the new count and lock. */
async function countFailure(
  ctx: StoreServerContext,
  userId: string,
  now: number,
): Promise<{ failures: number; lockedUntil: number | null }> {
  const r = await ctx.db.query<{ failed_attempts: number; locked_until: number | null }>(
    `UPDATE users SET failed_attempts = failed_attempts + 1,
            locked_until = CASE WHEN failed_attempts + 1 > $2
              THEN greatest(coalesce(locked_until, 0),
                            $3 + least($5::double precision,
                                       $4 * power(2, least(20, failed_attempts - $2)))::bigint)
              ELSE locked_until END
      WHERE id = $1 RETURNING failed_attempts, locked_until`,
    [userId, ACCOUNT_FREE_FAILURES, now, FIRST_LOCK_MS, MAX_ACCOUNT_LOCK_MS],
  );
  const row = r.rows[0];
  return {
    failures: Number(row?.failed_attempts ?? 0),
    lockedUntil: row?.locked_until == null ? null : Number(row.locked_until),
  };
}

function lockedRefusal(lang: Language, ms: number): WebRefusal {
  return new WebRefusal(429, 'errLocked', { wait: waitWords(lang, ms) });
}

export async function signIn(
  ctx: StoreServerContext,
  lockout: SourceLockout,
  attempt: { username: string; password: string; source: string; lang: Language },
): Promise<{ token: string; user: WebUser }> {
  const { source, lang } = attempt;
  const now = ctx.now();
  const sourceWait = lockout.lockedFor(source, now);
  if (sourceWait > 0) throw lockedRefusal(lang, sourceWait);
  const username = attempt.username.trim().toLowerCase();
  const r = await ctx.db.query<UserRow>('SELECT * FROM users WHERE username = $1', [username]);
  const u = r.rows[0];
  const accountWait = u
    ? Math.max(0, Number(u.locked_until ?? 0) - now)
    : lockout.unknownNames.lockedFor(username, now);
  if (accountWait > 0) throw lockedRefusal(lang, accountWait);
  dummyHash ??= hashPassword(randomBytes(18).toString('base64'));
  const ok = await verifyPassword(attempt.password, u?.password_hash ?? (await dummyHash));
  if (!u || !ok || u.disabled_at !== null) {
    lockout.fail(source, now);
    let f: { failures: number; lockedUntil: number | null };
    if (u) {
      f = await countFailure(ctx, u.id, now);
      await audit(ctx, u.username, 'web.sign_in_failed', { source, failures: f.failures });
    } else {
      f = lockout.unknownNames.fail(username, now);
      // Not the name typed: people type their password into the username box.
      await audit(ctx, '-', 'web.sign_in_failed', { source, unknownUser: true });
    }
    if (f.lockedUntil !== null && f.lockedUntil > now)
      throw new WebRefusal(401, 'errNowLocked', {
        n: f.failures,
        wait: waitWords(lang, f.lockedUntil - now),
      });
    throw new WebRefusal(401, 'errBadCredentials');
  }
  // Only while not locked: a lock set by failures counted during this check stands.
  const cleared = await ctx.db.query<{ id: string }>(
    `UPDATE users SET failed_attempts = 0, locked_until = NULL
      WHERE id = $1 AND disabled_at IS NULL AND (locked_until IS NULL OR locked_until <= $2) RETURNING id`,
    [u.id, now],
  );
  if (cleared.rows.length === 0) {
    const again = await ctx.db.query<{ locked_until: number | null }>(
      'SELECT locked_until FROM users WHERE id = $1',
      [u.id],
    );
    throw lockedRefusal(lang, Number(again.rows[0]?.locked_until ?? now + FIRST_LOCK_MS) - now);
  }
  const token = randomBytes(32).toString('base64url');
  await ctx.db.query(
    `INSERT INTO web_sessions (token_hash, user_id, created_at, expires_at, last_seen_at)
     VALUES ($1, $2, $3, $4, $3)`,
    [hashToken(token), u.id, now, now + ABSOLUTE_MS],
  );
  await ctx.db.query('DELETE FROM web_sessions WHERE expires_at < $1 OR last_seen_at < $2', [
    now,
    now - IDLE_MS,
  ]);
  await audit(ctx, u.username, 'web.sign_in', { source });
  return { token, user: userOf(u) };
}
