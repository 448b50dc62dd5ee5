/** Enrolling this till with a store server and unlinking it. */
import type { Handlers, ServiceContext } from './context';
import { ok } from './results';

export function storeLinkHandlers(ctx: ServiceContext) {
  return {
    enrolStoreServer: async ({ url, code, pin, personId }) => {
      const auth = ctx.authorise({ pin, personId }, 'settings', 'enrol_store_server');
      if (!auth.ok) return auth;
      return ok(await ctx.requireStoreLink().enrol(url, code));
    },
    unlinkStoreServer: async ({ pin, personId }) => {
      const auth = ctx.authorise({ pin, personId }, 'settings', 'unlink_store_server');
      if (!auth.ok) return auth;
      return ok(await ctx.requireStoreLink().unlink());
    },
  } satisfies Partial<Handlers>;
}
