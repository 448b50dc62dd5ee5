/** Links to other systems: POS systems paired with the Terminal API, and the store server enrolment. */
import type { PosResult } from '../../../../../../preload/api';
import type { Auth, ManagerContext } from '../../context';
import { settingsPatcher } from './patch';

export interface SettingsLinkActions {
  loadApiKeys(): Promise<void>;
  /** Revokes a paired POS's Terminal API key (PIN-protected in the core). */
  revokeApiKey(keyId: string): Promise<void>;
  /** Enrols this till with a store server (one-time code); true when enrolled. */
  enrolStoreServer(url: string, code: string): Promise<boolean>;
  unlinkStoreServer(): Promise<boolean>;
}

export function createSettingsLinkActions(ctx: ManagerContext): SettingsLinkActions {
  const { api, call } = ctx;
  const patchSettings = settingsPatcher(ctx);

  /** A paired-keys call: the list it answers, or why it failed (a PIN problem also locks the area). */
  async function keysCall(run: (auth: Auth) => ReturnType<typeof api.listApiKeys>): Promise<void> {
    const auth = ctx.auth();
    if (auth === null) return;
    const result = await call(() => run(auth));
    if (!result.ok) {
      ctx.lockOnPinProblem(result.error);
      patchSettings({ apiKeysProblem: { source: 'core', error: result.error } });
      return;
    }
    patchSettings({ apiKeys: result.value, apiKeysProblem: null });
  }

  /** A store-link call: busy while in flight; true when the core took it. */
  async function linkCall(run: (auth: Auth) => Promise<PosResult<unknown>>): Promise<boolean> {
    const auth = ctx.auth();
    if (auth === null) return false;
    patchSettings({ storeLinkBusy: true, storeLinkProblem: null });
    const result = await call(() => run(auth));
    patchSettings({ storeLinkBusy: false });
    if (!result.ok) {
      ctx.lockOnPinProblem(result.error);
      patchSettings({ storeLinkProblem: { source: 'core', error: result.error } });
      return false;
    }
    return true;
  }

  return {
    loadApiKeys: () => keysCall((auth) => api.listApiKeys(auth)),

    revokeApiKey: (keyId) => keysCall((auth) => api.revokeApiKey({ ...auth, keyId })),

    async enrolStoreServer(url, code) {
      if (ctx.get().pin === null) return false;
      if (url.trim() === '' || code.trim() === '') {
        ctx.get().touch();
        patchSettings({ storeLinkProblem: { source: 'ui', key: 'settings.storeServer.missing' } });
        return false;
      }
      return linkCall((auth) =>
        api.enrolStoreServer({ url: url.trim(), code: code.trim().toUpperCase(), ...auth }),
      );
    },

    unlinkStoreServer: () => linkCall((auth) => api.unlinkStoreServer(auth)),
  };
}
