import { pad2, wallClock } from '../shared/zoned-time';

/** UTC instant → the gateway's wall-clock `yyyyMMddHHmmss` in `timeZone` (DST handled by Intl). */
export function formatGatewayTime(utcMs: number, timeZone: string): string {
  const w = wallClock(utcMs, timeZone);
  return `${String(w.year).padStart(4, '0')}${pad2(w.month)}${pad2(w.day)}${pad2(w.hour)}${pad2(w.minute)}${pad2(w.second)}`;
}
