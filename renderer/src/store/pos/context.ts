/** What every cashier slice's actions share: the store's get/set, the clock, and the PosApi behind one `call`. */
import type { Bilingual, PosApi, PosError, PosResult } from '../../../../preload/api';
import { translate, type Vars } from '../../i18n';
import type { MessageKey } from '../../i18n/en';
import type { Notice, PosStoreOptions, PosStoreState } from './types';

export interface PosContext {
  api: PosApi;
  set(partial: Partial<PosStoreState>): void;
  get(): PosStoreState;
  now(): number;
  options: PosStoreOptions;
  /** Runs one PosApi call; a bridge that throws (socket gone) becomes a visible notice, never a rejection. */
  call<T>(run: () => Promise<PosResult<T>>): Promise<PosResult<T> | null>;
}

export function coreNotice(error: PosError): Notice {
  return error.detail === undefined
    ? { source: 'core', code: error.code, message: error.message }
    : { source: 'core', code: error.code, message: error.message, detail: error.detail };
}

/** A message from this screen's dictionary in both languages, for the bilingual scan notice. */
export function both(key: MessageKey, vars?: Vars): Bilingual {
  return { en: translate('en', key, vars), zh: translate('zh', key, vars) };
}

export function createPosContext(
  api: PosApi,
  options: PosStoreOptions,
  set: (partial: Partial<PosStoreState>) => void,
  get: () => PosStoreState,
): PosContext {
  return {
    api,
    set,
    get,
    now: options.now ?? Date.now,
    options,
    async call(run) {
      try {
        const result = await run();
        if (!result.ok) set({ notice: coreNotice(result.error) });
        return result;
      } catch {
        set({ notice: { source: 'ui', key: 'notice.coreUnreachable' } });
        return null;
      }
    },
  };
}
