/** Screen switch, the merchant and terminal this counter is, language and sound toggles. */
import type { MessageKey } from '../i18n';
import { useT } from '../i18n/use-t';
import type { View } from '../store/pos-store';
import { Segmented } from './Segmented';
import { usePosPick } from '../store/context';
import '../styles/nav.css';

const TABS: [View, MessageKey][] = [
  ['sale', 'nav.sale'],
  ['history', 'nav.history'],
  ['manager', 'nav.manager'],
];

/** The manager tab's count of unresolved sales. */
function UnresolvedBadge({ count }: { count: number }) {
  const { t } = useT();
  if (count <= 0) return null;
  return (
    <>
      {/* A screen reader says "Manager, unresolved sales: 2", not "Manager 2". */}
      <span className="nav-badge" data-testid="nav-unresolved-badge" aria-hidden="true">
        {count}
      </span>
      <span className="visually-hidden">{t('nav.unresolvedCount', { count })}</span>
    </>
  );
}

/** covered: the sign-in screen is up, so there is no screen to switch to. */
export function NavBar({ covered = false }: { covered?: boolean }) {
  const { t, language } = useT();
  const { view, showView, setLanguage, soundOn, toggleSound, unresolvedCount, terminal } = usePosPick(
    'view',
    'showView',
    'setLanguage',
    'soundOn',
    'toggleSound',
    'unresolvedCount',
    'terminal',
  );

  return (
    <nav className="nav" aria-label={t('nav.label')}>
      <div className="nav-tabs" hidden={covered}>
        {TABS.map(([tab, label]) => (
          <button
            key={tab}
            type="button"
            className="nav-tab"
            aria-current={view === tab ? 'page' : undefined}
            onClick={() => showView(tab)}
          >
            {t(label)}
            {tab === 'manager' ? <UnresolvedBadge count={unresolvedCount} /> : null}
          </button>
        ))}
      </div>
      <div className="nav-identity" data-testid="terminal-identity">
        <strong>{terminal?.merchantName ?? t('app.title')}</strong>
        {terminal ? <span className="muted">{t('status.terminal', { posNo: terminal.posNo })}</span> : null}
      </div>
      <div className="nav-tools">
        <Segmented
          label={t('nav.language')}
          value={language}
          options={[
            { value: 'en', label: t('nav.english'), lang: 'en' },
            { value: 'zh', label: t('nav.chinese'), lang: 'zh-CN' },
          ]}
          onChoose={(next) => void setLanguage(next)}
        />
        <button
          type="button"
          className="tool-button"
          aria-pressed={soundOn}
          onClick={(e) => {
            e.currentTarget.blur();
            toggleSound();
          }}
        >
          {t(soundOn ? 'nav.soundOn' : 'nav.soundOff')}
        </button>
      </div>
    </nav>
  );
}
