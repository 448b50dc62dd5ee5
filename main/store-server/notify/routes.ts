/** Routes of Omipay notifications, verified and relayed to the owning till. */
import type { Route, StoreServerContext } from '../http/router';

export function notifyRoutes(): Route<StoreServerContext>[] {
  return [];
}
