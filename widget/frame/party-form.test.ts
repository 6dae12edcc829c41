/**
 * The widget frame's group form as data (widget/frame/party-form.ts): resizing keeps what was
 * typed, the kiosk's add and remove, the limit, and how the further persons become the sealed
 * check-in's companions, with each mistake named by person and field (the first one in screen
 * order gets focus).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { companionInputSchema } from '../../protocol/companion-input.ts';
import { PARTY_LIMIT } from '../../protocol/party.ts';
import {
  EMPTY_PARTY,
  type PartyDraft,
  canAddPerson,
  checkCompanions,
  partySizeOf,
  withPartySize,
  withPersonAdded,
  withPersonRemoved,
  withValue,
} from './party-form.ts';

const german = companionInputSchema('DE');

function typed(party: PartyDraft, people: [string, string, string][]): PartyDraft {
  return people.reduce(
    (draft, [firstName, lastName, phone], index) => {
      const key = draft.companions[index]?.key ?? -1;
      return withValue(withValue(withValue(draft, key, 'firstName', firstName), key, 'lastName', lastName), key, 'phone', phone);
    },
    withPartySize(party, people.length + 1),
  );
}

describe('the group form', () => {
  it('grows and shrinks to the number of persons asked for, keeping what was typed in order', () => {
    const four = typed(EMPTY_PARTY, [
      ['Mia', 'Muster', ''],
      ['Leo', 'Muster', ''],
      ['Ida', 'Muster', ''],
    ]);
    expect(partySizeOf(four)).toBe(4);
    const two = withPartySize(four, 2);
    expect(two.companions.map((person) => person.firstName)).toEqual(['Mia']);
    const three = withPartySize(two, 3);
    expect(three.companions.map((person) => person.firstName)).toEqual(['Mia', '']);
    // A new person never takes the key (ids, errors) of one removed before.
    expect(new Set([...four.companions, ...three.companions].map((person) => person.key)).size).toBe(4);
    expect(withPartySize(four, 1).companions).toEqual([]);
    expect(partySizeOf(withPartySize(EMPTY_PARTY, 0))).toBe(1);
    expect(partySizeOf(withPartySize(EMPTY_PARTY, PARTY_LIMIT + 5))).toBe(PARTY_LIMIT);
  });

  it('adds persons up to the limit and removes any one of them', () => {
    let party = EMPTY_PARTY;
    for (let size = 1; size < PARTY_LIMIT; size++) {
      expect(canAddPerson(party)).toBe(true);
      party = withPersonAdded(party);
    }
    expect(partySizeOf(party)).toBe(PARTY_LIMIT);
    expect(canAddPerson(party)).toBe(false);
    expect(withPersonAdded(party)).toBe(party);
    const second = party.companions[1]?.key ?? -1;
    const removed = withPersonRemoved(withValue(party, second, 'firstName', 'Leo'), second);
    expect(partySizeOf(removed)).toBe(PARTY_LIMIT - 1);
    expect(removed.companions.some((person) => person.key === second)).toBe(false);
    expect(canAddPerson(removed)).toBe(true);
  });

  it('keeps any sequence of adds, removes and resizes within 1..PARTY_LIMIT persons with distinct keys', () => {
    const step = fc.oneof(
      fc.constant({ kind: 'add' as const }),
      fc.record({ kind: fc.constant('remove' as const), index: fc.nat(12) }),
      fc.record({ kind: fc.constant('size' as const), size: fc.integer({ min: -3, max: 15 }) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        let party = EMPTY_PARTY;
        for (const next of steps) {
          if (next.kind === 'add') party = withPersonAdded(party);
          else if (next.kind === 'remove') party = withPersonRemoved(party, party.companions[next.index]?.key ?? -1);
          else party = withPartySize(party, next.size);
          expect(partySizeOf(party)).toBeGreaterThanOrEqual(1);
          expect(partySizeOf(party)).toBeLessThanOrEqual(PARTY_LIMIT);
          expect(new Set(party.companions.map((person) => person.key)).size).toBe(party.companions.length);
        }
      }),
    );
  });
});

describe('checking the further persons', () => {
  it('turns them into companions: names, a phone only when typed (international), the seat from the host in order', () => {
    const party = typed(EMPTY_PARTY, [
      ['Mia', 'Muster', ''],
      ['Leo', 'Muster', '0170 1234567'],
      ['Ida', 'Muster', '  '],
    ]);
    const result = checkCompanions(party, german, ['F12', 'F13', 'F14', 'F15']);
    expect(result).toEqual({
      ok: true,
      companions: [
        { firstName: 'Mia', lastName: 'Muster', seat: 'F13' },
        { firstName: 'Leo', lastName: 'Muster', phone: '+49 170 1234567', seat: 'F14' },
        { firstName: 'Ida', lastName: 'Muster', seat: 'F15' },
      ],
    });
    expect(checkCompanions(typed(EMPTY_PARTY, [['Mia', 'Muster', '']]), german, undefined)).toEqual({
      ok: true,
      companions: [{ firstName: 'Mia', lastName: 'Muster' }],
    });
    expect(checkCompanions(EMPTY_PARTY, german, undefined)).toEqual({ ok: true, companions: [] });
  });

  it('names every mistake by person and field, and the first one on screen', () => {
    const party = typed(EMPTY_PARTY, [
      ['Mia', 'Muster', ''],
      ['L', '', '12345'],
      ['', 'Muster', ''],
    ]);
    const [, second, third] = party.companions;
    const result = checkCompanions(party, german, undefined);
    if (result.ok) throw new Error('three mistakes passed');
    expect(result.errors).toEqual({
      [second?.key ?? -1]: { firstName: 'name', lastName: 'required', phone: 'phone' },
      [third?.key ?? -1]: { firstName: 'required' },
    });
    expect(result.first).toEqual({ key: second?.key, field: 'firstName' });
  });

  it('reads a phone number without prefix for the booker’s country', () => {
    const party = typed(EMPTY_PARTY, [['Jan', 'Jansen', '06 12345678']]);
    expect(checkCompanions(party, companionInputSchema('NL'), undefined)).toMatchObject({
      ok: true,
      companions: [{ phone: '+31 6 12345678' }],
    });
    expect(checkCompanions(party, german, undefined)).not.toMatchObject({ ok: true, companions: [{ phone: '+31 6 12345678' }] });
  });
});
