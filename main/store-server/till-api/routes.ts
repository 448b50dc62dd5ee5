/** Routes of the till API: enrolment, cursor, pushes (main/store-server/till-api). */
import type { Route, StoreServerContext } from '../http/router';

export function tillApiRoutes(): Route<StoreServerContext>[] {
  return [];
}
