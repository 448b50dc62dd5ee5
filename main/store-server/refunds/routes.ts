/** Routes of refund anywhere: search and reservations. */
import type { Route, StoreServerContext } from '../http/router';

export function refundRoutes(): Route<StoreServerContext>[] {
  return [];
}
