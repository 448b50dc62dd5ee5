/**
 * The core as the counter sees it: the snapshot on start (the hub page's first, then the live one), the link
 * to the core, exchange rates, language and sound.
 */
import type {
  Language,
  PeopleState,
  Platform,
  PosError,
  PosEvent,
  PosSnapshot,
} from '../../../../../../preload/api';
import type { PosContext } from '../../context';
import type { SaleScreen } from '../sale/screen';
import type { Connection } from './initialState';

export interface TerminalActions {
  /** Subscribes to events and loads the snapshot; returns the unsubscribe function. */
  start(): () => void;
  reload(): Promise<void>;
  /** The bridge reports its link: after a drop, events may have been missed, so the snapshot is reloaded. */
  setConnection(connection: Connection): void;
  refreshRates(): Promise<void>;
  setLanguage(language: Language): Promise<void>;
  toggleSound(): void;
  /** The first-start time zone answer; the core's refusal (wrong PIN, unknown zone), or null once applied. */
  answerShopZone(
    zone: string,
    pin: string | undefined,
    person?: { personId?: string },
  ): Promise<PosError | null>;
}

export function createTerminalActions(
  ctx: PosContext,
  screen: SaleScreen,
  onEvent: (event: PosEvent) => void,
  loadPrinter: () => Promise<void>,
  applyPeople: (people: PeopleState) => void,
): TerminalActions {
  const { api, set, get, call, options } = ctx;

  /** Draws a snapshot of the core: first the one the hub's page carried, then each live one. */
  function applySnapshot(snap: PosSnapshot): void {
    set({
      status: 'ready',
      terminal: snap.terminal,
      language: snap.terminal.language,
      soundOn: snap.terminal.soundOn,
      scanner: snap.scanner,
      gateway: snap.gateway,
      unresolvedCount: snap.unresolvedCount,
      customerDisplay: snap.customerDisplay ?? null,
      storeLink: snap.storeLink ?? null,
    });
    // A core from before people existed sends none: the counter then has no sign-in at all.
    if (snap.people) applyPeople(snap.people);
    screen.applyActiveSale(snap.activeSale);
  }

  return {
    start() {
      // Subscribe first: on an ordered channel every event received before the snapshot is older than it,
      // so applying events as they come and then the snapshot loses nothing.
      const unsubscribe = api.onEvent(onEvent);
      if (options.bootSnapshot) applySnapshot(options.bootSnapshot);
      void get().reload();
      return unsubscribe;
    },

    async reload() {
      const result = await call(() => api.getSnapshot());
      if (!result?.ok) {
        if (get().status === 'loading') set({ status: 'error' });
        return;
      }
      applySnapshot(result.value);
      void get().refreshRates();
      void loadPrinter();
    },

    setConnection(connection) {
      const before = get().connection;
      set({ connection });
      if (connection === 'open' && before !== 'open') void get().reload();
    },

    async refreshRates() {
      const platforms: Platform[] = ['WECHATPAY', 'ALIPAY'];
      await Promise.all(
        platforms.map(async (platform) => {
          try {
            const result = await api.getExchangeRate({ platform });
            // A missing rate only hides the estimate; it is not worth interrupting the cashier.
            if (result.ok) set({ rates: { ...get().rates, [platform]: result.value } });
          } catch {
            /* the estimate stays hidden */
          }
        }),
      );
    },

    async setLanguage(language) {
      set({ language });
      const result = await call(() => api.setLanguage({ language }));
      if (result?.ok) set({ terminal: result.value, language: result.value.language });
    },

    toggleSound() {
      set({ soundOn: !get().soundOn });
    },

    async answerShopZone(zone, pin, person = {}) {
      const result = await call(() =>
        api.answerShopZone(pin === undefined ? { zone } : { zone, pin, ...person }),
      );
      // No answer at all (the link dropped): call() already put up its notice; the question stays.
      if (!result) return null;
      if (!result.ok) return result.error;
      set({ terminal: result.value });
      return null;
    },
  };
}
