/**
 * Holds the receipt being printed. On screen it is hidden; the print stylesheet hides everything else, so
 * window.print() prints just the receipt.
 */
import { useEffect, useRef } from 'react';
import { usePos } from '../store/context';
import { Receipt } from './Receipt';

/** Frames to wait for the order-number QR to render before printing anyway (about half a second). */
const MAX_WAIT_FRAMES = 30;

export function PrintArea() {
  const job = usePos((s) => s.printJob);
  const printDone = usePos((s) => s.printDone);
  const area = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!job) return;
    let frames = 0;
    let frame = 0;
    const tick = () => {
      const pending = area.current?.querySelector('.qr-pending') !== null;
      if (pending && frames++ < MAX_WAIT_FRAMES) {
        frame = requestAnimationFrame(tick);
        return;
      }
      window.print();
      printDone();
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
  }, [job, printDone]);
  return (
    <div className="print-area" ref={area} data-testid="print-area">
      {job ? <Receipt receipt={job} /> : null}
    </div>
  );
}
