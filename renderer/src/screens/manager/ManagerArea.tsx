/**
 * The manager area behind the PIN: refunds, unresolved sales, reports and day close, settings. Leaving the
 * area (another screen) or two idle minutes forget the PIN.
 */
import { useEffect } from 'react';
import { useT } from '../../i18n/use-t';
import { usePos, usePosPick } from '../../store/context';
import { useManagerPick, useManagerStore } from '../../store/manager-context';
import type { ManagerTab } from '../../store/manager-store';
import { PinGate } from './PinGate';
import { RefundPanel } from './RefundPanel';
import { ReportsArea } from './ReportsArea';
import { SettingsPanel } from './SettingsPanel';
import { UnresolvedPanel } from './UnresolvedPanel';
import { PeoplePanel } from './people/PeoplePanel';
import { OpenedBy } from './people/OpenedBy';
import '../../styles/manager.css';

const TABS: ManagerTab[] = ['refunds', 'unresolved', 'reports', 'settings'];
/** People exist on a till whose core knows them: their tab comes last. */
const PEOPLE_TABS: ManagerTab[] = [...TABS, 'people'];
const IDLE_CHECK_MS = 5_000;

function useAreaLifecycle(): void {
  const store = useManagerStore();
  const hasManagerPin = usePos((s) => s.terminal?.hasManagerPin ?? false);
  useEffect(() => {
    store.getState().enter(hasManagerPin);
    const touch = () => store.getState().touch();
    window.addEventListener('pointerdown', touch, { capture: true });
    window.addEventListener('keydown', touch, { capture: true });
    const idle = setInterval(() => store.getState().expireIfIdle(), IDLE_CHECK_MS);
    return () => {
      window.removeEventListener('pointerdown', touch, { capture: true });
      window.removeEventListener('keydown', touch, { capture: true });
      clearInterval(idle);
      store.getState().leave();
    };
    // Entering once per visit: a PIN set in this visit must not send the manager back to the pad.
  }, [store]);
}

export function ManagerArea() {
  const { t } = useT();
  useAreaLifecycle();
  const { pin, tab, setTab, leave } = useManagerPick('pin', 'tab', 'setTab', 'leave');
  const { showView, unresolvedCount } = usePosPick('showView', 'unresolvedCount');
  const hasPeople = usePos((s) => s.people !== null);

  if (pin === null) return <PinGate />;

  return (
    <section className="screen m-area" aria-labelledby="m-heading">
      <header className="m-head">
        <h2 id="m-heading">{t('manager.heading')}</h2>
        <div className="m-tabs" role="tablist" aria-label={t('manager.tabsLabel')}>
          {(hasPeople ? PEOPLE_TABS : TABS).map((name) => (
            <button
              key={name}
              type="button"
              role="tab"
              className="nav-tab"
              aria-selected={tab === name}
              aria-current={tab === name ? 'page' : undefined}
              onClick={() => setTab(name)}
            >
              {t(`manager.tab.${name}`)}
              {name === 'unresolved' && unresolvedCount > 0 ? (
                <span className="m-count" data-testid="m-unresolved-count">
                  {unresolvedCount}
                </span>
              ) : null}
            </button>
          ))}
        </div>
        <OpenedBy />
        <button
          type="button"
          className="button button-quiet"
          onClick={() => {
            leave();
            showView('sale');
          }}
        >
          {t('manager.lock')}
        </button>
      </header>
      <div className="m-body" role="tabpanel">
        {tab === 'refunds' ? <RefundPanel /> : null}
        {tab === 'unresolved' ? <UnresolvedPanel /> : null}
        {tab === 'reports' ? <ReportsArea /> : null}
        {tab === 'settings' ? <SettingsPanel /> : null}
        {tab === 'people' ? <PeoplePanel /> : null}
      </div>
    </section>
  );
}
