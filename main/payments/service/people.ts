/** The manager PIN and the Terminal API's paired keys and refund requests awaiting the manager. */
import type { ApiKeyView, Bilingual } from '../../../preload/api';
import { msg } from '../messages';
import type { Handlers, ServiceContext } from './context';
import { fail, ok } from './results';
import { PERMISSIONS, type Permission } from '../../people/permissions';

/** The manager area opens for anyone who may do more than sell; each action in it checks its own permission. */
const MANAGER_AREA: readonly Permission[] = PERMISSIONS.filter((p) => p !== 'sell');

export function peopleHandlers(ctx: ServiceContext) {
  return {
    verifyManagerPin: ({ pin, personId }) => {
      const auth = ctx.authorise({ pin, personId }, MANAGER_AREA, 'open_manager');
      return auth.ok ? ok(null) : auth;
    },
    setManagerPin: ({ newPin, currentPin, setupCode }) => {
      const result = ctx.deps.auth.setPin(newPin, currentPin, ctx.now(), setupCode);
      if (!result.ok) {
        const code =
          result.reason === 'locked'
            ? 'PIN_LOCKED'
            : result.reason === 'read_only'
              ? 'PERSON_READ_ONLY'
              : result.reason.toUpperCase();
        return fail(code, result.message, undefined, result.lockedUntil);
      }
      // The first PIN makes the person manager-1: the screens learn of them (who approves) and of the PIN.
      ctx.people.announce();
      return ok(null);
    },
    listApiKeys: ({ pin, personId }) => {
      const auth = ctx.authorise({ pin, personId }, 'settings', 'list api keys');
      if (!auth.ok) return auth;
      return ok(activeApiKeys(ctx));
    },
    revokeApiKey: ({ pin, personId, keyId }) => {
      const auth = ctx.authorise({ pin, personId }, 'settings', 'revoke api key');
      if (!auth.ok) return auth;
      if (!ctx.apiKeys?.revokeKey(keyId)) return fail('API_KEY_NOT_FOUND', msg.apiKeyNotFound);
      ctx.deps.log?.info({ keyId }, 'api key revoked');
      return ok(activeApiKeys(ctx));
    },
    approveApiRefund: async ({ pin, personId, requestId, approve }) => {
      const auth = ctx.authorise(
        { pin, personId },
        'approve_api_refund',
        approve ? 'approve api refund' : 'decline api refund',
      );
      if (!auth.ok) return auth;
      if (!ctx.apiKeys) return fail('API_REFUND_NOT_FOUND', msg.apiRefundNotFound);
      try {
        const decided = await ctx.apiKeys.decideRefund(requestId, approve, auth.person.id);
        return decided ? ok(decided) : fail('API_REFUND_NOT_FOUND', msg.apiRefundNotFound);
      } catch (err) {
        const bilingual = (err as { bilingual?: Bilingual }).bilingual;
        return fail('REFUND_REJECTED', bilingual ?? msg.apiRefundRefused);
      }
    },
  } satisfies Partial<Handlers>;
}

function activeApiKeys(ctx: ServiceContext): ApiKeyView[] {
  return (ctx.apiKeys?.listKeys() ?? [])
    .filter((k) => k.revokedAt === null)
    .map(({ id, name, createdAt, lastUsedAt }) => ({ id, name, createdAt, lastUsedAt }));
}
