/**
 * The guest's "Personen" and the memory of the last choice, in Node with a memory store in place
 * of IndexedDB: the limit of nine besides the guest, edits keeping a person's place, removal
 * dropping the person from the remembered choice, and a choice naming unknown or repeated ids
 * (a stale screen, a person removed in another tab) sealing only the persons still on the list.
 */
import { describe, expect, it } from 'vitest';
import type { Companion } from '../../protocol/party.ts';
import type { Person } from './guest-store.ts';
import { MAX_PEOPLE, PartyFullError, type PeopleStore, peopleBook } from './people.ts';

/** IndexedDB's part: copies in, copies out. */
function memoryStore(): PeopleStore & { choice: string[] } {
  const persons = new Map<string, Person>();
  const store = {
    choice: [] as string[],
    persons: () => Promise.resolve([...persons.values()].map((person) => structuredClone(person))),
    person: (id: string) => Promise.resolve(persons.has(id) ? structuredClone(persons.get(id)) : undefined),
    savePerson: (person: Person) => {
      persons.set(person.id, structuredClone(person));
      return Promise.resolve();
    },
    deletePerson: (id: string) => {
      persons.delete(id);
      return Promise.resolve();
    },
    partyChoice: () => Promise.resolve([...store.choice]),
    savePartyChoice: (ids: string[]) => {
      store.choice = [...ids];
      return Promise.resolve();
    },
  };
  return store;
}

const child = (firstName: string): Companion => ({ firstName, lastName: 'Muster' });

describe('the guest’s persons', () => {
  it('keeps persons in the order they were added, and an edit keeps the place', async () => {
    const book = peopleBook(memoryStore());
    const mia = await book.add(child('Mia'), 1_000);
    const leo = await book.add(child('Leo'), 2_000);
    await book.update(mia.id, { ...child('Mia'), phone: '+49 170 1234567' });
    expect((await book.list()).map((person) => [person.id, person.companion.firstName])).toEqual([
      [mia.id, 'Mia'],
      [leo.id, 'Leo'],
    ]);
    expect((await book.list())[0]?.companion.phone).toBe('+49 170 1234567');
  });

  it('takes at most nine besides the guest, and a removal makes room again', async () => {
    const book = peopleBook(memoryStore());
    for (let index = 0; index < MAX_PEOPLE; index++) await book.add(child(`Kind${index}`), index);
    expect(MAX_PEOPLE).toBe(9);
    await expect(book.add(child('Zehn'))).rejects.toBeInstanceOf(PartyFullError);
    expect(await book.list()).toHaveLength(9);
    const [first] = await book.list();
    await book.remove(first?.id ?? '');
    await book.add(child('Zehn'));
    expect(await book.list()).toHaveLength(9);
  });

  it('refuses to edit a person no longer on the device', async () => {
    const book = peopleBook(memoryStore());
    await expect(book.update('gone', child('Mia'))).rejects.toThrow('no longer');
  });
});

describe('the remembered choice', () => {
  it('starts empty, and preselects what was chosen last time, in list order', async () => {
    const book = peopleBook(memoryStore());
    const mia = await book.add(child('Mia'), 1);
    const leo = await book.add(child('Leo'), 2);
    const ida = await book.add(child('Ida'), 3);
    expect(await book.lastChoice()).toEqual([]);
    expect((await book.choose([ida.id, mia.id])).map((companion) => companion.firstName)).toEqual(['Mia', 'Ida']);
    expect(await book.lastChoice()).toEqual([mia.id, ida.id]);
    // Next time only Leo comes along: that is remembered instead.
    await book.choose([leo.id]);
    expect(await book.lastChoice()).toEqual([leo.id]);
    // Alone: nobody is preselected afterwards.
    expect(await book.choose([])).toEqual([]);
    expect(await book.lastChoice()).toEqual([]);
  });

  it('forgets a removed person, and seals only persons still on the list', async () => {
    const store = memoryStore();
    const book = peopleBook(store);
    const mia = await book.add(child('Mia'), 1);
    const leo = await book.add(child('Leo'), 2);
    await book.choose([mia.id, leo.id]);
    await book.remove(mia.id);
    expect(store.choice).toEqual([leo.id]);
    expect(await book.lastChoice()).toEqual([leo.id]);
    // A screen still showing Mia (opened before she was removed) and a repeated, unknown id.
    const sealed = await book.choose([mia.id, leo.id, leo.id, 'unknown']);
    expect(sealed).toEqual([child('Leo')]);
    expect(store.choice).toEqual([leo.id]);
  });

  it('seals the data as edited last, not as it was when chosen', async () => {
    const book = peopleBook(memoryStore());
    const mia = await book.add(child('Mia'), 1);
    await book.choose([mia.id]);
    await book.update(mia.id, { firstName: 'Mia', lastName: 'Muster-Sonne' });
    expect(await book.choose(await book.lastChoice())).toEqual([{ firstName: 'Mia', lastName: 'Muster-Sonne' }]);
  });
});
