/**
 * The People panel: everyone this till knows, adding and changing a person (name, role, PIN, disabled), badges
 * (issued once to print, revoked), what each role may do, and the signing-in mode. Every call is the manager's
 * (`manage_people`), under the PIN that opened the area.
 */
import type { PersonRole, PersonPermission, PosResult } from '../../../../../../preload/api';
import { PIN_PATTERN, type ManagerContext } from '../../context';
import { qrSvgDataUrl } from '../../../../components/qr-svg';
import type { MessageKey } from '../../../../i18n/en';
import type { Vars } from '../../../../i18n';
import { newDraft, type PeopleAdminState, type PersonDraft } from './initialState';

export interface PeopleAdminActions {
  loadPeople(): Promise<void>;
  /** Opens the form: a person's id, or null for a new person. */
  editPerson(personId: string | null): void;
  setDraft(patch: Partial<PersonDraft>): void;
  cancelEdit(): void;
  savePerson(): Promise<boolean>;
  issueBadge(forPersonId: string): Promise<void>;
  revokeBadge(forPersonId: string): Promise<void>;
  /** The badge's code leaves the screen (it was printed, or not: a new one can be issued). */
  closeBadge(): void;
  /** The badge just issued, through the print dialog: its title (in the screen's language) and its QR. */
  printBadge(title: string): Promise<void>;
  saveRole(
    role: PersonRole,
    permissions: PersonPermission[],
    refundLimitCents: number | null,
  ): Promise<boolean>;
  savePeopleMode(
    mode: 'sign_in' | 'no_sign_in',
    idleSignOutMinutes: number | null,
    showNameOnCustomerDisplay: boolean,
  ): Promise<boolean>;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The printed badge: the person's name over the QR. Every value escaped; the QR is an SVG data URL. */
function badgeHtml(title: string, name: string, qrDataUrl: string): string {
  return (
    `<div class="rcpt rcpt-w58"><p class="rcpt-c rcpt-b">${escapeHtml(title)}</p>` +
    `<p class="rcpt-c rcpt-b rcpt-s2">${escapeHtml(name)}</p>` +
    `<div class="rcpt-qr"><img class="rcpt-qr-img" src="${escapeHtml(qrDataUrl)}" alt=""></div></div>`
  );
}

export function createPeopleAdminActions(ctx: ManagerContext): {
  actions: PeopleAdminActions;
  /** The people event: the list follows (a sign-in, a lock, the store server's list). */
  applyPeople(): void;
} {
  const { api, set, get, call } = ctx;

  function patch(p: Partial<PeopleAdminState>): void {
    set({ people: { ...get().people, ...p } });
  }

  function said(key: MessageKey, vars?: Vars): PeopleAdminState['done'] {
    return vars === undefined ? { key } : { key, vars };
  }

  /** One protected call; false (and the refusal shown, or the area locked for a PIN problem) when refused. */
  async function run<T>(
    send: (auth: NonNullable<ReturnType<ManagerContext['auth']>>) => Promise<PosResult<T>>,
  ): Promise<PosResult<T> | null> {
    const auth = ctx.auth();
    if (auth === null) return null;
    patch({ busy: true, problem: null, done: null });
    const result = await call(() => send(auth));
    patch({ busy: false });
    if (!result.ok) ctx.refusal(result.error, (problem) => patch({ problem }));
    return result;
  }

  function nameOf(personId: string): string {
    return get().people.list?.find((p) => p.id === personId)?.name ?? personId;
  }

  const actions: PeopleAdminActions = {
    async loadPeople() {
      const auth = ctx.auth();
      if (auth === null) return;
      const [list, settings] = await Promise.all([
        call(() => api.listPeople(auth)),
        call(() => api.getPeopleSettings(auth)),
      ]);
      for (const r of [list, settings]) {
        if (!r.ok) {
          ctx.refusal(r.error, (problem) => patch({ problem }));
          return;
        }
      }
      patch({
        list: list.ok ? list.value : get().people.list,
        settings: settings.ok ? settings.value : get().people.settings,
      });
    },

    editPerson(personId) {
      get().touch();
      if (personId === null) {
        patch({ draft: newDraft(), problem: null, done: null, badge: null });
        return;
      }
      const p = get().people.list?.find((x) => x.id === personId);
      if (!p) return;
      patch({
        draft: {
          id: p.id,
          name: p.name,
          role: p.role,
          newPin: '',
          repeat: '',
          disabled: p.disabled,
          source: p.source,
        },
        problem: null,
        done: null,
        badge: null,
      });
    },

    setDraft(p) {
      const draft = get().people.draft;
      if (draft) patch({ draft: { ...draft, ...p } });
    },

    cancelEdit() {
      patch({ draft: null, problem: null });
    },

    async savePerson() {
      const draft = get().people.draft;
      if (!draft || draft.source === 'server') return false;
      const name = draft.name.trim();
      const ui = (key: MessageKey) => patch({ problem: { source: 'ui', key }, done: null });
      if (name === '') return (ui('people.form.nameNeeded'), false);
      if (draft.id === null && !PIN_PATTERN.test(draft.newPin)) return (ui('people.form.pinNeeded'), false);
      if (draft.newPin !== '' && !PIN_PATTERN.test(draft.newPin))
        return (ui('manager.gate.pinFormat'), false);
      if (draft.newPin !== draft.repeat) return (ui('manager.gate.pinMismatch'), false);
      const person = {
        ...(draft.id === null ? {} : { id: draft.id }),
        name,
        role: draft.role,
        ...(draft.newPin === '' ? {} : { newPin: draft.newPin }),
        disabled: draft.disabled,
      };
      const result = await run((auth) => api.savePerson({ ...auth, person }));
      if (!result?.ok) return false;
      patch({ draft: null, done: said('people.form.saved', { name: result.value.name }) });
      await get().loadPeople();
      return true;
    },

    async issueBadge(forPersonId) {
      const result = await run((auth) => api.issueBadge({ ...auth, forPersonId }));
      if (!result?.ok) return;
      patch({ badge: { personId: forPersonId, name: nameOf(forPersonId), code: result.value.code } });
      await get().loadPeople();
    },

    async revokeBadge(forPersonId) {
      const result = await run((auth) => api.revokeBadge({ ...auth, forPersonId }));
      if (!result?.ok) return;
      patch({ done: said('people.badge.revoked', { name: result.value.name }), badge: null });
      await get().loadPeople();
    },

    closeBadge() {
      patch({ badge: null });
    },

    async printBadge(title) {
      const badge = get().people.badge;
      if (!badge) return;
      const qr = await qrSvgDataUrl(badge.code);
      ctx.options.print?.printHtml(badgeHtml(title, badge.name, qr));
    },

    async saveRole(role, permissions, refundLimitCents) {
      const result = await run((auth) =>
        api.setRolePermissions({ ...auth, role, permissions: { permissions, refundLimitCents } }),
      );
      if (!result?.ok) return false;
      patch({ settings: result.value, done: { key: 'people.roles.saved', role } });
      return true;
    },

    async savePeopleMode(mode, idleSignOutMinutes, showNameOnCustomerDisplay) {
      const result = await run((auth) =>
        api.setPeopleMode({ ...auth, mode, idleSignOutMinutes, showNameOnCustomerDisplay }),
      );
      if (!result?.ok) return false;
      patch({ settings: result.value, done: said('people.mode.saved') });
      return true;
    },
  };

  return {
    actions,
    applyPeople() {
      if (get().pin !== null && get().tab === 'people' && get().people.list !== null) void get().loadPeople();
    },
  };
}
