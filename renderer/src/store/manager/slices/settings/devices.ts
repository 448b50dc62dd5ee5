/** Settings that act at once rather than on save: the scanner's live test, a test print, the PIN change. */
import { PIN_PATTERN, type ManagerContext } from '../../context';
import { SCANNER_TEST_KEEP } from './initialState';
import { settingsPatcher } from './patch';

export interface SettingsDeviceActions {
  loadDevices(): Promise<void>;
  setScannerTest(on: boolean): Promise<void>;
  testPrint(): Promise<void>;
  changePin(current: string, next: string, repeat: string): Promise<boolean>;
}

export function createSettingsDeviceActions(ctx: ManagerContext): {
  actions: SettingsDeviceActions;
  /** A read while the scanner test is on: listed, newest first. */
  applyScannerTest(rawHex: string, decoded: string | null): void;
} {
  const { api, set, get, call } = ctx;
  const patchSettings = settingsPatcher(ctx);

  const actions: SettingsDeviceActions = {
    async loadDevices() {
      const result = await call(() => api.listScannerDevices());
      if (result.ok) patchSettings({ devices: result.value });
    },

    async setScannerTest(on) {
      get().touch();
      const result = await call(() => api.setScannerTestMode({ on }));
      if (!result.ok) {
        patchSettings({ problem: { source: 'core', error: result.error }, scannerTest: false });
        return;
      }
      patchSettings({ scannerTest: on, scans: on ? [] : get().settings.scans });
    },

    async testPrint() {
      const auth = ctx.auth();
      if (auth === null) return;
      patchSettings({ busy: true, problem: null, testPrinted: false });
      // The thermal printer when one is set up, else the print dialog with the core's test page.
      let via: 'core' | 'dialog' = 'dialog';
      const problem = await ctx.print(
        () => api.testPrint(auth),
        () => api.getTestPageHtml(auth),
        (v) => (via = v),
      );
      patchSettings({ busy: false });
      if (problem) {
        ctx.refusal(problem, (problem) => patchSettings({ problem, problemNear: 'printer' }));
        return;
      }
      patchSettings({ testPrinted: via });
    },

    async changePin(current, next, repeat) {
      get().touch();
      if (!PIN_PATTERN.test(next)) {
        patchSettings({ problem: { source: 'ui', key: 'manager.gate.pinFormat' }, pinChanged: false });
        return false;
      }
      if (next !== repeat) {
        patchSettings({ problem: { source: 'ui', key: 'manager.gate.pinMismatch' }, pinChanged: false });
        return false;
      }
      const result = await call(() => api.setManagerPin({ newPin: next, currentPin: current }));
      if (!result.ok) {
        // A mistyped current PIN is said in the form; only a lock closes the area.
        if (result.error.code !== 'PIN_LOCKED' || !ctx.lockOnPinProblem(result.error)) {
          patchSettings({ problem: { source: 'core', error: result.error }, pinChanged: false });
        }
        return false;
      }
      set({ pin: next });
      patchSettings({ pinChanged: true, problem: null });
      return true;
    },
  };

  return {
    actions,
    applyScannerTest(rawHex, decoded) {
      if (!get().settings.scannerTest) return;
      const scans = [{ rawHex, decoded, at: ctx.now() }, ...get().settings.scans];
      patchSettings({ scans: scans.slice(0, SCANNER_TEST_KEEP) });
    },
  };
}
