/**
 * The Electron window is the terminal itself: its first-PIN call carries the setup code the core drew, so the
 * manager is not asked for it there (a browser on the hub must type it). Kept apart from ipc.ts, which needs
 * Electron, so it can be tested without it.
 */
export function withSetupCode(method: string, args: unknown, code: () => string | null): unknown {
  if (method !== 'setManagerPin' || args === null || typeof args !== 'object') return args;
  if ('setupCode' in args) return args;
  const setupCode = code();
  return setupCode === null ? args : { ...args, setupCode };
}
