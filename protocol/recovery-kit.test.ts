import { beforeAll, describe, expect, it } from 'vitest';
import { encodeFields, randomBytes, toBase64Url, utf8 } from './bytes.ts';
import { type KitPassphrase, drawKitPassphrase } from './kit-passphrase.ts';
import { loadKitWords } from './kit-words.ts';
import { type ProvisionedVenue, createVenue } from './provisioning.ts';
import { type RecoveryKit, createRecoveryKit, openRecoveryKit, signActivation, verifyActivation } from './recovery-kit.ts';

// The smallest iteration count a kit may carry keeps the test fast; format and checks are the same.
const FAST = 100_000;
let venue: ProvisionedVenue;
let other: ProvisionedVenue;
let passphrase: KitPassphrase;
beforeAll(async () => {
  passphrase = drawKitPassphrase(await loadKitWords());
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

/**
 * A kit as versions before drawn passphrases made it, under a passphrase its owner chose: the
 * format written out here from PROTOCOL.md, independent of createRecoveryKit (which now refuses it).
 */
async function kitUnderChosenPassphrase(chosen: string): Promise<RecoveryKit> {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const material = await crypto.subtle.importKey('raw', utf8(chosen.normalize('NFC')), 'PBKDF2', false, ['deriveKey']);
  const key = await crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations: FAST },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt'],
  );
  const plaintext = utf8(JSON.stringify(keysOf(venue)));
  const additionalData = encodeFields('luca-next/v1/recovery-kit', venue.card.venueId);
  const ciphertext = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData }, key, plaintext));
  return {
    v: 1,
    kind: 'luca-venue-recovery-kit',
    venueId: venue.card.venueId,
    venueName: 'Kiez Bar',
    createdAt: 1,
    iterations: FAST,
    salt: toBase64Url(salt),
    iv: toBase64Url(iv),
    ciphertext: toBase64Url(ciphertext),
  };
}

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

  it('opens with the drawn passphrase as the owner may type it: other case, dashes, extra spaces', async () => {
    const kit = await createRecoveryKit({ venueId: venue.card.venueId, venueName: 'Kiez Bar' }, keysOf(venue), passphrase, 1, FAST);
    const typed = `  ${passphrase.toUpperCase().replaceAll(' ', ' - ')} `;
    expect((await openRecoveryKit(kit, typed, venue.card)).signing.d).toBe(venue.signingPrivateJwk.d);
    const oneWordWrong = passphrase.replace(/^\S+/, 'zzz');
    await expect(openRecoveryKit(kit, oneWordWrong, venue.card)).rejects.toThrow('wrong passphrase');
  });

  it('still opens a kit made under a passphrase its owner chose, with exactly that passphrase', async () => {
    for (const chosen of ['Sonnenblumenkerne 2026', 'Korrekt Pferd Batterie Heftklammer Sonne Mond']) {
      const kit = await kitUnderChosenPassphrase(chosen);
      expect((await openRecoveryKit(kit, chosen, venue.card)).encryption.d).toBe(venue.encryptionPrivateJwk.d);
      await expect(openRecoveryKit(kit, chosen.toLowerCase(), venue.card)).rejects.toThrow('wrong passphrase');
    }
  });

  it('makes no kit under a passphrase the app did not draw', async () => {
    // Casts stand for a caller that got round the type: the check at run time still refuses.
    for (const chosen of ['passwort1234', 'korrekt Pferd Batterie Heftklammer', `${passphrase} extra`, passphrase.toUpperCase()]) {
      await expect(
        createRecoveryKit({ venueId: venue.card.venueId, venueName: 'x' }, keysOf(venue), chosen as KitPassphrase, 1, FAST),
      ).rejects.toThrow('a passphrase the app drew');
    }
  });

  it('proves possession of the signing key for one venue and one account', async () => {
    const proof = await signActivation(venue.signingPrivateJwk, venue.card.venueId, 'account-1');
    expect(await verifyActivation(venue.card.signingKey, venue.card.venueId, 'account-1', proof)).toBe(true);
    expect(await verifyActivation(venue.card.signingKey, venue.card.venueId, 'account-2', proof)).toBe(false);
    expect(await verifyActivation(other.card.signingKey, venue.card.venueId, 'account-1', proof)).toBe(false);
    expect(await verifyActivation(venue.card.signingKey, venue.card.venueId, 'account-1', toBase64Url(new Uint8Array(64)))).toBe(false);
  });
});
