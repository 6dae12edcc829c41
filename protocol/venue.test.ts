import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ProtocolError, toBase64Url } from './bytes.ts';
import { exportPublicKey, generateKeyPair } from './keys.ts';
import { impostorCard } from './impostor-venue.ts';
import { type ProvisionedVenue, createVenue } from './provisioning.ts';
import {
  type VenueQrPayload,
  decodeVenueQrPayload,
  encodeVenueQrPayload,
  parseVenueQrUrl,
  pinnedPayloadOf,
  venueQrUrl,
  verifyVenueCard,
} from './venue.ts';

const b64 = (length: number) => fc.uint8Array({ minLength: length, maxLength: length }).map(toBase64Url);
const payloadArbitrary: fc.Arbitrary<VenueQrPayload> = fc.record({
  venueId: b64(16),
  officeId: b64(16),
  encryptionKey: b64(65),
  signingKeyPin: b64(16),
  areaId: fc.option(fc.stringMatching(/^[A-Za-z0-9_-]{1,16}$/), { nil: undefined }),
  // A kiosk tablet's rotating token (protocol/kiosk-code.ts): minute period and a P-256 signature.
  kiosk: fc.option(fc.record({ period: fc.integer({ min: 0, max: 999_999_999_999 }), signature: b64(64) }), { nil: undefined }),
});

let venue: ProvisionedVenue;
beforeAll(async () => {
  venue = await createVenue({
    officeId: 'AAAAAAAAAAAAAAAAAAAAAA',
    name: 'Kino Lichtspiele',
    street: 'Hauptstr. 3',
    postcode: '10115',
    city: 'Berlin',
    kind: 'cinema',
    defaultStayMinutes: 150,
    areas: [{ id: 'saal1', name: 'Saal 1' }],
  });
});

describe('venue QR payload', () => {
  it('round-trips any payload through the URL', () => {
    fc.assert(
      fc.property(payloadArbitrary, (payload) => {
        expect(parseVenueQrUrl(venueQrUrl('https://luca.example', payload), 'https://luca.example')).toEqual(payload);
      }),
    );
  });

  it('refuses arbitrary text with a ProtocolError, never another exception', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        try {
          decodeVenueQrPayload(text);
        } catch (error) {
          expect(error).toBeInstanceOf(ProtocolError);
        }
      }),
    );
  });

  it('refuses a link to another site and a link that is not a check-in', () => {
    const url = venueQrUrl('https://evil.example', venue.qr);
    expect(() => parseVenueQrUrl(url, 'https://luca.example')).toThrow('another website');
    expect(() => parseVenueQrUrl(url.replace('/c#', '/x#'))).toThrow('not a check-in link');
  });

  it('carries nothing secret: only public ids, the public key and a key pin', () => {
    const encoded = encodeVenueQrPayload(venue.qr);
    for (const secret of [venue.encryptionPrivateJwk.d, venue.signingPrivateJwk.d]) {
      expect(secret).toBeTruthy();
      expect(encoded).not.toContain(secret);
    }
  });
});

describe('venue card', () => {
  it('verifies against the poster’s pins and resolves the area', async () => {
    const verified = await verifyVenueCard(venue.card, { ...venue.qr, areaId: 'saal1' });
    expect(verified.card.name).toBe('Kino Lichtspiele');
    expect(verified.area?.name).toBe('Saal 1');
  });

  it('refuses a card whose encryption key the server swapped (the key is pinned by the poster)', async () => {
    const other = await generateKeyPair('encryption');
    const card = { ...venue.card, encryptionKey: toBase64Url(await exportPublicKey(other.publicKey)) };
    await expect(verifyVenueCard(card, venue.qr)).rejects.toThrow('different venue key');
  });

  it('refuses a re-signed card under another signing key', async () => {
    const card = await impostorCard(venue.card, { encryptionKey: venue.card.encryptionKey });
    await expect(verifyVenueCard(card, venue.qr)).rejects.toThrow('signing key does not match');
  });

  it('refuses a card whose id is not the one its keys give, even when the pins are its own', async () => {
    // A server that keeps a venue's id but serves its own keys, to a guest who pinned only the id
    // (a typed code's lookup, an audit entry): the card is self-consistent, the id does not follow.
    const card = await impostorCard(venue.card);
    await expect(verifyVenueCard(card, await pinnedPayloadOf(card))).rejects.toThrow('venue id is not derived');
  });

  it('refuses a renamed card and an unknown area', async () => {
    await expect(verifyVenueCard({ ...venue.card, name: 'Somewhere else' }, venue.qr)).rejects.toThrow('signature is invalid');
    await expect(verifyVenueCard(venue.card, { ...venue.qr, areaId: 'nope' })).rejects.toThrow('area');
  });
});
