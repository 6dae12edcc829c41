/**
 * The venue's private keys on the operator's device (IndexedDB), as non-extractable CryptoKeys:
 * scripts can use them but not read them out. The only readable copy ever made is the one sealed
 * into the recovery kit at creation. A new device gets the keys by restoring the kit.
 */
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import { importPrivateJwk } from '../../protocol/keys.ts';
import type { VenuePrivateKeys } from '../../protocol/recovery-kit.ts';

interface StoredKeys {
  venueId: string;
  encryption: CryptoKey;
  signing: CryptoKey;
}

interface VenueKeySchema extends DBSchema {
  keys: { key: string; value: StoredKeys };
}

let connection: Promise<IDBPDatabase<VenueKeySchema>> | undefined;

function db(): Promise<IDBPDatabase<VenueKeySchema>> {
  connection ??= openDB<VenueKeySchema>('luca-venue', 1, {
    upgrade(database) {
      database.createObjectStore('keys', { keyPath: 'venueId' });
    },
  });
  return connection;
}

export const venueKeys = {
  async store(venueId: string, keys: VenuePrivateKeys): Promise<void> {
    const [encryption, signing] = await Promise.all([importPrivateJwk(keys.encryption, 'encryption', false), importPrivateJwk(keys.signing, 'signing', false)]);
    await (await db()).put('keys', { venueId, encryption, signing });
  },
  async get(venueId: string): Promise<StoredKeys | undefined> {
    return (await db()).get('keys', venueId);
  },
};
