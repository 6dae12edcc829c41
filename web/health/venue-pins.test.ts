import { beforeAll, describe, expect, it } from 'vitest';
import { impostorCard } from '../../protocol/impostor-venue.ts';
import { createVenue } from '../../protocol/provisioning.ts';
import type { VenueCard } from '../../protocol/venue.ts';
import { pinVenueKeys } from './venue-pins.ts';

const details = {
  officeId: 'AAAAAAAAAAAAAAAAAAAAAA',
  street: 'Weg 1',
  postcode: '10115',
  city: 'Berlin',
  kind: 'bar' as const,
  defaultStayMinutes: 60,
  areas: [],
};
let bar: VenueCard;
let kino: VenueCard;
beforeAll(async () => {
  bar = (await createVenue({ ...details, name: 'Bar Eins' })).card;
  kino = (await createVenue({ ...details, name: 'Kino Zwei' })).card;
});

describe('venue keys in the audit view', () => {
  it('uses a served card whose id follows from its keys, and pins its key', async () => {
    expect(await pinVenueKeys([bar], new Map())).toEqual({
      keys: new Map([[bar.venueId, bar.signingKey]]),
      refused: [],
      fresh: [{ venueId: bar.venueId, signingKey: bar.signingKey }],
    });
    expect((await pinVenueKeys([bar], new Map([[bar.venueId, bar.signingKey]]))).fresh).toEqual([]);
  });

  it('refuses a card with a venue’s id and the server’s keys, even on a device that never saw the venue', async () => {
    // The server passes off an approval the venue never signed: a card under the venue's id with
    // keys it holds, properly self-signed. No key for the venue: its entries fail as unsigned.
    const forged = await impostorCard(bar);
    const first = await pinVenueKeys([forged, kino], new Map());
    expect(first.refused).toEqual([bar.venueId]);
    expect(first.keys.has(bar.venueId)).toBe(false);
    expect(first.keys.get(kino.venueId)).toBe(kino.signingKey);
    expect(first.fresh).toEqual([{ venueId: kino.venueId, signingKey: kino.signingKey }]);
  });

  it('checks with the pinned key where the served card is refused (another venue’s key swapped in)', async () => {
    const swapped = { ...bar, signingKey: kino.signingKey };
    const result = await pinVenueKeys([swapped], new Map([[bar.venueId, bar.signingKey]]));
    expect(result).toEqual({ keys: new Map([[bar.venueId, bar.signingKey]]), refused: [bar.venueId], fresh: [] });
  });
});
