/**
 * The venue app's people counts (people-counts.ts) wired to the Worker, the outer-layer worker
 * and the device's IndexedDB.
 */
import { fromBase64Url } from '../../protocol/bytes.ts';
import { venueAdminRoutes as routes } from '../../protocol/api/venue-admin.ts';
import { call } from '../../client/api.ts';
import { openOuterLayers } from './outer-layer-client.ts';
import { type PeopleCountDeps, countPeople, personsOf } from './people-counts.ts';
import type { OwnVenue } from './venue-api.ts';
import { venueDb } from './venue-db.ts';
import { venueKeys } from './venue-keys.ts';
import { venueDay } from './venue-time.ts';

/**
 * Counts the people of each day (newest first), reporting each as it is done. Resolves false,
 * counting nothing, when the venue's key is not on this device (then only check-ins can be shown).
 */
export async function countVenuePeople(
  venue: OwnVenue,
  days: readonly { day: string; checkIns: number }[],
  onDay: (day: string, persons: number) => void,
): Promise<boolean> {
  const venueId = venue.card.venueId;
  const keys = await venueKeys.get(venueId);
  if (!keys) return false;
  const venuePublicKey = fromBase64Url(venue.card.encryptionKey);
  const deps: PeopleCountDeps = {
    page: (from, to, after) =>
      call(routes.dayCheckIns, { params: { venueId }, query: { from: String(from), to: String(to), ...(after ? { after } : {}) } }),
    persons: async (checkIns) => {
      if (checkIns.length === 0) return 0;
      const { opened, failed } = await openOuterLayers(
        { venueKey: keys.encryption, venuePublicKey, venueId, checkIns: checkIns.map((row) => ({ ...row, departureBucket: null })) },
        () => undefined,
      );
      // A check-in that does not open (damaged, or not sealed to this key) is still somebody.
      return opened.reduce((sum, outer) => sum + personsOf(outer), 0) + failed;
    },
    cached: async (id, day) => (await venueDb()).get('counts', [id, day]),
    keep: async (count) => {
      await (await venueDb()).put('counts', count);
    },
    forgetBefore: async (id, day) => {
      await (await venueDb()).delete('counts', IDBKeyRange.bound([id, ''], [id, day], false, true));
    },
  };
  await countPeople(venueId, days, venueDay(Date.now()), deps, onDay);
  return true;
}
