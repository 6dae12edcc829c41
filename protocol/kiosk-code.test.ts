import { beforeAll, describe, expect, it } from 'vitest';
import { importPrivateJwk } from './keys.ts';
import { type ProvisionedVenue, createVenue } from './provisioning.ts';
import { KIOSK_PERIOD_MS, checkKioskToken, signKioskToken } from './kiosk-code.ts';
import { decodeVenueQrPayload, encodeVenueQrPayload } from './venue.ts';

const now = Date.parse('2026-11-23T19:30:20Z');
let venue: ProvisionedVenue;
let other: ProvisionedVenue;
beforeAll(async () => {
  const details = { officeId: 'AAAAAAAAAAAAAAAAAAAAAA', name: 'Kino', street: 'Platz 1', postcode: '10115', city: 'Berlin', kind: 'cinema' as const, defaultStayMinutes: 150, areas: [] };
  venue = await createVenue(details);
  other = await createVenue(details);
});

describe('kiosk rotating code', () => {
  it('is fresh for a couple of minutes and stale afterwards', async () => {
    const token = await signKioskToken(await importPrivateJwk(venue.signingPrivateJwk, 'signing'), venue.card.venueId, now);
    expect(await checkKioskToken(venue.card.signingKey, venue.card.venueId, token, now)).toBe('fresh');
    expect(await checkKioskToken(venue.card.signingKey, venue.card.venueId, token, now + 2 * KIOSK_PERIOD_MS)).toBe('fresh');
    expect(await checkKioskToken(venue.card.signingKey, venue.card.venueId, token, now + 3 * KIOSK_PERIOD_MS)).toBe('stale');
    expect(await checkKioskToken(venue.card.signingKey, venue.card.venueId, token, now + 86_400_000)).toBe('stale');
    expect(await checkKioskToken(venue.card.signingKey, venue.card.venueId, token, now - 2 * KIOSK_PERIOD_MS)).toBe('stale');
  });

  it('is forged when signed by another venue, for another venue, or with a changed period', async () => {
    const token = await signKioskToken(await importPrivateJwk(other.signingPrivateJwk, 'signing'), venue.card.venueId, now);
    expect(await checkKioskToken(venue.card.signingKey, venue.card.venueId, token, now)).toBe('forged');
    const own = await signKioskToken(await importPrivateJwk(venue.signingPrivateJwk, 'signing'), venue.card.venueId, now);
    expect(await checkKioskToken(venue.card.signingKey, other.card.venueId, own, now)).toBe('forged');
    expect(await checkKioskToken(venue.card.signingKey, venue.card.venueId, { ...own, period: own.period + 1 }, now)).toBe('forged');
  });

  it('travels in the QR fragment after the payload', async () => {
    const kiosk = await signKioskToken(await importPrivateJwk(venue.signingPrivateJwk, 'signing'), venue.card.venueId, now);
    const payload = { ...venue.qr, areaId: 'door', kiosk };
    expect(decodeVenueQrPayload(encodeVenueQrPayload(payload))).toEqual(payload);
    expect(() => decodeVenueQrPayload(`${encodeVenueQrPayload(venue.qr)}~123.short`)).toThrow('kiosk token');
  });
});
