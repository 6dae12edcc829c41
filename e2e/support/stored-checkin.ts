/**
 * A stored check-in opened as the venue and the demo office together would: the row from D1, its
 * outer layer with the demo venue's key, its inner layer with the demo office's daily key. For
 * journeys that check what a check-in made in the browser really holds.
 */
import { fromBase64Url } from '../../protocol/bytes.ts';
import { type InnerCheckIn, type OuterCheckIn, openInnerLayer, openOuterLayer } from '../../protocol/checkin.ts';
import { importPrivateJwk } from '../../protocol/keys.ts';
import type { DemoWorld } from '../../scripts/demo-world.ts';
import { query } from './d1.ts';

export interface StoredCheckInRow {
  id: string;
  venue_id: string;
  day: string;
  office_key_id: string;
  arrival_bucket: number;
  departure_bucket: number | null;
  ciphertext: string;
}

/** The check-in `id` of a demo venue (`world.venue` or `world.cinema`), opened through both layers. */
export async function openStoredCheckIn(
  persistTo: string,
  world: DemoWorld,
  id: string,
): Promise<{ row: StoredCheckInRow; outer: OuterCheckIn; inner: InnerCheckIn }> {
  const [row] = query<StoredCheckInRow>(persistTo, `SELECT * FROM checkins WHERE id = '${id.replace(/[^A-Za-z0-9_-]/g, '')}'`);
  if (!row) throw new Error(`check-in ${id} is not stored`);
  const venue = [world.venue, world.cinema].find((candidate) => candidate.card.venueId === row.venue_id);
  if (!venue) throw new Error(`check-in ${id} is not at a demo venue`);
  const context = { id: row.id, venueId: row.venue_id, day: row.day, officeKeyId: row.office_key_id };
  const outer = await openOuterLayer(
    await importPrivateJwk(venue.encryptionPrivateJwk, 'encryption'),
    fromBase64Url(venue.card.encryptionKey),
    context,
    row.ciphertext,
  );
  const daily = world.office.dailyKeys.find((entry) => entry.key.keyId === row.office_key_id);
  if (!daily) throw new Error(`check-in ${id} is sealed to an unknown office key`);
  const inner = await openInnerLayer(
    await importPrivateJwk(daily.privateJwk, 'encryption'),
    fromBase64Url(daily.key.publicKey),
    context,
    outer.inner,
  );
  return { row, outer, inner };
}
