/**
 * The venue app's IndexedDB database `luca-venue` on the operator's device: the venue keys
 * (venue-keys.ts), recovery kits made here that were not yet proven by a restore
 * (pending-kits.ts), and the people counted per past day (people-counts.ts; version 3).
 */
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { RecoveryKit } from '../../protocol/recovery-kit.ts';
import type { CachedDayCount } from './people-counts.ts';

export interface StoredKeys {
  venueId: string;
  encryption: CryptoKey;
  signing: CryptoKey;
}

export interface PendingKit {
  venueId: string;
  kit: RecoveryKit;
}

interface VenueSchema extends DBSchema {
  keys: { key: string; value: StoredKeys };
  kits: { key: string; value: PendingKit };
  counts: { key: [string, string]; value: CachedDayCount };
}

let connection: Promise<IDBPDatabase<VenueSchema>> | undefined;

export function venueDb(): Promise<IDBPDatabase<VenueSchema>> {
  connection ??= openDB<VenueSchema>('luca-venue', 3, {
    upgrade(database, oldVersion) {
      if (oldVersion < 1) database.createObjectStore('keys', { keyPath: 'venueId' });
      if (oldVersion < 2) database.createObjectStore('kits', { keyPath: 'venueId' });
      if (oldVersion < 3) database.createObjectStore('counts', { keyPath: ['venueId', 'day'] });
    },
  });
  return connection;
}
