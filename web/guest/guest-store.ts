/**
 * Everything the guest app keeps, on the device only (IndexedDB through idb): the contact data
 * and the stays (check-ins) with their checkout secrets. A stay is written before anything is
 * sent, so a check-in or checkout made without a connection is not lost; the device-chosen id
 * lets the server recognise a retry, so nothing is stored twice.
 */
import { type DBSchema, type IDBPDatabase, deleteDB, openDB } from 'idb';
import type { ContactData } from '../../protocol/contact.ts';
import type { CreateCheckIn } from '../../protocol/api/checkins.ts';
import { DAY_MS, RETENTION_DAYS } from '../../protocol/time.ts';
import type { VenueQrPayload } from '../../protocol/venue.ts';
import type { FailureRecord } from '../../client/error-text.ts';

export const GUEST_DB_NAME = 'luca-guest';

/**
 * pending: not yet accepted by the server; sent: accepted; refused: the venue did not verify;
 * failed: refused for good by the office keys or the server (see `problem`).
 */
export type UploadState = 'pending' | 'sent' | 'refused' | 'failed';

export interface Stay {
  /** The check-in id (chosen on the device). */
  id: string;
  payload: VenueQrPayload;
  /** False while the venue card could not be fetched and checked (made offline). */
  verified: boolean;
  venueId: string;
  officeId: string;
  venueName: string;
  venueAddress: string;
  areaName?: string | undefined;
  arrivedAt: number;
  defaultStayMinutes: number;
  departedAt?: number | undefined;
  checkoutSecret: string;
  /** The sealed wire request, once the venue is verified; kept until the server accepted it. */
  request?: CreateCheckIn | undefined;
  checkIn: UploadState;
  checkOut?: UploadState | undefined;
  /** Why a stay was refused or failed, described in the guest's language when shown (older versions kept English text). */
  problem?: FailureRecord | string | undefined;
}

/** The TAN of the last sharing, kept until it expires so that the guest can read it out again. */
export interface SharedTan {
  tan: string;
  expiresAt: number;
  officeName: string;
  visits: number;
}

interface GuestSchema extends DBSchema {
  profile: { key: 'contact'; value: ContactData };
  stays: { key: string; value: Stay; indexes: { arrivedAt: number } };
  shares: { key: 'last'; value: SharedTan };
}

let connection: Promise<IDBPDatabase<GuestSchema>> | undefined;
/** Set while "delete all my data" runs: nothing may re-create the database meanwhile. */
let deleting = false;

function db(): Promise<IDBPDatabase<GuestSchema>> {
  if (deleting) return Promise.reject(new Error('the data on this device is being deleted'));
  connection ??= openDB<GuestSchema>(GUEST_DB_NAME, 2, {
    upgrade(database, oldVersion) {
      if (oldVersion < 1) {
        database.createObjectStore('profile');
        database.createObjectStore('stays', { keyPath: 'id' }).createIndex('arrivedAt', 'arrivedAt');
      }
      if (oldVersion < 2) database.createObjectStore('shares');
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
  /** A stay that no longer exists anywhere: a pre-registration the venue's website cancelled. */
  async deleteStay(id: string): Promise<void> {
    await (await db()).delete('stays', id);
  },
  async saveSharedTan(shared: SharedTan): Promise<void> {
    await (await db()).put('shares', shared, 'last');
  },
  /** The last TAN while it is valid; an expired one is dropped. */
  async sharedTan(now: number): Promise<SharedTan | undefined> {
    const database = await db();
    const shared = await database.get('shares', 'last');
    if (shared && shared.expiresAt <= now) await database.delete('shares', 'last');
    return shared && shared.expiresAt > now ? shared : undefined;
  },
  async forgetSharedTan(): Promise<void> {
    await (await db()).delete('shares', 'last');
  },
  /** Newest first. */
  async stays(): Promise<Stay[]> {
    return (await (await db()).getAllFromIndex('stays', 'arrivedAt')).reverse();
  },
  /** Drops stays older than the retention period; they are gone from the server too. */
  async expireOld(now: number): Promise<number> {
    const database = await db();
    const old = await database.getAllKeysFromIndex('stays', 'arrivedAt', IDBKeyRange.upperBound(now - RETENTION_DAYS * DAY_MS));
    const tx = database.transaction('stays', 'readwrite');
    await Promise.all([...old.map((key) => tx.store.delete(key)), tx.done]);
    return old.length;
  },
  /** "Delete all my data": closes the database and deletes it from the device. */
  async deleteEverything(): Promise<void> {
    deleting = true;
    try {
      const open = connection;
      connection = undefined;
      if (open) (await open).close();
      await deleteDB(GUEST_DB_NAME);
    } finally {
      deleting = false;
    }
  },
};
