/**
 * Signing in to the managers' pages. A session is a random token in an HttpOnly, SameSite=Strict cookie (Secure
 * behind https); the database keeps only its SHA-256, so a copied database opens no session. Sessions end after
 * IDLE_MS without a page or form (the live feed's polling does not keep a session alive) and after ABSOLUTE_MS
 * in any case. Signing in itself, with its limits on failures, is sign-in.ts's.
 * Every POST is checked three ways: SameSite cookie, Origin (or Referer) equal to this server, and a per-session
 * token in the form, derived from the session token so nothing more is stored.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Language } from '../../shared/bilingual';
import { readBody } from '../../shared/http-body';
import type { StoreServerContext } from '../http/router';
import type { UserRole } from '../users';
import type { WordKey } from './i18n';

export const IDLE_MS = 30 * 60_000;
export const ABSOLUTE_MS = 12 * 60 * 60_000;
const FORM_LIMIT = 64 * 1024;
/** last_seen_at is written at most this often (the idle limit is counted in these steps). */
const TOUCH_EVERY_MS = 15_000;

/** A users row as the sign-in reads it. */
export interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role: UserRole;
  store_id: string | null;
  password_hash: string;
  failed_attempts: number;
  locked_until: number | null;
  disabled_at: number | null;
}

export interface WebUser {
  id: string;
  username: string;
  displayName: string;
  role: UserRole;
  storeId: string | null;
}

export interface WebSession {
  user: WebUser;
  csrf: string;
}

/** A refusal shown in words (the page) or as `{ error, message: { en, zh } }` (the JSON endpoints). */
export class WebRefusal extends Error {
  constructor(
    readonly status: number,
    readonly key: WordKey,
    readonly vars: Record<string, string | number> = {},
  ) {
    super(key);
  }
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function csrfFor(token: string): string {
  return createHash('sha256').update(`csrf\0${token}`).digest('base64url');
}

export function parseCookies(req: IncomingMessage): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i <= 0) continue;
    const k = part.slice(0, i).trim();
    try {
      out.set(k, decodeURIComponent(part.slice(i + 1).trim()));
    } catch {
      // A cookie we did not set; ignore it.
    }
  }
  return out;
}

export function isHttps(ctx: StoreServerContext): boolean {
  return ctx.publicUrl?.startsWith('https://') ?? false;
}

export function sessionCookieName(ctx: StoreServerContext): string {
  return isHttps(ctx) ? '__Host-sid' : 'sid';
}

function cookie(
  ctx: StoreServerContext,
  name: string,
  value: string,
  maxAgeS: number,
  httpOnly = true,
): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, 'Path=/', 'SameSite=Strict', `Max-Age=${maxAgeS}`];
  if (httpOnly) parts.push('HttpOnly');
  if (isHttps(ctx)) parts.push('Secure');
  return parts.join('; ');
}

export function languageCookie(ctx: StoreServerContext, lang: Language): string {
  return cookie(ctx, 'lang', lang, 365 * 24 * 3600, false);
}

export function languageOf(req: IncomingMessage): Language {
  const c = parseCookies(req).get('lang');
  if (c === 'zh' || c === 'en') return c;
  return /^zh\b/i.test(req.headers['accept-language'] ?? '') ? 'zh' : 'en';
}

export function sessionSetCookie(ctx: StoreServerContext, token: string): string {
  return cookie(ctx, sessionCookieName(ctx), token, Math.floor(ABSOLUTE_MS / 1000));
}

export function sessionClearCookie(ctx: StoreServerContext): string {
  return cookie(ctx, sessionCookieName(ctx), '', 0);
}

export function userOf(u: UserRow): WebUser {
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    role: u.role,
    storeId: u.store_id,
  };
}

/** The signed-in person, or a refusal (401: not signed in or expired). `touch` = this request is activity. */
export async function requireSession(
  ctx: StoreServerContext,
  req: IncomingMessage,
  touch: boolean,
): Promise<WebSession> {
  const token = parseCookies(req).get(sessionCookieName(ctx));
  if (!token) throw new WebRefusal(401, 'errSignedOut');
  const th = hashToken(token);
  const r = await ctx.db.query<UserRow & { s_expires_at: number; s_last_seen_at: number }>(
    `SELECT u.*, s.expires_at AS s_expires_at, s.last_seen_at AS s_last_seen_at
       FROM web_sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1`,
    [th],
  );
  const row = r.rows[0];
  if (!row) throw new WebRefusal(401, 'errSignedOut');
  const now = ctx.now();
  if (now >= row.s_expires_at || now - row.s_last_seen_at > IDLE_MS || row.disabled_at !== null) {
    await ctx.db.query('DELETE FROM web_sessions WHERE token_hash = $1', [th]);
    throw new WebRefusal(401, 'errExpired');
  }
  if (touch && now - row.s_last_seen_at >= TOUCH_EVERY_MS)
    await ctx.db.query('UPDATE web_sessions SET last_seen_at = $2 WHERE token_hash = $1', [th, now]);
  return { user: userOf(row), csrf: csrfFor(token) };
}

export async function signOut(ctx: StoreServerContext, req: IncomingMessage): Promise<void> {
  const token = parseCookies(req).get(sessionCookieName(ctx));
  if (token) await ctx.db.query('DELETE FROM web_sessions WHERE token_hash = $1', [hashToken(token)]);
}

// ── POST checks ──────────────────────────────────────────────────────────────────────────────────────────────

function expectedOrigin(ctx: StoreServerContext, req: IncomingMessage): string | null {
  if (ctx.publicUrl) return new URL(ctx.publicUrl).origin;
  const host = req.headers.host;
  return host ? `http://${host}` : null;
}

/** Refuses a POST that did not come from this server's own pages (Origin, else Referer). */
export function checkOrigin(ctx: StoreServerContext, req: IncomingMessage): void {
  const expected = expectedOrigin(ctx, req);
  if (req.headers['sec-fetch-site'] === 'cross-site') throw new WebRefusal(403, 'errCsrf');
  let origin = req.headers.origin;
  if (!origin && req.headers.referer) {
    try {
      origin = new URL(req.headers.referer).origin;
    } catch {
      origin = undefined;
    }
  }
  if (!origin || origin === 'null' || origin !== expected) throw new WebRefusal(403, 'errCsrf');
}

export function checkCsrfToken(session: WebSession, form: URLSearchParams): void {
  const got = Buffer.from(form.get('csrf') ?? '');
  const want = Buffer.from(session.csrf);
  if (got.length !== want.length || !timingSafeEqual(got, want)) throw new WebRefusal(403, 'errCsrf');
}

export async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') throw new WebRefusal(415, 'errBadInput');
  const body = await readBody(req, FORM_LIMIT);
  if (body === null) throw new WebRefusal(413, 'errTooLarge');
  return new URLSearchParams(body.toString('utf8'));
}

export async function audit(
  ctx: StoreServerContext,
  actor: string,
  action: string,
  detail: Record<string, unknown>,
): Promise<void> {
  await ctx.db.query('INSERT INTO audit_log (at, actor, action, detail) VALUES ($1, $2, $3, $4)', [
    ctx.now(),
    actor,
    action,
    JSON.stringify(detail),
  ]);
}
