/** The cashier's window: status always on top, the sale or history below, one store behind it all. */
// The base styles load first, so each screen's own stylesheet can refine them.
import './styles/base.css';
import './styles/layout.css';
import { lazy, Suspense, useEffect, useState } from 'react';
import { getPosApi, getConnectionState, onConnectionChange } from './bridge';
import { NavBar } from './components/NavBar';
import { NoticeBar } from './components/NoticeBar';
import { SaleNotices } from './components/SaleNotices';
import { ApiRequestBanner } from './components/ApiRequestBanner';
import { ApiRefundRequests } from './components/ApiRefundRequests';
import { ConnectionLost } from './components/ConnectionLost';
import { PrintArea } from './components/PrintArea';
import { StatusBar } from './components/StatusBar';
import { useCashierKeys } from './components/useCashierKeys';
import { useT } from './i18n/use-t';
import { HistoryScreen } from './screens/HistoryScreen';
import { SaleFlow } from './screens/SaleFlow';
import { ShopZoneScreen } from './screens/ShopZoneScreen';
import { SignInScreen } from './screens/SignInScreen';
import { playOutcomeSound } from './sound/beep';
import { PosStoreProvider, usePos, usePosPick } from './store/context';
import { ManagerStoreProvider } from './store/manager-context';
import { createManagerStore, type ManagerStore } from './store/manager-store';
import { createPosStore, signInShown, type PosStore, type View } from './store/pos-store';
import { useActivity } from './components/useActivity';
import { readBootSnapshot } from './bridge/boot-snapshot';
import { reportKeypad } from './store/keypad-report';

/** Exchange rates change daily; the core caches them, so asking twice an hour is cheap. */
const RATE_REFRESH_MS = 30 * 60_000;

/** The manager area is loaded on first use: the cashier's first screen does not wait for its code. */
const ManagerArea = lazy(() =>
  import('./screens/manager/ManagerArea').then((m) => ({ default: m.ManagerArea })),
);

function screenFor(view: View, loading: string) {
  if (view === 'history') return <HistoryScreen />;
  if (view === 'manager') {
    return (
      <Suspense fallback={<p className="app-message">{loading}</p>}>
        <ManagerArea />
      </Suspense>
    );
  }
  return <SaleFlow />;
}

function Shell() {
  const { t, language } = useT();
  const { status, view, reload } = usePosPick('status', 'view', 'reload');
  const zoneQuestion = usePos((s) => s.terminal?.shopZoneQuestion ?? null);
  const signingIn = usePos(signInShown);

  useEffect(() => {
    document.documentElement.lang = language === 'zh' ? 'zh-CN' : 'en';
    document.title = t('app.title');
  }, [language, t]);

  let body;
  if (status === 'loading') {
    body = <p className="app-message">{t('app.loading')}</p>;
  } else if (status === 'error') {
    body = (
      <div className="app-message" role="alert">
        <p>{t('app.loadFailed')}</p>
        <button type="button" className="button button-primary" onClick={() => void reload()}>
          {t('app.retry')}
        </button>
      </div>
    );
  } else if (zoneQuestion) {
    // Sales are held until the shop's zone is chosen: no screen that takes payment is offered meanwhile.
    body = <ShopZoneScreen question={zoneQuestion} />;
  } else if (signingIn) {
    // Nobody is signed in (or the switch is open): no screen is reachable until someone is.
    body = <SignInScreen />;
  } else {
    body = screenFor(view, t('app.loading'));
  }

  return (
    <div className="app" data-ready={status === 'ready' ? 'true' : undefined}>
      <StatusBar />
      <NavBar covered={signingIn && status === 'ready'} />
      <NoticeBar />
      <SaleNotices />
      <ApiRequestBanner />
      <ApiRefundRequests />
      <main className="app-main" id="main">
        {body}
      </main>
      <PrintArea />
      <ConnectionLost />
    </div>
  );
}

function useConnection(store: PosStore): void {
  useEffect(() => {
    const start = store.getState().start();
    store.getState().setConnection(getConnectionState());
    const off = onConnectionChange((state) => store.getState().setConnection(state));
    const rates = setInterval(() => void store.getState().refreshRates(), RATE_REFRESH_MS);
    const keypad = reportKeypad(store, getPosApi());
    return () => {
      start();
      off();
      keypad();
      clearInterval(rates);
    };
  }, [store]);
}

function useManagerEvents(manager: ManagerStore): void {
  useEffect(() => manager.getState().start(), [manager]);
}

export default function App() {
  const [store] = useState(() =>
    createPosStore(getPosApi(), { playSound: playOutcomeSound, bootSnapshot: readBootSnapshot() }),
  );
  const [manager] = useState(() =>
    createManagerStore(getPosApi(), {
      timeZone: () => store.getState().terminal?.timeZone,
      print: {
        printVia: () => store.getState().printVia,
        printHtml: (html) => store.getState().printHtml(html),
      },
    }),
  );
  useConnection(store);
  useManagerEvents(manager);
  useCashierKeys(store);
  useActivity(store);
  return (
    <PosStoreProvider store={store}>
      <ManagerStoreProvider store={manager}>
        <Shell />
      </ManagerStoreProvider>
    </PosStoreProvider>
  );
}
