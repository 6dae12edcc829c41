/**
 * The widget frame's group form as data: the persons who come with the booker (persons 2..n), as
 * typed, and how they become the `companions` of one sealed check-in (PROTOCOL.md "Check-in",
 * "Groups"). Kept free of the DOM so that it is tested in Node (party-form.test.ts); the element
 * that shows it is luca-party-fields.ts.
 *
 * Each further person needs a first and a last name; a phone number is optional (the office then
 * reaches them through the booker). At a cinema each one carries their seat from the host's
 * `seats` list, in order: the booker has the first seat, person 2 the second, and so on.
 */
import * as v from 'valibot';
import type { ContactRule } from '../../protocol/contact-input.ts';
import type { companionInputSchema } from '../../protocol/companion-input.ts';
import { type Companion, PARTY_LIMIT } from '../../protocol/party.ts';

export type CompanionField = 'firstName' | 'lastName' | 'phone';

/** The fields of one further person, in screen order (the first wrong one gets focus). */
export const COMPANION_FIELDS: readonly CompanionField[] = ['firstName', 'lastName', 'phone'];

export interface CompanionDraft {
  /** Stable while the person is in the list (ids, errors), also when one above is removed. */
  readonly key: number;
  readonly firstName: string;
  readonly lastName: string;
  readonly phone: string;
}

export interface PartyDraft {
  /** Persons 2..n, in order. */
  readonly companions: readonly CompanionDraft[];
  readonly nextKey: number;
}

export const EMPTY_PARTY: PartyDraft = { companions: [], nextKey: 1 };

/** Persons in the group, the booker included. */
export function partySizeOf(party: PartyDraft): number {
  return 1 + party.companions.length;
}

export function canAddPerson(party: PartyDraft): boolean {
  return partySizeOf(party) < PARTY_LIMIT;
}

function blank(key: number): CompanionDraft {
  return { key, firstName: '', lastName: '', phone: '' };
}

/** Another, empty person at the end; the same draft at the limit. */
export function withPersonAdded(party: PartyDraft): PartyDraft {
  if (!canAddPerson(party)) return party;
  return { companions: [...party.companions, blank(party.nextKey)], nextKey: party.nextKey + 1 };
}

export function withPersonRemoved(party: PartyDraft, key: number): PartyDraft {
  return { ...party, companions: party.companions.filter((person) => person.key !== key) };
}

/**
 * The group resized to `size` persons (clamped to 1..PARTY_LIMIT): the persons typed so far stay
 * in order, the last ones go when it shrinks, empty ones are added when it grows.
 */
export function withPartySize(party: PartyDraft, size: number): PartyDraft {
  const wanted = Math.min(Math.max(Math.trunc(size) || 1, 1), PARTY_LIMIT) - 1;
  let resized: PartyDraft = { ...party, companions: party.companions.slice(0, wanted) };
  while (resized.companions.length < wanted) resized = withPersonAdded(resized);
  return resized;
}

export function withValue(party: PartyDraft, key: number, field: CompanionField, value: string): PartyDraft {
  return { ...party, companions: party.companions.map((person) => (person.key === key ? { ...person, [field]: value } : person)) };
}

export type CompanionErrors = Partial<Record<CompanionField, ContactRule>>;

export type PartyCheck =
  | { ok: true; companions: Companion[] }
  /** Rule codes by person key and field, and the first wrong field in screen order. */
  | { ok: false; errors: Record<number, CompanionErrors>; first: { key: number; field: CompanionField } };

function isCompanionField(key: unknown): key is CompanionField {
  return COMPANION_FIELDS.some((field) => field === key);
}

/** The rules a further person's fields can break (protocol/companion-input.ts issue messages). */
const COMPANION_RULES: readonly ContactRule[] = ['required', 'too_long', 'name', 'phone'];

function ruleOf(message: string): ContactRule {
  return COMPANION_RULES.find((rule) => rule === message) ?? 'required';
}

/**
 * Every further person checked with the companion input rules (`schema`, built for the booker's
 * country, protocol/companion-input.ts); `seats` is the host's seat list, the booker's first.
 */
export function checkCompanions(
  party: PartyDraft,
  schema: ReturnType<typeof companionInputSchema>,
  seats: readonly string[] | undefined,
): PartyCheck {
  const companions: Companion[] = [];
  const errors: Record<number, CompanionErrors> = {};
  let first: { key: number; field: CompanionField } | undefined;
  party.companions.forEach((person, index) => {
    const seat = seats?.[index + 1];
    const raw = {
      firstName: person.firstName,
      lastName: person.lastName,
      ...(person.phone.trim() === '' ? {} : { phone: person.phone }),
    };
    const result = v.safeParse(schema, raw);
    if (result.success) {
      // The seat is the host's (checked with its attributes), never typed: added to the checked person.
      companions.push(seat === undefined ? result.output : { ...result.output, seat });
      return;
    }
    const found: CompanionErrors = {};
    for (const issue of result.issues) {
      const field = issue.path?.[0]?.key;
      if (isCompanionField(field) && !found[field]) found[field] = ruleOf(issue.message);
    }
    errors[person.key] = found;
    const firstField = COMPANION_FIELDS.find((field) => found[field]);
    if (!first && firstField) first = { key: person.key, field: firstField };
  });
  if (Object.keys(errors).length === 0) return { ok: true, companions };
  return { ok: false, errors, first: first ?? { key: party.companions[0]?.key ?? 0, field: 'firstName' } };
}
