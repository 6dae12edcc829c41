/**
 * Everything the guest app keeps, on the device only (IndexedDB through idb): the contact data
 * and the stays (check-ins) with the checkout secret. A stay's wire request is stored before it
 * is sent, so a check-in made without a connection is not lost and is sent exactly once (the
 * server recognises a retried id).
 */
import { type DBSchema, type IDBPDatabase, openDB, deleteDB } from 'idb';
import type { ContactData } from '../../protocol/contact.ts';
import type { CreateCheckIn } from '../../protocol/schemas.ts';

export const GUEST_DB_NAME = 'luca-guest';

export type UploadState = 'pending' | 'sent';

export interface Stay {
  id: string;
  venueId: string;
  venueName: string;
  venueAddress: string;
  areaName?: string | undefined;
  arrivedAt: number;
  defaultStayMinutes: number;
  departedAt?: number | undefined;
  checkoutSecret: string;
  checkIn: { state: UploadState; request: CreateCheckIn };
  checkOut?: { state: UploadState } | undefined;
}

interface GuestSchema extends DBSchema {
  profile: { key: 'contact'; value: ContactData };
  stays: { key: string; value: Stay; indexes: { arrivedAt: number } };
}

let connection: Promise<IDBPDatabase<GuestSchema>> | undefined;

function db(): Promise<IDBPDatabase<GuestSchema>> {
  connection ??= openDB<GuestSchema>(GUEST_DB_NAME, 1, {
    upgrade(database) {
      database.createObjectStore('profile');
      database.createObjectStore('stays', { keyPath: 'id' }).createIndex('arrivedAt', 'arrivedAt');
    },
  });
  return connection;
}

export const guestStore = {
  async contact(): Promise<ContactData | undefined> {
    return (await db()).get('profile', 'contact');
  },
  async saveContact(contact: ContactData): Promise<void> {
    await (await db()).put('profile', contact, 'contact');
  },
  async saveStay(stay: Stay): Promise<void> {
    await (await db()).put('stays', stay);
  },
  async stay(id: string): Promise<Stay | undefined> {
    return (await db()).get('stays', id);
  },
  /** Newest first. */
  async stays(): Promise<Stay[]> {
    return (await (await db()).getAllFromIndex('stays', 'arrivedAt')).reverse();
  },
  /** "Delete all my data": closes the database and deletes it from the device. */
  async deleteEverything(): Promise<void> {
    const open = connection;
    connection = undefined;
    if (open) (await open).close();
    await deleteDB(GUEST_DB_NAME);
  },
};
