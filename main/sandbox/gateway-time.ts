import { randomBytes } from 'node:crypto';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-AU', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** UTC instant → the gateway's wall-clock `yyyyMMddHHmmss` in `timeZone` (DST handled by Intl). */
export function formatGatewayTime(utcMs: number, timeZone: string): string {
  const parts: Record<string, string> = {};
  for (const p of formatterFor(timeZone).formatToParts(new Date(utcMs))) parts[p.type] = p.value;
  const year = (parts.year ?? '').padStart(4, '0');
  return `${year}${parts.month}${parts.day}${parts.hour}${parts.minute}${parts.second}`;
}

/** Omipay order and refund numbers: 32 lowercase hex characters. */
export function newGatewayId(): string {
  return randomBytes(16).toString('hex');
}
