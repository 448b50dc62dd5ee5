/** The CLI's people and reinstate commands: their requests and what they print. */
import type { AdminCommand } from './admin-commands';
import type { AdminArgs } from './cli-args';
import type { UserSummary } from './user-admin';

type PeopleArgs = Extract<AdminArgs, { kind: `user.${string}` | 'till.reinstate' }>;

export function isPeopleArgs(a: AdminArgs): a is Exclude<PeopleArgs, { kind: 'user.add' }> {
  return a.kind === 'till.reinstate' || (a.kind.startsWith('user.') && a.kind !== 'user.add');
}

export function peopleCommand(a: Exclude<PeopleArgs, { kind: 'user.add' }>): AdminCommand {
  switch (a.kind) {
    case 'till.reinstate':
      return { command: 'till.reinstate', tillId: a.tillId };
    case 'user.list':
      return { command: 'user.list' };
    case 'user.role':
      return {
        command: 'user.role',
        username: a.username,
        role: a.role,
        ...(a.storeId !== undefined ? { storeId: a.storeId } : {}),
      };
    default:
      return { command: a.kind, username: a.username };
  }
}

const iso = (ms: number | null) => (ms === null ? '-' : new Date(ms).toISOString());

function stateOf(u: UserSummary, now: number): string {
  if (u.disabledAt !== null) return `disabled since ${iso(u.disabledAt)}`;
  if (u.lockedUntil !== null && u.lockedUntil > now) return `locked until ${iso(u.lockedUntil)}`;
  return 'active';
}

export function printPeople(a: Exclude<PeopleArgs, { kind: 'user.add' }>, result: unknown): void {
  switch (a.kind) {
    case 'till.reinstate': {
      const r = result as { tillId: string; tillName: string };
      console.log(`Till ${r.tillId} (${r.tillName}) reinstated: it is accepted again from its next call.`);
      return;
    }
    case 'user.list': {
      const users = result as UserSummary[];
      if (users.length === 0) console.log('No users yet.');
      const now = Date.now();
      for (const u of users)
        console.log(
          `${u.username}  ${u.displayName}  ${u.role}${u.storeName ? ` (${u.storeName})` : ''}  ${stateOf(u, now)}`,
        );
      return;
    }
    case 'user.reset-password': {
      const r = result as { username: string; password: string };
      console.log(`New password for ${r.username} (shown this once; their sessions were ended):`);
      console.log(`  ${r.password}`);
      return;
    }
    case 'user.role':
      console.log(
        `${a.username} is now ${a.role}${a.storeId ? ` of store ${a.storeId}` : ''}; they sign in again.`,
      );
      return;
    case 'user.disable':
      console.log(`${a.username} disabled: cannot sign in, sessions ended.`);
      return;
    case 'user.enable':
      console.log(`${a.username} enabled: can sign in again.`);
      return;
    case 'user.unlock':
      console.log(`${a.username} unlocked: failed sign-ins cleared.`);
      return;
    case 'user.delete':
      console.log(`${a.username} deleted (their audit entries stay).`);
      return;
  }
}
