import { BOOT_SNAPSHOT_ID, type PosSnapshot } from '../../../preload/api';

/**
 * The core's snapshot the hub put into the page, if any: lets the first paint happen before the socket opens.
 * Anything that does not look like a snapshot is ignored (the live one follows anyway).
 */
export function readBootSnapshot(doc: Document = document): PosSnapshot | null {
  const text = doc.getElementById(BOOT_SNAPSHOT_ID)?.textContent;
  if (!text) return null;
  try {
    const value = JSON.parse(text) as Partial<PosSnapshot> | null;
    if (!value || typeof value !== 'object' || !value.terminal || !value.scanner || !value.gateway)
      return null;
    return value as PosSnapshot;
  } catch {
    return null;
  }
}
