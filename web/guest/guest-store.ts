/**
 * Everything the guest app keeps, on the device only (IndexedDB through idb): the contact data,
 * the persons the guest checks in with ("Personen") and the last choice of them, and the stays
 * (check-ins) with their checkout secrets. A stay is written before anything is
 * sent, so a check-in or checkout made without a connection is not lost; the device-chosen id
 * lets the server recognise a retry, so nothing is stored twice.
 */
import { type DBSchema, type IDBPDatabase, deleteDB, openDB } from 'idb';
import type { ContactData } from '../../protocol/contact.ts';
import type { CreateCheckIn } from '../../protocol/api/checkins.ts';
import { DAY_MS, RETENTION_DAYS } from '../../protocol/time.ts';
import type { VenueQrPayload } from '../../protocol/venue.ts';
import type { FailureRecord } from '../../client/error-text.ts';
import type { Warning } from '../../protocol/warning.ts';
import type { Companion } from '../../protocol/party.ts';

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
  /**
   * The persons who came with the guest, as they were at check-in: sealed into this one check-in
   * (also when it is sealed later, from the offline queue), listed in the history and shared by
   * TAN. Editing or removing a person later does not change a visit. Absent when alone.
   */
  companions?: Companion[] | undefined;
  checkIn: UploadState;
  checkOut?: UploadState | undefined;
  /** Why a stay was refused or failed, described in the guest's language when shown (older versions kept English text). */
  problem?: FailureRecord | string | undefined;
}

/**
 * A person the guest checks in with: a child, an adult without a phone of their own. Kept on this
 * device only; the office learns of them only through a check-in they came to.
 */
export interface Person {
  /** Chosen on the device; names the person in the remembered choice. */
  id: string;
  companion: Companion;
  /** The list keeps the order in which persons were added. */
  addedAt: number;
}

/** The TAN of the last sharing, kept until it expires so that the guest can read it out again. */
export interface SharedTan {
  tan: string;
  expiresAt: number;
  officeName: string;
  visits: number;
}

/**
 * A warning from the feed that verified up to the pinned root and concerns stays of this device
 * (web/guest/warning-service.ts). Kept until the stays it concerns are past retention.
 */
export interface ReceivedWarning {
  warning: Warning;
  officeName: string;
  /** The stays it concerns (ids), each acknowledged with its own secret. */
  checkInIds: string[];
  receivedAt: number;
  /** Set once a verified withdrawal arrived. */
  withdrawnAt?: number | undefined;
  /** The system notification was shown (or the guest saw the screen first). */
  notified: boolean;
  /** When the guest tapped "Verstanden". */
  readAt?: number | undefined;
  /** Stays whose acknowledgement the server took. */
  acknowledged: string[];
}

/** Where the device stands with the feed: its cursor, and the last fetch. */
export interface WarningFeedState {
  cursor: number;
  checkedAt?: number | undefined;
  /** The last fetch failed (no connection, say): shown beside the warnings. */
  failedAt?: number | undefined;
}

interface GuestSchema extends DBSchema {
  profile: { key: 'contact'; value: ContactData };
  stays: { key: string; value: Stay; indexes: { arrivedAt: number } };
  shares: { key: 'last'; value: SharedTan };
  warnings: { key: string; value: ReceivedWarning };
  feed: { key: 'state'; value: WarningFeedState };
  persons: { key: string; value: Person };
  /** 'party': the ids of the persons chosen at the last check-in, preselected at the next. */
  choices: { key: 'party'; value: string[] };
}

let connection: Promise<IDBPDatabase<GuestSchema>> | undefined;
/** Set while "delete all my data" runs: nothing may re-create the database meanwhile. */
let deleting = false;

function db(): Promise<IDBPDatabase<GuestSchema>> {
  if (deleting) return Promise.reject(new Error('the data on this device is being deleted'));
  connection ??= openDB<GuestSchema>(GUEST_DB_NAME, 4, {
    // The service worker opens the same database (warning checks in the background): a page of an
    // older version holding it open is asked to let go, so that the upgrade is not blocked.
    blocking() {
      void connection?.then((open) => open.close());
      connection = undefined;
    },
    upgrade(database, oldVersion) {
      if (oldVersion < 1) {
        database.createObjectStore('profile');
        database.createObjectStore('stays', { keyPath: 'id' }).createIndex('arrivedAt', 'arrivedAt');
      }
      if (oldVersion < 2) database.createObjectStore('shares');
      if (oldVersion < 3) {
        database.createObjectStore('warnings', { keyPath: 'warning.warningId' });
        database.createObjectStore('feed');
      }
      if (oldVersion < 4) {
        database.createObjectStore('persons', { keyPath: 'id' });
        database.createObjectStore('choices');
      }
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
  async persons(): Promise<Person[]> {
    return (await db()).getAll('persons');
  },
  async person(id: string): Promise<Person | undefined> {
    return (await db()).get('persons', id);
  },
  async savePerson(person: Person): Promise<void> {
    await (await db()).put('persons', person);
  },
  async deletePerson(id: string): Promise<void> {
    await (await db()).delete('persons', id);
  },
  /** The ids chosen at the last check-in (possibly of persons since removed). */
  async partyChoice(): Promise<string[]> {
    return (await (await db()).get('choices', 'party')) ?? [];
  },
  async savePartyChoice(ids: string[]): Promise<void> {
    await (await db()).put('choices', ids, 'party');
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
  async warnings(): Promise<ReceivedWarning[]> {
    return (await db()).getAll('warnings');
  },
  async warning(id: string): Promise<ReceivedWarning | undefined> {
    return (await db()).get('warnings', id);
  },
  async saveWarning(received: ReceivedWarning): Promise<void> {
    await (await db()).put('warnings', received);
  },
  async feedState(): Promise<WarningFeedState> {
    return (await (await db()).get('feed', 'state')) ?? { cursor: 0 };
  },
  async saveFeedState(state: WarningFeedState): Promise<void> {
    await (await db()).put('feed', state, 'state');
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
    // A warning stays as long as the newest stay it concerns could: its window plus the retention period.
    const warnings = await database.getAll('warnings');
    for (const received of warnings)
      if (received.warning.to < now - RETENTION_DAYS * DAY_MS) await database.delete('warnings', received.warning.warningId);
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
