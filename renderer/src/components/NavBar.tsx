/** Screen switch, the merchant and terminal this counter is, language and sound toggles. */
import { useT } from '../i18n/use-t';
import { usePosPick } from '../store/context';
import '../styles/nav.css';

/** covered: the sign-in screen is up, so there is no screen to switch to. */
export function NavBar({ covered = false }: { covered?: boolean }) {
  const { t, language } = useT();
  const {
    view,
    showView,
    setLanguage,
    soundOn,
    toggleSound,
    unresolvedCount: unresolved,
    terminal,
  } = usePosPick('view', 'showView', 'setLanguage', 'soundOn', 'toggleSound', 'unresolvedCount', 'terminal');

  return (
    <nav className="nav" aria-label={t('nav.label')}>
      <div className="nav-tabs" hidden={covered}>
        <button
          type="button"
          className="nav-tab"
          aria-current={view === 'sale' ? 'page' : undefined}
          onClick={() => showView('sale')}
        >
          {t('nav.sale')}
        </button>
        <button
          type="button"
          className="nav-tab"
          aria-current={view === 'history' ? 'page' : undefined}
          onClick={() => showView('history')}
        >
          {t('nav.history')}
        </button>
        <button
          type="button"
          className="nav-tab"
          aria-current={view === 'manager' ? 'page' : undefined}
          onClick={() => showView('manager')}
        >
          {t('nav.manager')}
          {unresolved > 0 ? (
            <>
              {/* A screen reader says "Manager, unresolved sales: 2", not "Manager 2". */}
              <span className="nav-badge" data-testid="nav-unresolved-badge" aria-hidden="true">
                {unresolved}
              </span>
              <span className="visually-hidden">{t('nav.unresolvedCount', { count: unresolved })}</span>
            </>
          ) : null}
        </button>
      </div>
      <div className="nav-identity" data-testid="terminal-identity">
        <strong>{terminal?.merchantName ?? t('app.title')}</strong>
        {terminal ? <span className="muted">{t('status.terminal', { posNo: terminal.posNo })}</span> : null}
      </div>
      <div className="nav-tools">
        <div className="segmented" role="group" aria-label={t('nav.language')}>
          <button
            type="button"
            lang="en"
            aria-pressed={language === 'en'}
            onClick={(e) => {
              // Let go of focus: the Enter that follows keeps its meaning on the screen (charge, new sale).
              e.currentTarget.blur();
              void setLanguage('en');
            }}
          >
            {t('nav.english')}
          </button>
          <button
            type="button"
            lang="zh-CN"
            aria-pressed={language === 'zh'}
            onClick={(e) => {
              e.currentTarget.blur();
              void setLanguage('zh');
            }}
          >
            {t('nav.chinese')}
          </button>
        </div>
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
