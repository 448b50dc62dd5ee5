/** People at the counter: signing in and out, the People panel (people, badges, roles, mode). */
import type { PeopleSettingsView, PersonDetail } from '../../../contract/people-views';
import type { PersonRow } from '../../journal/tables/people';
import { COUNTER_PERSON_ID } from '../../journal/tables/people';
import { newBadge } from '../../people/badges';
import { ROLES_SETTING, withRole } from '../../people/permissions';
import { hashPin, isCommonPin } from '../../people/pin-hash';
import {
  IDLE_SETTING,
  idleSignOutMinutes,
  MODE_SETTING,
  personDetail,
  SHOW_NAME_SETTING,
  showNameOnCustomerDisplay,
} from '../../people/state';
import { peopleWords } from '../../people/words';
import type { Handlers, ServiceContext } from './context';
import { fail, ok } from './results';

export function staffHandlers(ctx: ServiceContext) {
  const { journal } = ctx.deps;
  const { people } = ctx;
  const detail = (row: PersonRow): PersonDetail => personDetail(row, ctx.now());
  const settingsView = (): PeopleSettingsView => ({
    roles: people.roles(),
    mode: people.mode(),
    idleSignOutMinutes: idleSignOutMinutes(journal),
    showNameOnCustomerDisplay: showNameOnCustomerDisplay(journal),
  });
  /** A People panel change, journalled with who made it. */
  const note = (by: PersonRow, type: string, entityId: string | null, data: Record<string, unknown>) =>
    journal.appendEvent({
      at: ctx.now(),
      actor: 'manager',
      type,
      entity: 'manager',
      entityId,
      personId: by.id,
      data,
    });
  /** A person the panel may change: known, made at this till, not the built-in cashier. */
  const editable = (id: string) => {
    const row = journal.people.get(id);
    if (!row) return fail('PERSON_NOT_FOUND', peopleWords.personNotFound);
    if (row.id === COUNTER_PERSON_ID) return fail('PERSON_READ_ONLY', peopleWords.builtIn);
    return ok(row);
  };
  /** Whether a change would leave no enabled manager with a PIN (nobody could manage people any more). */
  const leavesNoManager = (id: string, role: string, disabled: boolean) =>
    !journal.people
      .list()
      .some((p) =>
        p.id === id
          ? role === 'manager' && !disabled && p.pinHash !== null
          : p.role === 'manager' && p.disabledAt === null && p.pinHash !== null,
      );

  return {
    signIn: ({ personId, pin }) => {
      const v = people.signIn(personId, pin);
      return v.ok ? ok(people.state()) : fail(v.code, v.message, undefined, v.retryAfter);
    },
    signOut: () => {
      people.signOut();
      return ok(people.state());
    },
    noteActivity: () => {
      people.noteActivity();
      return ok(null);
    },
    listPeople: ({ pin, personId }) => {
      const auth = ctx.authorise({ pin, personId }, 'manage_people', 'list_people');
      if (!auth.ok) return auth;
      return ok(
        journal.people
          .list()
          .filter((p) => p.id !== COUNTER_PERSON_ID)
          .map(detail),
      );
    },
    savePerson: ({ pin, personId, person }) => {
      const auth = ctx.authorise({ pin, personId }, 'manage_people', 'save_person');
      if (!auth.ok) return auth;
      if (person.newPin !== undefined && isCommonPin(person.newPin)) {
        return fail('WEAK_PIN', peopleWords.weakPin);
      }
      const pinHash =
        person.newPin === undefined ? undefined : hashPin(person.newPin, ctx.deps.auth.pins.params);
      const at = ctx.now();
      let row: PersonRow;
      if (person.id === undefined) {
        row = journal.people.create({ name: person.name, role: person.role, pinHash: pinHash ?? null, at });
      } else {
        const found = editable(person.id);
        if (!found.ok) return found;
        if (found.value.source === 'server') return fail('PERSON_READ_ONLY', peopleWords.readOnly);
        const disabled = person.disabled ?? found.value.disabledAt !== null;
        if (leavesNoManager(person.id, person.role, disabled))
          return fail('NOT_ALLOWED', peopleWords.lastManager);
        row = journal.people.update(
          person.id,
          {
            name: person.name,
            role: person.role,
            ...(pinHash !== undefined ? { pinHash } : {}),
            ...(person.disabled !== undefined
              ? { disabledAt: person.disabled ? (found.value.disabledAt ?? at) : null }
              : {}),
          },
          at,
        );
      }
      note(auth.person, 'person.saved', row.id, {
        role: row.role,
        disabled: row.disabledAt !== null,
        pinChanged: pinHash !== undefined,
      });
      people.announce();
      return ok(detail(row));
    },
    issueBadge: ({ pin, personId, forPersonId }) => {
      const auth = ctx.authorise({ pin, personId }, 'manage_people', 'issue_badge');
      if (!auth.ok) return auth;
      const found = editable(forPersonId);
      if (!found.ok) return found;
      if (found.value.disabledAt !== null) {
        return fail('PERSON_DISABLED', peopleWords.personDisabled(found.value.name));
      }
      const badge = newBadge(forPersonId);
      journal.people.setBadge(forPersonId, badge.hash, ctx.now());
      note(auth.person, 'person.badge_issued', forPersonId, {});
      people.announce();
      return ok({ code: badge.code });
    },
    revokeBadge: ({ pin, personId, forPersonId }) => {
      const auth = ctx.authorise({ pin, personId }, 'manage_people', 'revoke_badge');
      if (!auth.ok) return auth;
      const found = editable(forPersonId);
      if (!found.ok) return found;
      const row = journal.people.setBadge(forPersonId, null, ctx.now());
      note(auth.person, 'person.badge_revoked', forPersonId, {});
      people.announce();
      return ok(detail(row));
    },
    getPeopleSettings: ({ pin, personId }) => {
      const auth = ctx.authorise({ pin, personId }, 'manage_people', 'people_settings');
      return auth.ok ? ok(settingsView()) : auth;
    },
    setRolePermissions: ({ pin, personId, role, permissions }) => {
      const auth = ctx.authorise({ pin, personId }, 'manage_people', 'role_permissions');
      if (!auth.ok) return auth;
      const table = withRole(people.roles(), role, permissions);
      if (!table) return fail('INVALID_SETTINGS', peopleWords.invalidRole);
      journal.setSetting(ROLES_SETTING, table);
      note(auth.person, 'settings.roles_changed', role, { ...table[role] });
      people.announce();
      return ok(settingsView());
    },
    setPeopleMode: ({
      pin,
      personId,
      mode,
      idleSignOutMinutes: minutes,
      showNameOnCustomerDisplay: show,
    }) => {
      const auth = ctx.authorise({ pin, personId }, 'manage_people', 'people_mode');
      if (!auth.ok) return auth;
      journal.transaction(() => {
        journal.setSetting(MODE_SETTING, mode);
        journal.setSetting(IDLE_SETTING, minutes);
        if (show !== undefined) journal.setSetting(SHOW_NAME_SETTING, show);
        note(auth.person, 'settings.people_mode', null, {
          mode,
          idleSignOutMinutes: minutes,
          show: show ?? null,
        });
      });
      // A new mode starts from its own beginning: the sign-in screen, or the built-in cashier.
      people.signOut();
      return ok(settingsView());
    },
  } satisfies Partial<Handlers>;
}
