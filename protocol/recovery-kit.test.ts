import { beforeAll, describe, expect, it } from 'vitest';
import { toBase64Url } from './bytes.ts';
import { type ProvisionedVenue, createVenue } from './provisioning.ts';
import { createRecoveryKit, openRecoveryKit, signActivation, verifyActivation } from './recovery-kit.ts';

// The smallest iteration count a kit may carry keeps the test fast; format and checks are the same.
const FAST = 100_000;
let venue: ProvisionedVenue;
let other: ProvisionedVenue;
beforeAll(async () => {
  const details = {
    officeId: 'AAAAAAAAAAAAAAAAAAAAAA',
    name: 'Kiez Bar',
    street: 'Weg 2',
    postcode: '10115',
    city: 'Berlin',
    kind: 'bar' as const,
    defaultStayMinutes: 180,
    areas: [],
  };
  venue = await createVenue(details);
  other = await createVenue(details);
});

const keysOf = (v: ProvisionedVenue) => ({ encryption: v.encryptionPrivateJwk, signing: v.signingPrivateJwk });
const passphrase = 'korrekt Pferd Batterie Heftklammer';

describe('venue recovery kit', () => {
  it('restores exactly the venue’s keys with the passphrase', async () => {
    const kit = await createRecoveryKit({ venueId: venue.card.venueId, venueName: 'Kiez Bar' }, keysOf(venue), passphrase, 1, FAST);
    const text = JSON.stringify(kit);
    expect(text).not.toContain(String(venue.encryptionPrivateJwk.d));
    expect(text).not.toContain(String(venue.signingPrivateJwk.d));
    const keys = await openRecoveryKit(JSON.parse(text), passphrase, venue.card);
    expect(keys.encryption.d).toBe(venue.encryptionPrivateJwk.d);
    expect(keys.signing.d).toBe(venue.signingPrivateJwk.d);
  });

  it('refuses a wrong passphrase, a damaged file, another venue’s kit and foreign keys', async () => {
    const kit = await createRecoveryKit({ venueId: venue.card.venueId, venueName: 'Kiez Bar' }, keysOf(venue), passphrase, 1, FAST);
    await expect(openRecoveryKit(kit, `${passphrase}!`, venue.card)).rejects.toThrow('wrong passphrase');
    const flipped = kit.ciphertext.startsWith('A') ? `B${kit.ciphertext.slice(1)}` : `A${kit.ciphertext.slice(1)}`;
    await expect(openRecoveryKit({ ...kit, ciphertext: flipped }, passphrase, venue.card)).rejects.toThrow(
      'wrong passphrase, or the file is damaged',
    );
    await expect(openRecoveryKit(kit, passphrase, other.card)).rejects.toThrow('another venue');
    await expect(openRecoveryKit({ ...kit, venueId: other.card.venueId }, passphrase, other.card)).rejects.toThrow(
      'wrong passphrase, or the file is damaged',
    );
    const foreign = await createRecoveryKit({ venueId: venue.card.venueId, venueName: 'x' }, keysOf(other), passphrase, 1, FAST);
    await expect(openRecoveryKit(foreign, passphrase, venue.card)).rejects.toThrow('not the venue’s current keys');
    await expect(openRecoveryKit({ hello: 1 }, passphrase, venue.card)).rejects.toThrow('not a luca recovery kit');
  });

  it('refuses short passphrases', async () => {
    await expect(createRecoveryKit({ venueId: venue.card.venueId, venueName: 'x' }, keysOf(venue), 'short', 1, FAST)).rejects.toThrow(
      'at least 12',
    );
  });

  it('proves possession of the signing key for one venue and one account', async () => {
    const proof = await signActivation(venue.signingPrivateJwk, venue.card.venueId, 'account-1');
    expect(await verifyActivation(venue.card.signingKey, venue.card.venueId, 'account-1', proof)).toBe(true);
    expect(await verifyActivation(venue.card.signingKey, venue.card.venueId, 'account-2', proof)).toBe(false);
    expect(await verifyActivation(other.card.signingKey, venue.card.venueId, 'account-1', proof)).toBe(false);
    expect(await verifyActivation(venue.card.signingKey, venue.card.venueId, 'account-1', toBase64Url(new Uint8Array(64)))).toBe(false);
  });
});
