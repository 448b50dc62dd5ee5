/**
 * The customer-facing display: one screen at a time, Chinese first with English under it, sized for a 10″
 * screen a metre away. Nothing here is clickable and nothing scrolls; everything shown comes from the core's
 * CustomerDisplayState, which carries no order internals.
 */
import { useEffect, useState } from 'react';
import { BothLines } from './Bilingual';
import { useNow } from '../components/useNow';
import type { Bilingual } from '../../../preload/api';
import type { CustomerDisplayState } from '../../../preload/customer-display';
import { formatCents } from '../../../main/shared/money';
import { QrImage } from '../components/QrImage';
import { formatCountdown } from '../i18n';
import { readBootState, subscribeDisplay, type FeedLink } from './feed';
import { WalletHint } from './WalletHint';
import { countdownWords, customerWords, estimateWords, refundAmountLabel, servedByWords } from './words';

/** Until the first state arrives (a page opened without the hub's boot block): the welcome, no store name. */
const WAITING: CustomerDisplayState = {
  screen: 'idle',
  merchantName: '',
  amountCents: null,
  estimate: null,
  platform: null,
  qrText: null,
  deadline: null,
  title: { zh: '', en: '' },
  detail: null,
  seq: 0,
};

function Both({ text, className, testId }: { text: Bilingual; className: string; testId?: string }) {
  return (
    <div className={className} data-testid={testId}>
      <BothLines text={text} as="p" />
    </div>
  );
}

function Countdown({ deadline }: { deadline: number }) {
  const now = useNow(250);
  const words = countdownWords(formatCountdown(deadline - now));
  return (
    <p className="cd-countdown" role="timer" data-testid="cd-countdown">
      <BothLines text={words} />
    </p>
  );
}

const REFUND_SCREENS = ['refunding', 'refunded', 'refund_failed'] as const;
type RefundScreen = (typeof REFUND_SCREENS)[number];

function isRefundScreen(screen: string): screen is RefundScreen {
  return (REFUND_SCREENS as readonly string[]).includes(screen);
}

function Amount({ state }: { state: CustomerDisplayState }) {
  if (state.amountCents === null) return null;
  const refundLabel = isRefundScreen(state.screen) ? refundAmountLabel(state.screen) : null;
  const estimate = state.estimate
    ? estimateWords(formatCents(state.estimate.fen), state.estimate.rate, state.platform ?? 'WECHATPAY')
    : null;
  return (
    <div className="cd-amount-block">
      {refundLabel ? (
        <p className="cd-amount-label" data-testid="cd-amount-label">
          <span lang="zh-CN">{refundLabel.zh}</span> <span lang="en">{refundLabel.en}</span>
        </p>
      ) : null}
      <p className="cd-amount" data-testid="cd-amount">
        A$ {formatCents(state.amountCents)}
      </p>
      {estimate ? (
        <p className="cd-estimate" data-testid="cd-estimate">
          <span lang="zh-CN">{estimate.zh}</span>
          <span lang="en">{estimate.en}</span>
        </p>
      ) : null}
    </div>
  );
}

function Extra({ state }: { state: CustomerDisplayState }) {
  switch (state.screen) {
    case 'idle':
      return (
        <div className="cd-wallets" data-testid="cd-wallets">
          <span className="cd-wallet cd-wechat">
            {customerWords.wallets.WECHATPAY.zh} {customerWords.wallets.WECHATPAY.en}
          </span>
          <span className="cd-wallet cd-alipay">
            {customerWords.wallets.ALIPAY.zh} {customerWords.wallets.ALIPAY.en}
          </span>
        </div>
      );
    case 'scan':
      return (
        <div className="cd-hints">
          <WalletHint platform="WECHATPAY" />
          <WalletHint platform="ALIPAY" />
        </div>
      );
    case 'waiting':
      return state.deadline !== null ? <Countdown deadline={state.deadline} /> : null;
    default:
      return null;
  }
}

function QrScreen({ state }: { state: CustomerDisplayState }) {
  const wallet = state.platform !== null ? customerWords.wallets[state.platform] : null;
  const alt =
    `${wallet?.zh ?? ''}${customerWords.qrAlt.zh} ${wallet?.en ?? ''} ${customerWords.qrAlt.en}`.trim();
  return (
    <div className="cd-qr-layout">
      {state.qrText !== null ? <QrImage text={state.qrText} alt={alt} className="cd-qr" /> : null}
      <div className="cd-qr-side">
        {wallet ? (
          <p className="cd-qr-wallet" data-testid="cd-qr-wallet">
            <span lang="zh-CN">{wallet.zh}</span> <span lang="en">{wallet.en}</span>
          </p>
        ) : null}
        <Amount state={state} />
        <Both text={state.title} className="cd-title" testId="cd-title" />
        {state.deadline !== null ? <Countdown deadline={state.deadline} /> : null}
      </div>
    </div>
  );
}

export function CustomerApp() {
  const [state, setState] = useState<CustomerDisplayState>(() => readBootState() ?? WAITING);
  const [link, setLink] = useState<FeedLink>('connecting');
  useEffect(() => subscribeDisplay(setState, setLink), []);

  return (
    <main
      className={`cd cd-screen-${state.screen}`}
      data-testid="customer-display"
      data-screen={state.screen}
      data-seq={state.seq}
      data-link={link}
    >
      <header className="cd-store" data-testid="cd-store">
        {state.merchantName}
        {link !== 'open' ? (
          <span
            className="cd-link"
            aria-label={`${customerWords.connecting.zh} ${customerWords.connecting.en}`}
          />
        ) : null}
      </header>
      {state.servedBy ? (
        <p className="cd-served-by" data-testid="cd-served-by">
          <span lang="zh-CN">{servedByWords(state.servedBy).zh}</span>{' '}
          <span lang="en">{servedByWords(state.servedBy).en}</span>
        </p>
      ) : null}
      {state.screen === 'qr' ? (
        <QrScreen state={state} />
      ) : (
        <section className="cd-body">
          <Amount state={state} />
          <Both text={state.title} className="cd-title" testId="cd-title" />
          {state.detail ? <Both text={state.detail} className="cd-detail" testId="cd-detail" /> : null}
          <Extra state={state} />
        </section>
      )}
    </main>
  );
}
