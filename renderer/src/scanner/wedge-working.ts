/** Whether a keyboard-wedge scanner is known to work: shared by the status bar and Settings so both say the same. */
import type { ScannerStatus } from '../../../preload/api';

/** A keyboard-wedge scanner has no device to watch: once one of its scans arrived, it is known to work. */
export function wedgeWorking(scanner: ScannerStatus | null | undefined): boolean {
  if (!scanner) return false;
  return (scanner.kind === 'none' || scanner.kind === 'wedge') && Boolean(scanner.wedgeSeenAt);
}
