import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ProtocolError, toBase64Url } from './bytes.ts';
import { impostorCard } from './impostor-venue.ts';
import { type ProvisionedVenue, createVenue } from './provisioning.ts';
import { toCrockford } from './tan.ts';
import { formatVenueCode, parseVenueCode, venueCode, venueCodeLookup, venueCodeMatches } from './venue-code.ts';
import { deriveVenueId } from './venue-id.ts';
import type { VenueCard } from './venue.ts';

let venue: ProvisionedVenue;
let other: VenueCard;
beforeAll(async () => {
  const details = {
    officeId: 'AAAAAAAAAAAAAAAAAAAAAA',
    name: 'Bäckerei',
    street: 'Weg 1',
    postcode: '10115',
    city: 'Berlin',
    kind: 'shop' as const,
    defaultStayMinutes: 15,
    areas: [],
  };
  venue = await createVenue(details);
  other = await impostorCard(venue.card);
});

describe('venue code', () => {
  it('reads back as typed by a person, and matches the venue’s card', async () => {
    const code = await venueCode(venue.card);
    expect(code).toHaveLength(16);
    const typed = formatVenueCode(code).toLowerCase().replace(/0/g, 'o');
    const parsed = parseVenueCode(typed);
    expect(parsed.lookup).toBe(venueCodeLookup(venue.card.venueId));
    expect(await venueCodeMatches(venue.card, parsed)).toBe(true);
  });

  it('does not match a card with the same id but other keys (the server swapped them)', async () => {
    const parsed = parseVenueCode(await venueCode(venue.card));
    expect(await venueCodeMatches(other, parsed)).toBe(false);
  });

  it('refuses a card ground to the printed code: the venue’s id with other keys, even when both halves match', async () => {
    // A server that ground key pairs until the pin came out right (2^40 tries under a pin that
    // alone pinned the keys) would serve a card whose code equals the printed one. Such a card is
    // the impostor with its own code printed: lookup and pin both match, the id does not follow
    // from its keys, and it is refused.
    const ground = parseVenueCode(await venueCode(other));
    expect(ground.lookup).toBe(parseVenueCode(await venueCode(venue.card)).lookup);
    expect(await venueCodeMatches(other, ground)).toBe(false);
  });

  it('pins every bit of the code to the keys: the id is the keys’ own', async () => {
    expect(venue.card.venueId).toBe(await deriveVenueId(venue.card));
    const otherKeysId = await deriveVenueId({ ...venue.card, encryptionKey: other.encryptionKey });
    expect(venueCodeLookup(otherKeysId)).not.toBe(venueCodeLookup(venue.card.venueId));
  });

  it('binds the pin to the venue: the same keys under another venue id do not match', async () => {
    const parsed = parseVenueCode(await venueCode(venue.card));
    const moved = { ...venue.card, venueId: 'BBBBBBBBBBBBBBBBBBBBBQ' };
    expect(await venueCodeMatches(moved, { ...parsed, lookup: parseVenueCode(await venueCode(moved)).lookup })).toBe(false);
  });

  it('refuses malformed input with a ProtocolError only', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        try {
          parseVenueCode(text);
        } catch (error) {
          expect(error).toBeInstanceOf(ProtocolError);
        }
      }),
    );
  });

  it('encodes 5 bytes as 8 symbols, bit for bit', () => {
    expect(toCrockford(new Uint8Array([0, 0, 0, 0, 0]))).toBe('00000000');
    expect(toCrockford(new Uint8Array([255, 255, 255, 255, 255]))).toBe('ZZZZZZZZ');
    expect(toCrockford(new Uint8Array([0x08, 0x42, 0x10, 0x84, 0x21]))).toBe('11111111');
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (bytes) => {
        expect(venueCodeLookup(toBase64Url(bytes))).toHaveLength(8);
      }),
    );
  });
});
