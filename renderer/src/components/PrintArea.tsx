/**
 * Holds the receipt (or a core-rendered receipt/report) for the system print dialog. On screen it is hidden;
 * the print stylesheet hides everything else, so window.print() prints just this, sized for the paper.
 */
import { useEffect, useRef } from 'react';
import { usePosPick } from '../store/context';
import { CoreHtml } from './CoreHtml';
import { Receipt } from './Receipt';

/** Frames to wait for the order-number QR to render before printing anyway (about half a second). */
const MAX_WAIT_FRAMES = 30;

export function PrintArea() {
  const {
    printJob: job,
    htmlPrintJob: htmlJob,
    paperWidthMm,
  } = usePosPick('printJob', 'htmlPrintJob', 'paperWidthMm');
  const area = useRef<HTMLDivElement>(null);
  const showHtml = htmlJob !== null && htmlJob.seq > (job?.seq ?? 0);
  const seq = Math.max(job?.seq ?? 0, htmlJob?.seq ?? 0);
  useEffect(() => {
    if (seq === 0) return;
    let frames = 0;
    let frame = 0;
    const tick = () => {
      const pending = area.current === null || area.current.querySelector('.qr-pending') !== null;
      if (pending && frames++ < MAX_WAIT_FRAMES) {
        frame = requestAnimationFrame(tick);
        return;
      }
      window.print();
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
  }, [seq]);
  return (
    <div className={`print-area paper-${paperWidthMm}`} ref={area} data-testid="print-area">
      {showHtml ? <CoreHtml html={htmlJob.html} /> : null}
      {!showHtml && job ? <Receipt receipt={job.receipt} /> : null}
    </div>
  );
}
