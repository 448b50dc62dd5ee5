/**
 * A drawing of where the payment code is in each wallet: the phone with the wallet's payment-code page open
 * (bar code above a QR code), the wallet's colour, and the way there in both languages. Plain SVG: nothing to
 * download, nothing the CSP would block.
 */
import { BothLines } from './Bilingual';
import type { Platform } from '../../../preload/api';
import { customerWords, walletHintWords } from './words';

const COLOURS: Record<Platform, string> = { WECHATPAY: '#07c160', ALIPAY: '#1677ff' };

/** Bars of a pretend bar code: fixed widths, so every render is the same picture. */
const BARS = [3, 1, 2, 1, 3, 2, 1, 1, 3, 1, 2, 3, 1, 2, 1, 3, 1, 1, 2, 3, 1, 2];

export function WalletHint({ platform }: { platform: Platform }) {
  const name = customerWords.wallets[platform];
  const hint = walletHintWords(platform);
  let x = 22;
  const bars = BARS.map((width, i) => {
    const bar =
      i % 2 === 0 ? <rect key={i} x={x} y={62} width={width * 1.6} height={22} fill="#17202b" /> : null;
    x += width * 1.6;
    return bar;
  });
  return (
    <figure className="cd-hint" data-testid={`cd-hint-${platform}`}>
      <svg viewBox="0 0 120 200" role="img" aria-label={`${hint.zh} ${hint.en}`}>
        <rect x="4" y="4" width="112" height="192" rx="14" fill="#ffffff" stroke="#17202b" strokeWidth="4" />
        <rect x="10" y="16" width="100" height="34" rx="4" fill={COLOURS[platform]} />
        <text x="60" y="39" textAnchor="middle" fontSize="14" fill="#ffffff" fontWeight="700">
          {name.zh}
        </text>
        {bars}
        <rect x="32" y="96" width="56" height="56" fill="#ffffff" stroke="#17202b" strokeWidth="3" />
        <rect x="38" y="102" width="14" height="14" fill="#17202b" />
        <rect x="68" y="102" width="14" height="14" fill="#17202b" />
        <rect x="38" y="132" width="14" height="14" fill="#17202b" />
        <rect x="58" y="122" width="8" height="8" fill="#17202b" />
        <rect x="70" y="134" width="10" height="10" fill="#17202b" />
        <circle cx="60" cy="180" r="7" fill="none" stroke="#17202b" strokeWidth="3" />
      </svg>
      <figcaption>
        <BothLines text={hint} />
      </figcaption>
    </figure>
  );
}
