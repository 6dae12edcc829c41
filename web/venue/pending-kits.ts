/**
 * A recovery kit made on this device and not yet proven by restoring it (trust model 14) is kept
 * here until it is, so that a reload between making the keys and downloading the kit still
 * offers the same file. The kit is what the operator downloads and prints anyway: the keys in it
 * are sealed under the passphrase, which is never stored.
 */
import type { RecoveryKit } from '../../protocol/recovery-kit.ts';
import { venueDb } from './venue-db.ts';

export const pendingKits = {
  async store(kit: RecoveryKit): Promise<void> {
    await (await venueDb()).put('kits', { venueId: kit.venueId, kit });
  },
  async get(venueId: string): Promise<RecoveryKit | undefined> {
    return (await (await venueDb()).get('kits', venueId))?.kit;
  },
  async all(): Promise<RecoveryKit[]> {
    return (await (await venueDb()).getAll('kits')).map((entry) => entry.kit);
  },
  async remove(venueId: string): Promise<void> {
    await (await venueDb()).delete('kits', venueId);
  },
};
