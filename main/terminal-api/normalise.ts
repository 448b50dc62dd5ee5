/**
 * Text from a POS is normalised once, where the request enters: a lone UTF-16 surrogate becomes U+FFFD and the
 * text is put in Unicode NFC. Everything after — the idempotency comparison, the journal, the screen — sees the
 * same string, so the same request sent twice is the same request however the caller's runtime encoded it.
 */

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function normaliseText(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD').normalize('NFC');
}

/** Every string in a parsed JSON value (keys included), normalised; other values as they are. */
export function normaliseJson(value: unknown): unknown {
  if (typeof value === 'string') return normaliseText(value);
  if (Array.isArray(value)) return value.map(normaliseJson);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[normaliseText(k)] = normaliseJson(v);
    return out;
  }
  return value;
}
