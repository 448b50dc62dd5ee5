/** Enrolling this till with a store server and unlinking it. */
import type { Handlers, ServiceContext } from './context';
import { ok } from './results';

export function storeLinkHandlers(ctx: ServiceContext) {
  return {
    enrolStoreServer: async ({ url, code, pin }) => {
      const denied = ctx.authorise(pin, 'enrol_store_server');
      if (denied) return denied;
      return ok(await ctx.requireStoreLink().enrol(url, code));
    },
    unlinkStoreServer: async ({ pin }) => {
      const denied = ctx.authorise(pin, 'unlink_store_server');
      if (denied) return denied;
      return ok(await ctx.requireStoreLink().unlink());
    },
  } satisfies Partial<Handlers>;
}
