import type { ManagerContext } from '../../context';
import type { SettingsState } from './initialState';

/** Merges a patch into the settings slice. */
export function settingsPatcher(ctx: ManagerContext): (patch: Partial<SettingsState>) => void {
  return (patch) => ctx.set({ settings: { ...ctx.get().settings, ...patch } });
}
