import type {
  ApiKeyView,
  ConnectionTestResult,
  ScannerDeviceList,
  SettingsView,
} from '../../../../../../preload/api';
import type { DraftErrors, DraftField, SettingsDraft } from '../../../settings-form';
import type { ManagerProblem } from '../../types';

/** How many scanner test reads the list keeps (newest first). */
export const SCANNER_TEST_KEEP = 20;

export interface SettingsState {
  view: SettingsView | null;
  draft: SettingsDraft | null;
  fieldErrors: DraftErrors;
  /** The core's reasons for refusing a value, shown next to that field. */
  coreFieldErrors: Partial<Record<DraftField, string>>;
  problem: ManagerProblem | null;
  /** Where `problem` belongs: beside the secret key, the printer's test, or (null) the save bar. */
  problemNear: 'secret' | 'printer' | null;
  saved: boolean;
  busy: boolean;
  secretSaved: boolean;
  connection: ConnectionTestResult | null;
  devices: ScannerDeviceList | null;
  scannerTest: boolean;
  scans: Array<{ rawHex: string; decoded: string | null; at: number }>;
  /** Where the last test page went: the core's printer, or the print dialog (false: none yet). */
  testPrinted: false | 'core' | 'dialog';
  pinChanged: boolean;
  /** POS systems paired with the Terminal API (null until loaded), and why loading or revoking failed. */
  apiKeys: ApiKeyView[] | null;
  apiKeysProblem: ManagerProblem | null;
  /** Enrolling with or unlinking from a store server: in flight, and why it failed. */
  storeLinkBusy: boolean;
  storeLinkProblem: ManagerProblem | null;
}

export function initialSettings(): SettingsState {
  return {
    view: null,
    draft: null,
    fieldErrors: {},
    coreFieldErrors: {},
    problemNear: null,
    problem: null,
    saved: false,
    busy: false,
    secretSaved: false,
    connection: null,
    devices: null,
    scannerTest: false,
    scans: [],
    testPrinted: false,
    pinChanged: false,
    apiKeys: null,
    apiKeysProblem: null,
    storeLinkBusy: false,
    storeLinkProblem: null,
  };
}
