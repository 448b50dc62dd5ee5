import type { StoreLinkStatus } from '../../preload/api';

/** The link's status when this till is not enrolled with a store server (or the runtime has no link). */
export const STORE_LINK_OFF: StoreLinkStatus = {
  state: 'off',
  backlog: 0,
  lastSyncAt: null,
  url: null,
  storeName: null,
  tillName: null,
  problem: null,
};
