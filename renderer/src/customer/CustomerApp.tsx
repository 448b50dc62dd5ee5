/**
 * The customer-facing display: one screen at a time, Chinese first with English under it, sized for a 10″
 * screen a metre away. Nothing here is clickable and nothing scrolls; everything shown comes from the core's
 * CustomerDisplayState, which carries no order internals.
 */
import { useEffect, useState } from 'react';
import type { Bilingual } from '../../../preload/api';
import type { CustomerDisplayState } from '../../../preload/customer-display';
import { formatCents } from '../../../main/shared/money';
import { QrImage } from '../components/QrImage';
import { formatCountdown } from '../i18n';
import { readBootState, subscribeDisplay, type FeedLink } from './feed';
import { WalletHint, walletName } from './WalletHint';

const WAITING: CustomerDisplayState = {
  screen: 'idle',
  merchantName: '',
  amountCents: null,
  estimate: null,
  platform: null,
  qrText: null,
  deadline: null,
  title: { zh: '欢迎光临', en: 'Welcome' },
  detail: { zh: '支持微信支付和支付宝', en: 'We accept WeChat Pay and Alipay' },
  seq: 0,
};

function Both({ text, className }: { text: Bilingual; className: string }) {
  return (
    <div className={className}>
      <p className="zh" lang="zh-CN">
        {text.zh}
      </p>
      <p className="en" lang="en">
        {text.en}
      </p>
    </div>
  );
}

function Countdown({ deadline }: { deadline: number }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [deadline]);
  const left = formatCountdown(deadline - now);
  return (
    <p className="cd-countdown" role="timer" data-testid="cd-countdown">
      <span className="zh" lang="zh-CN">
        剩余 {left}
      </span>
      <span className="en" lang="en">
        {left} left
      </span>
    </p>
  );
}

const REFUND_SCREENS = new Set(['refunding', 'refunded', 'refund_failed']);

function Amount({ state }: { state: CustomerDisplayState }) {
  if (state.amountCents === null) return null;
  const refund = REFUND_SCREENS.has(state.screen);
  return (
    <div className="cd-amount-block">
      {refund ? (
        <p className="cd-amount-label">
          <span lang="zh-CN">退款金额</span> <span lang="en">Refund amount</span>
        </p>
      ) : null}
      <p className="cd-amount" data-testid="cd-amount">
        A$ {formatCents(state.amountCents)}
      </p>
      {state.estimate ? (
        <p className="cd-estimate" data-testid="cd-estimate">
          <span lang="zh-CN">
            约 ¥{formatCents(state.estimate.fen)}（参考汇率 {state.estimate.rate}，仅供参考）
          </span>
          <span lang="en">
            About ¥{formatCents(state.estimate.fen)} at {state.estimate.rate} (estimate only)
          </span>
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
          <span className="cd-wallet cd-wechat">微信支付 WeChat Pay</span>
          <span className="cd-wallet cd-alipay">支付宝 Alipay</span>
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
  const wallet = state.platform !== null ? walletName(state.platform) : null;
  return (
    <div className="cd-qr-layout">
      {state.qrText !== null ? (
        <QrImage
          text={state.qrText}
          alt={`${wallet?.zh ?? ''} ${wallet?.en ?? ''} 付款二维码 Payment QR code`}
          className="cd-qr"
        />
      ) : null}
      <div className="cd-qr-side">
        {wallet ? (
          <p className="cd-qr-wallet" data-testid="cd-qr-wallet">
            <span lang="zh-CN">{wallet.zh}</span> <span lang="en">{wallet.en}</span>
          </p>
        ) : null}
        <Amount state={state} />
        <Both text={state.title} className="cd-title" />
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
      className={`cd cd-${state.screen}`}
      data-testid="customer-display"
      data-screen={state.screen}
      data-seq={state.seq}
      data-link={link}
    >
      <header className="cd-store" data-testid="cd-store">
        {state.merchantName}
        {link !== 'open' ? <span className="cd-link" aria-label="connecting" /> : null}
      </header>
      {state.screen === 'qr' ? (
        <QrScreen state={state} />
      ) : (
        <section className="cd-body">
          <Amount state={state} />
          <Both text={state.title} className="cd-title" />
          {state.detail ? <Both text={state.detail} className="cd-detail" /> : null}
          <Extra state={state} />
        </section>
      )}
    </main>
  );
}
