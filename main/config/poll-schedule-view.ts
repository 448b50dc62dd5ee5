/**
 * The poll schedule as Settings shows it (read-only): what config.json says, or the built-in defaults, and the
 * background follow-up that takes over after a wait. Editing stays in config.json (read at start-up), so the
 * screen names the file rather than offer a form whose change would not apply until a restart.
 */
import type { PollScheduleView } from '../../preload/api';
import { DEFAULT_FOLLOW_UP_PLAN } from '../payments/follow-up-schedule';
import {
  DEFAULT_NOTIFIED_PLAN,
  DEFAULT_POLLING_PLAN,
  type PollScheduleConfig,
} from '../payments/poll-schedule';

export function pollScheduleView(
  config: PollScheduleConfig | undefined,
  configPath: string,
  notificationsOn: boolean,
): PollScheduleView {
  return {
    configPath,
    fromConfig: config?.polling !== undefined || config?.withNotifications !== undefined,
    inUse: notificationsOn ? 'withNotifications' : 'polling',
    polling: config?.polling ?? DEFAULT_POLLING_PLAN,
    withNotifications: config?.withNotifications ?? DEFAULT_NOTIFIED_PLAN,
    background: { ...DEFAULT_FOLLOW_UP_PLAN },
  };
}
