import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ProtocolError } from './bytes.ts';
import { importPrivateJwk } from './keys.ts';
import { type ProvisionedVenue, createVenue } from './provisioning.ts';
import { KIOSK_PERIOD_MS, type KioskToken, checkKioskToken, decodeKioskToken, encodeKioskToken, signKioskToken } from './kiosk-code.ts';
import { decodeVenueQrPayload, encodeVenueQrPayload } from './venue.ts';

const now = Date.parse('2026-11-23T19:30:20Z');
let venue: ProvisionedVenue;
let other: ProvisionedVenue;
beforeAll(async () => {
  const details = {
    officeId: 'AAAAAAAAAAAAAAAAAAAAAA',
    name: 'Kino',
    street: 'Platz 1',
    postcode: '10115',
    city: 'Berlin',
    kind: 'cinema' as const,
    defaultStayMinutes: 150,
    areas: [],
  };
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

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const signature = fc.string({ unit: fc.constantFrom(...Array.from(BASE64URL)), minLength: 86, maxLength: 86 });
const token = fc.record({ period: fc.integer({ min: 0, max: 999_999_999_999 }), signature });

function refusal(read: () => unknown): unknown {
  try {
    read();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('kiosk token codec', () => {
  it('reads back every token it writes', () => {
    fc.assert(
      fc.property(token, (written) => {
        expect(decodeKioskToken(encodeKioskToken(written))).toEqual(written);
      }),
    );
  });

  it('reads what the kiosk signs, as "<period>.<signature>"', async () => {
    const signed = await signKioskToken(await importPrivateJwk(venue.signingPrivateJwk, 'signing'), venue.card.venueId, now);
    expect(encodeKioskToken(signed)).toBe(`${signed.period}.${signed.signature}`);
    expect(decodeKioskToken(encodeKioskToken(signed))).toEqual(signed);
  });

  it('refuses junk with a ProtocolError', () => {
    const sig = 'A'.repeat(86);
    for (const junk of [
      '',
      '29000000',
      '29000000.',
      `.${sig}`,
      `29000000.${sig}.x`,
      `2900a000.${sig}`,
      `-1.${sig}`,
      `1.5.${sig}`,
      `1234567890123.${sig}`,
      `1.${sig.slice(1)}`,
      `1.${sig}A`,
      `1.${sig.slice(1)}+`,
      ` 1.${sig}`,
      `1.${sig}\n`,
      `１.${sig}`,
    ]) {
      expect(
        refusal(() => decodeKioskToken(junk)),
        JSON.stringify(junk),
      ).toBeInstanceOf(ProtocolError);
    }
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), (text) => {
        const error = refusal(() => decodeKioskToken(text));
        // Either refused as a ProtocolError, or a token that is written back as it was read.
        if (error !== undefined) expect(error).toBeInstanceOf(ProtocolError);
        else expect(encodeKioskToken(decodeKioskToken(text))).toBe(text.replace(/^0+(?=\d)/, ''));
      }),
    );
  });

  it('refuses to write a token nobody could read', () => {
    const sig = 'A'.repeat(86);
    const bad: KioskToken[] = [
      { period: -1, signature: sig },
      { period: 1.5, signature: sig },
      { period: 1e12, signature: sig },
      { period: Number.NaN, signature: sig },
      { period: 1, signature: 'short' },
      { period: 1, signature: `${sig.slice(1)}.` },
    ];
    for (const written of bad)
      expect(
        refusal(() => encodeKioskToken(written)),
        JSON.stringify(written),
      ).toBeInstanceOf(ProtocolError);
  });
});
