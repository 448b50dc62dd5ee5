/**
 * The "Who approves" choice of a PIN entry: whom to offer (store/approvers.ts), who is chosen, and what to send
 * with the PIN. A till without people (or a core that sends none) asks for the PIN alone, as before.
 */
import { useState } from 'react';
import type { PersonPermission, PersonRef } from '../../../preload/api';
import { approversFor } from '../store/approvers';
import { usePos } from '../store/context';

export interface ApproverChoice {
  /** Offer the choice at all (the till has people). */
  shown: boolean;
  people: PersonRef[];
  personId: string | null;
  choose(personId: string | null): void;
  /** Sent with the PIN: the chosen person, or nothing when no choice is shown. */
  personArg: { personId?: string };
  /** A choice is shown and nobody is chosen yet. */
  missing: boolean;
}

export function useApprover(permission: PersonPermission | null): ApproverChoice {
  const people = usePos((s) => s.people);
  const offer = approversFor(people, permission);
  const [picked, setPicked] = useState<string | null>(null);
  const shown = people !== null && people.roster.length > 0;
  // The offer follows the counter (a switch, a new person), the choice stays while it is on offer.
  const personId = picked !== null && offer.people.some((p) => p.id === picked) ? picked : offer.initial;
  return {
    shown,
    people: offer.people,
    personId,
    choose: setPicked,
    personArg: shown && personId !== null ? { personId } : {},
    missing: shown && personId === null,
  };
}
