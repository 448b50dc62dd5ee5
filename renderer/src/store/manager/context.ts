/**
 * What every manager slice's actions share: the store's get/set, the PosApi behind one safe `call`, the PIN
 * sent with protected calls, "today" on the terminal's clock, and printing through the core or the dialog.
 */
import type { PosApi, PosError, PosResult } from '../../../../preload/api';
import { businessDateOf, businessDayRange } from '../../../../main/shared/business-date';
import type { ManagerProblem, ManagerStoreOptions, ManagerStoreState } from './types';

export interface ManagerContext {
  api: PosApi;
  set(partial: Partial<ManagerStoreState>): void;
  get(): ManagerStoreState;
  now(): number;
  options: ManagerStoreOptions;
  /** One PosApi call; a bridge that throws becomes a problem, never a rejection. */
  call<T>(run: () => Promise<PosResult<T>>): Promise<PosResult<T>>;
  /**
   * A protected call refused for its PIN (changed or locked from another window): the area locks again and
   * the PIN pad says why. Returns true when that happened.
   */
  lockOnPinProblem(error: PosError): boolean;
  /** A refused call: a PIN problem locks the area (as above); any other goes to `show`, for the slice's screen. */
  refusal(error: PosError, show: (problem: ManagerProblem) => void): void;
  /**
   * The PIN to send and whose it is (and the area kept awake), or null when locked: every protected call
   * spreads it, so the core checks that person's PIN and permission.
   */
  auth(): Auth | null;
  today(): { date: string; from: number; to: number };
  /**
   * Prints through the core's thermal printer when one is configured, else (or when the core has no printer
   * service) through the print dialog with the core's HTML. Returns the problem to show, if any; `sentVia`
   * learns which way it went, so the screen can say where the page went.
   */
  print(
    viaCore: () => Promise<PosResult<null>>,
    html: () => Promise<PosResult<{ html: string }>>,
    sentVia?: (via: 'core' | 'dialog') => void,
  ): Promise<PosError | null>;
}

export const PIN_PATTERN = /^\d{4,8}$/;

/** What a protected call carries: the PIN and, when the till has people, whose PIN it is. */
export interface Auth {
  pin: string;
  personId?: string;
}

function isPinProblem(error: PosError): boolean {
  return error.code === 'WRONG_PIN' || error.code === 'PIN_LOCKED' || error.code === 'NO_PIN';
}

/** Cents as the exact amount text the core takes ("12.05"). */
export function centsText(cents: number): string {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

export function createManagerContext(
  api: PosApi,
  options: ManagerStoreOptions,
  set: (partial: Partial<ManagerStoreState>) => void,
  get: () => ManagerStoreState,
): ManagerContext {
  const now = options.now ?? Date.now;

  async function call<T>(run: () => Promise<PosResult<T>>): Promise<PosResult<T>> {
    try {
      return await run();
    } catch {
      return {
        ok: false,
        error: {
          code: 'CORE_UNREACHABLE',
          message: {
            en: 'The POS did not answer. Check the connection and try again.',
            zh: '收银系统没有响应。请检查连接后重试。',
          },
        },
      };
    }
  }

  const context: ManagerContext = {
    api,
    set,
    get,
    now,
    options,
    call,

    lockOnPinProblem(error) {
      if (!isPinProblem(error)) return false;
      set({
        pin: null,
        personId: null,
        gate: {
          mode: error.code === 'NO_PIN' ? 'set' : 'enter',
          problem: { source: 'core', error },
          lockedUntil: error.retryAfter ?? null,
          busy: false,
        },
      });
      return true;
    },

    refusal(error, show) {
      if (!context.lockOnPinProblem(error)) show({ source: 'core', error });
    },

    auth() {
      const { pin, personId } = get();
      if (pin === null) return null;
      get().touch();
      return personId === null ? { pin } : { pin, personId };
    },

    today() {
      const tz = options.timeZone?.();
      const date = businessDateOf(now(), tz);
      return { date, ...businessDayRange(date, tz) };
    },

    async print(viaCore, html, sentVia) {
      if (options.print?.printVia() === 'core') {
        const result = await call(viaCore);
        if (result.ok) {
          sentVia?.('core');
          return null;
        }
        if (result.error.code !== 'UNAVAILABLE') return result.error;
      }
      const page = await call(html);
      if (!page.ok) return page.error;
      options.print?.printHtml(page.value.html);
      sentVia?.('dialog');
      return null;
    },
  };
  return context;
}
