/**
 * Always on screen: sandbox banner, scanner, gateway, clock skew, unresolved count and the counter's clock. The
 * merchant and terminal are in the nav row (NavBar), so every chip here has room for its whole text at 1024 px.
 */
import type { GatewayStatus, ScannerStatus, StoreLinkStatus } from '../../../preload/api';
import type { CustomerDisplayStatus } from '../../../preload/customer-display';
import { formatTime, pick, type MessageKey } from '../i18n';
import { useT } from '../i18n/use-t';
import { usePosPick } from '../store/context';
import { wedgeWorking } from '../scanner/wedge-working';
import { PersonChip } from './PersonChip';
import { useNow } from './useNow';
import '../styles/status-bar.css';

/** Skew below this is normal drift and not worth the cashier's attention. */
const SKEW_VISIBLE_MS = 60_000;

function scannerKey(scanner: ScannerStatus): MessageKey {
  if (scanner.testMode) return 'status.scanner.testMode';
  if (wedgeWorking(scanner)) return 'status.scanner.wedgeWorking';
  if (scanner.kind === 'none') return 'status.scanner.none';
  if (scanner.kind === 'wedge') return 'status.scanner.wedge';
  return `status.scanner.${scanner.state}`;
}

function scannerTone(scanner: ScannerStatus): 'ok' | 'warn' | 'bad' | 'muted' {
  if (scanner.testMode) return 'warn';
  if (wedgeWorking(scanner)) return 'ok';
  if (scanner.kind === 'none' || scanner.kind === 'wedge') return 'muted';
  if (scanner.state === 'connected') return 'ok';
  if (scanner.state === 'idle') return 'muted';
  return scanner.state === 'error' ? 'bad' : 'warn';
}

function Clock({ timeZone }: { timeZone: string | undefined }) {
  const { t, language } = useT();
  const now = useNow(1000);
  return (
    <time className="status-clock" aria-label={t('status.clock')} dateTime={new Date(now).toISOString()}>
      {formatTime(language, now, timeZone).slice(0, 5)}
    </time>
  );
}

function GatewayChip({ gateway }: { gateway: GatewayStatus }) {
  const { t } = useT();
  const skew = gateway.clockSkewMs;
  return (
    <>
      <span className={`chip chip-${gateway.online ? 'ok' : 'bad'}`} data-testid="gateway-status">
        <span className="dot" aria-hidden="true" />
        {t(gateway.online ? 'status.gateway.online' : 'status.gateway.offline')}
        {gateway.mode === 'live' ? (
          // A live gateway at an address the shop typed in (e.g. a test gateway) is not the real one: say so.
          <span className="chip-tag" data-region={gateway.region}>
            {t(gateway.region === 'custom' ? 'status.gateway.custom' : 'status.gateway.live')}
          </span>
        ) : null}
      </span>
      {skew !== null && Math.abs(skew) >= SKEW_VISIBLE_MS ? (
        <span className="chip chip-warn" role="status" data-testid="clock-skew">
          {t('status.clockSkew', {
            minutes: Math.round(Math.abs(skew) / 60_000),
            direction: t(skew > 0 ? 'status.clockAhead' : 'status.clockBehind'),
          })}
        </span>
      ) : null}
    </>
  );
}

/** Without the core nothing it reported can be trusted: each chip says so instead of its last state. */
function UnknownChip({ testId, text }: { testId: string; text: string }) {
  return (
    <span className="chip chip-muted" data-testid={testId} data-state="unknown">
      <span className="dot" aria-hidden="true" />
      {text}
    </span>
  );
}

function CustomerDisplayChip({ status }: { status: CustomerDisplayStatus }) {
  const { t } = useT();
  const state = !status.enabled ? 'off' : status.connected > 0 ? 'connected' : 'disconnected';
  const tone = state === 'connected' ? 'ok' : 'muted';
  const text = t(`status.customerDisplay.${state}`);
  return (
    <span className={`chip chip-${tone}`} data-testid="customer-display-status" data-state={state}>
      <span className="dot" aria-hidden="true" />
      {text}
    </span>
  );
}

/** Only on an enrolled till: the store server link, its backlog, and why it is offline. */
function StoreLinkChip({ status }: { status: StoreLinkStatus }) {
  const { t, language } = useT();
  const tone =
    status.state === 'online'
      ? 'ok'
      : status.state === 'connecting'
        ? 'muted'
        : status.state === 'revoked'
          ? 'bad'
          : 'warn';
  const problem = status.problem ? pick(status.problem, language) : null;
  const where = status.storeName
    ? `${status.storeName}${status.tillName ? ` · ${status.tillName}` : ''}`
    : undefined;
  return (
    <>
      <span
        className={`chip chip-${tone}`}
        data-testid="store-link-status"
        data-state={status.state}
        title={problem ?? where}
      >
        <span className="dot" aria-hidden="true" />
        {t(`status.storeLink.${status.state === 'off' ? 'connecting' : status.state}`)}
      </span>
      {status.backlog > 0 ? (
        <span className="chip chip-muted" data-testid="store-link-backlog" role="status">
          {t('status.storeLink.backlog', { count: status.backlog })}
        </span>
      ) : null}
      {problem && (status.state === 'offline' || status.state === 'revoked') ? (
        <span className="chip chip-warn chip-long" data-testid="store-link-problem">
          {problem}
        </span>
      ) : null}
    </>
  );
}

export function StatusBar() {
  const { t, language } = useT();
  const {
    terminal,
    scanner,
    gateway,
    unresolvedCount: unresolved,
    customerDisplay,
    storeLink,
    connection,
    showView,
    searchHistory,
  } = usePosPick(
    'terminal',
    'scanner',
    'gateway',
    'unresolvedCount',
    'customerDisplay',
    'storeLink',
    'connection',
    'showView',
    'searchHistory',
  );

  return (
    <header className="status-area">
      {gateway?.mode === 'sandbox' ? (
        <div className="sandbox-banner" role="note" data-testid="sandbox-banner">
          {t('status.sandbox')}
        </div>
      ) : null}
      <div className="status-bar" role="group" aria-label={t('status.label')}>
        <div className="status-chips">
          {connection !== 'open' ? (
            <span className="chip chip-bad" role="status" data-testid="connection-status">
              {t(connection === 'closed' ? 'status.connection.closed' : 'status.connection.connecting')}
            </span>
          ) : null}
          {connection !== 'open' ? (
            <>
              <UnknownChip testId="scanner-status" text={t('status.scanner.unknown')} />
              <UnknownChip testId="gateway-status" text={t('status.gateway.unknown')} />
              {customerDisplay ? (
                <UnknownChip testId="customer-display-status" text={t('status.customerDisplay.unknown')} />
              ) : null}
              {storeLink && storeLink.state !== 'off' ? (
                <UnknownChip testId="store-link-status" text={t('status.storeLink.unknown')} />
              ) : null}
            </>
          ) : (
            <>
              {scanner ? (
                <span
                  className={`chip chip-${scannerTone(scanner)}`}
                  data-testid="scanner-status"
                  title={scanner.reason ? pick(scanner.reason, language) : (scanner.device ?? undefined)}
                >
                  <span className="dot" aria-hidden="true" />
                  {t(scannerKey(scanner))}
                </span>
              ) : null}
              {gateway ? <GatewayChip gateway={gateway} /> : null}
              {customerDisplay ? <CustomerDisplayChip status={customerDisplay} /> : null}
              {storeLink && storeLink.state !== 'off' ? <StoreLinkChip status={storeLink} /> : null}
              {unresolved > 0 ? (
                <button
                  type="button"
                  className="chip chip-button chip-bad"
                  data-testid="unresolved-badge"
                  title={t('status.unresolvedHint')}
                  onClick={() => {
                    showView('history');
                    void searchHistory('', { onlyUnresolved: true });
                  }}
                >
                  {t('status.unresolved', { count: unresolved })}
                </button>
              ) : null}
            </>
          )}
          {gateway?.problem && connection === 'open' ? (
            // In the status bar's own row, at most two lines: it coming and going never moves the screen.
            <p
              className="network-band"
              role="status"
              data-testid="network-problem"
              title={pick(gateway.problem, language)}
            >
              {pick(gateway.problem, language)}
            </p>
          ) : null}
        </div>
        {connection === 'open' ? <PersonChip /> : null}
        <Clock timeZone={terminal?.timeZone} />
      </div>
    </header>
  );
}
