/** People at the counter: signing in and out, the People panel (people, badges, roles, mode). */
import { bilingual } from '../../shared/bilingual';
import type { Handlers, ServiceContext } from './context';
import { fail, ok } from './results';

const notYet = bilingual(
  'This part of People is not available in this version yet.',
  '此版本尚未提供该员工功能。',
);

export function staffHandlers(_ctx: ServiceContext) {
  const unavailable = () => fail('UNAVAILABLE', notYet, 'people');
  return {
    signIn: unavailable,
    signOut: unavailable,
    noteActivity: () => ok(null),
    listPeople: unavailable,
    savePerson: unavailable,
    issueBadge: unavailable,
    revokeBadge: unavailable,
    getPeopleSettings: unavailable,
    setRolePermissions: unavailable,
    setPeopleMode: unavailable,
  } satisfies Partial<Handlers>;
}
