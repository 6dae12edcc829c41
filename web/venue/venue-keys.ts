/**
 * The venue's private keys on the operator's device (IndexedDB), as non-extractable CryptoKeys:
 * scripts can use them but not read them out. The only readable copy ever made is the one sealed
 * into the recovery kit when the keys are made (or taken over). A new device gets the keys by
 * restoring the kit.
 */
import { importPrivateJwk } from '../../protocol/keys.ts';
import type { VenuePrivateKeys } from '../../protocol/recovery-kit.ts';
import { type StoredKeys, venueDb } from './venue-db.ts';

export const venueKeys = {
  async store(venueId: string, keys: VenuePrivateKeys): Promise<void> {
    const [encryption, signing] = await Promise.all([
      importPrivateJwk(keys.encryption, 'encryption', false),
      importPrivateJwk(keys.signing, 'signing', false),
    ]);
    await (await venueDb()).put('keys', { venueId, encryption, signing });
  },
  async get(venueId: string): Promise<StoredKeys | undefined> {
    return (await venueDb()).get('keys', venueId);
  },
  async remove(venueId: string): Promise<void> {
    await (await venueDb()).delete('keys', venueId);
  },
};
