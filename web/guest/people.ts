/**
 * The guest's "Personen": children and adults without a phone of their own whom the guest checks
 * in with. The list lives on this device only (guest-store.ts); a check-in carries the chosen
 * persons as they are at that moment (protocol/party.ts), so that the office can reach each one.
 *
 * Also the memory of the last choice: the confirm screen preselects who came last time, the
 * guest changes it there, and the new choice is remembered. Persons removed since are dropped
 * from it, so a removed person is never sealed into a check-in.
 *
 * Given its store (IndexedDB in the app, memory in tests), like checkin-service.ts.
 */
import { newId } from '../../protocol/ids.ts';
import { type Companion, PARTY_LIMIT } from '../../protocol/party.ts';
import { type Person, guestStore } from './guest-store.ts';

/** Persons besides the guest: one check-in holds at most PARTY_LIMIT people, the guest included. */
export const MAX_PEOPLE = PARTY_LIMIT - 1;

/** Adding a person beyond MAX_PEOPLE: the screen says why and what to do instead. */
export class PartyFullError extends Error {
  constructor() {
    super(`at most ${MAX_PEOPLE} persons besides the guest`);
    this.name = 'PartyFullError';
  }
}

export type PeopleStore = Pick<typeof guestStore, 'persons' | 'person' | 'savePerson' | 'deletePerson' | 'partyChoice' | 'savePartyChoice'>;

export interface PeopleBook {
  /** In the order they were added. */
  list: () => Promise<Person[]>;
  /** Throws PartyFullError when MAX_PEOPLE persons are already on the list. */
  add: (companion: Companion, now?: number) => Promise<Person>;
  /** Replaces a person's data; their place in the list and in the remembered choice stay. */
  update: (id: string, companion: Companion) => Promise<Person>;
  /** Removes a person from the list and from the remembered choice. */
  remove: (id: string) => Promise<void>;
  /** The ids chosen at the last check-in that are still on the list, in list order. */
  lastChoice: () => Promise<string[]>;
  /** Remembers a choice (unknown ids and repeats dropped); returns the chosen persons' data, in list order. */
  choose: (ids: readonly string[]) => Promise<Companion[]>;
}

function byAdding(a: Person, b: Person): number {
  return a.addedAt - b.addedAt || a.id.localeCompare(b.id);
}

export function peopleBook(store: PeopleStore): PeopleBook {
  const list = async () => (await store.persons()).sort(byAdding);
  const known = async (ids: readonly string[]) => {
    const wanted = new Set(ids);
    return (await list()).filter((person) => wanted.has(person.id));
  };
  return {
    list,
    async add(companion, now = Date.now()) {
      if ((await store.persons()).length >= MAX_PEOPLE) throw new PartyFullError();
      const person: Person = { id: newId(), companion, addedAt: now };
      await store.savePerson(person);
      return person;
    },
    async update(id, companion) {
      const existing = await store.person(id);
      if (!existing) throw new Error('this person is no longer on the device');
      const person = { ...existing, companion };
      await store.savePerson(person);
      return person;
    },
    async remove(id) {
      await store.deletePerson(id);
      await store.savePartyChoice((await store.partyChoice()).filter((chosen) => chosen !== id));
    },
    async lastChoice() {
      return (await known(await store.partyChoice())).map((person) => person.id);
    },
    async choose(ids) {
      const chosen = await known(ids);
      await store.savePartyChoice(chosen.map((person) => person.id));
      return chosen.map((person) => person.companion);
    },
  };
}

/** The guest app's list, in its IndexedDB. */
export const people = peopleBook(guestStore);
