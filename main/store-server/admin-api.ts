/**
 * The running server runs the CLI's admin commands for it (admin-commands.ts): POST /api/admin/v1/command, from
 * loopback only, with the token the server wrote to `<dataDir>/admin.json` (0600) when it started. Only a user
 * who can read the data dir can use it; the token dies with the server.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { AdminInputError } from './admin';
import { ADMIN_COMMAND_PATH } from './admin-access';
import { adminCommandSchema, runAdminCommand } from './admin-commands';
import { readJsonBody } from './http/json-body';
import { HttpError, json, type Route, type StoreServerContext } from './http/router';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

const digest = (s: string) => createHash('sha256').update(s).digest();

export function adminRoutes(token: string): Route<StoreServerContext>[] {
  const expected = digest(token);
  return [
    {
      method: 'POST',
      path: ADMIN_COMMAND_PATH,
      async handle(r, ctx) {
        const auth = r.req.headers.authorization ?? '';
        const given = auth.startsWith('Bearer ') ? auth.slice(7) : '';
        if (!LOOPBACK.has(r.peer) || !timingSafeEqual(digest(given), expected)) {
          r.req.resume();
          throw new HttpError(401, { error: 'unauthorized' });
        }
        const command = await readJsonBody(r.req, 16 * 1024, adminCommandSchema);
        try {
          const result = await runAdminCommand(
            { db: ctx.db, sealer: ctx.sealer, now: ctx.now, actor: 'cli' },
            command,
          );
          return json(200, { result });
        } catch (err) {
          if (err instanceof AdminInputError)
            return json(400, { error: 'invalid_request', detail: err.message });
          throw err;
        }
      },
    },
  ];
}
