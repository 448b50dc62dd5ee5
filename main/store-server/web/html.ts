/**
 * HTML for the managers' pages: every value escaped where it is written, no inline script or style (the CSP
 * forbids both), and the same security headers on every answer, page, fragment, JSON or CSV.
 */
import type { Language } from '../../shared/bilingual';
import { formatCents } from '../../shared/money';
import { formatShopDate, formatShopDateTime, shopDateFormat } from '../../shared/shop-date';
import type { Reply, StoreServerContext } from '../http/router';
import { isHttps } from './auth';

export function esc(v: unknown): string {
  return String(v ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A piece of HTML already escaped: `html` strings interpolate these as they are and escape everything else. */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export function html(parts: TemplateStringsArray, ...values: unknown[]): Html {
  let out = parts[0]!;
  values.forEach((v, i) => {
    out += render(v) + parts[i + 1]!;
  });
  return new Html(out);
}

function render(v: unknown): string {
  if (v instanceof Html) return v.text;
  if (Array.isArray(v)) return v.map(render).join('');
  if (v === null || v === undefined || v === false) return '';
  return esc(v);
}

export const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

export function securityHeaders(ctx: StoreServerContext): Record<string, string> {
  return {
    'content-security-policy': CSP,
    'x-frame-options': 'DENY',
    // Not the server's no-referrer: under it a browser sends `Origin: null` with a form POST, and the pages'
    // CSRF check needs the real origin. Other sites still get no referrer.
    'referrer-policy': 'same-origin',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
    'cache-control': 'no-store',
    ...(isHttps(ctx) ? { 'strict-transport-security': 'max-age=31536000' } : {}),
  };
}

export function page(
  ctx: StoreServerContext,
  status: number,
  body: Html,
  extra: Record<string, string> = {},
): Reply {
  return {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8', ...securityHeaders(ctx), ...extra },
    body: `<!doctype html>\n${body.text}`,
  };
}

export function fragment(ctx: StoreServerContext, body: Html): Reply {
  return {
    status: 200,
    headers: { 'content-type': 'text/html; charset=utf-8', ...securityHeaders(ctx) },
    body: body.text,
  };
}

export function jsonReply(ctx: StoreServerContext, status: number, value: unknown): Reply {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...securityHeaders(ctx) },
    body: JSON.stringify(value),
  };
}

/** A CSV download (the pages' exports). */
export function csvReply(ctx: StoreServerContext, filename: string, body: string): Reply {
  return {
    status: 200,
    headers: {
      ...securityHeaders(ctx),
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${filename}"`,
    },
    body,
  };
}

export function redirect(ctx: StoreServerContext, to: string, extra: Record<string, string> = {}): Reply {
  return { status: 303, headers: { location: to, ...securityHeaders(ctx), ...extra }, body: '' };
}

export function money(cents: number): string {
  return formatCents(cents);
}

/** Date and time in the shop's order (12/06/2026, 14:03:05 or 2026-06-12 14:03:05), in the store's zone. */
export function when(at: number | null, lang: Language, timeZone: string): string {
  return at === null ? '' : formatShopDateTime(lang, at, timeZone);
}

/**
 * A date field in the shop's order (main/shared/shop-date): text, not a native picker, whose order would follow
 * the browser's locale. The server reads it back with parseShopDate in the page's language.
 */
export function dateField(lang: Language, name: string, id: string, isoDate: string, required = false): Html {
  return html`<input
    type="text"
    inputmode="numeric"
    autocomplete="off"
    name="${name}"
    id="${id}"
    value="${formatShopDate(lang, isoDate)}"
    placeholder="${shopDateFormat(lang)}"
    ${required ? new Html('required') : ''}
  />`;
}
