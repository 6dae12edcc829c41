import { beforeAll, describe, expect, it } from 'vitest';
import { ProtocolError, encodeFields, sha256, toBase64Url } from './bytes.ts';
import { officeCodeHash } from './office-keyring.ts';
import { type ProvisionedVenue, createVenue } from './provisioning.ts';
import { claimCodeHash, formatClaimCode, generateClaimCode, openClaimBundle, parseClaimCode, sealClaimBundle } from './venue-claim.ts';

let venue: ProvisionedVenue;
let other: ProvisionedVenue;
beforeAll(async () => {
  const details = {
    officeId: 'AAAAAAAAAAAAAAAAAAAAAA',
    name: 'Café Demo',
    street: 'Weg 1',
    postcode: '10115',
    city: 'Berlin',
    kind: 'cafe' as const,
    defaultStayMinutes: 120,
    areas: [],
  };
  venue = await createVenue(details);
  other = await createVenue(details);
});

const keysOf = (v: ProvisionedVenue) => ({ encryption: v.encryptionPrivateJwk, signing: v.signingPrivateJwk });

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ProtocolError) return error.code;
    throw error;
  }
  throw new Error('not refused');
}

describe('venue takeover code', () => {
  it('is 120 bits typed like a TAN, and hashed apart from office codes', async () => {
    const code = generateClaimCode();
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{24}$/);
    expect(parseClaimCode(formatClaimCode(code).toLowerCase().replace(/0/g, 'o'))).toBe(code);
    expect(await claimCodeHash(code)).toBe(toBase64Url(await sha256(encodeFields('luca-next/v1/venue-claim-code', code))));
    // The same code hashed as an office code is another value: one table's hash names nothing in the other.
    expect(await claimCodeHash(code)).not.toBe(await officeCodeHash(code));
  });

  it('opens exactly the venue’s keys with the code, and nothing without it', async () => {
    const code = generateClaimCode();
    const sealed = await sealClaimBundle(code, venue.card.venueId, keysOf(venue));
    expect(sealed).not.toContain(String(venue.signingPrivateJwk.d));
    const keys = await openClaimBundle(code, sealed, venue.card);
    expect(keys.signing.d).toBe(venue.signingPrivateJwk.d);
    expect(keys.encryption.d).toBe(venue.encryptionPrivateJwk.d);
    // Only key members travel: no usage flags or extractability.
    expect(Object.keys(keys.signing).sort()).toEqual(['crv', 'd', 'kty', 'x', 'y']);

    expect(await refusal(openClaimBundle(generateClaimCode(), sealed, venue.card))).toBe('decryption_failed');
    // Bound to the venue id: the same bundle presented for another venue does not open.
    expect(await refusal(openClaimBundle(code, sealed, { ...venue.card, venueId: other.card.venueId }))).toBe('decryption_failed');
    const damaged = `${sealed.slice(0, 30)}${sealed[30] === 'A' ? 'B' : 'A'}${sealed.slice(31)}`;
    expect(await refusal(openClaimBundle(code, damaged, venue.card))).toBe('decryption_failed');
    expect(await refusal(openClaimBundle(code, 'not base64url!', venue.card))).toBe('decryption_failed');
  });

  it('refuses keys that are not the ones on the venue’s card', async () => {
    const code = generateClaimCode();
    // A server that seals other keys under the venue's id is caught against the card.
    const swapped = await sealClaimBundle(code, venue.card.venueId, keysOf(other));
    expect(await refusal(openClaimBundle(code, swapped, venue.card))).toBe('bad_key');
    const mixed = await sealClaimBundle(code, venue.card.venueId, {
      encryption: venue.encryptionPrivateJwk,
      signing: other.signingPrivateJwk,
    });
    expect(await refusal(openClaimBundle(code, mixed, venue.card))).toBe('bad_key');
    // Right public members, wrong private scalar.
    const forged = await sealClaimBundle(code, venue.card.venueId, {
      encryption: venue.encryptionPrivateJwk,
      signing: { ...venue.signingPrivateJwk, d: other.signingPrivateJwk.d },
    });
    expect(await refusal(openClaimBundle(code, forged, venue.card))).toBe('bad_key');
  });
});
