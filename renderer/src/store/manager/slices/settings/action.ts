/** The settings form: load, edit the draft, save (the core validates), the write-only secret key, "Test connection". */
import type { PosApi } from '../../../../../../preload/api';
import type { ManagerContext } from '../../context';
import {
  draftFromSettings,
  fieldsOfIssues,
  patchFromDraft,
  type SettingsDraft,
} from '../../../settings-form';
import { settingsPatcher } from './patch';

export interface SettingsActions {
  loadSettings(): Promise<void>;
  editSettings(patch: Partial<SettingsDraft>): void;
  saveSettings(): Promise<void>;
  saveSecretKey(secretKey: string): Promise<boolean>;
  testConnection(secretKey?: string): Promise<void>;
}

export function createSettingsActions(ctx: ManagerContext): SettingsActions {
  const { api, get, call } = ctx;
  const patchSettings = settingsPatcher(ctx);

  return {
    async loadSettings() {
      const result = await call(() => api.getSettings());
      if (!result.ok) {
        patchSettings({ problem: { source: 'core', error: result.error } });
        return;
      }
      patchSettings({
        view: result.value,
        draft: draftFromSettings(result.value),
        fieldErrors: {},
        problem: null,
      });
    },

    editSettings(patch) {
      const draft = get().settings.draft;
      if (!draft) return;
      get().touch();
      const fieldErrors = { ...get().settings.fieldErrors };
      const coreFieldErrors = { ...get().settings.coreFieldErrors };
      for (const key of Object.keys(patch)) {
        delete fieldErrors[key as keyof SettingsDraft];
        delete coreFieldErrors[key as keyof SettingsDraft];
      }
      patchSettings({ draft: { ...draft, ...patch }, fieldErrors, coreFieldErrors, saved: false });
    },

    async saveSettings() {
      const { draft, view } = get().settings;
      const auth = ctx.auth();
      if (!draft || !view || auth === null) return;
      const built = patchFromDraft(draft, view);
      if (!built.ok) {
        patchSettings({
          fieldErrors: built.errors,
          problem: { source: 'ui', key: 'settings.error.fix' },
          problemNear: null,
          saved: false,
        });
        return;
      }
      patchSettings({ busy: true, problem: null, problemNear: null, saved: false });
      const result = await call(() => api.updateSettings({ ...auth, patch: built.patch }));
      patchSettings({ busy: false });
      if (!result.ok) {
        if (ctx.lockOnPinProblem(result.error)) return;
        const coreFieldErrors =
          result.error.code === 'INVALID_SETTINGS' ? fieldsOfIssues(result.error.detail ?? '') : {};
        const placed = Object.keys(coreFieldErrors).length > 0;
        patchSettings({
          coreFieldErrors,
          // Each reason sits beside its field; the save bar only points there.
          problem: placed
            ? { source: 'ui', key: 'settings.error.fix' }
            : { source: 'core', error: result.error },
          problemNear: null,
        });
        return;
      }
      patchSettings({
        view: result.value,
        draft: draftFromSettings(result.value),
        fieldErrors: {},
        coreFieldErrors: {},
        saved: true,
      });
    },

    async saveSecretKey(secretKey) {
      const auth = ctx.auth();
      if (auth === null) return false;
      if (secretKey.trim() === '') {
        patchSettings({ problem: { source: 'ui', key: 'settings.error.secretEmpty' } });
        return false;
      }
      patchSettings({ busy: true, problem: null, problemNear: null, secretSaved: false });
      const result = await call(() => api.setSecretKey({ ...auth, secretKey: secretKey.trim() }));
      patchSettings({ busy: false });
      if (!result.ok) {
        ctx.refusal(result.error, (problem) => patchSettings({ problem, problemNear: 'secret' }));
        return false;
      }
      patchSettings({ secretSaved: true });
      await get().loadSettings();
      return true;
    },

    async testConnection(secretKey) {
      const auth = ctx.auth();
      const draft = get().settings.draft;
      if (auth === null || !draft) return;
      patchSettings({ busy: true, problem: null, connection: null });
      const args: Parameters<PosApi['testConnection']>[0] = { ...auth, region: draft.region };
      if (draft.region === 'custom' && draft.baseUrl.trim() !== '') args.baseUrl = draft.baseUrl.trim();
      if (draft.mNumber.trim() !== '') args.mNumber = draft.mNumber.trim();
      if (secretKey !== undefined && secretKey.trim() !== '') args.secretKey = secretKey.trim();
      const result = await call(() => api.testConnection(args));
      patchSettings({ busy: false });
      if (!result.ok) {
        ctx.refusal(result.error, (problem) => patchSettings({ problem }));
        return;
      }
      patchSettings({ connection: result.value });
    },
  };
}
