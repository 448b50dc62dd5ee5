import { useEffect, useState } from 'react';
import { qrSvgDataUrl } from './qr-svg';

/** A QR code of `text`; empty until generated (a few milliseconds). */
export function QrImage({ text, alt, className }: { text: string; alt: string; className?: string }) {
  const [src, setSrc] = useState<{ text: string; url: string } | null>(null);
  useEffect(() => {
    let live = true;
    qrSvgDataUrl(text).then(
      (url) => {
        if (live) setSrc({ text, url });
      },
      () => {
        if (live) setSrc(null);
      },
    );
    return () => {
      live = false;
    };
  }, [text]);
  const cls = className ?? 'qr';
  if (!src || src.text !== text) return <div className={`${cls} qr-pending`} aria-hidden="true" />;
  return <img className={cls} src={src.url} alt={alt} data-qr-text={text} />;
}
