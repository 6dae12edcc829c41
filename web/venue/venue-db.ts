/**
 * The venue app's IndexedDB database `luca-venue` on the operator's device: the venue keys
 * (venue-keys.ts) and recovery kits made here that were not yet proven by a restore
 * (pending-kits.ts).
 */
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { RecoveryKit } from '../../protocol/recovery-kit.ts';

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
}

let connection: Promise<IDBPDatabase<VenueSchema>> | undefined;

export function venueDb(): Promise<IDBPDatabase<VenueSchema>> {
  connection ??= openDB<VenueSchema>('luca-venue', 2, {
    upgrade(database, oldVersion) {
      if (oldVersion < 1) database.createObjectStore('keys', { keyPath: 'venueId' });
      if (oldVersion < 2) database.createObjectStore('kits', { keyPath: 'venueId' });
    },
  });
  return connection;
}
