/**
 * The employee's device keys (IndexedDB, per account): an ECDH key the office's private keys are
 * sealed to, and an ECDSA key that signs requests and audit entries. Both private halves are
 * non-extractable: scripts on this page can use them, nobody can read them out, and they never
 * leave this browser. A new device joins with a new invite code and gets its own keys.
 */
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import { exportPublicKey, generateKeyPair } from '../../protocol/keys.ts';
import type { PinnedVenueKey } from './venue-pins.ts';

export interface DeviceKeys {
  accountId: string;
  device: CryptoKeyPair;
  signing: CryptoKeyPair;
  devicePublic: Uint8Array<ArrayBuffer>;
  signingPublic: Uint8Array<ArrayBuffer>;
}

interface HealthSchema extends DBSchema {
  devices: { key: string; value: DeviceKeys };
  heads: { key: string; value: { officeId: string; seq: number; hash: string } };
  /** Venue signing keys of cards verified in the audit view (web/health/venue-pins.ts). */
  venueKeys: { key: string; value: PinnedVenueKey };
}

let connection: Promise<IDBPDatabase<HealthSchema>> | undefined;

export function healthDb(): Promise<IDBPDatabase<HealthSchema>> {
  connection ??= openDB<HealthSchema>('luca-health', 2, {
    // Each version adds its stores to what an earlier version made, keeping the device keys.
    upgrade(database, oldVersion) {
      if (oldVersion < 1) {
        database.createObjectStore('devices', { keyPath: 'accountId' });
        database.createObjectStore('heads', { keyPath: 'officeId' });
      }
      if (oldVersion < 2) database.createObjectStore('venueKeys', { keyPath: 'venueId' });
    },
  });
  return connection;
}

/** Fresh keys for an account about to be created; stored once the account id is known. */
export async function newDeviceKeys(): Promise<Omit<DeviceKeys, 'accountId'>> {
  const [device, signing] = await Promise.all([generateKeyPair('encryption'), generateKeyPair('signing')]);
  return {
    device,
    signing,
    devicePublic: await exportPublicKey(device.publicKey),
    signingPublic: await exportPublicKey(signing.publicKey),
  };
}

export const deviceKeys = {
  async store(keys: DeviceKeys): Promise<void> {
    await (await healthDb()).put('devices', keys);
  },
  async get(accountId: string): Promise<DeviceKeys | undefined> {
    return (await healthDb()).get('devices', accountId);
  },
};
