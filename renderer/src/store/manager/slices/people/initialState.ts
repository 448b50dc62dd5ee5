import type { PeopleSettingsView, PersonDetail, PersonRole } from '../../../../../../preload/api';
import type { MessageKey } from '../../../../i18n/en';
import type { Vars } from '../../../../i18n';
import type { ManagerProblem } from '../../types';

/** The add / edit form of one person, as typed. */
export interface PersonDraft {
  /** null: a new person. */
  id: string | null;
  name: string;
  role: PersonRole;
  newPin: string;
  repeat: string;
  disabled: boolean;
  /** 'server': only the badge is this till's to change. */
  source: 'till' | 'server';
}

export interface PeopleAdminState {
  list: PersonDetail[] | null;
  settings: PeopleSettingsView | null;
  draft: PersonDraft | null;
  /** A badge just issued: its code is shown (and printed) once, then forgotten. */
  badge: { personId: string; name: string; code: string } | null;
  busy: boolean;
  problem: ManagerProblem | null;
  /** What the last action did, in words ("Ann saved."). */
  done: { key: MessageKey; vars?: Vars; role?: PersonRole } | null;
}

export function newDraft(): PersonDraft {
  return { id: null, name: '', role: 'cashier', newPin: '', repeat: '', disabled: false, source: 'till' };
}

export function initialPeopleAdmin(): PeopleAdminState {
  return { list: null, settings: null, draft: null, badge: null, busy: false, problem: null, done: null };
}
