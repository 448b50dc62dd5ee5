/** The manager PIN and the Terminal API's paired keys and refund requests awaiting the manager. */
import type { ApiKeyView, Bilingual } from '../../../preload/api';
import { msg } from '../messages';
import type { Handlers, ServiceContext } from './context';
import { fail, ok } from './results';

export function peopleHandlers(ctx: ServiceContext) {
  return {
    verifyManagerPin: ({ pin }) => ctx.authorise(pin, 'open_manager') ?? ok(null),
    setManagerPin: ({ newPin, currentPin, setupCode }) => {
      const result = ctx.deps.auth.setPin(newPin, currentPin, ctx.now(), setupCode);
      if (!result.ok) {
        const code = result.reason === 'locked' ? 'PIN_LOCKED' : result.reason.toUpperCase();
        return fail(code, result.message, undefined, result.lockedUntil);
      }
      ctx.terminal = { ...ctx.terminal, hasManagerPin: true };
      ctx.emit({ type: 'terminal', terminal: ctx.terminal });
      return ok(null);
    },
    listApiKeys: ({ pin }) => {
      const denied = ctx.authorise(pin, 'list api keys');
      if (denied) return denied;
      return ok(activeApiKeys(ctx));
    },
    revokeApiKey: ({ pin, keyId }) => {
      const denied = ctx.authorise(pin, 'revoke api key');
      if (denied) return denied;
      if (!ctx.apiKeys?.revokeKey(keyId)) return fail('API_KEY_NOT_FOUND', msg.apiKeyNotFound);
      ctx.deps.log?.info({ keyId }, 'api key revoked');
      return ok(activeApiKeys(ctx));
    },
    approveApiRefund: async ({ pin, requestId, approve }) => {
      const denied = ctx.authorise(pin, approve ? 'approve api refund' : 'decline api refund');
      if (denied) return denied;
      if (!ctx.apiKeys) return fail('API_REFUND_NOT_FOUND', msg.apiRefundNotFound);
      try {
        const decided = await ctx.apiKeys.decideRefund(requestId, approve);
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
