/** Routes of the manager's and head office's pages. */
import type { Route, StoreServerContext } from '../http/router';

export function webRoutes(): Route<StoreServerContext>[] {
  return [];
}
