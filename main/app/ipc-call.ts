/**
 * What one `pos:call:<method>` invoke does in the main process, apart from Electron itself (so it is testable in
 * plain Node): refuse a sender that is not the top frame of our own page (FORBIDDEN), then the contract's edge —
 * the same check and the same errors as the hub socket.
 */
import type { IpcMainInvokeEvent, WebFrameMain } from 'electron';
import { contractError, type PosApi, type PosMethod, type PosResult } from '../../contract';
import { dispatchPosCall } from '../../contract/edge';
import { APP_HOST, APP_SCHEME } from './channels';
import { withSetupCode } from './first-pin';
import { runAsCaller } from '../shared/caller';
import type { PageSessions } from './page-sessions';

export interface IpcCallLog {
  warn(obj: object, msg?: string): void;
}

/** The invoke listener for one method; `isOurWindow` says whether the sender is one of our windows. */
export function posInvokeListener(
  api: PosApi,
  method: PosMethod,
  isOurWindow: (senderId: number) => boolean,
  log: IpcCallLog,
  /** The first-PIN setup code, which the app's own window supplies itself (./first-pin). */
  firstPinSetupCode: () => string | null = () => null,
  /** Each page load's session, so what a page holds in the core ends when it reloads (./page-sessions). */
  sessions?: PageSessions,
): (event: IpcMainInvokeEvent, args: unknown) => Promise<PosResult<unknown>> {
  return async (event, args) => {
    if (!isOurWindow(event.sender.id) || !isTrustedFrame(event.senderFrame)) {
      log.warn({ method, url: safeUrl(event.senderFrame) }, 'IPC call from an untrusted frame refused');
      return { ok: false, error: contractError('FORBIDDEN') };
    }
    const dispatch = () =>
      dispatchPosCall(api, method, withSetupCode(method, args, firstPinSetupCode), (err) =>
        log.warn({ method, err: err instanceof Error ? err.name : typeof err }, 'PosService threw'),
      );
    return sessions ? runAsCaller(sessions.of(event.sender), dispatch) : dispatch();
  };
}

/** Only the top frame of our own page: not an iframe, not a page that somehow navigated elsewhere. */
function isTrustedFrame(frame: WebFrameMain | null): boolean {
  // A frame that was disposed meanwhile throws on access: treat it as untrusted.
  try {
    if (frame === null || frame.parent !== null) return false;
    const url = new URL(frame.url);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST;
  } catch {
    return false;
  }
}

function safeUrl(frame: WebFrameMain | null): string {
  try {
    if (frame === null) return '(gone)';
    const url = new URL(frame.url);
    return `${url.protocol}//${url.host}`;
  } catch {
    return '(unreadable)';
  }
}
