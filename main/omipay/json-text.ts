/**
 * JSON.parse turns 5.01540000 into the float 5.0154 and would silently round a rate with more digits than a
 * double holds, or an integer beyond 2^53. Node 20's JSON.parse gives revivers no access to the source text
 * (that proposal ships in later V8s), so before parsing we lift every number token into a string holding its
 * exact source text; the zod schemas then read integers and decimals from that text. The pattern matches a
 * whole string literal first, so digits inside strings are never touched, and it uses JSON's strict number
 * grammar so it cannot turn an invalid number (01, .5, 1.) into a valid document.
 */
const STRING_OR_NUMBER = /"(?:[^"\\]|\\.)*"|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

function quoteNumber(token: string): string {
  return token.charCodeAt(0) === 34 /* " */ ? token : `"${token}"`;
}

/** Parses JSON with every number kept as its source text (a string). Throws SyntaxError like JSON.parse. */
export function parseJsonKeepingNumbers(text: string): unknown {
  return JSON.parse(text.replace(STRING_OR_NUMBER, quoteNumber));
}

/**
 * Gateway keys are compared after trimming, because the document's Refund reply has `"refund_no "` (trailing
 * space). An exact key wins over a trimmed duplicate.
 */
export function trimKeys(value: unknown): Record<string, unknown> | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [k, v] of Object.entries(value)) {
    const key = k.trim();
    if (key === k || !(key in out)) out[key] = v;
  }
  return out;
}
